package guidefmt

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// testGuideline returns a small guideline with every kind of part.
func testGuideline() *qda.Guideline {
	g := &qda.Guideline{
		GUID: testGUID, Key: "T.1", Title: "Test", Level: qda.LevelIntensive, Wave: 1,
		Preamble: []string{"Eins.", "Zwei."},
		Roles:    []qda.Role{{Code: "GF", Label: "Geschäftsführung"}, {Code: "PL", Label: "Projektleitung"}},
		Sections: []qda.Section{{Number: "1.", Title: "Thema", Questions: []qda.Question{
			{ID: "1.1", Text: "Frage", Roles: []string{"PL", "GF"}, Optional: true, Notes: []string{"N1", "N2"},
				Prompts: []qda.Prompt{
					{Text: "A", Roles: []string{"GF"}, Notes: []string{"zu A"}, Prompts: []qda.Prompt{
						{Text: "A1", Optional: true, Notes: []string{"zu A1"}, Prompts: []qda.Prompt{{Text: "A11"}}},
					}},
					{Text: "B {wörtlich}"},
				}},
			{Text: "4PM ohne Nummer"},
			{Text: `\Rückstrich`},
			{Text: "1.1"},
			{ID: "2.3", Text: `\ mit Nummer {x}`, Roles: []string{"GF"}},
		}}},
	}
	assignGUIDs(g)
	return g
}

const testGuidelineText = `---
guid: 0b0d4a77-6f1e-4c1a-9a52-3b7f4a0f6b11
key: T.1
title: Test
level: intensive
wave: 1
role GF: Geschäftsführung
role PL: Projektleitung
---

Eins.

Zwei.

## 1. Thema

### 1.1 Frage {PL, GF, optional}
> N1
> N2

- A {GF}
  > zu A
  - A1 {optional}
    > zu A1
    - A11
- B {wörtlich} {}

### \4PM ohne Nummer

### \\Rückstrich

### \1.1

### 2.3 \ mit Nummer {x} {GF}
`

func TestFormat_Layout(t *testing.T) {
	g := testGuideline()
	out := mustFormat(t, g)
	if string(out) != testGuidelineText {
		t.Errorf("Format differs at %s", firstDiff(out, []byte(testGuidelineText)))
	}
	if g2 := mustParse(t, out, "t"); !reflect.DeepEqual(g, g2) {
		t.Errorf("Parse(Format(g)) differs:\n%+v\n%+v", g, g2)
	}
}

func TestFormat_Minimal(t *testing.T) {
	g := &qda.Guideline{GUID: testGUID, Key: "K", Title: "T", Level: qda.LevelStrategic, Wave: 3}
	want := "---\nguid: " + string(testGUID) + "\nkey: K\ntitle: T\nlevel: strategic\nwave: 3\n---\n"
	if out := mustFormat(t, g); string(out) != want {
		t.Errorf("Format = %q", out)
	}
	if g2 := mustParse(t, []byte(want), "t"); !reflect.DeepEqual(g, g2) {
		t.Errorf("Parse = %+v", g2)
	}
}

func TestFormat_Errors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(g *qda.Guideline)
	}{
		{"invalid guideline", func(g *qda.Guideline) { g.Wave = 0 }},
		{"title with line break", func(g *qda.Guideline) { g.Title = "a\nb" }},
		{"key with spaces around", func(g *qda.Guideline) { g.Key = " K" }},
		{"role code with colon", func(g *qda.Guideline) {
			g.Roles[0].Code = "G:F"
			g.Sections[0].Questions[0].Roles = nil
			g.Sections[0].Questions[0].Prompts[0].Roles = nil
			g.Sections[0].Questions[4].Roles = nil
		}},
		{"empty role label", func(g *qda.Guideline) { g.Roles[0].Label = "" }},
		{"preamble like a prompt", func(g *qda.Guideline) { g.Preamble[0] = "- eins" }},
		{"preamble like a heading", func(g *qda.Guideline) { g.Preamble[0] = "# eins" }},
		{"preamble with line break", func(g *qda.Guideline) { g.Preamble[0] = "eins\nzwei" }},
		{"section number with space", func(g *qda.Guideline) { g.Sections[0].Number = "1 a" }},
		{"empty section title", func(g *qda.Guideline) { g.Sections[0].Title = "" }},
		{"bad question id", func(g *qda.Guideline) { g.Sections[0].Questions[0].ID = "eins" }},
		{"question text with line break", func(g *qda.Guideline) { g.Sections[0].Questions[0].Text = "a\nb" }},
		{"role twice", func(g *qda.Guideline) { g.Sections[0].Questions[0].Roles = []string{"GF", "GF"} }},
		{"empty note", func(g *qda.Guideline) { g.Sections[0].Questions[0].Notes = []string{""} }},
		{"nested prompt note with spaces", func(g *qda.Guideline) {
			g.Sections[0].Questions[0].Prompts[0].Prompts[0].Notes = []string{"x "}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := testGuideline()
			tc.change(g)
			var buf bytes.Buffer
			err := Format(&buf, g)
			if qda.ErrorCode(err) != qda.EInvalid {
				t.Errorf("err = %v, want an invalid-input error", err)
			}
		})
	}
}
