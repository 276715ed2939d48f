package search

import (
	"bytes"
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/protocoder/protocoder/internal/bench"
	"github.com/protocoder/protocoder/internal/qda"
)

// twinSamples are texts that exercise the analysis: stop words with
// umlauts, ß and ẞ, folding, compounds with seams, accents the stemmer
// folds, numbers, abbreviations, apostrophes, emoji, other scripts.
var twinSamples = []string{
	"",
	"Die Zusammenarbeit mit dem Arbeitgeberservice läuft über das Jobcenter.",
	"FÜR ÜBER Für über daß dass können müssen würde hätte",
	"Größe Straße STRASSE GROẞE Groesse Büroeinrichtung Infoeinheit Videoerstellung aktuell Quelle",
	"Café café CAFÉ naïve Ångström Tür-an-Tür E-Mail z.B. u.a. d.h. geht's 3a 12,5 % 2024-05-01 10:30",
	"Vermittlungsvorschläge Arbeitgeberansprache Kundenservice Langzeitarbeitslose Eingliederungsvereinbarung",
	"İstanbul ǅemal ȺȾ Ω Σίσυφος Москва 東京 😀 🇩🇪 👩‍👩‍👧 ﬁnden",
	"Häuser Häusern Hauses Häuschen gelesen lesbar lesbarst festest Festen schönsten Gärten Männer",
	"IFK PL GF TL JC-01 §13 SGB II 50.000€ (sic!) „Zitat“ »Zitat« – … ",
}

// analyzeBoth returns what the registered analyzers give text, field by
// field: the queries use them.
func analyzeBoth(tb testing.TB, text string) (stemmed, folded analysis.TokenStream) {
	tb.Helper()
	m := NewMapping()
	return m.AnalyzerNamed(de.AnalyzerName).Analyze([]byte(text)), m.AnalyzerNamed(analyzerFolded).Analyze([]byte(text))
}

// sameTokens reports the first difference of got from want in what the
// index keeps of a token: term, position and offsets.
func sameTokens(got, want analysis.TokenStream) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d tokens, want %d: %v, want %v", len(got), len(want), got, want)
	}
	for i := range got {
		g, w := got[i], want[i]
		if string(g.Term) != string(w.Term) || g.Position != w.Position || g.Start != w.Start || g.End != w.End {
			return fmt.Errorf("token %d is %q pos %d %d-%d, want %q pos %d %d-%d", i,
				g.Term, g.Position, g.Start, g.End, w.Term, w.Position, w.Start, w.End)
		}
	}
	return nil
}

func checkTwin(t *testing.T, a *twinAnalyzers, text string) {
	t.Helper()
	input := []byte(text)
	stemmed, folded := a.analyze(input)
	if string(input) != text {
		t.Fatalf("the analysis changed its input %q to %q", text, input)
	}
	wantStemmed, wantFolded := analyzeBoth(t, text)
	if err := sameTokens(stemmed, wantStemmed); err != nil {
		t.Fatalf("%q, stemmed: %v", text, err)
	}
	if err := sameTokens(folded, wantFolded); err != nil {
		t.Fatalf("%q, folded: %v", text, err)
	}
}

func TestTwinAnalyzers_Analyze(t *testing.T) {
	a, err := newTwinAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range twinSamples {
		t.Run(fmt.Sprint(i), func(t *testing.T) { checkTwin(t, a, text) })
	}
	t.Run("generated", func(t *testing.T) {
		w := bench.NewWriter(rand.New(rand.NewSource(7)))
		for i := 0; i < 20; i++ {
			checkTwin(t, a, w.Text(bench.ProtocolSize))
		}
	})
}

// sameFrequencies reports the first difference of got from want.
func sameFrequencies(got, want index.TokenFrequencies) error {
	if len(got) != len(want) {
		return fmt.Errorf("%d terms, want %d", len(got), len(want))
	}
	for term, w := range want {
		g := got[term]
		if g == nil {
			return fmt.Errorf("term %q is missing", term)
		}
		if string(g.Term) != string(w.Term) || g.Frequency() != w.Frequency() || len(g.Locations) != len(w.Locations) {
			return fmt.Errorf("term %q: %q ×%d at %d locations, want %q ×%d at %d", term,
				g.Term, g.Frequency(), len(g.Locations), w.Term, w.Frequency(), len(w.Locations))
		}
		for i, l := range w.Locations {
			if gl := *g.Locations[i]; gl.Start != l.Start || gl.End != l.End || gl.Position != l.Position ||
				!slices.Equal(gl.ArrayPositions, l.ArrayPositions) {
				return fmt.Errorf("term %q: location %d is %+v, want %+v", term, i, *g.Locations[i], *l)
			}
		}
	}
	return nil
}

// TestTwinTextField_Analyze checks that the two text fields of a passage
// document count the terms bleve's analysis of each field counts, whichever
// is analysed first, and leave the stored text as it is.
func TestTwinTextField_Analyze(t *testing.T) {
	a, err := newTwinAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range twinSamples {
		for _, foldedFirst := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d/folded first %v", i, foldedFirst), func(t *testing.T) {
				p := psg(1, 0, text)
				doc := a.passageDocument(&p)
				want := map[string]index.TokenFrequencies{}
				stemmed, folded := analyzeBoth(t, text)
				fields := map[string]*twinTextField{}
				for _, f := range doc.Fields {
					tw, ok := f.(*twinTextField)
					if !ok {
						continue
					}
					fields[tw.Name()] = tw
					toks := stemmed
					if tw.Name() == FieldFolded {
						toks = folded
					}
					want[tw.Name()] = analysis.TokenFrequency(toks, tw.ArrayPositions(), tw.Options())
				}
				if len(fields) != 2 {
					t.Fatalf("fields %v, want text and folded", fields)
				}
				order := []string{FieldText, FieldFolded}
				if foldedFirst {
					order = []string{FieldFolded, FieldText}
				}
				for _, name := range order {
					fields[name].Analyze()
				}
				for _, name := range order {
					f := fields[name]
					if err := sameFrequencies(f.AnalyzedTokenFrequencies(), want[name]); err != nil {
						t.Errorf("%s: %v", name, err)
					}
					wantLen := len(stemmed)
					if name == FieldFolded {
						wantLen = len(folded)
					}
					if f.AnalyzedLength() != wantLen {
						t.Errorf("%s: length %d, want %d", name, f.AnalyzedLength(), wantLen)
					}
					if string(f.Value()) != text {
						t.Errorf("%s: value %q, want %q", name, f.Value(), text)
					}
				}
			})
		}
	}
}

func TestTwinAnalyzers_LightStem(t *testing.T) {
	a, err := newTwinAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	stem := de.NewGermanLightStemmerFilter()
	for _, w := range []string{"hausern", "hauses", "lesbarst", "festest", "festen", "schonsten", "garten", "manner",
		"arbeit", "ab", "abcd", "abcde", "abcdes", "abcdest", "kinds", "kind", "café", "cafés", "naïven", "lern", "lernen"} {
		want := string(stem.Filter(analysis.TokenStream{{Term: []byte(w)}})[0].Term)
		in := []byte(w)
		if got := string(a.lightStem(in)); got != want {
			t.Errorf("lightStem(%q) = %q, stemmer_de_light %q", w, got, want)
		}
		if string(in) != w {
			t.Errorf("lightStem changed %q to %q", w, in)
		}
	}
}

func FuzzTwinAnalyzers(f *testing.F) {
	for _, s := range twinSamples {
		f.Add(s)
	}
	a, err := newTwinAnalyzers()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		checkTwin(t, a, text)
	})
}

// BenchmarkTwinAnalyzers_Analyze compares, on the passages of generated
// protocols, the
// analysis and term counting of both text fields by the registered
// analyzers and bleve's counting with the twin analysis.
func BenchmarkTwinAnalyzers_Analyze(b *testing.B) {
	w := bench.NewWriter(rand.New(rand.NewSource(1)))
	var texts [][]byte
	size := 0
	for i := 0; i < 20; i++ {
		for _, p := range qda.Passages(w.Text(bench.ProtocolSize)) {
			texts = append(texts, []byte(p.Text))
			size += len(p.Text)
		}
	}
	m := NewMapping()
	stemmedA, foldedA := m.AnalyzerNamed(de.AnalyzerName), m.AnalyzerNamed(analyzerFolded)
	tv, plain := index.IndexField|index.IncludeTermVectors, index.IndexField
	b.Run("registered", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, t := range texts {
				analysis.TokenFrequency(stemmedA.Analyze(bytes.Clone(t)), nil, tv)
				analysis.TokenFrequency(foldedA.Analyze(bytes.Clone(t)), nil, plain)
			}
		}
	})
	a, err := newTwinAnalyzers()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("twin", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, t := range texts {
				stemmed, folded := a.analyze(t)
				termFrequencies(stemmed, nil, tv)
				termFrequencies(folded, nil, plain)
			}
		}
	})
}
