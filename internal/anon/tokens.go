package anon

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is a maximal run of letters and digits, with rune offsets.
type token struct {
	start, end int
	text       string
}

// tokenized is a text split into tokens, with what the rules need to map
// between bytes and runes.
type tokenized struct {
	text   string
	runes  []rune
	toks   []token
	byteAt []int // rune offset → byte offset (len(runes)+1 entries)
	runeAt map[int]int
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func newTokenized(text string) *tokenized {
	t := &tokenized{text: text, runes: []rune(text)}
	t.byteAt = make([]int, 0, len(t.runes)+1)
	for bi := range text {
		t.byteAt = append(t.byteAt, bi)
	}
	t.byteAt = append(t.byteAt, len(text))
	start := -1
	for i, r := range t.runes {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			t.toks = append(t.toks, token{start, i, string(t.runes[start:i])})
			start = -1
		}
	}
	if start >= 0 {
		t.toks = append(t.toks, token{start, len(t.runes), string(t.runes[start:])})
	}
	return t
}

// runeOf converts a byte offset of the text into a rune offset.
func (t *tokenized) runeOf(b int) int {
	if t.runeAt == nil {
		t.runeAt = make(map[int]int, len(t.byteAt))
		for r, bi := range t.byteAt {
			t.runeAt[bi] = r
		}
	}
	if r, ok := t.runeAt[b]; ok {
		return r
	}
	return utf8.RuneCountInString(t.text[:b])
}

// gap returns the text between tokens i and i+1.
func (t *tokenized) gap(i int) string {
	if i+1 >= len(t.toks) {
		return string(t.runes[t.toks[i].end:])
	}
	return string(t.runes[t.toks[i].end:t.toks[i+1].start])
}

// gapBefore returns the text between token i-1 and i.
func (t *tokenized) gapBefore(i int) string {
	if i == 0 {
		return string(t.runes[:t.toks[0].start])
	}
	return t.gap(i - 1)
}

// normGap collapses whitespace runs to one space.
func normGap(s string) string {
	if strings.TrimSpace(s) == "" && s != "" {
		return " "
	}
	return strings.Join(strings.Fields(s), " ")
}

func isUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// mEntry is a name a matcher looks for, split into words.
type mEntry struct {
	name      string
	words     []string // folded
	gaps      []string // normalized gaps between words
	kind      Kind
	pseudo    string
	ambiguous bool
	strict    bool // ambiguous, and a place only after in, aus, nach or von
	source    Source
}

// matcher finds known names (from the key or the gazetteer) in tokens.
type matcher struct {
	byFirst map[string][]*mEntry
}

func newMatcher() *matcher { return &matcher{byFirst: map[string][]*mEntry{}} }

func (m *matcher) add(name string, kind Kind, pseudo string, ambiguous bool, src Source) {
	t := newTokenized(name)
	if len(t.toks) == 0 {
		return
	}
	e := &mEntry{name: name, kind: kind, pseudo: pseudo, ambiguous: ambiguous, source: src}
	for i, tok := range t.toks {
		e.words = append(e.words, strings.ToLower(tok.text))
		if i+1 < len(t.toks) {
			e.gaps = append(e.gaps, normGap(t.gap(i)))
		}
	}
	m.byFirst[e.words[0]] = append(m.byFirst[e.words[0]], e)
}

// locatives are words after which an ambiguous place name is a place.
var locatives = set("in", "im", "aus", "nach", "bei", "von", "um", "ab", "bis", "stadt", "kreis", "landkreis",
	"region", "raum", "großraum", "jobcenter", "jc", "stadtteil", "bezirk", "stadtbezirk", "gemeinde", "agentur",
	"arbeitsagentur", "standort", "richtung")

// strictLocatives are the words after which a place from GeoNames that
// is also a common word is a place ("in Siegen", not "bei Regen").
var strictLocatives = set("in", "aus", "nach", "von")

// variantStop are words that look like a place's derived form but are
// common nouns.
var variantStop = set("hammer", "weiler", "lager", "kinder")

// variants returns the base forms a token may be an inflection of: the
// genitive "Bochums" and the adjective "Bochumer".
func variants(form string, person bool) []string {
	var out []string
	if strings.HasSuffix(form, "s") && utf8.RuneCountInString(form) > 4 {
		out = append(out, strings.TrimSuffix(form, "s"))
	}
	if person || variantStop[form] {
		return out
	}
	for _, suf := range []string{"erinnen", "erin", "ern", "ers", "er"} {
		if b, ok := strings.CutSuffix(form, suf); ok && utf8.RuneCountInString(b) >= 4 {
			out = append(out, b)
			if !strings.HasSuffix(b, "e") {
				out = append(out, b+"e") // "Celler" ← "Celle"
			}
		}
	}
	return out
}

// find returns every match in t; overlaps are resolved by the caller.
func (m *matcher) find(t *tokenized) []Finding {
	var out []Finding
	for i, tok := range t.toks {
		form := strings.ToLower(tok.text)
		for _, e := range m.byFirst[form] {
			if end, ok := m.matchAt(t, i, e); ok {
				out = append(out, m.finding(t, tok.start, end, e, ""))
			}
		}
		for _, base := range variants(form, false) {
			for _, e := range m.byFirst[base] {
				if len(e.words) != 1 || e.ambiguous || (e.kind == KindPerson && !strings.HasSuffix(form, "s")) {
					continue
				}
				if e.source == SourceGazetteer && !isUpper(tok.text) {
					continue
				}
				out = append(out, m.finding(t, tok.start, tok.end, e, "inflected"))
			}
		}
	}
	return mergeHyphenated(t, out)
}

// matchAt reports whether e matches at token i and where the match ends.
func (m *matcher) matchAt(t *tokenized, i int, e *mEntry) (int, bool) {
	if i+len(e.words) > len(t.toks) {
		return 0, false
	}
	if e.source == SourceGazetteer && !isUpper(t.toks[i].text) {
		return 0, false
	}
	for k := 1; k < len(e.words); k++ {
		if normGap(t.gap(i+k-1)) != e.gaps[k-1] || strings.ToLower(t.toks[i+k].text) != e.words[k] {
			return 0, false
		}
	}
	if e.ambiguous {
		lead := locatives
		if e.strict {
			lead = strictLocatives
		}
		if i == 0 || !lead[strings.ToLower(t.toks[i-1].text)] || normGap(t.gapBefore(i)) != " " {
			return 0, false
		}
	}
	return t.toks[i+len(e.words)-1].end, true
}

func (m *matcher) finding(t *tokenized, start, end int, e *mEntry, how string) Finding {
	f := Finding{Start: start, End: end, Text: string(t.runes[start:end]), Kind: e.kind, Source: e.source, Suggestion: e.pseudo}
	if f.Suggestion == "" {
		f.Suggestion = Placeholders[e.kind]
	}
	f.Rule = string(e.source) + ": " + e.name
	if how != "" {
		f.Rule += " (" + how + ")"
	}
	return f
}

// mergeHyphenated joins gazetteer findings written as one hyphenated name
// ("Bochum-Wattenscheid").
func mergeHyphenated(t *tokenized, fs []Finding) []Finding {
	if len(fs) < 2 {
		return fs
	}
	out := []Finding{fs[0]}
	for _, f := range fs[1:] {
		last := &out[len(out)-1]
		if f.Source == SourceGazetteer && last.Source == SourceGazetteer && f.Start == last.End+1 && t.runes[last.End] == '-' {
			last.End = f.End
			last.Text = string(t.runes[last.Start:last.End])
			last.Rule += " + " + strings.TrimPrefix(f.Rule, "gazetteer: ")
			continue
		}
		out = append(out, f)
	}
	return out
}

// extendDistricts extends a place over a hyphenated part that is no plain
// word: "Bottrop-Kirchhellen" (a district), but "Bochum-Plus" stays
// "Bochum".
func (c *Checker) extendDistricts(t *tokenized, fs []Finding) []Finding {
	for i := range fs {
		f := &fs[i]
		if f.Kind != KindPlace || f.End+1 >= len(t.runes) || t.runes[f.End] != '-' {
			continue
		}
		for _, tok := range t.toks {
			if tok.start != f.End+1 {
				continue
			}
			low := strings.ToLower(tok.text)
			if nameShaped(tok.text) && !c.tab.inLexicon(low) && !c.tab.domain[low] && !c.known[low] {
				f.End = extendHyphen(t, indexOfToken(t, tok.start))
				f.Text = string(t.runes[f.Start:f.End])
			}
			break
		}
	}
	return fs
}

// indexOfToken returns the index of the token starting at rune offset s.
func indexOfToken(t *tokenized, s int) int {
	for i, tok := range t.toks {
		if tok.start == s {
			return i
		}
	}
	return -1
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
