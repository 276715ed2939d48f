package privacy_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/apptest"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// intensiveGuideline adds an intensive-level guideline "A.3.2" with the
// role KU to s, beside the strategic test guideline and site.
func intensiveGuideline(t *testing.T, s *project.Project) {
	t.Helper()
	apptest.SiteAndGuideline(t, s)
	g := apptest.Guideline("A.3.2", apptest.G2)
	g.Level = qda.LevelIntensive
	g.Roles = []qda.Role{{Code: "KU", Label: "Kunde"}}
	for si := range g.Sections {
		for qi := range g.Sections[si].Questions {
			g.Sections[si].Questions[qi].Roles = []string{"KU"}
		}
	}
	if _, err := s.ImportGuideline(g, study.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
}

// cleanBlocks is a protocol without anything the checker flags.
var cleanBlocks = []qda.ProtocolBlock{{QuestionID: "1.1", Body: "Die Beteiligung war eine Entscheidung der Leitung."}}

// recordingFile writes a small file that looks like an mp3.
func recordingFile(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "gespraech.mp3")
	if err := os.WriteFile(p, append([]byte("ID3\x04\x00\x00\x00\x00\x00\x00"), make([]byte, 64)...), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestService_AttachRecording_Consent(t *testing.T) {
	tests := []struct {
		name    string
		consent qda.Consent
		refuse  bool
		want    string // error code, "" for success
	}{
		{"recording consent", qda.Consent{Recording: true}, false, ""},
		{"no consent at all", qda.Consent{}, false, qda.EConflict},
		{"declaration but no recording consent", qda.Consent{DataProtection: true, InfoSheet: true}, false, qda.EConflict},
		{"refused interview", qda.Consent{Recording: true}, true, qda.EConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := apptest.NewService(t, "mara")
			apptest.SiteAndGuideline(t, s)
			n := apptest.NewIV("GF-07")
			n.Consent = tt.consent
			iv, err := s.AddInterview(n)
			if err != nil {
				t.Fatal(err)
			}
			if tt.refuse {
				if _, err := s.RefuseInterview("GF-07", privacy.ConsentRecord{}); err != nil {
					t.Fatal(err)
				}
			}
			_, err = s.AttachRecording("GF-07", recordingFile(t), 0)
			if qda.ErrorCode(err) != tt.want && !(tt.want == "" && err == nil) {
				t.Fatalf("attach: %v, want code %q", err, tt.want)
			}
			got, err := s.Interview(string(iv.GUID))
			if err != nil {
				t.Fatal(err)
			}
			wantState := qda.RecordingPresent
			if tt.want != "" {
				wantState = qda.RecordingNone
			}
			if got.Recording != wantState {
				t.Errorf("recording state %q, want %q", got.Recording, wantState)
			}
			if tt.want != "" {
				if files, _ := filepath.Glob(filepath.Join(s.Store().(interface{ Dir() string }).Dir(), privacy.RecordingsDir, "*")); len(files) > 0 {
					t.Errorf("a refused attach left %v", files)
				}
			}
		})
	}
}

func TestService_InterviewGate(t *testing.T) {
	tests := []struct {
		name    string
		consent qda.Consent
		rec     qda.RecordingState
		want    string
	}{
		{"recording with consent", qda.Consent{Recording: true}, qda.RecordingPresent, ""},
		{"recording without consent", qda.Consent{}, qda.RecordingPresent, qda.EConflict},
		{"deleted recording without consent", qda.Consent{}, qda.RecordingDeleted, ""},
		{"no recording, no consent", qda.Consent{}, qda.RecordingNone, ""},
	}
	for _, tt := range tests {
		for _, path := range []string{"add", "import"} {
			t.Run(tt.name+"/"+path, func(t *testing.T) {
				s := apptest.NewService(t, "mara")
				apptest.SiteAndGuideline(t, s)
				n := apptest.NewIV("GF-07")
				n.Consent, n.Recording = tt.consent, tt.rec
				var err error
				if path == "add" {
					_, err = s.AddInterview(n)
				} else {
					_, err = s.ImportProtocol(n, cleanBlocks, "Protokoll GF-07", "gf07.md")
				}
				if qda.ErrorCode(err) != tt.want && !(tt.want == "" && err == nil) {
					t.Fatalf("%v, want code %q", err, tt.want)
				}
				if ivs, _ := s.Interviews(); (len(ivs) == 1) != (tt.want == "") {
					t.Errorf("%d interviews registered", len(ivs))
				}
			})
		}
	}
}

func TestService_CheckFinal_Consent(t *testing.T) {
	full := qda.Consent{DataProtection: true, InfoSheet: true}
	tests := []struct {
		name      string
		guideline string
		role      string
		consent   qda.Consent
		want      string
	}{
		{"intensive with declaration and sheet", "A.3.2", "KU", full, ""},
		{"intensive without consent", "A.3.2", "KU", qda.Consent{}, qda.EConflict},
		{"intensive without information sheet", "A.3.2", "KU", qda.Consent{DataProtection: true}, qda.EConflict},
		{"intensive without declaration", "A.3.2", "KU", qda.Consent{InfoSheet: true}, qda.EConflict},
		{"strategic needs neither", "A.1.2", "GF", qda.Consent{}, ""},
	}
	for _, tt := range tests {
		// Every path to final: step by step, registered as final, imported
		// as final.
		for _, path := range []string{"set-status", "add", "import"} {
			t.Run(tt.name+"/"+path, func(t *testing.T) {
				s := apptest.NewService(t, "mara")
				intensiveGuideline(t, s)
				n := study.NewInterview{Guideline: tt.guideline, Role: tt.role, Case: "JC-07", Interviewee: "X-07", Consent: tt.consent}
				var err error
				switch path {
				case "set-status":
					if _, err = s.ImportProtocol(n, cleanBlocks, "Protokoll X-07", "x.md"); err != nil {
						t.Fatal(err)
					}
					for _, st := range []qda.Status{qda.StatusComplete, qda.StatusChecked, qda.StatusFinal} {
						if _, err = s.SetStatus("X-07", st); err != nil {
							break
						}
					}
				case "add":
					n.Status = qda.StatusFinal
					_, err = s.AddInterview(n)
				case "import":
					n.Status = qda.StatusFinal
					_, err = s.ImportProtocol(n, cleanBlocks, "Protokoll X-07", "x.md")
				}
				if qda.ErrorCode(err) != tt.want && !(tt.want == "" && err == nil) {
					t.Fatalf("%v, want code %q", err, tt.want)
				}
				if tt.want != "" && !strings.Contains(err.Error(), "intensive") {
					t.Errorf("the message does not say why: %v", err)
				}
				ivs, _ := s.Interviews()
				for _, iv := range ivs {
					if iv.Status == qda.StatusFinal && tt.want != "" {
						t.Errorf("%s became final", iv.Interviewee)
					}
				}
			})
		}
	}
}

// TestService_ImportFinal_OpenFindings: a protocol imported as final with
// open findings is refused and leaves nothing; as checked it comes in.
func TestService_ImportFinal_OpenFindings(t *testing.T) {
	slip := []qda.ProtocolBlock{{QuestionID: "1.1", Body: "Termin über Frau Westermann vereinbart."}}
	tests := []struct {
		name   string
		blocks []qda.ProtocolBlock
		status qda.Status
		want   string
	}{
		{"final with a finding", slip, qda.StatusFinal, qda.EConflict},
		{"checked with a finding", slip, qda.StatusChecked, ""},
		{"complete with a finding", slip, qda.StatusComplete, ""},
		{"final and clean", cleanBlocks, qda.StatusFinal, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := apptest.NewService(t, "mara")
			apptest.SiteAndGuideline(t, s)
			n := apptest.NewIV("GF-07")
			n.Status = tt.status
			_, err := s.ImportProtocols([]study.ProtocolImport{{Interview: n, Blocks: tt.blocks, Name: "Protokoll GF-07", Source: "gf07.md"}})
			if qda.ErrorCode(err) != tt.want && !(tt.want == "" && err == nil) {
				t.Fatalf("%v, want code %q", err, tt.want)
			}
			if tt.want != "" {
				if !strings.Contains(err.Error(), "gf07.md") || !strings.Contains(err.Error(), "open anonymization finding") {
					t.Errorf("unclear message: %v", err)
				}
				if docs, _ := s.Documents(); len(docs) != 0 {
					t.Errorf("a refused import left %d documents", len(docs))
				}
			}
		})
	}
}

func TestService_RefuseInterview(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, s *project.Project)
		want  string
	}{
		{"planned interview", func(t *testing.T, s *project.Project) {}, ""},
		{"given interview with a protocol", func(t *testing.T, s *project.Project) {
			if _, err := s.SaveProtocol(ivOf(t, s).GUID, cleanBlocks, false); err != nil {
				t.Fatal(err)
			}
		}, qda.EConflict},
		{"refused already", func(t *testing.T, s *project.Project) {
			if _, err := s.RefuseInterview("GF-07", privacy.ConsentRecord{}); err != nil {
				t.Fatal(err)
			}
		}, qda.EConflict},
		{"registered as complete", func(t *testing.T, s *project.Project) {
			if _, err := s.SetStatus("GF-07", qda.StatusComplete); err != nil {
				t.Fatal(err)
			}
		}, qda.EConflict},
		{"with a recording", func(t *testing.T, s *project.Project) {
			if _, err := s.AttachRecording("GF-07", recordingFile(t), 0); err != nil {
				t.Fatal(err)
			}
		}, qda.EConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := apptest.NewService(t, "mara")
			apptest.SiteAndGuideline(t, s)
			if _, err := s.AddInterview(apptest.NewIV("GF-07")); err != nil {
				t.Fatal(err)
			}
			tt.setup(t, s)
			date := apptest.FixedClock{}.Now().AddDate(0, 0, -3)
			iv, err := s.RefuseInterview("GF-07", privacy.ConsentRecord{Date: date, Reason: "keine Zeit"})
			if qda.ErrorCode(err) != tt.want && !(tt.want == "" && err == nil) {
				t.Fatalf("%v, want code %q", err, tt.want)
			}
			if tt.want != "" {
				return
			}
			me, _ := s.ActingMember()
			r := iv.Consent.Refused
			if r == nil || !r.Date.Equal(date.Truncate(24*time.Hour)) || r.By != me.GUID || r.Reason != "keine Zeit" {
				t.Fatalf("refusal %+v", r)
			}
			// A refused interview never becomes final …
			if _, err := s.SetStatus("GF-07", qda.StatusComplete); err != nil {
				t.Fatal(err)
			}
			if _, err := s.SetStatus("GF-07", qda.StatusChecked); err != nil {
				t.Fatal(err)
			}
			if _, err := s.SetStatus("GF-07", qda.StatusFinal); qda.ErrorCode(err) != qda.EConflict {
				t.Errorf("final after a refusal: %v", err)
			}
			// … is in the audit log with who and when …
			list, err := s.Audit(privacy.AuditFilter{Kind: privacy.KindRefuse})
			if err != nil || len(list) != 1 || list[0].User != "mara" {
				t.Errorf("audit %+v %v", list, err)
			}
			// … and the plan counts it, not as conducted.
			st, err := s.PlanStatus()
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Totals) != 1 || st.Totals[0].Refused != 1 || st.Totals[0].Conducted != 0 {
				t.Errorf("plan totals %+v", st.Totals)
			}
		})
	}
}

func ivOf(t *testing.T, s *project.Project) *qda.Interview {
	t.Helper()
	iv, err := s.Interview("GF-07")
	if err != nil {
		t.Fatal(err)
	}
	return iv
}

func TestService_WithdrawConsent(t *testing.T) {
	tests := []struct {
		name      string
		protocol  bool
		recording bool
	}{
		{"registered only", false, false},
		{"with protocol", true, false},
		{"with protocol and recording", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := apptest.NewService(t, "mara")
			apptest.SiteAndGuideline(t, s)
			n := apptest.NewIV("GF-07")
			if tt.protocol {
				if _, err := s.ImportProtocol(n, cleanBlocks, "Protokoll GF-07", "gf07.md"); err != nil {
					t.Fatal(err)
				}
			} else if _, err := s.AddInterview(n); err != nil {
				t.Fatal(err)
			}
			if tt.recording {
				if _, err := s.AttachRecording("GF-07", recordingFile(t), 0); err != nil {
					t.Fatal(err)
				}
			}
			rep, err := s.WithdrawConsent("GF-07", privacy.ConsentRecord{Reason: "per Mail"})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Recorded == "" || rep.Purge == nil || rep.Purge.Interviews != 1 {
				t.Fatalf("report %+v", rep)
			}
			if tt.recording && rep.Purge.Recordings != 1 {
				t.Errorf("recordings shredded: %d", rep.Purge.Recordings)
			}
			if _, err := s.Interview("GF-07"); qda.ErrorCode(err) != qda.ENotFound {
				t.Errorf("the interview is still there: %v", err)
			}
			if docs, _ := s.Documents(); len(docs) != 0 {
				t.Errorf("%d documents left", len(docs))
			}
			list, err := s.Audit(privacy.AuditFilter{Kind: privacy.KindWithdraw})
			if err != nil || len(list) != 1 || list[0].User != "mara" || !strings.Contains(list[0].Summary, "per Mail") {
				t.Errorf("the withdrawal is not in the audit log: %+v %v", list, err)
			}
			if r, err := s.Verify(); err != nil || !r.OK() {
				t.Errorf("verify: %+v %v", r, err)
			}
		})
	}
}

func TestService_SetConsent(t *testing.T) {
	full := privacy.ConsentFlags{Recording: true, DataProtection: true, InfoSheet: true}
	tests := []struct {
		name  string
		setup func(t *testing.T, s *project.Project)
		set   privacy.ConsentFlags
		want  string
	}{
		{"declaration signed later", func(*testing.T, *project.Project) {}, full, ""},
		{"nothing changes", func(*testing.T, *project.Project) {}, privacy.ConsentFlags{Recording: true}, qda.EConflict},
		{"recording consent taken back while the recording is there", func(t *testing.T, s *project.Project) {
			if _, err := s.AttachRecording("KU-07", recordingFile(t), 0); err != nil {
				t.Fatal(err)
			}
		}, privacy.ConsentFlags{DataProtection: true, InfoSheet: true}, qda.EConflict},
		{"final intensive protocol loses its sheet", func(t *testing.T, s *project.Project) {
			if _, err := s.SetConsent("KU-07", full); err != nil {
				t.Fatal(err)
			}
			for _, st := range []qda.Status{qda.StatusComplete, qda.StatusChecked, qda.StatusFinal} {
				if _, err := s.SetStatus("KU-07", st); err != nil {
					t.Fatal(err)
				}
			}
		}, privacy.ConsentFlags{Recording: true, DataProtection: true}, qda.EConflict},
		{"refused interview", func(t *testing.T, s *project.Project) {
			if _, err := s.RefuseInterview("KU-07", privacy.ConsentRecord{}); err != nil {
				t.Fatal(err)
			}
		}, full, qda.EConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := apptest.NewService(t, "mara")
			intensiveGuideline(t, s)
			n := study.NewInterview{Guideline: "A.3.2", Role: "KU", Case: "JC-07", Interviewee: "KU-07", Consent: qda.Consent{Recording: true}}
			if tt.name != "refused interview" {
				if _, err := s.ImportProtocol(n, cleanBlocks, "Protokoll KU-07", "ku07.md"); err != nil {
					t.Fatal(err)
				}
			} else if _, err := s.AddInterview(n); err != nil {
				t.Fatal(err)
			}
			tt.setup(t, s)
			before, _ := s.Interview("KU-07")
			iv, err := s.SetConsent("KU-07", tt.set)
			if qda.ErrorCode(err) != tt.want && !(tt.want == "" && err == nil) {
				t.Fatalf("%v, want code %q", err, tt.want)
			}
			if tt.want != "" {
				if after, _ := s.Interview("KU-07"); !reflect.DeepEqual(after.Consent, before.Consent) {
					t.Errorf("a refused change changed the consent: %+v", after.Consent)
				}
				return
			}
			if !iv.Consent.DataProtection || !iv.Consent.InfoSheet || !iv.Consent.Recording {
				t.Errorf("consent %+v", iv.Consent)
			}
			// Undoable like any record change.
			if _, err := s.Undo(); err != nil {
				t.Fatal(err)
			}
			if after, _ := s.Interview("KU-07"); after.Consent != before.Consent {
				t.Errorf("undo left %+v", after.Consent)
			}
		})
	}
}

// TestService_Verify_DataProtection: verify reports stored data that
// breaks the rules, however it got in (here: written past the gates, as
// data from before the rules would be).
func TestService_Verify_DataProtection(t *testing.T) {
	tests := []struct {
		name   string
		blocks []qda.ProtocolBlock
		edit   func(iv *qda.Interview)
		want   string // finding kind, "" for none
	}{
		{"final and clean", cleanBlocks, func(iv *qda.Interview) { iv.Status = qda.StatusFinal }, ""},
		{"final with an open finding", []qda.ProtocolBlock{{QuestionID: "1.1", Body: "Frau Westermann war dabei."}},
			func(iv *qda.Interview) { iv.Status = qda.StatusFinal }, "interview.final"},
		{"checked with an open finding", []qda.ProtocolBlock{{QuestionID: "1.1", Body: "Frau Westermann war dabei."}},
			func(iv *qda.Interview) { iv.Status = qda.StatusChecked }, ""},
		{"final intensive without consent", cleanBlocks,
			func(iv *qda.Interview) { iv.Status, iv.Level = qda.StatusFinal, qda.LevelIntensive }, "interview.final"},
		{"recording without consent", cleanBlocks,
			func(iv *qda.Interview) { iv.Consent.Recording, iv.Recording = false, qda.RecordingPresent }, "interview.consent"},
		{"withdrawn, not purged", cleanBlocks,
			func(iv *qda.Interview) { iv.Consent.Withdrawn = &qda.ConsentEvent{Date: iv.Date, By: iv.Interviewer} }, "interview.withdrawn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := apptest.NewService(t, "mara")
			apptest.SiteAndGuideline(t, s)
			res, err := s.ImportProtocol(apptest.NewIV("GF-07"), tt.blocks, "Protokoll GF-07", "gf07.md")
			if err != nil {
				t.Fatal(err)
			}
			me, _ := s.ActingMember()
			err = s.Store().Update(&qda.Command{GUID: "00000000-0000-4000-8000-999999999999", Kind: "test.legacy", User: me.GUID, Time: apptest.FixedClock{}.Now()},
				func(tx app.Tx) error {
					iv := *res.Interview
					tt.edit(&iv)
					return tx.PutInterview(&iv)
				})
			if err != nil {
				t.Fatal(err)
			}
			r, err := s.Verify()
			if err != nil {
				t.Fatal(err)
			}
			var kinds []string
			for _, f := range r.Findings {
				kinds = append(kinds, f.Kind)
			}
			if got := strings.Join(kinds, ","); got != tt.want {
				t.Errorf("findings %q (%+v), want %q", got, r.Findings, tt.want)
			}
		})
	}
}
