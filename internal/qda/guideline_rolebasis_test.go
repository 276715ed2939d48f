package qda

import (
	"strings"
	"testing"
)

// basisGuideline is a role matrix with every kind of role assignment: printed
// on the question, printed on a prompt, inferred, all roles by mark and all
// roles because nothing is marked.
func basisGuideline() *Guideline {
	id := func(s string) GUID { return NameGUID("0b0d4a77-6f1e-4c1a-9a52-3b7f4a0f6b11", s) }
	return &Guideline{GUID: id("g"), Key: "A.2.1", Title: "Generalleitfaden", Level: LevelOperative, Wave: 1,
		Roles: []Role{{"TL-P", "TL Projektteam"}, {"TL-L", "TL Leistungsteam"}, {"AG-S", "AG-S"}},
		Sections: []Section{{GUID: id("s1"), Number: "2.", Title: "Thema", Questions: []Question{
			{GUID: id("q1"), ID: "2.1", Text: "gedruckt", Roles: []string{"TL-P"}},
			{GUID: id("q2"), ID: "2.2", Text: "Punkte am Bullet", Prompts: []Prompt{
				{GUID: id("p1"), Text: "mit Punkt", Roles: []string{"TL-L"}},
				{GUID: id("p2"), Text: "ohne"},
			}},
			{GUID: id("q3"), ID: "2.4", Text: "Punkt ohne Spalte", Prompts: []Prompt{
				{GUID: id("p3"), Text: "Falls ja", Roles: []string{"TL-P"}, RoleBasis: RolesInferred},
			}},
			{GUID: id("q4"), ID: "2.2c", Text: "alle", RoleBasis: RolesAll, Prompts: []Prompt{
				{GUID: id("p4"), Text: "Unterfrage", Roles: []string{"AG-S"}, Prompts: []Prompt{{GUID: id("p5"), Text: "darunter"}}},
				{GUID: id("p6"), Text: "frei"},
			}},
			{GUID: id("q5"), ID: "2.2a", Text: "nichts markiert"},
			{GUID: id("q6"), ID: "3.1", Text: "gefolgert", Roles: []string{"TL-L"}, RoleBasis: RolesInferred},
		}}}}
}

func TestQuestion_RoleSource(t *testing.T) {
	g := basisGuideline()
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	want := map[string]RoleBasis{"2.1": RolesPrinted, "2.2": RolesPrinted, "2.4": RolesInferred,
		"2.2c": RolesAll, "2.2a": RolesAll, "3.1": RolesInferred}
	for _, q := range g.Sections[0].Questions {
		if got := q.RoleSource(); got != want[q.ID] {
			t.Errorf("%s: RoleSource = %q, want %q", q.ID, got, want[q.ID])
		}
	}
	q := g.Sections[0].Questions[3]
	for _, tc := range []struct {
		p    *Prompt
		want RoleBasis
	}{
		{&q.Prompts[0], RolesPrinted},
		{&q.Prompts[0].Prompts[0], RolesAll}, // no own roles: the parent's source is passed in
		{&q.Prompts[1], RolesAll},
		{&g.Sections[0].Questions[2].Prompts[0], RolesInferred},
	} {
		if got := PromptRoleSource(tc.p, RolesAll); got != tc.want {
			t.Errorf("PromptRoleSource(%q) = %q, want %q", tc.p.Text, got, tc.want)
		}
	}
}

func TestGuideline_ForRoleAllRoles(t *testing.T) {
	g := basisGuideline()
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
		// 2.2c is marked for all roles: its AG-S prompt does not narrow it.
		{"TL-L", "2.2/mit Punkt/ohne 2.2c/frei 2.2a 3.1"},
		{"AG-S", "2.2c/Unterfrage/darunter/frei 2.2a"},
		{"TL-P", "2.1 2.4/Falls ja 2.2c/frei 2.2a"},
	} {
		got, err := g.ForRole(tc.role)
		if err != nil {
			t.Fatal(err)
		}
		if l := list(got); l != tc.want {
			t.Errorf("ForRole(%s) = %q, want %q", tc.role, l, tc.want)
		}
	}
}

func TestGuideline_ValidateRoleBasis(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(g *Guideline)
		msg  string
	}{
		{"all with roles", func(g *Guideline) { g.Sections[0].Questions[0].RoleBasis = RolesAll }, "names roles too"},
		{"inferred without roles", func(g *Guideline) { g.Sections[0].Questions[4].RoleBasis = RolesInferred }, "names no role"},
		{"unknown basis", func(g *Guideline) { g.Sections[0].Questions[4].RoleBasis = "guessed" }, "unknown role basis"},
		{"reserved role code", func(g *Guideline) { g.Roles[0].Code = "all-roles" }, "invalid role code"},
		{"annex without header", func(g *Guideline) { g.Annexes = []Annex{{Title: "Übersicht"}} }, "needs a title and a header"},
		{"annex row width", func(g *Guideline) {
			g.Annexes = []Annex{{Title: "Ü", Header: []string{"a", "b"}, Rows: [][]string{{"x"}}}}
		}, "has 1 cells"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := basisGuideline()
			tc.edit(g)
			err := g.Validate()
			if ErrorCode(err) != EInvalid || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("Validate = %v, want EInvalid with %q", err, tc.msg)
			}
		})
	}
}
