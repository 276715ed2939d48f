package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/app/study"
)

// TestVerify_Sample: the sample keeps its own rules — no final protocol
// with an open finding, no recording without consent.
func TestVerify_Sample(t *testing.T) {
	dir := sampleCopy(t)
	code, out, stderr := run(t, "", "-p", dir, "verify")
	if code != 0 || !strings.HasSuffix(out, "ok\n") {
		t.Fatalf("verify on the sample: exit %d\n%s%s", code, out, stderr)
	}
	if !strings.Contains(out, "final protocols") {
		t.Errorf("verify does not say it checked the final protocols:\n%s", out)
	}
}

func TestRecordingAttach_Consent(t *testing.T) {
	tests := []struct {
		name    string
		consent string
		want    string // part of stderr, "" for success
	}{
		{"no consent", "", "did not consent to a recording"},
		{"declaration only", "data_protection,info_sheet", "did not consent to a recording"},
		{"recording consent", "recording", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := sampleCopy(t)
			args := []string{"-p", dir, "interview", "add", "--guideline", "A.1.3", "--role", "KO", "--case", "JC-02", "--interviewee", "KO-02-09"}
			if tt.consent != "" {
				args = append(args, "--consent", tt.consent)
			}
			runOK(t, args...)
			rec := filepath.Join(t.TempDir(), "ko.mp3")
			if err := os.WriteFile(rec, append([]byte("ID3\x04\x00\x00\x00\x00\x00\x00"), make([]byte, 64)...), 0o600); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := run(t, "", "-p", dir, "recording", "attach", "KO-02-09", rec)
			if tt.want == "" {
				if code != 0 {
					t.Fatalf("attach: exit %d: %s", code, stderr)
				}
				return
			}
			if code == 0 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %q", code, stderr, tt.want)
			}
			if m, _ := filepath.Glob(filepath.Join(dir, "recordings", "*")); len(m) != 0 {
				t.Errorf("files left: %v", m)
			}
		})
	}
}

// sampleProtocol returns a sample protocol file rewritten with another
// interviewee and the given front-matter changes.
func sampleProtocol(t *testing.T, rel, interviewee string, meta map[string]string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "sampledata", "protocols", rel))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	meta["interviewee"] = interviewee
	for i, l := range lines[1:] {
		if l == "---" {
			break
		}
		if k, _, ok := strings.Cut(l, ":"); ok {
			if v, set := meta[k]; set {
				lines[i+1] = k + ": " + v
			}
		}
	}
	p := filepath.Join(t.TempDir(), interviewee+".md")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestProtocolImport_FinalGate(t *testing.T) {
	const slip = "operativ/JC-07-TL-Projektteam-w1.md" // "Herrn Kowalski"
	const clean = "operativ/JC-04-TL-Basisteam-w1.md"  // final in the sample
	const intensive = "intensiv/JC-14-IFK-w1.md"       // final in the sample
	tests := []struct {
		name string
		file string
		meta map[string]string
		want string // part of stderr, "" for success
	}{
		{"final with an open finding", slip, map[string]string{"status": "final"}, "has 1 open anonymization finding"},
		{"checked with an open finding", slip, map[string]string{"status": "checked"}, ""},
		{"final and clean", clean, map[string]string{"status": "final"}, ""},
		{"final intensive without declaration", intensive, map[string]string{"status": "final", "consent": "recording, info_sheet", "recording": "deleted"},
			"only with the signed data-protection declaration"},
		{"checked intensive without declaration", intensive, map[string]string{"status": "checked", "consent": "recording", "recording": "deleted"}, ""},
		{"recording without consent", clean, map[string]string{"status": "checked", "consent": "data_protection", "recording": "present"},
			"did not consent to a recording"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := sampleCopy(t)
			p := sampleProtocol(t, tt.file, "X-99", tt.meta)
			code, _, stderr := run(t, "", "-p", dir, "protocol", "import", p)
			if tt.want == "" {
				if code != 0 {
					t.Fatalf("import: exit %d: %s", code, stderr)
				}
				return
			}
			if code == 0 || !strings.Contains(stderr, tt.want) || !strings.Contains(stderr, "X-99.md") {
				t.Errorf("exit %d, stderr %q; want %q", code, stderr, tt.want)
			}
			if code, _, _ := run(t, "", "-p", dir, "interview", "show", "X-99"); code == 0 {
				t.Error("a refused import registered the interview")
			}
		})
	}
}

func TestInterview_RefuseWithdraw(t *testing.T) {
	dir := sampleCopy(t)
	runOK(t, "-p", dir, "interview", "add", "--guideline", "A.1.3", "--role", "KO", "--case", "JC-02", "--interviewee", "KO-02-09")
	plan := func() (refused, conducted int) {
		var st study.PlanStatus
		if err := json.Unmarshal([]byte(runOK(t, "-p", dir, "plan", "show", "--json")), &st); err != nil {
			t.Fatal(err)
		}
		for _, c := range st.Cells {
			if c.Case == "JC-02" && c.Role == "KO" {
				refused, conducted = refused+c.Refused, conducted+c.Conducted
			}
		}
		return
	}
	_, before := plan()
	if out := runOK(t, "-p", dir, "interview", "refuse", "KO-02-09", "--date", "2014-05-02", "--reason", "keine Zeit"); out != "refusal of KO-02-09 recorded (2014-05-02)\n" {
		t.Errorf("refuse: %q", out)
	}
	if r, c := plan(); r != 1 || c != before-1 {
		t.Errorf("plan: refused %d conducted %d (before %d)", r, c, before)
	}
	if out := runOK(t, "-p", dir, "interview", "show", "KO-02-09"); !strings.Contains(out, "consent\tnone, REFUSED 2014-05-02") {
		t.Errorf("show:\n%s", out)
	}
	if out := runOK(t, "-p", dir, "interview", "list", "--case", "JC-02"); !strings.Contains(out, "draft (refused)") {
		t.Errorf("list:\n%s", out)
	}
	if code, _, stderr := run(t, "", "-p", dir, "interview", "refuse", "GF-02-01"); code == 0 || !strings.Contains(stderr, "has a protocol") {
		t.Errorf("refusing a given interview: exit %d %s", code, stderr)
	}

	tests := []struct {
		name  string
		stdin string
		args  []string
		ok    bool
	}{
		{"no answer", "", nil, false},
		{"answered no", "n\n", nil, false},
		{"in a batch without --yes", "", []string{"batch"}, false},
		{"answered yes", "ja\n", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var code int
			var stderr, out string
			if len(tt.args) > 0 {
				code, out, stderr = run(t, "interview withdraw PL-11-01 --reason \"per Mail\"\n", "-p", dir, "batch")
			} else {
				code, out, stderr = run(t, tt.stdin, "-p", dir, "interview", "withdraw", "PL-11-01", "--reason", "per Mail")
			}
			if (code == 0) != tt.ok {
				t.Fatalf("exit %d\n%s%s", code, out, stderr)
			}
			_, _, showErr := run(t, "", "-p", dir, "interview", "show", "PL-11-01")
			if gone := strings.Contains(showErr, "no interview"); gone != tt.ok {
				t.Errorf("interview gone: %v, want %v (%s)", gone, tt.ok, showErr)
			}
			if !tt.ok && !strings.Contains(stderr+out, "not confirmed") {
				t.Errorf("no word of the confirmation: %s%s", out, stderr)
			}
		})
	}
	var list []privacy.AuditEntry
	if err := json.Unmarshal([]byte(runOK(t, "-p", dir, "audit", "list", "--kind", "interview.", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range list {
		if e.Kind == privacy.KindRefuse || e.Kind == privacy.KindWithdraw {
			kinds = append(kinds, e.Kind+" by "+e.User)
		}
	}
	if got := strings.Join(kinds, ", "); got != "interview.withdraw by tester, interview.refuse by tester" {
		t.Errorf("audit: %s", got)
	}
	if code, out, _ := run(t, "", "-p", dir, "verify"); code != 0 {
		t.Errorf("verify after refusal and withdrawal:\n%s", out)
	}
}

func TestInterview_Consent(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // part of stdout, or of stderr when it fails
		ok   bool
	}{
		{"declaration signed later", []string{"--set", "recording,data_protection,info_sheet"}, "consent of KO-02-09: recording, data_protection, info_sheet", true},
		{"nothing", []string{"--set", "none"}, "recorded like this already", false},
		{"unknown", []string{"--set", "video"}, "unknown consent", false},
		{"no --set", nil, "give the interview and --set", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := sampleCopy(t)
			runOK(t, "-p", dir, "interview", "add", "--guideline", "A.1.3", "--role", "KO", "--case", "JC-02", "--interviewee", "KO-02-09")
			code, out, stderr := run(t, "", append([]string{"-p", dir, "interview", "consent", "KO-02-09"}, tt.args...)...)
			if (code == 0) != tt.ok || !strings.Contains(out+stderr, tt.want) {
				t.Errorf("exit %d, %q %q; want %q", code, out, stderr, tt.want)
			}
		})
	}
}

// TestExport_Audited: every export is in the audit log (who, what, where
// to); one that carries open anonymization findings warns and needs --yes
// or a "yes" at the prompt, and writes nothing without it.
func TestExport_Audited(t *testing.T) {
	dir := sampleCopy(t)
	out := t.TempDir()
	tests := []struct {
		name     string
		args     []string // {OUT} is replaced by the output file
		stdin    string
		findings bool // warns about open findings
		ok       bool
		what     string // part of the audit summary
	}{
		{"qdpx declined", []string{"export", "qdpx", "{OUT}"}, "", true, false, ""},
		{"qdpx with --yes", []string{"export", "qdpx", "{OUT}", "--yes"}, "", true, true, "export the project as qdpx to {OUT} (text of 46 document(s), 4 open"},
		{"qdpx confirmed at the prompt", []string{"export", "qdpx", "{OUT}"}, "y\n", true, true, "export the project as qdpx"},
		{"codebook qdc", []string{"export", "qdc", "{OUT}"}, "", false, true, "export the codebook as qdc to {OUT}"},
		{"segments csv declined", []string{"export", "csv", "{OUT}"}, "", true, false, ""},
		{"segments csv", []string{"export", "csv", "{OUT}", "--yes"}, "", true, true, "export coded segments as csv to {OUT} (text of"},
		{"matrix xlsx", []string{"export", "xlsx", "{OUT}", "--what", "matrix"}, "", false, true, "export a code matrix as xlsx to {OUT}"},
		{"codebook md", []string{"export", "md", "{OUT}", "--what", "codebook"}, "", false, true, "export the codebook as md to {OUT}"},
		{"report", []string{"report", "export", "Fallbericht JC-11 – Strategische Ebene (1. Welle, mit Ausblick auf die 2. Welle)", "{OUT}", "--format", "md"}, "", false, true,
			"export document Fallbericht JC-11"},
		{"protocol with a slip", []string{"protocol", "export", "TLP-07-01"}, "", true, false, ""},
		{"clean protocol", []string{"protocol", "export", "GF-02-01"}, "", false, true, "export the protocol of GF-02-01 as txt to standard output (text of 1 document(s))"},
		{"plan", []string{"plan", "export", "{OUT}"}, "", false, true, "export the fieldwork plan as csv to {OUT}"},
		{"guideline", []string{"guideline", "export", "A.1.1", "{OUT}"}, "", false, true, "export guideline A.1.1 as guide.md to {OUT}"},
		{"backup copied out, declined", []string{"backup", "--to", "{OUT}"}, "", true, false, ""},
		{"backup copied out", []string{"backup", "--to", "{OUT}", "--yes"}, "", true, true, "as backup to {OUT}"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(out, fmt.Sprintf("%02d.out", i))
			args := []string{"-p", dir}
			for _, a := range tt.args {
				args = append(args, strings.ReplaceAll(a, "{OUT}", file))
			}
			var before []privacy.AuditEntry
			if err := json.Unmarshal([]byte(runOK(t, "-p", dir, "audit", "list", "--kind", "export", "--json")), &before); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := run(t, tt.stdin, args...)
			if (code == 0) != tt.ok {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if warned := strings.Contains(stderr, "open anonymization finding"); warned != tt.findings {
				t.Errorf("warned %v, want %v: %s", warned, tt.findings, stderr)
			}
			_, err := os.Stat(file)
			wrote := err == nil
			if strings.Contains(strings.Join(tt.args, " "), "{OUT}") && wrote != tt.ok {
				t.Errorf("file written: %v, want %v", wrote, tt.ok)
			}
			var after []privacy.AuditEntry
			if err := json.Unmarshal([]byte(runOK(t, "-p", dir, "audit", "list", "--kind", "export", "--json")), &after); err != nil {
				t.Fatal(err)
			}
			if !tt.ok {
				if len(after) != len(before) {
					t.Errorf("a refused export was recorded: %+v", after[0])
				}
				return
			}
			want := strings.ReplaceAll(tt.what, "{OUT}", file)
			if len(after) != len(before)+1 || !strings.Contains(after[0].Summary, want) || after[0].User != "tester" {
				t.Errorf("audit %+v, want %q", after[:min(1, len(after))], want)
			}
		})
	}
}
