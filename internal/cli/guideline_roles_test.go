package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestGuidelineShow_RoleSource(t *testing.T) {
	dir := sampleCopy(t)
	code, out, stderr := run(t, "", "-p", dir, "guideline", "show", "A.2.1", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var g guidelineJSON
	if err := json.Unmarshal([]byte(out), &g); err != nil {
		t.Fatal(err)
	}
	n, sources := 0, map[string]string{}
	for _, s := range g.Sections {
		for _, q := range s.Questions {
			n++
			id := q.ID
			if id == "" {
				id = q.Text
			}
			sources[id] = string(q.RoleSource)
		}
	}
	if n != 50 {
		t.Errorf("A.2.1 shows %d lead questions, want 50", n)
	}
	for id, want := range map[string]string{"2.2a": "all", "Fragen zum Erstgespräch": "all", "2.2c": "all",
		"2.4": "inferred", "3.1a": "inferred", "1.3b": "printed", "6.3": "printed"} {
		if sources[id] != want {
			t.Errorf("%s: roleSource %q, want %q", id, sources[id], want)
		}
	}
	code, out, _ = run(t, "", "-p", dir, "guideline", "show", "A.2.1")
	for _, want := range []string{
		"2.2a Inwiefern führt die EJO zu einer Veränderung des Betreuungs- und Vermittlungsprozesses? In Bezug auf: (all roles: the guideline marks none)",
		"- Verändert sich die Maßnahmenpolitik durch die EJO? (TL-Projektteam, inferred)",
		"    - Was würden Sie sich im Rahmen der fachaufsichtlichen Führung noch wünschen? (IFK-Projektteam)",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("guideline show lacks %q", want)
		}
	}
	code, out, _ = run(t, "", "-p", dir, "guideline", "show", "A.3.2")
	if code != 0 || !strings.Contains(out, "Übersicht: Starttermine der EJO in den Jobcentern") || !strings.Contains(out, "Aachen     Juni 2013") {
		t.Errorf("guideline show A.3.2 lacks the start-date table:\n%s", out)
	}
}

func TestProtocolTemplate_RoleMarks(t *testing.T) {
	dir := sampleCopy(t)
	code, out, stderr := run(t, "", "-p", dir, "protocol", "template", "--guideline", "A.2.1", "--role", "TL-Leistungsteam")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var ids []string
	for _, l := range strings.Split(out, "\n") {
		if id, ok := strings.CutPrefix(l, "### "); ok {
			ids = append(ids, id)
		}
	}
	want := "1.2 1.3a/1.6 1.3b 1.3c 2.2a 2.2b Fragen zum Erstgespräch 2.2c 2.2e 2.3 4.1 4.3 5.8 6.4b 6.5 6.5a"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("template questions = %q, want %q", got, want)
	}
	for _, w := range []string{
		"<!-- Role TL-Leistungsteam: 12 questions marked for this role, 0 inferred, 4 asked of all roles because the guideline marks no role for them (flagged below). -->",
		"### Fragen zum Erstgespräch\n<!-- Fragen zum Erstgespräch -->\n<!-- roles: all — the guideline marks no role for this question -->",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("template lacks %q", w)
		}
	}
	code, out, _ = run(t, "", "-p", dir, "protocol", "template", "--guideline", "A.2.1", "--role", "IFK-Projektteam")
	if code != 0 || !strings.Contains(out, "<!-- roles: IFK-Projektteam — inferred: the printed guideline lost the column of its mark -->") {
		t.Errorf("IFK template does not flag 2.4 as inferred")
	}
}
