package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/app/study"
)

func TestDeliverablesList_Sample(t *testing.T) {
	dir := sampleCopy(t)
	code, out, stderr := run(t, "", "-p", dir, "deliverables", "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rows []study.DeliverableRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	byID := map[string]study.DeliverableRow{}
	for _, r := range rows {
		kinds[string(r.Kind)+"/"+string(r.Level)]++
		byID[r.ID] = r
	}
	// The seed's reports: 16 strategic and 6 operative case reports, 6
	// intensive-case reports, one employer report.
	for k, n := range map[string]int{"case_report/strategic": 16, "case_report/operative": 6, "intensive_report/intensive": 6, "employer_report/operative": 1} {
		if kinds[k] != n {
			t.Errorf("%s: %d deliverables, want %d", k, kinds[k], n)
		}
	}
	if r := byID["case_report/operative/JC-04"]; r.Status != "delivered" || !strings.HasPrefix(r.Document, "Fallbericht JC-04") {
		t.Errorf("JC-04 operative: %+v", r)
	}
	if r := byID["case_report/strategic/JC-11"]; r.Status != "in_review" || r.Owner != "mara" {
		t.Errorf("JC-11 strategic: %+v", r)
	}
	code, out, _ = run(t, "", "-p", dir, "deliverables", "list", "--due")
	if code != 0 || !strings.HasPrefix(out, "28 deliverables: 27 draft, 1 in review, 0 delivered") || strings.Contains(out, "case_report/operative/JC-04 ") {
		t.Errorf("deliverables list --due:\n%s", out)
	}
}
