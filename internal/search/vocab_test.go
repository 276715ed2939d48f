package search

import (
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// vocabTexts hold compounds with parts at every kind of place: after a
// dropped e (seam terms), after "ue" that folds differently alone, with
// umlauts and ß, multi-byte letters before the part, and short words.
var vocabTexts = []string{
	"Die Büroeinrichtung und die Infoeinheit wurden im Arbeitgeberservice besprochen.",
	"Der Kundenservice der Servicestelle hat eine neue Erneuerung der Bauernhofzufahrt erfahren.",
	"Eine Videoerstellung zur Straßenbahnhaltestelle und zum Groessenvergleich.",
	"Aktuelle Vermittlungsvorschläge für Langzeitarbeitslose, Frauenbeauftragte und Steuerberater.",
	"Die Caféteriaeinrichtung, Übergänge und die Überweisung an das Jobcenter.",
	"Quellensteuer, Quereinsteiger und Teamleitungsaufgaben bei Abenteuerurlauben.",
	"Wir sprechen über die Zusammenarbeit, die Arbeitgeberansprache und den Arbeitsmarkt.",
}

// vocabStems are query stems, among them ones that start with u (the
// "ue" case), with e (seam terms) and short ones.
var vocabStems = []string{"einrichtung", "einheit", "servic", "service", "erneuerung", "urung", "uerung",
	"erstellung", "strass", "bahn", "haltestell", "vergleich", "vorschlag", "arbeit", "arbeitslos",
	"beauftragt", "unbeauftragt", "berat", "bergang", "uberweis", "steuer", "einsteig", "aufgab", "urlaub",
	"ansprach", "markt", "zufahrt", "hof", "cafe", "eri", "ell", "esse", "enbahn", "zzz"}

// TestVocabulary_Parts compares the engine's vocabulary scan with
// suffixTokens over the folded field's dictionary, over several segments.
func TestVocabulary_Parts(t *testing.T) {
	x := newIndex(t)
	for i, text := range vocabTexts {
		mustAdd(t, x, psg(i+1, 0, text))
	}
	w := vocabularyOf(t, x)
	for _, stem := range vocabStems {
		got := append([]string(nil), w.parts(stem)...)
		want, err := x.referenceParts(stem)
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(got)
		sort.Strings(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: parts %q, suffixTokens %q", stem, got, want)
		}
	}
	if got := w.parts("einrichtung"); !reflect.DeepEqual(got, []string{seamMarker + "einrichtung"}) {
		// Büroeinrichtung's and Caféteriaeinrichtung's, one term
		t.Errorf("einrichtung: %q, want the seam term", got)
	}
}

// vocabularyOf returns the vocabulary of x's current segments.
func vocabularyOf(tb testing.TB, x *Index) *words {
	tb.Helper()
	x.mu.RLock()
	defer x.mu.RUnlock()
	ir, err := x.idx.Advanced()
	if err != nil {
		tb.Fatal(err)
	}
	r, err := ir.Reader()
	if err != nil {
		tb.Fatal(err)
	}
	defer func() { _ = r.Close() }()
	segs, ok := snapshotSegments(r, &x.arenas)
	if !ok {
		tb.Fatal("not a scorch snapshot")
	}
	defer releaseSegments(segs, &x.arenas)
	w, err := x.vocab.sync(segs)
	if err != nil {
		tb.Fatal(err)
	}
	return w
}

func TestWords_With(t *testing.T) {
	w := (&words{starts: []int{0}}).with([]string{"b", "a", "c"}, []string{"y"})
	w = w.with([]string{"b", "d", "a"}, []string{"x", "y"})
	var got []string
	for i := 0; i < w.len(); i++ {
		got = append(got, w.term(i))
	}
	if want := []string{"a", "b", "c", "d"}; !reflect.DeepEqual(got, want) {
		t.Errorf("terms %q, want %q", got, want)
	}
	if want := []string{"x", "y"}; !reflect.DeepEqual(w.seams, want) {
		t.Errorf("seams %q, want %q", w.seams, want)
	}
}

// TestIndex_SearchCompoundSeams checks parts that folding the whole word
// hides: the e after a vowel at the seam of a compound.
func TestIndex_SearchCompoundSeams(t *testing.T) {
	x := newIndex(t)
	mustAdd(t, x,
		psg(1, 0, "Die Büroeinrichtung ist neu."),
		psg(2, 0, "Eine Einrichtung für alle."),
		psg(3, 0, "Die Infoeinheit beginnt um neun."),
		psg(4, 0, "Die Aufgaben sind verteilt."), // "aufgaben": no e dropped, no part "eben"
		psg(5, 0, "Die Ebene der Steuerung."))
	tests := []struct {
		query string
		want  []int
	}{
		{"Einrichtung", []int{2, 1}}, // the word itself first
		{"Einheit", []int{3}},
		{"Ebene", []int{5}},
		{"Büroeinrichtung", []int{1}},
		{"Einrichtung~1", []int{2}}, // fuzzy words never expand to seam terms
		{"Einrich*", []int{2}},      // nor do prefixes
	}
	for _, tt := range tests {
		for _, engine := range []bool{true, false} {
			x.noEngine = !engine
			res := search(t, x, qda.SearchRequest{Query: tt.query})
			if got := hitDocs(res); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s (engine %v): documents %v, want %v", tt.query, engine, got, tt.want)
			}
			for _, h := range res.Hits {
				if strings.Contains(h.Text, "Büroeinrichtung") && !marked(h.Fragment, "Büroeinrichtung") {
					t.Errorf("%s (engine %v): fragment %v does not mark the compound", tt.query, engine, h.Fragment)
				}
			}
		}
	}
	x.noEngine = false
}

// marked reports whether fragment marks s.
func marked(fragment []qda.Span, s string) bool {
	for _, sp := range fragment {
		if sp.Mark && sp.Text == s {
			return true
		}
	}
	return false
}

// TestIndex_SearchCompoundAfterUpdate checks that the vocabulary follows
// the index: compounds added after a search are found, and the terms of
// text removed for good leave it.
func TestIndex_SearchCompoundAfterUpdate(t *testing.T) {
	x := newIndex(t)
	mustAdd(t, x, psg(1, 0, "Der Kundenservice antwortet."))
	if got := hitDocs(search(t, x, qda.SearchRequest{Query: "Service"})); !reflect.DeepEqual(got, []int{1}) {
		t.Fatalf("Service: %v", got)
	}
	mustAdd(t, x, psg(2, 0, "Der Arbeitgeberservice auch."))
	if got := sorted(hitDocs(search(t, x, qda.SearchRequest{Query: "Service"}))); !reflect.DeepEqual(got, []int{1, 2}) {
		t.Fatalf("Service after adding: %v", got)
	}
	if err := x.Update([]qda.GUID{docGUID(2)}, nil); err != nil {
		t.Fatal(err)
	}
	if got := hitDocs(search(t, x, qda.SearchRequest{Query: "Service"})); !reflect.DeepEqual(got, []int{1}) {
		t.Fatalf("Service after removing: %v", got)
	}
	w := vocabularyOf(t, x)
	for i := 0; i < w.len(); i++ {
		if strings.Contains(w.term(i), "arbeitgeber") {
			t.Errorf("removed term %q still in the vocabulary", w.term(i))
		}
	}
}

// BenchmarkWords_Parts measures finding the compound parts of a stem in a
// vocabulary of 500,000 generated words (a large real project's size).
func BenchmarkWords_Parts(b *testing.B) {
	r := rand.New(rand.NewSource(1))
	syl := strings.Fields("ver an be ge gen ung heit keit lich isch ar bei ter stel lung ein glie de rung nah me zu sam men werk schaft plan zeit ort kreis amt bil dung uber gross fahr servic")
	terms := make([]string, 500000)
	for i := range terms {
		var sb strings.Builder
		for n := 2 + r.Intn(4); n > 0; n-- {
			sb.WriteString(syl[r.Intn(len(syl))])
		}
		terms[i] = sb.String()
	}
	w := (&words{starts: []int{0}}).with(terms, nil)
	b.Logf("%d distinct terms, %d bytes", w.len(), len(w.buf))
	for _, stem := range []string{"servic", "arbeit", "ung", "einrichtung"} {
		b.Run(stem, func(b *testing.B) {
			n := 0
			for b.Loop() {
				n = len(w.parts(stem))
			}
			b.ReportMetric(float64(n), "terms")
		})
	}
}
