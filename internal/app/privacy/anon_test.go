package privacy_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/app/study"

	"github.com/protocoder/protocoder/internal/anon"
	"github.com/protocoder/protocoder/internal/keyfile"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

var cheapKey = keyfile.Params{Time: 1, Memory: 64, Threads: 1}

// slipProtocol imports a protocol with anonymization slips.
func slipProtocol(t *testing.T, s *project.Project) *study.ImportedProtocol {
	t.Helper()
	apptest.SiteAndGuideline(t, s)
	res, err := s.ImportProtocol(apptest.NewIV("GF-07"), []qda.ProtocolBlock{
		{Title: "Vorbemerkungen", Body: "Termin über Frau Westermann, Gespräch in Bochum."},
		{QuestionID: "1.1", Body: "Gisela Schubert aus dem Vorzimmer sagte, Frau Westermann sei zuständig."},
		{QuestionID: "1.2", Body: "Mail an info@example.de, das Programm heißt Bochum-Plus."},
	}, "Protokoll GF-07", "gf07.md")
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func findingTexts(fs []privacy.AnonFinding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Text)
	}
	return out
}

func TestService_AnonCheckApplyIgnore(t *testing.T) {
	s := apptest.NewService(t, "mara")
	s.SetKeyParams(cheapKey)
	res := slipProtocol(t, s)
	fs, err := s.AnonCheck(privacy.AnonCheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(findingTexts(fs), "|")
	if got != "Westermann|Bochum|Gisela Schubert|Westermann|info@example.de|Bochum" {
		t.Fatalf("findings %q", got)
	}
	// The gate: no final protocol with open findings.
	for _, st := range []qda.Status{qda.StatusComplete, qda.StatusChecked} {
		if _, err := s.SetStatus("GF-07", st); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SetStatus("GF-07", qda.StatusFinal); qda.ErrorCode(err) != qda.EConflict || !strings.Contains(err.Error(), "6 open anonymization") {
		t.Fatalf("final with findings: %v", err)
	}
	// Replace "Westermann" everywhere: a new pseudonym in the key.
	if err := s.InitKey([]byte("geheime passphrase")); err != nil {
		t.Fatal(err)
	}
	r, err := s.AnonApply(privacy.AnonApplyRequest{IDs: []string{fs[0].ID}, SameText: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Replaced != 2 || r.Documents != 1 || len(r.NewPseudonyms) != 1 || r.NewPseudonyms[0] != "[Person 1]" {
		t.Errorf("apply: %+v", r)
	}
	_, text, codings, err := s.DocumentWithText(res.Document.GUID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text, "Westermann") || strings.Count(text, "Frau [Person 1]") != 2 {
		t.Errorf("text after replace: %q", text)
	}
	if len(codings) != res.Answers {
		t.Errorf("codings %d, want %d", len(codings), res.Answers)
	}
	// The key now finds Westermann in any new text, too.
	entries, _ := s.KeyEntries()
	if len(entries) != 1 || entries[0].Real != "Westermann" {
		t.Errorf("key entries %+v", entries)
	}
	// Undo brings the name back (one command), redo removes it again.
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if _, text, _, _ = s.DocumentWithText(res.Document.GUID); strings.Count(text, "Westermann") != 2 {
		t.Errorf("after undo: %q", text)
	}
	fs, _ = s.AnonCheck(privacy.AnonCheckOptions{})
	if fs[0].Source != anon.SourceKey || fs[0].Suggestion != "[Person 1]" {
		t.Errorf("key finding %+v", fs[0])
	}
	if _, err := s.Redo(); err != nil {
		t.Fatal(err)
	}
	// Ignore "Bochum-Plus"'s Bochum with a reason; replace the rest.
	fs, _ = s.AnonCheck(privacy.AnonCheckOptions{})
	var plus string
	for _, f := range fs {
		if f.Text == "Bochum" && strings.HasPrefix(f.After, "-Plus") {
			plus = f.ID
		}
	}
	if err := s.AnonIgnore(plus, ""); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("ignore without reason: %v", err)
	}
	if err := s.AnonIgnore(plus, "Name eines Landesprogramms"); err != nil {
		t.Fatal(err)
	}
	fs, _ = s.AnonCheck(privacy.AnonCheckOptions{})
	if got := strings.Join(findingTexts(fs), "|"); got != "Bochum|Gisela Schubert|info@example.de" {
		t.Errorf("after ignore %q", got)
	}
	if r, err = s.AnonApply(privacy.AnonApplyRequest{All: true}); err != nil || r.Replaced != 3 {
		t.Fatalf("apply all: %+v %v", r, err)
	}
	if _, err := s.SetStatus("GF-07", qda.StatusFinal); err != nil {
		t.Fatalf("final after review: %v", err)
	}
	all, _ := s.AnonCheck(privacy.AnonCheckOptions{WithIgnored: true})
	if len(all) != 1 || !all[0].Ignored || all[0].Reason != "Name eines Landesprogramms" {
		t.Errorf("ignored findings %+v", all)
	}
}

func TestService_Key(t *testing.T) {
	s := apptest.NewService(t, "mara")
	s.SetKeyParams(cheapKey)
	if st := s.KeyStatus(); st.Exists || st.Unlocked {
		t.Errorf("status %+v", st)
	}
	if err := s.AddKeyEntry(keyfile.Entry{Real: "Bochum", Pseudonym: "Stadt B"}); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("add while locked: %v", err)
	}
	if err := s.InitKey([]byte("geheime passphrase")); err != nil {
		t.Fatal(err)
	}
	if err := s.AddKeyEntry(keyfile.Entry{Real: "Bochum", Pseudonym: "Stadt B", Kind: "place"}); err != nil {
		t.Fatal(err)
	}
	s.LockKey()
	if err := s.UnlockKey([]byte("falsche passphrase")); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("wrong passphrase: %v", err)
	}
	if st := s.KeyStatus(); !st.Exists || st.Unlocked {
		t.Errorf("status after failed unlock %+v", st)
	}
	if err := s.UnlockKey([]byte("geheime passphrase")); err != nil {
		t.Fatal(err)
	}
	if st := s.KeyStatus(); !st.Unlocked || st.Entries != 1 {
		t.Errorf("status %+v", st)
	}
	entries, err := s.Audit(privacy.AuditFilter{Kind: "key."})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Summary, "Bochum") {
			t.Errorf("audit log holds a real name: %+v", e)
		}
	}
	if len(entries) != 2 {
		t.Errorf("audit entries %+v", entries)
	}
}

// TestService_AnonCheckKnowsTheCodebook: a word of the project's own
// codebook is no unknown name, before the code exists it is.
func TestService_AnonCheckKnowsTheCodebook(t *testing.T) {
	s := apptest.NewService(t, "mara")
	apptest.SiteAndGuideline(t, s)
	if _, err := s.ImportProtocol(apptest.NewIV("GF-07"), []qda.ProtocolBlock{
		{QuestionID: "1.1", Body: "Das Modul Famosa half bei der Begleitung in Arbeit."},
	}, "Protokoll GF-07", ""); err != nil {
		t.Fatal(err)
	}
	famosa := func() bool {
		fs, err := s.AnonCheck(privacy.AnonCheckOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return strings.Contains(strings.Join(findingTexts(fs), "|"), "Famosa")
	}
	if !famosa() {
		t.Fatal("test premise: the invented word is flagged while no code knows it")
	}
	if _, err := s.AddCode(coding.NewCode{Name: "Famosa", Description: "Landesprogramm zur Begleitung in Arbeit"}); err != nil {
		t.Fatal(err)
	}
	if famosa() {
		t.Error("a word of the codebook is still flagged as a name")
	}
}

func TestService_ExportKey(t *testing.T) {
	s := apptest.NewService(t, "mara")
	s.SetKeyParams(cheapKey)
	dir := s.Store().(interface{ Dir() string }).Dir()
	out := filepath.Join(t.TempDir(), "schluessel.key")
	if err := s.ExportKey(out); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("export without a key: %v", err)
	}
	if err := s.InitKey([]byte("geheime passphrase")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, to, code string
	}{
		{"into the project", filepath.Join(dir, "copy.key"), qda.EInvalid},
		{"a new file outside", out, ""},
		{"over an existing file", out, qda.EConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.ExportKey(tt.to); qda.ErrorCode(err) != tt.code {
				t.Fatalf("got %v, want code %q", err, tt.code)
			}
		})
	}
	a, err := os.ReadFile(keyfile.Path(dir))
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(out); err != nil || !bytes.Equal(a, b) {
		t.Errorf("the copy differs from the key file (%v)", err)
	}
	if log, err := s.Audit(privacy.AuditFilter{Kind: "key.export"}); err != nil || len(log) != 1 {
		t.Errorf("audit %+v %v", log, err)
	}
}
