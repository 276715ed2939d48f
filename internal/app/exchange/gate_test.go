package exchange_test

import (
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/exchange"
	"github.com/protocoder/protocoder/internal/apptest"
	"github.com/protocoder/protocoder/internal/qda"
)

// TestService_ImportSnapshot_Gate: an interview that an import or merge
// brings in as final passes the final gate, and every interview record the
// consent rules; otherwise the whole import is refused and nothing is
// written.
// cleanBlocks is a protocol without anything the checker flags.
var cleanBlocks = []qda.ProtocolBlock{{QuestionID: "1.1", Body: "Die Beteiligung war eine Entscheidung der Leitung."}}

func TestService_ImportSnapshot_Gate(t *testing.T) {
	const slip = "Termin über Frau Westermann vereinbart.\n"
	tests := []struct {
		name string
		edit func(iv *qda.Interview, text *string)
		want string // error code, "" for success
	}{
		{"final and clean", func(iv *qda.Interview, _ *string) {}, ""},
		{"final with an open finding", func(_ *qda.Interview, text *string) { *text = slip }, qda.EConflict},
		{"checked with an open finding", func(iv *qda.Interview, text *string) { iv.Status, *text = qda.StatusChecked, slip }, ""},
		{"final intensive without declaration", func(iv *qda.Interview, _ *string) { iv.Level = qda.LevelIntensive }, qda.EConflict},
		{"final intensive with declaration and sheet", func(iv *qda.Interview, _ *string) {
			iv.Level, iv.Consent.DataProtection, iv.Consent.InfoSheet = qda.LevelIntensive, true, true
		}, ""},
		{"recording without consent", func(iv *qda.Interview, _ *string) {
			iv.Status, iv.Consent.Recording, iv.Recording = qda.StatusChecked, false, qda.RecordingPresent
		}, qda.EConflict},
		{"refused interview as final", func(iv *qda.Interview, _ *string) {
			iv.Consent.Refused = &qda.ConsentEvent{Date: iv.Date, By: iv.Interviewer}
		}, qda.EConflict},
	}
	for _, tt := range tests {
		for _, merge := range []bool{false, true} {
			name := tt.name + "/import"
			if merge {
				name = tt.name + "/merge"
			}
			t.Run(name, func(t *testing.T) {
				src := apptest.NewService(t, "mara")
				apptest.SiteAndGuideline(t, src)
				n := apptest.NewIV("GF-07")
				n.Status = qda.StatusFinal
				res, err := src.ImportProtocol(n, cleanBlocks, "Protokoll GF-07", "gf07.md")
				if err != nil {
					t.Fatal(err)
				}
				snap, err := src.Snapshot(exchange.SnapshotOptions{History: merge})
				if err != nil {
					t.Fatal(err)
				}
				// The other copy changed the record or the text on its own
				// (as another program, or an older version, might).
				for i := range snap.Interviews {
					text := snap.Texts[res.Document.GUID]
					tt.edit(&snap.Interviews[i], &text)
					snap.Texts[res.Document.GUID] = text
					for j := range snap.Documents {
						if snap.Documents[j].GUID == res.Document.GUID {
							snap.Documents[j].Length = qda.RuneLen(text)
						}
					}
				}
				if text := snap.Texts[res.Document.GUID]; text == slip {
					snap.Codings = nil // the template codings lay in the old text
				}
				dst := apptest.NewService(t, "mara")
				if merge {
					_, err = dst.MergeProject(snap, "copy of mara")
				} else {
					_, err = dst.ImportSnapshot(snap, exchange.ExchangeOptions{Source: "gf07.qdpx"})
				}
				if qda.ErrorCode(err) != tt.want && !(tt.want == "" && err == nil) {
					t.Fatalf("%v, want code %q", err, tt.want)
				}
				ivs, _ := dst.Interviews()
				if tt.want != "" {
					if !strings.Contains(err.Error(), "GF-07") || !strings.Contains(err.Error(), "refused") {
						t.Errorf("the message does not name the interview: %v", err)
					}
					if len(ivs) != 0 {
						t.Errorf("a refused import wrote %d interviews", len(ivs))
					}
					return
				}
				if len(ivs) != 1 {
					t.Fatalf("%d interviews", len(ivs))
				}
				if r, err := dst.Verify(); err != nil || !r.OK() {
					t.Errorf("verify after import: %+v %v", r.Findings, err)
				}
			})
		}
	}
}

// TestService_MergeProject_GateOnlyOnArrivals: a final protocol the project
// holds already, unchanged by the merge, does not block it (verify reports
// it; the merge is not the place to judge it).
func TestService_MergeProject_GateOnlyOnArrivals(t *testing.T) {
	s := apptest.NewService(t, "mara")
	apptest.SiteAndGuideline(t, s)
	n := apptest.NewIV("GF-07")
	n.Status = qda.StatusChecked
	res, err := s.ImportProtocol(n, []qda.ProtocolBlock{{QuestionID: "1.1", Body: "Frau Westermann war dabei."}}, "Protokoll GF-07", "gf07.md")
	if err != nil {
		t.Fatal(err)
	}
	// Written past the gate, as data from before the rule would be.
	me, _ := s.ActingMember()
	err = s.Store().Update(&qda.Command{GUID: "00000000-0000-4000-8000-999999999999", Kind: "test.legacy", User: me.GUID, Time: apptest.FixedClock{}.Now()},
		func(tx app.Tx) error {
			iv := *res.Interview
			iv.Status = qda.StatusFinal
			return tx.PutInterview(&iv)
		})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := s.Snapshot(exchange.SnapshotOptions{History: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.MergeProject(snap, "the same copy"); err != nil {
		t.Fatalf("an unchanged final protocol blocked the merge: %v", err)
	}
	if r, err := s.Verify(); err != nil || len(r.Findings) != 1 || r.Findings[0].Kind != "interview.final" {
		t.Errorf("verify: %+v %v", r, err)
	}
}
