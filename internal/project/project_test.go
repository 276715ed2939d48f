package project_test

import (
	"testing"

	"github.com/protocoder/protocoder/internal/apptest"
	"github.com/protocoder/protocoder/internal/qda"
)

// TestNew_FinalGate checks the assembly: privacy's check of final protocols
// is installed in the core, and a core without it refuses rather than
// letting a protocol become final unchecked.
func TestNew_FinalGate(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		dropGate bool
		want     string // error code, "" for success
	}{
		{"clean protocol passes the gate", "Die Teams arbeiten eng zusammen.", false, ""},
		{"open finding is refused by the gate", "Termin über Frau Westermann in Bochum.", false, qda.EConflict},
		{"no gate installed refuses everything", "Die Teams arbeiten eng zusammen.", true, qda.EInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := apptest.NewService(t, "mara")
			apptest.SiteAndGuideline(t, p)
			if _, err := p.ImportProtocol(apptest.NewIV("GF-07"), []qda.ProtocolBlock{{QuestionID: "1.1", Body: tt.body}}, "Protokoll GF-07", ""); err != nil {
				t.Fatal(err)
			}
			for _, st := range []qda.Status{qda.StatusComplete, qda.StatusChecked} {
				if _, err := p.SetStatus("GF-07", st); err != nil {
					t.Fatal(err)
				}
			}
			if tt.dropGate {
				p.Core.SetFinalGate(nil)
			}
			_, err := p.SetStatus("GF-07", qda.StatusFinal)
			if got := qda.ErrorCode(err); (err == nil) != (tt.want == "") || (err != nil && got != tt.want) {
				t.Fatalf("SetStatus final: %v (code %q), want code %q", err, got, tt.want)
			}
			iv, err := p.Interview("GF-07")
			if err != nil {
				t.Fatal(err)
			}
			if final := iv.Status == qda.StatusFinal; final != (tt.want == "") {
				t.Errorf("status %s after SetStatus final (err %v)", iv.Status, err)
			}
		})
	}
}

// TestProject_UndoRunsTheFinalGate: undo is a path to final too. mara
// reopens a final protocol, jonas adds a name to it, mara's undo of the
// reopening would make it final with an open finding: refused.
func TestProject_UndoRunsTheFinalGate(t *testing.T) {
	p := apptest.NewService(t, "mara")
	apptest.AddMember(t, p, "jonas")
	apptest.SiteAndGuideline(t, p)
	res, err := p.ImportProtocol(apptest.NewIV("GF-07"), []qda.ProtocolBlock{{QuestionID: "1.1", Body: "Die Teams arbeiten eng zusammen."}}, "Protokoll GF-07", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []qda.Status{qda.StatusComplete, qda.StatusChecked, qda.StatusFinal, qda.StatusChecked} {
		if _, err := p.SetStatus("GF-07", st); err != nil {
			t.Fatalf("status %s: %v", st, err)
		}
	}
	p.SetActingUser("jonas")
	_, text, _, err := p.DocumentWithText(res.Document.GUID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.EditText(res.Document.GUID, text+"\n\nTermin über Frau Westermann.", false); err != nil {
		t.Fatal(err)
	}
	p.SetActingUser("mara")
	if _, err := p.Undo(); qda.ErrorCode(err) != qda.EConflict {
		t.Fatalf("undo of the reopening with an open finding: %v, want a conflict", err)
	}
	if iv, _ := p.Interview("GF-07"); iv.Status != qda.StatusChecked {
		t.Errorf("status %s after a refused undo", iv.Status)
	}
}
