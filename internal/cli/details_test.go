package cli

import (
	"strings"
	"testing"
)

func TestMain_GroupHelp(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		out, err string
	}{
		{"group alone", []string{"audit"}, ExitOK, "audit list", ""},
		{"group --help", []string{"audit", "--help"}, ExitOK, "audit list", ""},
		{"help group", []string{"help", "audit"}, ExitOK, "audit list", ""},
		{"unknown sub-command", []string{"audit", "bogus"}, ExitUsage, "", `unknown command "audit bogus"`},
		{"unknown word", []string{"bogus"}, ExitUsage, "", `unknown command "bogus"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := run(t, "", tt.args...)
			if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(stderr, tt.err) {
				t.Errorf("exit %d, out %q, err %q", code, out, stderr)
			}
		})
	}
}

func TestMain_WrongFlag(t *testing.T) {
	dir := newProject(t)
	code, out, stderr := run(t, "", "-p", dir, "words", "--bogus")
	if code != ExitUsage || out != "" || strings.Count(stderr, "\n") != 2 || !strings.Contains(stderr, "words --help") {
		t.Errorf("a wrong flag: exit %d, out %q, err %q", code, out, stderr)
	}
	code, out, _ = run(t, "", "words", "--help")
	if code != ExitOK || !strings.Contains(out, "flags:") || !strings.Contains(out, "-limit") {
		t.Errorf("--help: exit %d, out %q", code, out)
	}
	if code, out, stderr := run(t, "", "-p", dir, "words", "--top", "3"); code != ExitOK || !strings.HasPrefix(out, "WORD") {
		t.Errorf("--top: exit %d, out %q, err %q", code, out, stderr)
	}
}

func TestInterviewShow_Consent(t *testing.T) {
	dir := sampleCopy(t)
	code, out, stderr := run(t, "", "-p", dir, "interview", "show", "RD1-GF-01")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "consent\trecording") || strings.Contains(out, "{") {
		t.Errorf("consent line:\n%s", out)
	}
}

func TestRetrieve_SubCodes(t *testing.T) {
	dir := sampleCopy(t)
	// The theme "1." of the strategic guideline has no codings of its own;
	// its questions have.
	var codes []struct {
		GUID   string `json:"guid"`
		Name   string `json:"name"`
		Parent string `json:"parent"`
	}
	cliJSON(t, &codes, "-p", dir, "codes", "list", "--json")
	theme := ""
	for _, c := range codes {
		if strings.HasPrefix(c.Name, "1. Strategische Bedeutung") {
			theme = c.GUID
			break
		}
	}
	if theme == "" {
		t.Fatalf("no theme code in %d codes", len(codes))
	}
	tests := []struct {
		name string
		args []string
		some bool
	}{
		{"retrieve", []string{"retrieve", "--code", theme, "--json"}, false},
		{"retrieve --sub-codes", []string{"retrieve", "--code", theme, "--sub-codes", "--json"}, true},
		{"retrieve --subcodes", []string{"retrieve", "--code", theme, "--subcodes", "--json"}, true},
		{"coding list", []string{"coding", "list", "--code", theme, "--json"}, false},
		{"coding list --sub-codes", []string{"coding", "list", "--code", theme, "--sub-codes", "--json"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var segs []map[string]any
			cliJSON(t, &segs, append([]string{"-p", dir}, tt.args...)...)
			if (len(segs) > 0) != tt.some {
				t.Errorf("%d segments", len(segs))
			}
		})
	}
	if code, _, stderr := run(t, "", "-p", dir, "coding", "list", "--sub-codes"); code != ExitUsage || !strings.Contains(stderr, "needs --code") {
		t.Errorf("--sub-codes without --code: exit %d %q", code, stderr)
	}
}
