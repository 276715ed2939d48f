package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/app/study"
)

func TestReportEmployers_Sample(t *testing.T) {
	dir := sampleCopy(t)
	code, out, stderr := run(t, "", "-p", dir, "report", "employers", "-", "--format", "md")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(out, "# Arbeitgeberbericht") || !strings.Contains(out, "Leitfäden A.2.2 an den Standorten") || strings.Contains(out, "A.1.1") {
		t.Errorf("report employers:\n%s", out)
	}
	code, out, stderr = run(t, "", "-p", dir, "report", "employers", "--merge", "--force", "x.md")
	if code == 0 || !strings.Contains(stderr, "not both") {
		t.Errorf("--merge --force: exit %d %s %s", code, out, stderr)
	}
	// The employer deliverable finds the report once it is linked.
	if code, _, stderr = run(t, "", "-p", dir, "deliverables", "generate"); code != 0 {
		t.Fatalf("deliverables generate: %s", stderr)
	}
	code, out, stderr = run(t, "", "-p", dir, "deliverables", "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rows []study.DeliverableRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if r.ID == "employer_report" {
			found = true
			if !strings.HasPrefix(r.Document, "Arbeitgeberbericht") {
				t.Errorf("employer deliverable: %+v", r)
			}
		}
	}
	if !found {
		t.Error("no employer deliverable")
	}
}
