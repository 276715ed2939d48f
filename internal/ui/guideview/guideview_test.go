package guideview

import (
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

func loaded(t *testing.T, key string) *GuideView {
	t.Helper()
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	v := New(uitest.Service(uitest.Sample(), "anna"), func(err error) { t.Fatal(err) })
	test.NewTempWindow(t, v)
	v.Load(uitest.ID("g:" + key))
	return v
}

// plain returns the text of rich-text segments, a line per block.
func plain(segs []widget.RichTextSegment) string {
	var b strings.Builder
	for _, s := range segs {
		switch s := s.(type) {
		case *widget.ParagraphSegment:
			b.WriteString(plain(s.Texts))
		case *widget.TextSegment:
			b.WriteString(s.Text)
		}
		if !s.Inline() {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// questionIDs lists the ids of the questions shown.
func questionIDs(g *qda.Guideline) []string {
	var out []string
	for _, s := range g.Sections {
		for _, q := range s.Questions {
			out = append(out, q.ID)
		}
	}
	return out
}

func TestGuideView_Load(t *testing.T) {
	v := loaded(t, "A.1.1")
	if got, want := v.title.Text, "A.1.1 – Strategische Ebene – Geschäftsführung"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	if got, want := v.meta.Text, "Strategische Ebene · Welle 1 · 2 Themen, 3 Leitfragen, 3 Nachfragen"; got != want {
		t.Errorf("meta %q, want %q", got, want)
	}
	wantOpts := []string{"Alle Rollen", "GF – Geschäftsführung Grundsicherung", "PL – Projektleitung", "CF – Controlling"}
	if !reflect.DeepEqual(v.roles.Options, wantOpts) {
		t.Errorf("role options %q, want %q", v.roles.Options, wantOpts)
	}
	text := plain(v.body.Segments)
	for _, want := range []string{"1. Strategische Bedeutung", "1.1  Welche Ziele", "[GF, PL]", "» Nach Ermessen stellen.", "• Größe der Teams", "◦ Veränderungen seit Beginn", "2.1  Wie wird"} {
		if !strings.Contains(text, want) {
			t.Errorf("body lacks %q:\n%s", want, text)
		}
	}
	if !v.accordion.Visible() || !v.roleRow.Visible() {
		t.Error("preamble and role filter should show")
	}
}

func TestGuideView_SetRole(t *testing.T) {
	tests := []struct {
		role      string
		ids       []string
		shows     []string
		hides     []string
		selection string
	}{
		{"", []string{"1.1", "1.2", "2.1"}, []string{"Kennzahlen", "Größe der Teams"}, nil, "Alle Rollen"},
		{"GF", []string{"1.1", "1.2"}, []string{"Größe der Teams", "Veränderungen seit Beginn"}, []string{"Kennzahlen", "2. Steuerung"}, "GF – Geschäftsführung Grundsicherung"},
		{"Controlling", []string{"1.2", "2.1"}, []string{"Kennzahlen", "2. Steuerung"}, []string{"Größe der Teams", "Welche Ziele"}, "CF – Controlling"},
		{"pl", []string{"1.1"}, []string{"Welche Ziele"}, []string{"Was läuft gut"}, "PL – Projektleitung"},
	}
	v := loaded(t, "A.1.1")
	for _, tt := range tests {
		t.Run("role="+tt.role, func(t *testing.T) {
			if err := v.SetRole(tt.role); err != nil {
				t.Fatal(err)
			}
			if got := questionIDs(v.shown); !reflect.DeepEqual(got, tt.ids) {
				t.Errorf("questions %q, want %q", got, tt.ids)
			}
			if v.roles.Selected != tt.selection {
				t.Errorf("select shows %q, want %q", v.roles.Selected, tt.selection)
			}
			text := plain(v.body.Segments)
			for _, s := range tt.shows {
				if !strings.Contains(text, s) {
					t.Errorf("body lacks %q", s)
				}
			}
			for _, s := range tt.hides {
				if strings.Contains(text, s) {
					t.Errorf("body shows %q", s)
				}
			}
		})
	}
	if err := v.SetRole("XY"); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("unknown role: err %v, want invalid", err)
	}
}

func TestGuideView_roleSelect(t *testing.T) {
	v := loaded(t, "A.1.1")
	v.roles.SetSelected("CF – Controlling") // what a user's choice does
	if got := questionIDs(v.shown); !reflect.DeepEqual(got, []string{"1.2", "2.1"}) {
		t.Errorf("questions %q after choosing CF", got)
	}
	if want := "für diese Rolle: 2 von 3 Leitfragen"; !strings.HasSuffix(v.meta.Text, want) {
		t.Errorf("meta %q, want suffix %q", v.meta.Text, want)
	}
}

func TestGuideView_withoutRoles(t *testing.T) {
	v := loaded(t, "A.2.1")
	if v.roleRow.Visible() || v.accordion.Visible() {
		t.Error("a guideline without roles or preamble shows neither filter nor preamble")
	}
	if got := questionIDs(v.shown); !reflect.DeepEqual(got, []string{"1.1"}) {
		t.Errorf("questions %q", got)
	}
}

func TestSegments_RoleSourceAndAnnex(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	id := func(s string) qda.GUID { return qda.NameGUID("0b0d4a77-6f1e-4c1a-9a52-3b7f4a0f6b11", s) }
	g := &qda.Guideline{GUID: id("g"), Key: "A.2.1", Title: "Generalleitfaden", Level: qda.LevelOperative, Wave: 1,
		Roles: []qda.Role{{Code: "TL-P", Label: "TL Projektteam"}, {Code: "IFK", Label: "IFK"}},
		Sections: []qda.Section{{GUID: id("s"), Number: "2.", Title: "Betreuung", Questions: []qda.Question{
			{GUID: id("q1"), ID: "2.2a", Text: "Ohne Punkte"},
			{GUID: id("q2"), ID: "2.4", Text: "Punkt ohne Spalte", Prompts: []qda.Prompt{
				{GUID: id("p1"), Text: "Falls ja", Roles: []string{"IFK"}, RoleBasis: qda.RolesInferred}}},
			{GUID: id("q3"), ID: "2.3", Text: "Gedruckt", Roles: []string{"TL-P"}},
		}}},
		Annexes: []qda.Annex{{Title: "Übersicht: Starttermine", Header: []string{"Jobcenter", "Start"}, Rows: [][]string{{"Aachen", "Juni 2013"}}}}}
	text := plain(Segments(g))
	for _, want := range []string{
		"2.2a  Ohne Punkte  [alle Rollen: im Leitfaden ohne Markierung]",
		"• Falls ja  [IFK, erschlossen]",
		"2.3  Gedruckt  [TL-P]\n",
		"Übersicht: Starttermine" + "Jobcenter · Start\nAachen · Juni 2013", // a sub-heading ends no line in plain()
	} {
		if !strings.Contains(text, want) {
			t.Errorf("body lacks %q:\n%s", want, text)
		}
	}
}
