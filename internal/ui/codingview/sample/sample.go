// Package sample generates a densely coded, German-like interview
// protocol for the coding view's benchmarks, tests and demos. The output
// is deterministic for a seed.
package sample

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/protocoder/protocoder/internal/qda"
)

// ns is the namespace of the generated GUIDs.
const ns qda.GUID = "0c0d1e5a-5a3b-4e6f-8a1b-000000000000"

// ID returns the generated GUID for a name such as "code:Ziele".
func ID(name string) qda.GUID { return qda.NameGUID(ns, name) }

// Code is a generated code: its GUID, name and colour ("#rrggbb").
type Code struct {
	// GUID identifies the code.
	GUID qda.GUID
	// Name is the code's name.
	Name string
	// Color is the code's colour.
	Color string
}

// Protocol is a generated protocol with its codings.
type Protocol struct {
	// Text is the canonical text.
	Text string
	// Codings are the codings, sorted by start.
	Codings []qda.Coding
	// Codes are the codes the codings refer to.
	Codes []Code
	// Coders are the coders' GUIDs; CoderNames maps them to names.
	Coders     []qda.GUID
	CoderNames map[qda.GUID]string
}

var words = strings.Fields(`Jobcenter Arbeitgeber Vermittlung Beratung Kundinnen Kunden Fachkräfte
Integration Maßnahme Förderung Zielvereinbarung Geschäftsführung Teamleitung Straße Größe
Übergang Qualifizierung Bewerbung Eingliederung Arbeitsmarkt Langzeitarbeitslose Erfahrung
Zusammenarbeit Kooperation Netzwerk Träger Betrieb Stelle Kontakt Gespräch Termin Prozess
und oder aber weil dass wenn auch noch schon sehr eher ganz viel wenig immer manchmal
wir haben sind wurde werden können müssen sollen würde hätten gibt macht läuft kommt geht
die der das den dem ein eine einen mit für über unter nach bei aus von zu im am ins
natürlich eigentlich grundsätzlich tatsächlich schwierig gut besser schlechter größer
Schlüsselqualifikation Betreuungsschlüssel Vermittlungsvorschlag Arbeitgeberservice`)

var questions = []string{
	"Welche Ziele verfolgt Ihr Jobcenter mit der Joboffensive?",
	"Was läuft gut, was weniger gut?",
	"Wie hat sich die Zusammenarbeit mit den Arbeitgebern verändert?",
	"Wie wird die Zielerreichung gemessen?",
	"Welche Rolle spielt die Größe der Teams?",
	"Was würden Sie anderen Jobcentern raten?",
}

var codeNames = []string{
	"Ziele", "Steuerung", "Kennzahlen", "Arbeitgeberkontakte", "Personal", "Qualifizierung",
	"Kooperation", "Probleme", "Erfolge", "Kundengruppen", "Zuweisung", "Organisation",
	"Betreuungsschlüssel", "Ressourcen", "Empfehlungen", "Zitat", "Widerspruch", "Unklar",
}

var palette = []string{
	"#4e79a7", "#f28e2b", "#e15759", "#59a14f", "#b07aa1", "#edc948", "#76b7b2", "#ff9da7",
	"#9c755f", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
	"#bcbd22", "#7f7f7f",
}

// Generate returns a protocol of at least n runes (cut at a paragraph end)
// with the given number of codings, by two coders.
func Generate(n, codings int, seed uint64) Protocol {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var b strings.Builder
	size := 0
	write := func(s string) { b.WriteString(s); size += utf8.RuneCountInString(s) }
	for q := 0; size < n; q++ {
		if q > 0 {
			write("\n\n")
		}
		write("I: " + questions[q%len(questions)] + "\n\nB: ")
		for s, ns := 0, 2+rng.IntN(7); s < ns; s++ {
			if s > 0 {
				write(" ")
			}
			write(sentence(rng))
		}
	}
	p := Protocol{Text: b.String(), CoderNames: map[qda.GUID]string{}}
	for i, name := range codeNames {
		p.Codes = append(p.Codes, Code{GUID: ID("code:" + name), Name: name, Color: palette[i%len(palette)]})
	}
	for _, name := range []string{"anna", "ben"} {
		p.Coders = append(p.Coders, ID("user:"+name))
		p.CoderNames[ID("user:"+name)] = name
	}
	p.Codings = codingsFor(p, codings, rng)
	return p
}

// sentence returns a random sentence, now and then with an emoji.
func sentence(rng *rand.Rand) string {
	n := 5 + rng.IntN(14)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[rng.IntN(len(words))]
	}
	ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
	end := "."
	switch rng.IntN(12) {
	case 0:
		end = "? 🙂"
	case 1:
		end = " – also …"
	case 2:
		end = "!"
	}
	return strings.Join(ws, " ") + end
}

// codingsFor places codings on word boundaries: most cover a few words to
// a sentence, some a whole answer; they overlap freely.
func codingsFor(p Protocol, n int, rng *rand.Rand) []qda.Coding {
	runes := []rune(p.Text)
	var starts []int // word starts
	for i, r := range runes {
		if r != ' ' && r != '\n' && (i == 0 || runes[i-1] == ' ' || runes[i-1] == '\n') {
			starts = append(starts, i)
		}
	}
	wordEnd := func(i int) int {
		for i < len(runes) && runes[i] != ' ' && runes[i] != '\n' {
			i++
		}
		return i
	}
	out := make([]qda.Coding, 0, n)
	for k := 0; k < n; k++ {
		w := rng.IntN(len(starts))
		var nw int
		switch r := rng.IntN(10); {
		case r < 5:
			nw = 1 + rng.IntN(6)
		case r < 9:
			nw = 6 + rng.IntN(30)
		default:
			nw = 40 + rng.IntN(120)
		}
		last := min(w+nw-1, len(starts)-1)
		c := qda.Coding{
			GUID:     ID("coding:" + strconv.Itoa(k)),
			Document: ID("doc:generated"),
			Range:    qda.Range{Start: starts[w], End: wordEnd(starts[last])},
			Code:     p.Codes[rng.IntN(len(p.Codes))].GUID,
			Coder:    p.Coders[rng.IntN(len(p.Coders))],
		}
		if rng.IntN(5) == 0 {
			c.Memo = "Passt zur Aussage in Frage 1.2 – prüfen."
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b qda.Coding) int { return cmp.Compare(a.Start, b.Start) })
	return out
}
