package anon

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// data holds the built-in lists; internal/anon/gen/gen.mjs generates all
// but domain.txt and names-extra.txt (see docs/data-sources.md).
//
//go:embed data/lexicon.txt.gz data/firstnames.txt data/surnames.txt data/streets.txt data/places.txt data/domain.txt
var data embed.FS

// tables are the built-in lists in the form the rules use. They are built
// once and never changed after.
type tables struct {
	lexicon  []string        // sorted, lower case: German words (compounds of them left out)
	domain   map[string]bool // lower case: job-centre terms, roles, anglicisms
	first    map[string]bool // first names as written → also a German word
	last     map[string]bool // surnames as written → also a German word
	streets  []string        // street names as written
	places   []GazetteerName // places from GeoNames
	placeSet map[string]bool // their names, lower case
	loadSize int             // bytes of the lists after decompression
}

var builtinTables = sync.OnceValue(func() *tables {
	t, err := loadTables()
	if err != nil {
		// The files are embedded: an error here is a broken build.
		panic(fmt.Sprintf("anon: built-in data: %v", err))
	}
	return t
})

func loadTables() (*tables, error) {
	t := &tables{}
	raw, err := data.ReadFile("data/lexicon.txt.gz")
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("lexicon: %w", err)
	}
	lex, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("lexicon: %w", err)
	}
	t.loadSize += len(lex)
	t.lexicon = lines(string(lex))
	if !slices.IsSorted(t.lexicon) {
		slices.Sort(t.lexicon)
	}
	read := func(name string) ([]string, error) {
		b, err := data.ReadFile("data/" + name)
		if err != nil {
			return nil, err
		}
		t.loadSize += len(b)
		return lines(string(b)), nil
	}
	marked := func(name string) (map[string]bool, error) {
		ls, err := read(name)
		if err != nil {
			return nil, err
		}
		m := make(map[string]bool, len(ls))
		for _, l := range ls {
			amb := strings.HasPrefix(l, "?")
			m[strings.TrimPrefix(l, "?")] = amb
		}
		return m, nil
	}
	if t.first, err = marked("firstnames.txt"); err != nil {
		return nil, err
	}
	if t.last, err = marked("surnames.txt"); err != nil {
		return nil, err
	}
	if t.streets, err = read("streets.txt"); err != nil {
		return nil, err
	}
	dom, err := read("domain.txt")
	if err != nil {
		return nil, err
	}
	t.domain = make(map[string]bool, len(dom))
	for _, d := range dom {
		for _, w := range strings.Fields(d) {
			t.domain[strings.ToLower(w)] = true
		}
	}
	pl, err := read("places.txt")
	if err != nil {
		return nil, err
	}
	t.placeSet = make(map[string]bool, len(pl))
	for _, p := range pl {
		t.placeSet[strings.ToLower(strings.TrimPrefix(p, "?"))] = !strings.HasPrefix(p, "?")
		amb := strings.HasPrefix(p, "?")
		p = strings.TrimPrefix(p, "?")
		amb = amb || t.domain[strings.ToLower(p)]
		t.places = append(t.places, GazetteerName{Name: p, Category: "place", Ambiguous: amb})
	}
	for _, g := range handGazetteer() {
		t.placeSet[strings.ToLower(g.Name)] = !g.Ambiguous
	}
	return t, nil
}

// lines returns the non-empty lines of s that are not comments.
func lines(s string) []string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// inLexicon reports whether the lower-case word w is a listed word.
func (t *tables) inLexicon(w string) bool {
	_, ok := slices.BinarySearch(t.lexicon, w)
	return ok
}

// minPart is the shortest part of a compound (mirrors gen.mjs).
const minPart = 3

// segment reports whether the lower-case word w is a listed word or a
// compound of listed words and compound heads (stems and prefixes, listed
// with a trailing "-"), joined directly or by a linking s, es, n or en
// ("Integration-s-fach-kraft", "Such-läufe"). It mirrors gen.mjs's
// segment.
func (t *tables) segment(w string, memo map[string]bool) bool {
	if t.inLexicon(w) || t.domain[w] {
		return true
	}
	if v, ok := memo[w]; ok {
		return v
	}
	memo[w] = false
	rs := []rune(w)
	ok := false
	for i := 2; i <= len(rs)-minPart && !ok; i++ {
		head := string(rs[:i])
		word := i >= minPart && (t.inLexicon(head) || t.domain[head])
		if !word && !t.inLexicon(head+"-") {
			continue
		}
		// A two-letter prefix ("be-", "ko-") needs a longer rest; a
		// linking s, es, n or en follows only a word, never a stem.
		if i == 2 && !word && len(rs)-i < 4 {
			continue
		}
		rest := string(rs[i:])
		if t.segment(rest, memo) {
			ok = true
			break
		}
		if !word {
			continue
		}
		for _, link := range []string{"s", "es", "n", "en"} {
			if r, cut := strings.CutPrefix(rest, link); cut && len([]rune(r)) >= minPart && t.segment(r, memo) {
				ok = true
				break
			}
		}
	}
	memo[w] = ok
	return ok
}

// inflections are endings stripped before a word is looked up: plural,
// genitive, female and gender-inclusive forms ("Integrationsfachkräften",
// "Fallmanagerinnen").
var inflections = []string{"innen", "in", "ern", "en", "er", "es", "e", "n", "s"}

// derivations are endings that make nouns of verbs and adjectives
// ("Dienstleist-er", "Anonym-isierung", "Pünktlich-keit"); the stem may
// end in a verb stem.
var derivations = []string{"isierungen", "isierung", "ierungen", "ierung", "ungen", "ung", "erinnen", "erin", "ern",
	"ers", "er", "lichkeit", "igkeit", "keiten", "keit", "heiten", "heit", "schaft", "ikerinnen", "ikerin", "iker", "ismus",
	"istinnen", "istin", "isten", "ist", "ende", "enden", "ender"}

// isWord reports whether w (any case) is German or job-centre vocabulary.
func (t *tables) isWord(w string, memo map[string]bool) bool {
	low := strings.ToLower(w)
	if t.domain[low] || t.segment(low, memo) {
		return true
	}
	for _, suf := range inflections {
		if stem, ok := strings.CutSuffix(low, suf); ok && len([]rune(stem)) >= minPart {
			if t.domain[stem] || t.segment(stem, memo) {
				return true
			}
		}
	}
	for _, suf := range derivations {
		stem, ok := strings.CutSuffix(low, suf)
		if !ok || len([]rune(stem)) < minPart {
			continue
		}
		if strings.HasSuffix(suf, "iker") || strings.HasPrefix(suf, "iker") {
			stem += "ik"
		}
		if t.domain[stem] || t.segment(stem, memo) || t.segment(stem+"en", memo) || t.segment(stem+"n", memo) || t.stemEnd(stem, memo) {
			return true
		}
	}
	return false
}

// stemEnd reports whether w is a compound whose last part is a verb stem
// or a listed word ("dienstleist" = "dienst" + "leist-").
func (t *tables) stemEnd(w string, memo map[string]bool) bool {
	if t.inLexicon(w + "-") {
		return true
	}
	rs := []rune(w)
	for i := minPart; i <= len(rs)-2; i++ {
		if t.inLexicon(string(rs[i:])+"-") && t.segment(string(rs[:i]), memo) {
			return true
		}
	}
	return false
}
