package search

import (
	"fmt"
	"math/rand"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"

	"github.com/protocoder/protocoder/internal/bench"
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

// TestTwinField_Analyze checks that the two fields of a passage get their
// own streams whichever is analysed first.
func TestTwinField_Analyze(t *testing.T) {
	a, err := newTwinAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	text := twinSamples[1]
	wantStemmed, wantFolded := analyzeBoth(t, text)
	for _, foldedFirst := range []bool{false, true} {
		tw := &twinAnalysis{a: a}
		order := []bool{false, true}
		if foldedFirst {
			order = []bool{true, false}
		}
		for _, folded := range order {
			got := twinField{t: tw, folded: folded}.Analyze([]byte(text))
			want := wantStemmed
			if folded {
				want = wantFolded
			}
			if err := sameTokens(got, want); err != nil {
				t.Errorf("folded first %v, folded %v: %v", foldedFirst, folded, err)
			}
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
