package search

import (
	"fmt"
	"slices"
	"sort"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/protocoder/protocoder/internal/qda"
)

// fieldKey names a field of a document with its array positions.
func fieldKey(f index.Field) string { return fmt.Sprint(f.Name(), f.ArrayPositions()) }

// analysedFields analyses every field of doc and returns them by fieldKey.
func analysedFields(tb testing.TB, doc *document.Document) map[string]index.Field {
	tb.Helper()
	out := map[string]index.Field{}
	for _, f := range doc.Fields {
		if f.Options().IsIndexed() {
			f.Analyze()
		}
		k := fieldKey(f)
		if out[k] != nil {
			tb.Fatalf("field %s twice", k)
		}
		out[k] = f
	}
	return out
}

func TestPassageDocument_AsMapped(t *testing.T) {
	a, err := newTwinAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	m := NewMapping()
	guid := string(docGUID(7))
	tests := []qda.IndexPassage{
		psg(1, 0, "Die Zusammenarbeit mit dem Arbeitgeberservice läuft über das Jobcenter."),
		psg(2, 1234, twinSamples[4], meta(qda.LevelOperative, 2, "JC-03", "IFK", "mara"),
			codes(guid, "Kooperation", "1.2", string(docGUID(8)), "Vermittlung")),
		psg(3, 99, "", kind(qda.KindOther)),
		psg(4, 5, "Größe", meta(qda.LevelIntensive, 0, "", "", ""), codes(guid)),
		psg(5, 7, "Straße", codes("nur ein Name")),
		{Document: docGUID(6), Start: 3, End: 9, Text: "ohne Namen"},
	}
	for i, p := range tests {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			want := document.NewDocument(passageID(&p))
			if err := m.MapDocument(want, passageDoc(&p)); err != nil {
				t.Fatal(err)
			}
			got := a.passageDocument(&p)
			if got.ID() != want.ID() || got.Indexed() != want.Indexed() || got.HasComposite() != want.HasComposite() {
				t.Errorf("id %q indexed %v composite %v, want %q %v %v", got.ID(), got.Indexed(), got.HasComposite(),
					want.ID(), want.Indexed(), want.HasComposite())
			}
			gf, wf := analysedFields(t, got), analysedFields(t, want)
			var gk, wk []string
			for k := range gf {
				gk = append(gk, k)
			}
			for k := range wf {
				wk = append(wk, k)
			}
			sort.Strings(gk)
			sort.Strings(wk)
			if !slices.Equal(gk, wk) {
				t.Fatalf("fields %v, want %v", gk, wk)
			}
			for k, w := range wf {
				g := gf[k]
				// bleve analyses the value of a field it does not store in
				// place: only stored values are compared.
				if g.Options() != w.Options() || w.Options().IsStored() && string(g.Value()) != string(w.Value()) ||
					g.EncodedFieldType() != w.EncodedFieldType() || g.NumPlainTextBytes() != w.NumPlainTextBytes() {
					t.Errorf("%s: options %v value %q type %c bytes %d, want %v %q %c %d", k, g.Options(), g.Value(),
						g.EncodedFieldType(), g.NumPlainTextBytes(), w.Options(), w.Value(), w.EncodedFieldType(), w.NumPlainTextBytes())
				}
				if !w.Options().IsIndexed() {
					continue
				}
				if g.AnalyzedLength() != w.AnalyzedLength() {
					t.Errorf("%s: length %d, want %d", k, g.AnalyzedLength(), w.AnalyzedLength())
				}
				if err := sameFrequencies(g.AnalyzedTokenFrequencies(), w.AnalyzedTokenFrequencies()); err != nil {
					t.Errorf("%s: %v", k, err)
				}
			}
		})
	}
}
