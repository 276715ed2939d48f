package search

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"

	"github.com/protocoder/protocoder/internal/qda"
)

const guidKoop = "99999999-0000-4000-8000-000000000001"

// corpus is a small study: passage i belongs to document i.
func corpus() []qda.IndexPassage {
	return []qda.IndexPassage{
		psg(1, 0, "Der Arbeitgeber hat viele Vorschläge gemacht.", meta(qda.LevelOperative, 1, "JC-07", "IFK", "mara"),
			codes("5.1", guidKoop, "Kooperation")),
		psg(2, 0, "Der Arbeitgeberservice ist gut erreichbar.", meta(qda.LevelStrategic, 2, "JC-03", "GF", "tom"),
			codes("1.1")),
		psg(3, 0, "Die Arbeitgeberansprache wurde verbessert.", meta(qda.LevelOperative, 2, "JC-07", "PL", "mara"),
			kind(qda.KindCaseReport)),
		psg(4, 0, "Ein Vermittlungsvorschlag kam vom Team."),
		psg(5, 0, "Die Größe des Büros ist ausreichend."),
		psg(6, 0, "Die Grösse der Strasse wird genannt."),
		psg(7, 0, "Wir treffen uns in der Straße am Bürogebäude."),
		psg(8, 0, "Der Kundenservice antwortet schnell."),
	}
}

func corpusIndex(tb testing.TB) *Index {
	x := newIndex(tb)
	mustAdd(tb, x, corpus()...)
	return x
}

// hitDocs returns the document numbers of the hits, in hit order.
func hitDocs(res *qda.SearchResult) []int {
	var out []int
	for _, h := range res.Hits {
		var n int
		fmt.Sscanf(string(h.Document[24:]), "%d", &n)
		out = append(out, n)
	}
	return out
}

func sorted(in []int) []int {
	out := append([]int(nil), in...)
	sort.Ints(out)
	return out
}

func TestIndex_SearchGerman(t *testing.T) {
	x := corpusIndex(t)
	tests := []struct {
		name, query string
		want        []int // documents found, in any order
	}{
		{"plural finds singular", "Vorschläge", []int{1, 4}},
		{"singular finds plural and compound", "Vorschlag", []int{1, 4}},
		{"ö and ß folded", "Größe", []int{5, 6}},
		{"ss spelling", "Grösse", []int{5, 6}},
		{"oe spelling", "Groesse", []int{5, 6}},
		{"ß to ss", "Straße", []int{6, 7}},
		{"ss to ß", "Strasse", []int{6, 7}},
		{"compound head", "Arbeitgeber", []int{1, 2, 3}},
		{"compound tail", "Service", []int{2, 8}},
		{"compound tail, other word", "Ansprache", []int{3}},
		{"inflection and compound head", "Büro", []int{5, 7}},
		{"lower case", "arbeitgeberservice", []int{2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := search(t, x, qda.SearchRequest{Query: tt.query})
			if got := sorted(hitDocs(res)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s: documents %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

func TestIndex_SearchCompoundRanking(t *testing.T) {
	x := newIndex(t)
	// Adversarial for tf-idf: the exact word is common and sits in long
	// passages; the compounds are rare and sit in short, repetitive ones.
	filler := strings.Repeat("Wir haben im Jobcenter lange über die Zusammenarbeit gesprochen. ", 12)
	var ps []qda.IndexPassage
	for i := 1; i <= 30; i++ {
		ps = append(ps, psg(i, 0, filler+"Der Arbeitgeber war dabei."))
	}
	ps = append(ps, psg(31, 0, "Arbeitgeberservice."),
		psg(32, 0, "Arbeitgeberansprache, Arbeitgeberansprache, Arbeitgeberansprache!"),
		psg(33, 0, "Servicestelle für Arbeitgeberinnen."))
	mustAdd(t, x, ps...)
	res := search(t, x, qda.SearchRequest{Query: "Arbeitgeber", Limit: 100})
	docs := hitDocs(res)
	if len(docs) != 33 {
		t.Fatalf("%d hits, want 33: %v", len(docs), docs)
	}
	for i, d := range docs[:30] {
		if d > 30 {
			t.Fatalf("rank %d is compound passage %d before an exact one: %v", i+1, d, docs)
		}
	}
	if got := sorted(docs[30:]); !reflect.DeepEqual(got, []int{31, 32, 33}) {
		t.Errorf("compound passages last: %v", docs[30:])
	}
	if res.Hits[29].Score <= res.Hits[30].Score {
		t.Errorf("scores do not separate the tiers: %v <= %v", res.Hits[29].Score, res.Hits[30].Score)
	}
}

func TestSuffixFilter_Filter(t *testing.T) {
	f := suffixFilter{norm: de.NewGermanNormalizeFilter()}
	tests := []struct {
		word     string
		contains []string
		absent   []string
	}{
		{"arbeitgeberservice", []string{"service", "geberservice", "ice"}, []string{"arbeitgeberservice", "rbeitgeberservice", "ce"}},
		{"vermittlungsvorschläge", []string{"vorschlage", "schlage"}, []string{"vorschläge"}},
		{"jobcenterstraße", []string{"strasse", "centerstrasse"}, nil},
		{"infoeinheit", []string{"einheit"}, nil}, // each suffix folded alone: no "oe" folding across the seam
		{"büro", nil, []string{"büro", "uro"}},    // too short to be a compound
	}
	for _, tt := range tests {
		out := f.Filter(analysis.TokenStream{{Term: []byte(tt.word), Start: 4, End: 4 + len(tt.word), Position: 2}})
		got := map[string]bool{}
		for _, tok := range out {
			got[string(tok.Term)] = true
			if tok.Start != 4 || tok.End != 4+len(tt.word) || tok.Position != 2 {
				t.Errorf("%s: token %q at %d-%d pos %d, want the word's offsets", tt.word, tok.Term, tok.Start, tok.End, tok.Position)
			}
		}
		for _, w := range tt.contains {
			if !got[w] {
				t.Errorf("%s: no part %q in %v", tt.word, w, got)
			}
		}
		for _, w := range tt.absent {
			if got[w] {
				t.Errorf("%s: unexpected part %q", tt.word, w)
			}
		}
	}
}
