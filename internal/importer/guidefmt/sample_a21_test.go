package guidefmt

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// TestParse_SampleA21 holds the sample's A.2.1 to the printed guideline: 50
// lead questions (48 numbered ones and the two unnumbered blocks), the
// italic sub-questions of 2.2c, 6.3 and 6.5 as their follow-ups, and the role
// basis of the rows the print marks no role for or whose dots lost their
// column.
func TestParse_SampleA21(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "..", "sampledata", "guidelines", "A.2.1-generalleitfaden.guide.md"))
	if err != nil {
		t.Fatal(err)
	}
	g := mustParse(t, src, "A.2.1")
	if c := g.Count(); c.Questions != 50 {
		t.Errorf("A.2.1 has %d lead questions, want 50", c.Questions)
	}
	unnumbered := 0
	byID := map[string]*qda.Question{}
	for si := range g.Sections {
		for qi := range g.Sections[si].Questions {
			q := &g.Sections[si].Questions[qi]
			if q.ID == "" {
				unnumbered++
				byID[q.Text] = q
				continue
			}
			if _, dup := byID[q.ID]; !dup {
				byID[q.ID] = q
			}
		}
	}
	if unnumbered != 2 {
		t.Errorf("%d unnumbered lead questions, want 2 (Erstgespräch, Folgegespräch)", unnumbered)
	}
	for _, tc := range []struct {
		id, firstPrompt string
		source          qda.RoleBasis
	}{
		{"2.2c", "Welche Vorstellung haben Sie vom Verhältnis Vermittler-Kunde?", qda.RolesAll},
		{"6.3", "Was würden Sie sich im Rahmen der fachaufsichtlichen Führung noch wünschen?", qda.RolesPrinted},
		{"6.5", "Wie und in welchem Maße können die IFK die Erfahrungen aus ihrer Arbeit bei der Nachsteuerung zur EJO im Jobcenter einbringen? (z.B. im Hinblick auf die Profillagen in der EJO)", qda.RolesPrinted},
		{"2.2a", "die Arbeit mit den Kunden/innen allgemein", qda.RolesAll},
		{"2.2b", "Gibt es Hilfestellungen oder Vorgaben zur Kommunikationsstrategie und Gesprächsführung sowie zum Umgang mit unrealistischen Vorstellungen auf Seiten des Kunden der Kundin?", qda.RolesAll},
		{"Fragen zum Erstgespräch", "Wie funktioniert die Gesprächsvorbereitung?", qda.RolesAll},
		{"2.4", "Falls ja: Für welche Berufsgruppe(n) sind Sie zuständig?", qda.RolesInferred},
		{"3.1", "Verändert sich die Maßnahmenpolitik durch die EJO?", qda.RolesInferred},
		{"3.1a", "Werden die Kriterien für die Maßnahmenzuweisung durch die EJO verändert? Wird seltener/häufiger, früher/später zugewiesen?", qda.RolesInferred},
		{"1.3b", "Gibt es Zielkonflikte? Wie wurden diese ggf. gelöst?", qda.RolesPrinted},
	} {
		q := byID[tc.id]
		if q == nil {
			t.Errorf("no question %s", tc.id)
			continue
		}
		if len(q.Prompts) == 0 || q.Prompts[0].Text != tc.firstPrompt {
			t.Errorf("%s: first prompt %v, want %q", tc.id, q.Prompts, tc.firstPrompt)
		}
		if got := q.RoleSource(); got != tc.source {
			t.Errorf("%s: RoleSource = %q, want %q", tc.id, got, tc.source)
		}
	}
	tl, err := g.ForRole("TL-Leistungsteam")
	if err != nil {
		t.Fatal(err)
	}
	var all, own int
	for _, s := range tl.Sections {
		for _, q := range s.Questions {
			switch q.RoleSource() {
			case qda.RolesAll:
				all++
			default:
				own++
			}
		}
	}
	// TL-Leistungsteam has its dot at 1.2, 1.3a/1.6, 1.3b, 1.3c, 2.2e,
	// the second 2.3, 4.1, 4.3, 5.8, 6.4b, 6.5, 6.5a; every role is asked
	// 2.2a, 2.2b, the Erstgespräch block and 2.2c.
	if own != 12 || all != 4 {
		t.Errorf("TL-Leistungsteam: %d questions with its dot and %d for all roles, want 12 and 4", own, all)
	}
}

func TestParse_SampleA32Annex(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "..", "sampledata", "guidelines", "A.3.2-kunden.guide.md"))
	if err != nil {
		t.Fatal(err)
	}
	g := mustParse(t, src, "A.3.2")
	if len(g.Annexes) != 1 {
		t.Fatalf("A.3.2 has %d annexes, want the start-date table", len(g.Annexes))
	}
	a := g.Annexes[0]
	if a.Title != "Übersicht: Starttermine der EJO in den Jobcentern" || len(a.Header) != 2 || len(a.Rows) != 5 ||
		a.Rows[2][0] != "Aachen" || a.Rows[2][1] != "Juni 2013" {
		t.Errorf("annex = %+v", a)
	}
}
