package analysis_test

import (
	"strings"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/apptest"
	"github.com/protocoder/protocoder/internal/qda"
)

func TestService_GenerateEmployerReport(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(tb testing.TB) *studyFixture // nil: a study without employer interviews
		req      analysis.EmployerReportRequest
		want     []string
		wantNot  []string
		wantCode string
	}{
		{
			name: "two sites' A.2.2 summaries, nothing from the other guidelines",
			setup: func(tb testing.TB) *studyFixture {
				st := newStudy(tb)
				iv, err := st.s.AddInterview(study.NewInterview{Guideline: "A.2.2", Role: "AG", Case: "JC-02", Interviewee: "AG-02", Date: time.Date(2014, 2, 3, 0, 0, 0, 0, time.UTC)})
				if err != nil {
					tb.Fatal(err)
				}
				if _, err := st.s.AddDocument(study.NewDocument{Name: "Protokoll AG-02", Kind: qda.KindProtocol, Text: protoText, Interview: iv.GUID}); err != nil {
					tb.Fatal(err)
				}
				for _, s := range []struct{ cs, code, text string }{
					{"JC-01", "A.2.2:1.1", "Kontakt über den gemeinsamen AG-S."},
					{"JC-02", "A.2.2:1.1", "Kontakt über eine Messe."},
					{"JC-01", "A.1.1:1.1", "Gründe der Geschäftsführung."},
				} {
					if _, err := st.s.SetSummary(st.cases[s.cs].GUID, st.codes[s.code], s.text, nil); err != nil {
						tb.Fatal(err)
					}
				}
				return st
			},
			want: []string{"# Arbeitgeberbericht – alle Standorte", "Leitfäden A.2.2 an den Standorten JC-01, JC-02",
				"### 1.1 Wie kam der Kontakt zustande?", "#### JC-01\n\nKontakt über den gemeinsamen AG-S.", "#### JC-02\n\nKontakt über eine Messe."},
			wantNot: []string{"Gründe der Geschäftsführung", "A.1.1"},
		},
		{
			name: "no summaries yet",
			setup: func(tb testing.TB) *studyFixture {
				return newStudy(tb)
			},
			want: []string{"an den Standorten JC-01.", "(Noch keine Zusammenfassung.)"},
		},
		{
			name:     "no employer interviews",
			wantCode: qda.ENotFound,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gen func(analysis.EmployerReportRequest) (*analysis.ReportResult, error)
			if tt.setup == nil {
				s := apptest.NewService(t, "anna")
				if _, err := s.ImportGuideline(employer(), study.ImportOptions{}); err != nil {
					t.Fatal(err)
				}
				gen = s.GenerateEmployerReport
			} else {
				gen = tt.setup(t).s.GenerateEmployerReport
			}
			res, err := gen(tt.req)
			if tt.wantCode != "" {
				if qda.ErrorCode(err) != tt.wantCode || !strings.Contains(err.Error(), "employer interviews") {
					t.Fatalf("err %v, want %s", err, tt.wantCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Action != "created" || res.Document.Case != "" || res.Document.Kind != qda.KindCaseReport ||
				!strings.Contains(strings.ToLower(res.Document.Name), "arbeitgeber") {
				t.Errorf("result %+v %+v", res, res.Document)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.Text, w) {
					t.Errorf("missing %q in\n%s", w, res.Text)
				}
			}
			for _, w := range tt.wantNot {
				if strings.Contains(res.Text, w) {
					t.Errorf("unexpected %q in\n%s", w, res.Text)
				}
			}
			again, err := gen(tt.req)
			if err != nil || again.Action != "unchanged" || again.Document.GUID != res.Document.GUID {
				t.Errorf("regenerate: %v %+v", err, again)
			}
		})
	}
}
