package search

import (
	"reflect"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestIndex_SearchQueryLanguage(t *testing.T) {
	x := corpusIndex(t)
	tests := []struct {
		query string
		want  []int // documents, sorted
	}{
		{"Arbeitgeber Vorschläge", []int{1}},
		{"Arbeitgeber AND Vorschläge", []int{1}},
		{"Arbeitgeberservice OR Arbeitgeberansprache", []int{2, 3}},
		{"Arbeitgeberservice ODER Kundenservice", []int{2, 8}},
		{"Arbeitgeber -Service", []int{1, 3}},
		{"Arbeitgeber NOT Service", []int{1, 3}},
		{"-Arbeitgeber -Straße -Größe", []int{4, 8}},
		{`"viele Vorschläge"`, []int{1}},
		{`"Vorschläge viele"`, nil},
		{`"Straße am Bürogebäude"`, []int{7}},
		{`"der Strasse"`, []int{6, 7}}, // stop words in phrases are ignored
		{"Arbeitg*", []int{1, 2, 3}},
		{"Bür*", []int{5, 7}},
		{"Vorschlag~", []int{1}},
		{"Strase~1", []int{6, 7}},
		{"Kundenserwice~2", []int{8}},
		{"level:operative", []int{1, 3}},
		{"level:operativ", []int{1, 3}},
		{"level:op*", []int{1, 3}},
		{"wave:2", []int{2, 3}},
		{"site:JC-07", []int{1, 3}},
		{"case:jc-07", []int{1, 3}},
		{"role:ifk", []int{1}},
		{`code:"5.1"`, []int{1}},
		{"code:5*", []int{1}},
		{"code:kooperation", []int{1}},
		{"code:" + guidKoop, []int{1}},
		{"kind:report", []int{3}},
		{"kind:Bericht", []int{3}},
		{"interviewer:mara", []int{1, 3}},
		{`doc:"Dok 02"`, []int{2}},
		{"doc:" + string(docGUID(4)), []int{4}},
		{"level:nonsense", nil},
		{"(Arbeitgeber OR Service) level:strategic", []int{2}},
		{"Arbeitgeber -level:operative", []int{2}},
		{"-(Arbeitgeber OR Straße OR Größe) -Team", []int{8}},
		{"Service OR -Arbeitgeber", []int{2, 4, 5, 6, 7, 8}},
		{"die Arbeitgeberansprache", []int{3}}, // the stop word is dropped
		{"", []int{1, 2, 3, 4, 5, 6, 7, 8}},
		{"10:30", nil}, // not a field: searched as text
		// German field names and operators.
		{"ebene:operativ", []int{1, 3}},
		{"Ebene:operative", []int{1, 3}},
		{"welle:2", []int{2, 3}},
		{"fall:JC-07", []int{1, 3}},
		{"standort:jc-07", []int{1, 3}},
		{"rolle:ifk", []int{1}},
		{"art:Bericht", []int{3}},
		{"interviewerin:mara", []int{1, 3}},
		{`dokument:"Dok 02"`, []int{2}},
		{"Arbeitgeber NICHT Service", []int{1, 3}},
		{"(Arbeitgeber ODER Service) ebene:strategisch", []int{2}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res := search(t, x, qda.SearchRequest{Query: tt.query})
			if got := sorted(hitDocs(res)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s: documents %v, want %v", tt.query, got, tt.want)
			}
			if int(res.Total) != len(tt.want) {
				t.Errorf("%s: total %d, want %d", tt.query, res.Total, len(tt.want))
			}
		})
	}
}

func TestIndex_SearchMalformed(t *testing.T) {
	x := corpusIndex(t)
	tests := []struct{ query, msg string }{
		{`"Arbeitgeber`, "quotation mark"},
		{`(Arbeitgeber`, "parenthesis is not closed"},
		{`Arbeitgeber)`, "no opening"},
		{`()`, "empty parentheses"},
		{`OR Service`, "OR needs"},
		{`Service OR`, "OR needs"},
		{`Service OR OR Team`, "OR needs"},
		{`(Service OR)`, "OR needs"},
		{`AND Service`, "AND needs"},
		{`Service AND`, "AND needs"},
		{`-`, "minus"},
		{`Service - Team`, "minus"},
		{`NOT`, "NOT or -"},
		{`Service NOT`, "NOT or -"},
		{`level:`, "needs a value"},
		{`level:""`, "needs a value"},
		{`levle:operative`, "unknown field"},
		{`ebene:`, "ebene: needs a value, as in ebene:operative"},
		{`eben:operativ`, "ebene"},
		{`code:5*1`, "only end"},
		{`Arb*eit`, "only end"},
		{`*`, "two letters"},
		{`A*`, "two letters"},
		{`**`, "only end"},
		{`Vorschlag~3`, "nothing, 1 or 2"},
		{`Vorschlag~x`, "nothing, 1 or 2"},
		{`~`, "must follow a word"},
		{`""`, "empty quotation"},
		{`die und der`, "too common"},
		{`E-Mai*`, "single word"},
		{strings.Repeat("(", 40) + "a" + strings.Repeat(")", 40), "too deeply"},
		{strings.Repeat("Wort ", 500), "longer than"},
		{"\xff\xfe", "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			_, err := x.Search(qda.SearchRequest{Query: tt.query})
			if qda.ErrorCode(err) != qda.EInvalid {
				t.Fatalf("%q: error %v, want invalid", tt.query, err)
			}
			if msg := qda.ErrorMessage(err); !strings.Contains(msg, tt.msg) {
				t.Errorf("%q: message %q does not say %q", tt.query, msg, tt.msg)
			}
		})
	}
}

func TestIndex_SearchBadRequest(t *testing.T) {
	x := corpusIndex(t)
	for _, req := range []qda.SearchRequest{
		{Query: "Team", Limit: -1},
		{Query: "Team", Offset: -3},
		{Query: "Team", Limit: maxLimit + 1},
		{Query: "Team", Filters: map[string][]string{"colour": {"red"}}},
	} {
		if _, err := x.Search(req); qda.ErrorCode(err) != qda.EInvalid {
			t.Errorf("%+v: %v, want invalid", req, err)
		}
	}
}

// FuzzParseQuery checks that no input makes parsing or building panic and
// that every error is a user-facing invalid-query error.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{`Arbeitgeber OR "viele Vorschläge" -level:operative`, `code:"5.1" (a OR -b*)`,
		`x~2 y~ z*`, `((a)`, `"`, `-`, `a:b:c`, `site:JC-07 wave:2`, "\x00", `NOT NOT a`} {
		f.Add(s)
	}
	x := corpusIndex(f)
	f.Fuzz(func(t *testing.T, q string) {
		req := qda.SearchRequest{Query: q, Limit: maxLimit}
		got, err := x.Search(req)
		if err != nil && qda.ErrorCode(err) != qda.EInvalid {
			t.Errorf("%q: %v", q, err)
		}
		// The engine must find what bleve's searchers find (see engine.go);
		// fragments may differ: bleve drops the marks of a phrase under OR
		// (TestIndex_SearchEngineMarksPhraseUnderOr).
		x.noEngine = true
		want, werr := x.Search(req)
		x.noEngine = false
		if (err == nil) != (werr == nil) {
			t.Fatalf("%q: engine error %v, bleve %v", q, err, werr)
		}
		if err == nil && (got.Total != want.Total || !reflect.DeepEqual(byPassage(got, false), byPassage(want, false))) {
			t.Fatalf("%q: engine %d hits, bleve %d, or the hits differ", q, got.Total, want.Total)
		}
	})
}
