package csvsafe

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
		{"+1+cmd", "'+1+cmd"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"- a bullet", "'- a bullet"},
		{"-3", "-3"},
		{"+1.5", "+1.5"},
		{"-2e3", "-2e3"},
		{"-", "'-"},
		{"-.5", "'-.5"},
		{"-1.", "'-1."},
		{"-Inf", "'-Inf"},
		{"12", "12"},
		{"'=x", "''=x"},
		{"''@x", "'''@x"},
		{"'quoted'", "'quoted'"},
		{"'-3", "'-3"},
		{"a=b", "a=b"},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Unescape(Escape(tt.in)); got != tt.in {
			t.Errorf("Unescape(Escape(%q)) = %q", tt.in, got)
		}
	}
}

func TestUnescape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"'=x", "=x"},
		{"''=x", "'=x"},
		{"'quoted'", "'quoted'"},
		{"'", "'"},
		{"'-3", "'-3"},
		{"=x", "=x"},
	}
	for _, tt := range tests {
		if got := Unescape(tt.in); got != tt.want {
			t.Errorf("Unescape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzEscape(f *testing.F) {
	for _, s := range []string{"=1", "'=1", "-3", "''", "\t", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := Escape(s)
		if e != "" && isTrigger(e[0]) && !isNumber(e) {
			t.Errorf("Escape(%q) = %q starts a formula", s, e)
		}
		if got := Unescape(e); got != s {
			t.Errorf("Unescape(Escape(%q)) = %q", s, got)
		}
	})
}

func TestWriter_Write(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	if err := w.Write([]string{"=cmd|' /C calc'!A0", "-3", "ok"}); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	rec, err := csv.NewReader(&b).Read()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"'=cmd|' /C calc'!A0", "-3", "ok"}; rec[0] != want[0] || rec[1] != want[1] || rec[2] != want[2] {
		t.Errorf("record %q, want %q", rec, want)
	}
}
