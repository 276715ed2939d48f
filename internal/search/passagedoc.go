package search

import (
	"fmt"
	"strconv"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/protocoder/protocoder/internal/qda"
)

// Passage documents
//
// bleve turns a document given as a map into fields by walking it with
// reflection through the mapping, and analyses each keyword value with the
// keyword analyzer; for a passage of a few hundred bytes with a dozen
// metadata values that was a tenth of the cost of indexing it. Indexing
// builds the fields of a passage directly instead (passageDocument), with
// the options the mapping gives each field, read once by mapping a passage
// that has every field (newPassageFields); keyword values count their one
// term directly (keywordField), and the two text fields share one analysis
// (twin.go). TestPassageDocument_AsMapped checks that the fields equal what
// the mapping makes of passageDoc, analysis included.

// passageFields are the indexing options of a passage's fields, by name.
type passageFields map[string]index.FieldIndexingOptions

// newPassageFields reads the options of every field of a passage from the
// mapping.
func newPassageFields() (passageFields, error) {
	probe := qda.IndexPassage{Document: "probe", DocName: "probe", Kind: qda.KindProtocol, Level: qda.LevelStrategic,
		Wave: 1, Case: "probe", Role: "probe", Interviewer: "probe", Codes: []string{"probe"}, Text: "probe", End: 5}
	doc := document.NewDocument("probe")
	if err := NewMapping().MapDocument(doc, passageDoc(&probe)); err != nil {
		return nil, err
	}
	out := passageFields{}
	for _, f := range doc.Fields {
		out[f.Name()] = f.Options()
	}
	for _, name := range []string{FieldText, FieldFolded, FieldDocument, FieldDocName, FieldKind, FieldLevel, FieldWave,
		FieldCase, FieldRole, FieldInterviewer, FieldCodes, FieldCodeLabels, FieldStart, FieldEnd} {
		if _, ok := out[name]; !ok {
			return nil, fmt.Errorf("the mapping makes no field %s of a passage", name)
		}
	}
	return out, nil
}

// passageDocument returns the document of passage p, as the mapping makes
// it of passageDoc(p).
func (a *twinAnalyzers) passageDocument(p *qda.IndexPassage) *document.Document {
	doc := document.NewDocument(passageID(p))
	text := []byte(p.Text)
	t := &twinAnalysis{a: a}
	t.fields[0] = &twinTextField{TextField: document.NewTextFieldCustom(FieldText, nil, text, a.fields[FieldText], nil), t: t}
	t.fields[1] = &twinTextField{TextField: document.NewTextFieldCustom(FieldFolded, nil, text, a.fields[FieldFolded], nil), t: t}
	doc.AddField(t.fields[0])
	doc.AddField(t.fields[1])
	kw := func(name, v string, arrayPositions []uint64) {
		doc.AddField(&keywordField{TextField: document.NewTextFieldCustom(name, arrayPositions, []byte(v), a.fields[name], nil)})
	}
	put := func(name, v string) {
		if v != "" {
			kw(name, v, nil)
		}
	}
	kw(FieldDocument, string(p.Document), nil)
	kw(FieldDocName, p.DocName, nil)
	kw(FieldKind, string(p.Kind), nil)
	kw(FieldStart, startKey(p.Start), nil)
	doc.AddField(document.NewNumericFieldWithIndexingOptions(FieldEnd, nil, float64(p.End), a.fields[FieldEnd]))
	put(FieldLevel, string(p.Level))
	if p.Wave != 0 {
		kw(FieldWave, strconv.Itoa(p.Wave), nil)
	}
	put(FieldCase, p.Case)
	put(FieldRole, p.Role)
	put(FieldInterviewer, p.Interviewer)
	labels := 0
	for i, c := range p.Codes {
		kw(FieldCodes, c, []uint64{uint64(i)})
		if !qda.GUID(c).Valid() {
			kw(FieldCodeLabels, c, []uint64{uint64(labels)})
			labels++
		}
	}
	doc.SetIndexed()
	return doc
}

// keywordField is a keyword field of a passage: its value is its one term.
type keywordField struct {
	*document.TextField
	freqs index.TokenFrequencies
}

// Analyze implements index.Field as the keyword analyzer and bleve's
// counting do it.
func (f *keywordField) Analyze() {
	v := f.Value()
	tf := &index.TokenFreq{Term: v}
	opts := f.Options()
	if !opts.SkipFreqNorm() {
		tf.SetFrequency(1)
	}
	if opts.IncludeTermVectors() {
		tf.Locations = []*index.TokenLocation{{ArrayPositions: f.ArrayPositions(), Start: 0, End: len(v), Position: 1}}
	}
	f.freqs = index.TokenFrequencies{string(v): tf}
}

// AnalyzedLength implements index.Field.
func (f *keywordField) AnalyzedLength() int { return 1 }

// AnalyzedTokenFrequencies implements index.Field.
func (f *keywordField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }
