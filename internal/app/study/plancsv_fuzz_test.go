package study

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// FuzzParsePlanCSV checks that any input parses or fails without a panic
// and that what parses survives writing and reading again unchanged.
func FuzzParsePlanCSV(f *testing.F) {
	f.Add("level,case,wave,role,planned,optional,note\nstrategic,JC-07,1,GF,2,no,\noperative,JC-07,2,\"TL, Basis\",1,yes,\"Notiz \"\"x\"\"\"\n")
	f.Add("\uFEFFLevel ; Case\nstrategic;1")
	f.Add("level,case,wave,role,planned\nintensive,,3,KU,-1\n")
	f.Add("level,case,wave,role,planned\n\"unclosed")
	f.Fuzz(func(t *testing.T, in string) {
		rows, err := ParsePlanCSV(strings.NewReader(in))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WritePlanCSV(&buf, rows); err != nil {
			t.Fatalf("write %+v: %v", rows, err)
		}
		again, err := ParsePlanCSV(&buf)
		if err != nil {
			t.Fatalf("reading what was written: %v\n%s", err, buf.String())
		}
		if len(rows) == 0 && len(again) == 0 {
			return
		}
		if !reflect.DeepEqual(rows, again) {
			t.Fatalf("round trip changed the plan:\n%+v\n%+v", rows, again)
		}
	})
}

func TestWritePlanCSV_EscapesFormulas(t *testing.T) {
	rows := []PlanInput{{Level: "strategic", Case: "-JC-07", Wave: 1, Role: "@GF", Planned: 2, Note: `=HYPERLINK("http://x","y")`},
		{Level: "operative", Case: "'=quoted", Wave: 2, Role: "KU", Planned: 1, Optional: true, Note: "-3", Group: "+Neu"}}
	var buf bytes.Buffer
	if err := WritePlanCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"'-JC-07", "'@GF", `"'=HYPERLINK(""http://x"",""y"")"`, "''=quoted", ",-3,'+Neu\n"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("CSV lacks %q:\n%s", want, buf.String())
		}
	}
	again, err := ParsePlanCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows, again) {
		t.Errorf("round trip changed the plan:\n%+v\n%+v", rows, again)
	}
}
