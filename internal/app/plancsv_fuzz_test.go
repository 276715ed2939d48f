package app

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
