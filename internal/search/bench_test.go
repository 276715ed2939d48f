package search

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

// benchWords are German-ish words, compounds included.
var benchWords = strings.Fields(`Arbeitgeber Arbeitgeberservice Arbeitgeberansprache Vermittlung
	Vermittlungsvorschlag Vorschläge Jobcenter Zusammenarbeit Kooperation Leistung Leistungen Beratung
	Fallmanagement Teilhabe Größe Straße Büro Bürogebäude Kundenservice Integrationsfachkraft Projektteam
	Basisteam Leistungsteam Netzwerk Qualifizierung Weiterbildung Förderung Eingliederung Langzeitarbeitslose
	Motivation Vertrauen Schwierigkeiten Erfahrungen Einschätzung Umsetzung Gespräch Gespräche Termin Termine
	der die das und mit über für wurde haben sind sehr gut eher nicht auch noch immer wieder schon`)

// benchPassages generates n passages of 20–80 words in documents of 20.
func benchPassages(n int) []qda.IndexPassage {
	r := rand.New(rand.NewSource(1))
	levels := []qda.Level{qda.LevelStrategic, qda.LevelOperative, qda.LevelIntensive}
	out := make([]qda.IndexPassage, n)
	for i := range out {
		words := make([]string, 20+r.Intn(60))
		for j := range words {
			words[j] = benchWords[r.Intn(len(benchWords))]
		}
		doc := i / 20
		out[i] = psg(doc, (i%20)*1000, strings.Join(words, " ")+".",
			meta(levels[doc%3], 1+doc%2, fmt.Sprintf("JC-%02d", doc%12), []string{"IFK", "PL", "GF", "TL"}[doc%4], "mara"),
			codes(fmt.Sprintf("%d.%d", 1+r.Intn(6), 1+r.Intn(4))))
	}
	return out
}

func BenchmarkIndex_Search(b *testing.B) {
	x := newIndex(b)
	ps := benchPassages(4000)
	start := time.Now()
	for i := 0; i < len(ps); i += 500 {
		mustAdd(b, x, ps[i:i+500]...)
	}
	b.Logf("indexed %d passages in %v", len(ps), time.Since(start))
	queries := []string{"Vermittlung", "Arbeitgeber", "Service", `"Vermittlung Arbeitgeber"`, "Arbeitg*",
		"Vermitlung~", "Arbeitgeber -Büro level:operative", `code:"5.1" OR code:2*`, "Vorschlag Beratung Termin"}
	for _, q := range queries {
		for _, facets := range []bool{false, true} {
			name := q
			if facets {
				name += "/facets+highlight"
			}
			b.Run(name, func(b *testing.B) {
				req := qda.SearchRequest{Query: q, Limit: 20, NoFacets: !facets, NoHighlight: !facets}
				var lat []time.Duration
				for b.Loop() {
					t0 := time.Now()
					if _, err := x.Search(req); err != nil {
						b.Fatal(err)
					}
					lat = append(lat, time.Since(t0))
				}
				sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
				b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
				b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds()), "p95-µs")
			})
		}
	}
}

// BenchmarkIndex_UpdatePurge measures replacing one document's passages
// with changed text, which compacts the index (see purge).
func BenchmarkIndex_UpdatePurge(b *testing.B) {
	x := newIndex(b)
	ps := benchPassages(4000)
	for i := 0; i < len(ps); i += 500 {
		mustAdd(b, x, ps[i:i+500]...)
	}
	n := 0
	for b.Loop() {
		n++
		doc := ps[:20]
		for i := range doc {
			doc[i].Text = fmt.Sprintf("Version %d: %s", n, doc[i].Text)
		}
		if err := x.Update([]qda.GUID{doc[0].Document}, doc); err != nil {
			b.Fatal(err)
		}
	}
	if x.rewrites != 0 {
		b.Errorf("%d fallback rewrites", x.rewrites)
	}
}
