package privacy_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/apptest"
	"github.com/protocoder/protocoder/internal/qda"
)

func TestService_Export(t *testing.T) {
	type docs int
	const (
		none docs = iota
		all
		slipOnly
		cleanOnly
	)
	tests := []struct {
		name      string
		docs      docs
		answer    *bool // nil: no Confirm
		writeErr  error
		wantErr   string // error code, "" for success
		wantAsked bool
		wantWrite bool
		wantAudit string // part of the audit summary, "" for no entry
	}{
		{"codebook carries no text", none, nil, nil, "", false, true, "export the codebook as qdc to /out/x"},
		{"clean document", cleanOnly, nil, nil, "", false, true, "(text of 1 document(s))"},
		{"open findings, no confirmation possible", slipOnly, nil, nil, qda.EConflict, false, false, ""},
		{"open findings, declined", slipOnly, apptest.Ptr(false), nil, qda.EConflict, true, false, ""},
		{"open findings, confirmed", all, apptest.Ptr(true), nil, "", true, true, "(text of 2 document(s), 6 open anonymization finding(s) confirmed)"},
		{"write fails: nothing recorded", cleanOnly, nil, errors.New("disk full"), "internal", false, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := apptest.NewService(t, "mara")
			slip := slipProtocol(t, s)
			clean, err := s.AddDocument(study.NewDocument{Name: "Konzept", Kind: qda.KindOther, Text: "Ein Konzept ohne Namen.\n"})
			if err != nil {
				t.Fatal(err)
			}
			req := privacy.ExportRequest{Format: "qdc", What: "the codebook", To: "/out/x"}
			switch tt.docs {
			case all:
				req.AllDocuments = true
			case slipOnly:
				req.Documents = []qda.GUID{slip.Document.GUID}
			case cleanOnly:
				req.Documents = []qda.GUID{clean.GUID}
			}
			asked := false
			if tt.answer != nil {
				req.Confirm = func(n int, names []string) bool {
					asked = true
					if n != 6 || strings.Join(names, ",") != "Protokoll GF-07" {
						t.Errorf("asked about %d findings in %v", n, names)
					}
					return *tt.answer
				}
			}
			wrote := false
			_, err = s.Export(req, func() error { wrote = true; return tt.writeErr })
			if qda.ErrorCode(err) != tt.wantErr && !(tt.wantErr == "" && err == nil) {
				t.Fatalf("%v, want code %q", err, tt.wantErr)
			}
			if asked != tt.wantAsked || wrote != tt.wantWrite {
				t.Errorf("asked %v wrote %v", asked, wrote)
			}
			list, err := s.Audit(privacy.AuditFilter{Kind: privacy.KindExport})
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantAudit == "" {
				if len(list) != 0 {
					t.Errorf("recorded %+v", list)
				}
				return
			}
			want := tt.wantAudit
			if tt.docs == none && len(list) == 1 && list[0].Summary != want {
				t.Errorf("summary %q, want %q", list[0].Summary, want)
			}
			if len(list) != 1 || !strings.Contains(list[0].Summary, want) || list[0].User != "mara" || len(list[0].Entities) != 0 {
				t.Errorf("audit %+v, want %q", list, want)
			}
			// The audit entry is not a step of undo.
			if st, _ := s.UndoState(); st.Undo != nil && st.Undo.Kind == privacy.KindExport {
				t.Errorf("undo would revert the export entry")
			}
		})
	}
}

// TestService_Export_NoMember: who exports must be known before anything
// is written.
func TestService_Export_NoMember(t *testing.T) {
	s := apptest.NewService(t, "mara")
	s.SetActingUser("nobody")
	wrote := false
	_, err := s.Export(privacy.ExportRequest{Format: "csv", What: "the plan", To: "/out/plan.csv"}, func() error { wrote = true; return nil })
	if err == nil || wrote {
		t.Fatalf("err %v wrote %v", err, wrote)
	}
}
