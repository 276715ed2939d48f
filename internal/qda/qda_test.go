package qda

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestNewGUID(t *testing.T) {
	g, err := NewGUID(bytes.NewReader(bytes.Repeat([]byte{0xff}, 16)))
	if err != nil {
		t.Fatal(err)
	}
	if g != "ffffffff-ffff-4fff-bfff-ffffffffffff" || !g.Valid() {
		t.Errorf("NewGUID = %s", g)
	}
	if _, err := NewGUID(bytes.NewReader(nil)); err == nil {
		t.Error("NewGUID from an empty reader succeeded")
	}
}

func TestNewGUIDAt(t *testing.T) {
	prefix := [6]byte{0x01, 0x93, 0xa5, 0xb2, 0xc3, 0xd4}
	for _, tc := range []struct {
		name string
		rand []byte
		want GUID
	}{
		{"ones", bytes.Repeat([]byte{0xff}, 10), "0193a5b2-c3d4-4fff-bfff-ffffffffffff"},
		{"zeros", make([]byte, 10), "0193a5b2-c3d4-4000-8000-000000000000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := NewGUIDAt(bytes.NewReader(tc.rand), prefix)
			if err != nil {
				t.Fatal(err)
			}
			if g != tc.want || !g.Valid() {
				t.Errorf("NewGUIDAt = %s, want %s", g, tc.want)
			}
		})
	}
	if _, err := NewGUIDAt(bytes.NewReader(nil), prefix); err == nil {
		t.Error("NewGUIDAt from an empty reader succeeded")
	}
}

func TestGUID_Valid(t *testing.T) {
	for _, tc := range []struct {
		g    GUID
		want bool
	}{
		{"0b0d4a77-6f1e-4c1a-9a52-3b7f4a0f6b11", true},
		{"0B0D4A77-6F1E-4C1A-9A52-3B7F4A0F6B11", false},
		{"0b0d4a776f1e4c1a9a523b7f4a0f6b11", false},
		{"", false},
		{"0b0d4a77-6f1e-4c1a-9a52-3b7f4a0f6b1g", false},
	} {
		if got := tc.g.Valid(); got != tc.want {
			t.Errorf("%q.Valid() = %v", tc.g, got)
		}
	}
}

func TestNameGUID(t *testing.T) {
	ns := GUID("0b0d4a77-6f1e-4c1a-9a52-3b7f4a0f6b11")
	a, b := NameGUID(ns, "s:1./q:1.1"), NameGUID(ns, "s:1./q:1.1")
	if a != b || !a.Valid() || a[14] != '5' {
		t.Errorf("NameGUID not stable or not v5: %s %s", a, b)
	}
	if NameGUID(ns, "s:1./q:1.2") == a {
		t.Error("different names gave the same GUID")
	}
}

func TestSlice(t *testing.T) {
	s := "Größe 🙂 ß\nEnde"
	for _, tc := range []struct {
		start, end int
		want       string
	}{
		{0, 5, "Größe"}, {6, 7, "🙂"}, {8, 9, "ß"}, {10, 14, "Ende"}, {14, 14, ""}, {0, 0, ""},
	} {
		if got := Slice(s, tc.start, tc.end); got != tc.want {
			t.Errorf("Slice(%d,%d) = %q, want %q", tc.start, tc.end, got, tc.want)
		}
	}
}

func TestPassages(t *testing.T) {
	text := "Erster Absatz\nzweite Zeile.\n\n\nZweiter Absatz 🙂.\n\n"
	got := Passages(text)
	want := []Passage{{0, 27, "Erster Absatz\nzweite Zeile."}, {30, 47, "Zweiter Absatz 🙂."}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Passages = %+v, want %+v", got, want)
	}
	for _, p := range got {
		if Slice(text, p.Start, p.End) != p.Text {
			t.Errorf("passage %+v does not match its range", p)
		}
	}
}

func TestRange_Check(t *testing.T) {
	for _, tc := range []struct {
		r  Range
		n  int
		ok bool
	}{
		{Range{0, 5}, 5, true}, {Range{0, 6}, 5, false}, {Range{3, 3}, 5, false}, {Range{-1, 2}, 5, false}, {Range{4, 2}, 5, false},
	} {
		if err := tc.r.Check(tc.n); (err == nil) != tc.ok {
			t.Errorf("%+v.Check(%d) = %v", tc.r, tc.n, err)
		}
	}
}

func TestCheckTransition(t *testing.T) {
	for _, tc := range []struct {
		from, to Status
		ok       bool
	}{
		{StatusDraft, StatusComplete, true}, {StatusDraft, StatusFinal, false}, {StatusFinal, StatusChecked, true},
		{StatusFinal, StatusDraft, true}, {StatusChecked, StatusChecked, false}, {"x", StatusDraft, false},
	} {
		if err := CheckTransition(tc.from, tc.to); (err == nil) != tc.ok {
			t.Errorf("%s → %s: %v", tc.from, tc.to, err)
		}
	}
}

func TestCheckCanonical(t *testing.T) {
	for _, tc := range []struct {
		s  string
		ok bool
	}{
		{"Größe\nStraße", true}, {"a\r\nb", false}, {"\uFEFFa", false}, {"a\x00", false}, {string([]byte{0xff}), false},
	} {
		if err := CheckCanonical(tc.s); (err == nil) != tc.ok {
			t.Errorf("CheckCanonical(%q) = %v", tc.s, err)
		}
	}
}

func TestIsQuestionID(t *testing.T) {
	for _, tok := range []string{"1.1", "2.2a", "1.3a/1.6", "X.2", "5.x", "5xa", "6.5.1", "6.0"} {
		if !IsQuestionID(tok) {
			t.Errorf("IsQuestionID(%q) = false", tok)
		}
	}
	for _, tok := range []string{"", "Was", "X", "Xa", "(1.2", "1.1?", "-"} {
		if IsQuestionID(tok) {
			t.Errorf("IsQuestionID(%q) = true", tok)
		}
	}
}

// matrix returns a small guideline shaped like A.2.1's role matrix.
func matrix() *Guideline {
	id := func(s string) GUID { return NameGUID("0b0d4a77-6f1e-4c1a-9a52-3b7f4a0f6b11", s) }
	return &Guideline{GUID: id("g"), Key: "A.2.1", Title: "Generalleitfaden", Level: LevelOperative, Wave: 1,
		Roles: []Role{{"TL-Projektteam", "TL Projektteam"}, {"TL-Leistungsteam", "TL Leistungsteam"}, {"IFK-Projektteam", "IFK Projektteam"}},
		Sections: []Section{{GUID: id("s1"), Number: "1.", Title: "Thema", Questions: []Question{
			{GUID: id("q1"), ID: "1.1", Text: "An alle", Roles: []string{"TL-Projektteam", "TL-Leistungsteam", "IFK-Projektteam"}},
			{GUID: id("q2"), ID: "1.2", Text: "Nur IFK", Roles: []string{"IFK-Projektteam"}},
			{GUID: id("q3"), ID: "1.3", Text: "Punkte an den Bullets", Prompts: []Prompt{
				{GUID: id("p1"), Text: "ohne Punkt"},
				{GUID: id("p2"), Text: "TL-L", Roles: []string{"TL-Leistungsteam"}},
				{GUID: id("p3"), Text: "IFK", Roles: []string{"IFK-Projektteam"}, Prompts: []Prompt{{GUID: id("p4"), Text: "darunter"}}},
			}},
			{GUID: id("q4"), ID: "1.4", Text: "Ganz ohne Punkte", Prompts: []Prompt{{GUID: id("p5"), Text: "frei"}}},
		}}, {GUID: id("s2"), Number: "2.", Title: "Nur TL-P", Questions: []Question{
			{GUID: id("q5"), ID: "2.1", Text: "TL-P", Roles: []string{"TL-Projektteam"}},
		}}}}
}

func TestGuideline_ForRole(t *testing.T) {
	g := matrix()
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	list := func(g *Guideline) string {
		var b []string
		for _, s := range g.Sections {
			for _, q := range s.Questions {
				item := q.ID
				var walk func(ps []Prompt)
				walk = func(ps []Prompt) {
					for _, p := range ps {
						item += "/" + p.Text
						walk(p.Prompts)
					}
				}
				walk(q.Prompts)
				b = append(b, item)
			}
		}
		return strings.Join(b, " ")
	}
	for _, tc := range []struct{ role, want string }{
		{"TL Leistungsteam", "1.1 1.3/ohne Punkt/TL-L 1.4/frei"},
		{"tl-leistungsteam", "1.1 1.3/ohne Punkt/TL-L 1.4/frei"},
		{"IFK-Projektteam", "1.1 1.2 1.3/ohne Punkt/IFK/darunter 1.4/frei"},
		{"TL Projektteam", "1.1 1.4/frei 2.1"},
	} {
		got, err := g.ForRole(tc.role)
		if err != nil {
			t.Fatalf("ForRole(%q): %v", tc.role, err)
		}
		if l := list(got); l != tc.want {
			t.Errorf("ForRole(%q) = %q, want %q", tc.role, l, tc.want)
		}
	}
	if _, err := g.ForRole("CF"); ErrorCode(err) != EInvalid {
		t.Errorf("ForRole of an unknown role: %v", err)
	}
	if c := g.Count(); c != (Counts{Sections: 2, Questions: 5, Prompts: 5, Nested: 1}) {
		t.Errorf("Count = %+v", c)
	}
}

func TestGuideline_Validate(t *testing.T) {
	for _, tc := range []struct {
		name string
		mod  func(g *Guideline)
	}{
		{"bad level", func(g *Guideline) { g.Level = "x" }},
		{"wave 0", func(g *Guideline) { g.Wave = 0 }},
		{"undeclared role", func(g *Guideline) { g.Sections[0].Questions[0].Roles = []string{"CF"} }},
		{"duplicate guid", func(g *Guideline) { g.Sections[1].GUID = g.Sections[0].GUID }},
		{"empty question", func(g *Guideline) { g.Sections[0].Questions[0].Text = " " }},
		{"role optional", func(g *Guideline) { g.Roles = append(g.Roles, Role{"optional", "x"}) }},
	} {
		g := matrix()
		tc.mod(g)
		if err := g.Validate(); ErrorCode(err) != EInvalid {
			t.Errorf("%s: Validate = %v, want invalid", tc.name, err)
		}
	}
}

func TestAttributeDef_CheckValue(t *testing.T) {
	d := AttributeDef{Name: "Typ", Type: AttrChoice, Choices: []string{"1a", "2b"}}
	n := AttributeDef{Name: "Zahl", Type: AttrNumber}
	dt := AttributeDef{Name: "Start", Type: AttrDate}
	for _, tc := range []struct {
		d  *AttributeDef
		v  string
		ok bool
	}{
		{&d, "1a", true}, {&d, "3", false}, {&n, "3.5", true}, {&n, "drei", false},
		{&dt, "2013-03-01", true}, {&dt, "März 2013", false}, {&dt, "", true},
	} {
		if err := tc.d.CheckValue(tc.v); (err == nil) != tc.ok {
			t.Errorf("%s.CheckValue(%q) = %v", tc.d.Name, tc.v, err)
		}
	}
}
