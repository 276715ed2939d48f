package search

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
)

// normalizeDE folds a lower-cased word as bleve's normalize_de does.
func normalizeDE(w string) string {
	return string(de.NewGermanNormalizeFilter().Filter(analysis.TokenStream{{Term: []byte(w)}})[0].Term)
}

func TestFoldFilter_Filter(t *testing.T) {
	tests := []struct {
		word  string
		want  string
		seams []string // with seams set
	}{
		{"größe", "grosse", nil},
		{"groesse", "grosse", []string{"esse"}}, // as the parts field had it
		{"straße", "strasse", nil},
		{"vorschläge", "vorschlage", nil},
		{"neue", "neue", nil},                  // u after a vowel keeps its e
		{"aktuell", "aktull", []string{"ell"}}, // as normalize_de has it
		{"quelle", "quelle", nil},              // no e dropped after qu
		{"büroeinrichtung", "buroinrichtung", []string{"einrichtung"}},
		{"infoeinheit", "infoinheit", []string{"einheit"}},
		{"videoerstellung", "videorstellung", []string{"erstellung"}},
		{"kooperation", "kooperation", nil},
		{"boeing", "boing", nil}, // the e is at rune 2: no part starts there
		{"autoeinsatz", "autoinsatz", []string{"einsatz"}},
		{"kinoes", "kinos", nil}, // the part after the e would be 2 runes long
		{"jobcenter", "jobcenter", nil},
		{"café", "café", nil},
		{"ärger", "arger", nil},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if got := normalizeDE(tt.word); got != tt.want {
				t.Fatalf("normalize_de gives %q, the test wants %q", got, tt.want)
			}
			for _, seams := range []bool{false, true} {
				in := analysis.TokenStream{
					{Term: []byte("der"), Start: 0, End: 3, Position: 1},
					{Term: []byte(tt.word), Start: 4, End: 4 + len(tt.word), Position: 2},
				}
				out := foldFilter{seams: seams}.Filter(in)
				if string(out[0].Term) != "der" || string(out[1].Term) != tt.want {
					t.Fatalf("seams %v: %q %q, want der %q", seams, out[0].Term, out[1].Term, tt.want)
				}
				var got []string
				for _, tok := range out[2:] {
					if tok.Start != 4 || tok.End != 4+len(tt.word) || tok.Position != 2 {
						t.Errorf("seam %q at %d-%d pos %d, want the word's", tok.Term, tok.Start, tok.End, tok.Position)
					}
					p, ok := strings.CutPrefix(string(tok.Term), seamMarker)
					if !ok {
						t.Fatalf("token %q is no seam term", tok.Term)
					}
					got = append(got, p)
				}
				want := tt.seams
				if !seams {
					want = nil
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("seams %v: seam parts %q, want %q", seams, got, want)
				}
			}
		})
	}
}

// TestFold_SeamIsPart checks that a seam term holds the part the word has
// there: its suffix from the dropped e, folded alone.
func TestFold_SeamIsPart(t *testing.T) {
	norm := de.NewGermanNormalizeFilter()
	for _, w := range []string{"büroeinrichtung", "infoeinheit", "autoersatzteil", "radioempfang", "fotoerlaubnis"} {
		parts := map[string]bool{}
		for _, p := range suffixTokens(norm, &analysis.Token{Term: []byte(w)}) {
			parts[string(p.Term)] = true
		}
		_, seams := fold([]byte(w), true, nil)
		if len(seams) == 0 {
			t.Errorf("%s: no seam", w)
		}
		folded, _ := fold([]byte(w), false, nil)
		for _, j := range seams {
			if p := "e" + string(folded[j:]); !parts[p] {
				t.Errorf("%s: seam part %q is not among its parts", w, p)
			}
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, w := range []string{"größe", "groesse", "aktuell", "büroeinrichtung", "quelle", "ßü", "aeoeue", "ǅ", "ȺȾ"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, w string) {
		if !utf8.ValidString(w) {
			return
		}
		lower := bytes.ToLower([]byte(w))
		want := normalizeDE(string(lower))
		got, seams := fold(append([]byte(nil), lower...), true, nil)
		if string(got) != want {
			t.Fatalf("fold(%q) = %q, normalize_de %q", lower, got, want)
		}
		for _, j := range seams {
			if j < 0 || j > len(got) {
				t.Fatalf("fold(%q): seam offset %d outside %q", lower, j, got)
			}
		}
	})
}
