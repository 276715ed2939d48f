package analysis_test

import (
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestService_EvalReport(t *testing.T) {
	st := newStudy(t)
	if err := st.s.AddEvalQuestion("F1", "Warum beteiligen sich die Jobcenter?", ""); err != nil {
		t.Fatal(err)
	}
	// Theme 1 of EJO stands for its questions 1.1 and 1.2 in both guidelines.
	if err := st.s.LinkEvalQuestion("F1", []string{"theme:EJO/1"}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := st.s.SetSummary(st.cases["JC-01"].GUID, st.codes["A.1.1:1.1"], "Die RD hat angefragt.", nil); err != nil {
		t.Fatal(err)
	}
	text, err := st.s.EvalReport("F1", 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"# F1 Warum beteiligen sich die Jobcenter?",
		"## A.1.1 · ", "## A.1.2 · ",
		"### JC-01 · ", "Die RD hat angefragt.",
		"codierte Segmente an 2 Standorten", // A.1.1's theme 1: GF-01 (JC-01) and GF-02 (JC-02)
		"> „Erster Absatz über die Gründe“ (GF-01)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Kontakt zum Jobcenter") {
		t.Errorf("the employer guideline's theme 1 is not EJO's:\n%s", text)
	}
	if _, err := st.s.EvalReport("F9", 1); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("unknown question: %v", err)
	}
}
