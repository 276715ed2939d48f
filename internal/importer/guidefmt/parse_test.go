package guidefmt

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

const header = "---\nguid: 0b0d4a77-6f1e-4c1a-9a52-3b7f4a0f6b11\nkey: T.1\ntitle: Test\nlevel: operative\nwave: 2\nrole GF: Geschäftsführung\nrole PL: Projektleitung\n---\n"

func TestParse_Errors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		line      int
		msg       string
	}{
		{"empty file", "", 1, "starts with a front-matter line"},
		{"no front matter", "## 1. A\n", 1, "starts with a front-matter line"},
		{"unterminated front matter", "---\nkey: A\n", 1, "never closed"},
		{"unknown key", "---\nkey: A\nauthor: me\n---\n", 3, `unknown front-matter key "author"`},
		{"no colon", "---\nkey A\n---\n", 2, `expected "key: value"`},
		{"duplicate key", "---\nkey: A\nkey: B\n---\n", 3, `duplicate front-matter key "key"`},
		{"missing key", "---\ntitle: T\nlevel: strategic\nwave: 1\n---\n", 5, `lacks the required key "key"`},
		{"missing title", "---\nkey: K\nlevel: strategic\nwave: 1\n---\n", 5, `required key "title"`},
		{"missing level", "---\nkey: K\ntitle: T\nwave: 1\n---\n", 5, `required key "level"`},
		{"missing wave", "---\nkey: K\ntitle: T\nlevel: strategic\n---\n", 5, `required key "wave"`},
		{"empty title", "---\nkey: K\ntitle:\n---\n", 3, "the title is empty"},
		{"bad level", "---\nkey: K\nlevel: tactical\n---\n", 3, `bad level "tactical"`},
		{"bad wave", "---\nkey: K\nwave: one\n---\n", 3, `bad wave "one"`},
		{"wave zero", "---\nkey: K\nwave: 0\n---\n", 3, `bad wave "0"`},
		{"signed wave", "---\nkey: K\nwave: +1\n---\n", 3, `bad wave "+1"`},
		{"bad guid", "---\nguid: 0B0D4A77-6F1E-4C1A-9A52-3B7F4A0F6B11\n---\n", 2, "bad guid"},
		{"duplicate role", "---\nrole GF: A\nrole GF: B\n---\n", 3, `role "GF" is declared twice`},
		{"role without label", "---\nrole GF:\n---\n", 2, "needs a label"},
		{"role optional", "---\nrole optional: x\n---\n", 2, "reserved"},
		{"role with comma", "---\nrole A,B: x\n---\n", 2, "contains one of"},
		{"role without code", "---\nrole: x\n---\n", 2, "unknown front-matter key"},
		{"undeclared role", header + "## 1. S\n### 1.1 Q {GF, XY}\n", 11, `undeclared role "XY"`},
		{"role twice on item", header + "## 1. S\n### 1.1 Q\n- P {GF, GF}\n", 12, `role "GF" is given twice`},
		{"optional twice", header + "## 1. S\n### 1.1 Q {optional, optional}\n", 11, `"optional" is given twice`},
		{"empty attribute", header + "## 1. S\n### 1.1 Q {GF,,PL}\n", 11, "empty attribute"},
		{"question before section", header + "\n### 1.1 Q\n", 11, "question before any section"},
		{"prompt before question", header + "## 1. S\n\n- P\n", 12, "prompt before any question"},
		{"prompt in preamble", header + "\nIntro\n- P\n", 12, "prompt before any question"},
		{"note before question", header + "## 1. S\n> N\n", 11, "note before any question"},
		{"first prompt indented", header + "## 1. S\n### 1.1 Q\n  - P\n", 12, "must not be indented"},
		{"indent jump", header + "## 1. S\n### 1.1 Q\n- P\n    - P2\n", 13, "jumps from level 0 to level 2"},
		{"odd indent", header + "## 1. S\n### 1.1 Q\n- P\n - P2\n", 13, "indented by 1 spaces"},
		{"tab indent", header + "## 1. S\n### 1.1 Q\n- P\n\t- P2\n", 13, "spaces only"},
		{"question note after prompts", header + "## 1. S\n### 1.1 Q\n- P\n> N\n", 13, "before its prompts"},
		{"prompt note misindented", header + "## 1. S\n### 1.1 Q\n- P\n    > N\n", 13, "2 spaces here"},
		{"indented question note", header + "## 1. S\n### 1.1 Q\n  > N\n", 12, "must not be indented"},
		{"empty note", header + "## 1. S\n### 1.1 Q\n>\n", 12, "empty note"},
		{"question without text", header + "## 1. S\n### 1.1 {GF}\n", 11, "no text"},
		{"escaped question without text", header + "## 1. S\n### \\\n", 11, "no text"},
		{"prompt without text", header + "## 1. S\n### 1.1 Q\n- {PL}\n", 12, "no text"},
		{"section without title", header + "## 1.\n", 10, "has no title"},
		{"section without number", header + "##\n", 10, "needs a number"},
		{"annex without table", header + "# Title\n", 10, "has no table"},
		{"annex without table before next", header + "# A\n\n# B\n| x |\n", 10, `annex "A" has no table`},
		{"annex without title", header + "#\n", 10, "needs a title"},
		{"annex row width", header + "# A\n| x | y |\n| 1 |\n", 12, "has 1 cells, the header 2"},
		{"annex row open", header + "# A\n| x | y\n", 11, "starts and ends"},
		{"annex empty header cell", header + "# A\n| x |  |\n", 11, "needs a name"},
		{"section after annex", header + "# A\n| x |\n## 1. S\n", 12, "come after all sections"},
		{"text after annex", header + "# A\n| x |\ntext\n", 12, "come after all sections"},
		{"all-roles with role", header + "## 1. S\n### 1.1 Q {GF, all-roles}\n", 11, "name no role beside it"},
		{"inferred without role", header + "## 1. S\n### 1.1 Q {inferred}\n", 11, "name the roles beside it"},
		{"inferred and all-roles", header + "## 1. S\n### 1.1 Q\n- P {inferred, all-roles}\n", 12, "give one of"},
		{"role all-roles", "---\nrole all-roles: x\n---\n", 2, "reserved"},
		{"role inferred", "---\nrole inferred: x\n---\n", 2, "reserved"},
		{"heading level four", header + "## 1. S\n#### x\n", 11, "unknown heading"},
		{"heading without space", header + "##1. S\n", 10, "write a space"},
		{"stray text", header + "## 1. S\n### 1.1 Q\nmore text\n", 12, "unexpected text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.src), "t.guide.md", fixedID)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			if pe.Line != tc.line || !strings.Contains(pe.Msg, tc.msg) || pe.File != "t.guide.md" {
				t.Errorf("err = %v, want line %d and %q", err, tc.line, tc.msg)
			}
			if qda.ErrorCode(err) != qda.EInvalid {
				t.Errorf("ErrorCode = %q, want %q", qda.ErrorCode(err), qda.EInvalid)
			}
		})
	}
}

func TestParseError_Error(t *testing.T) {
	if got := (&ParseError{File: "a.guide.md", Line: 3, Msg: "bad"}).Error(); got != "a.guide.md:3: bad" {
		t.Errorf("with file: %q", got)
	}
	if got := (&ParseError{Line: 3, Msg: "bad"}).Error(); got != "line 3: bad" {
		t.Errorf("without file: %q", got)
	}
}

func TestParse_Structure(t *testing.T) {
	src := header + "\nIntro one\ncontinued.\n\nIntro two\n\n## 1. Eins\n\n" +
		"### 1.1 Frage {GF, optional}\n> Hinweis\n\n- A {PL}\n  > Notiz zu A\n  - A1\n    - A11 {GF}\n- B\n\n" +
		"### \\4PM wird genutzt\n\n### Ohne Nummer {}\n\n### 2.3 Eins\n\n### 2.3 Zwei\n\n### Text {x} {}\n\n## 1. Nochmal\n"
	g := mustParse(t, []byte(src), "t")
	if want := []string{"Intro one continued.", "Intro two"}; !reflect.DeepEqual(g.Preamble, want) {
		t.Errorf("preamble = %q", g.Preamble)
	}
	if g.Key != "T.1" || g.Title != "Test" || g.Level != qda.LevelOperative || g.Wave != 2 || len(g.Roles) != 2 {
		t.Errorf("front matter = %+v", g)
	}
	q := g.Sections[0].Questions[0]
	if q.ID != "1.1" || q.Text != "Frage" || !q.Optional || !reflect.DeepEqual(q.Roles, []string{"GF"}) || !reflect.DeepEqual(q.Notes, []string{"Hinweis"}) {
		t.Errorf("question = %+v", q)
	}
	a := q.Prompts[0]
	if a.Text != "A" || a.Notes[0] != "Notiz zu A" || a.Prompts[0].Prompts[0].Text != "A11" || q.Prompts[1].Text != "B" {
		t.Errorf("prompts = %+v", q.Prompts)
	}
	qs := g.Sections[0].Questions
	if qs[1].ID != "" || qs[1].Text != "4PM wird genutzt" || qs[2].Text != "Ohne Nummer" || qs[5].Text != "Text {x}" {
		t.Errorf("unnumbered questions = %q, %q, %q", qs[1].Text, qs[2].Text, qs[5].Text)
	}
	ns := g.GUID
	for _, c := range []struct {
		got  qda.GUID
		path string
	}{
		{g.Sections[0].GUID, "s:1."},
		{g.Sections[1].GUID, "s:1.#2"},
		{q.GUID, "s:1./q:1.1"},
		{a.GUID, "s:1./q:1.1/p:0"},
		{a.Prompts[0].Prompts[0].GUID, "s:1./q:1.1/p:0/p:0/p:0"},
		{q.Prompts[1].GUID, "s:1./q:1.1/p:1"},
		{qs[1].GUID, "s:1./q:t:4PM wird genutzt"},
		{qs[3].GUID, "s:1./q:2.3"},
		{qs[4].GUID, "s:1./q:2.3#2"},
	} {
		if want := qda.NameGUID(ns, c.path); c.got != want {
			t.Errorf("GUID of %s = %s, want %s", c.path, c.got, want)
		}
	}
	if g2 := mustParse(t, []byte(src), "t"); !reflect.DeepEqual(g, g2) {
		t.Error("parsing twice gave different results")
	}
}

func TestParse_MintsGUID(t *testing.T) {
	src := strings.Replace(header, "guid: 0b0d4a77-6f1e-4c1a-9a52-3b7f4a0f6b11\n", "", 1)
	g, err := Parse(strings.NewReader(src), "t", fixedID)
	if err != nil || g.GUID != testGUID {
		t.Fatalf("Parse = %v, %v", g, err)
	}
	if _, err := Parse(strings.NewReader(src), "t", nil); err == nil {
		t.Error("Parse without guid and generator succeeded")
	}
	boom := errors.New("boom")
	if _, err := Parse(strings.NewReader(src), "t", func() (qda.GUID, error) { return "", boom }); !errors.Is(err, boom) {
		t.Errorf("generator error not passed on: %v", err)
	}
}

func TestParse_Lenient(t *testing.T) {
	// CRLF line ends, a byte order mark, blank lines in the front matter,
	// trailing spaces and extra blank lines all parse like the canonical
	// file.
	canon := header + "\n## 1. S\n\n### 1.1 Q {GF}\n\n- P\n"
	messy := "\ufeff" + strings.ReplaceAll(strings.Replace(header, "key:", "\nkey:", 1), "\n", "\r\n") +
		"\r\n\r\n##  1.   S  \r\n### 1.1   Q{GF}   \r\n\r\n\r\n- P {}\r\n\r\n"
	a, b := mustParse(t, []byte(canon), "t"), mustParse(t, []byte(messy), "t")
	if !reflect.DeepEqual(a, b) {
		t.Errorf("messy file parsed differently:\n%+v\n%+v", a, b)
	}
	if out := string(mustFormat(t, b)); out != canon {
		t.Errorf("Format = %q, want %q", out, canon)
	}
}

func TestParse_PathCollision(t *testing.T) {
	// The unnumbered question "a/p:0" has the path of question a's first
	// prompt; it must get a GUID of its own.
	src := header + "## 1. S\n### a\n- P\n### a/p:0\n### a\n"
	g := mustParse(t, []byte(src), "t")
	qs := g.Sections[0].Questions
	ns := g.GUID
	if qs[0].Prompts[0].GUID != qda.NameGUID(ns, "s:1./q:t:a/p:0") || qs[1].GUID != qda.NameGUID(ns, "s:1./q:t:a/p:0#2") ||
		qs[2].GUID != qda.NameGUID(ns, "s:1./q:t:a#2") {
		t.Errorf("GUIDs = %s %s %s", qs[0].Prompts[0].GUID, qs[1].GUID, qs[2].GUID)
	}
}
