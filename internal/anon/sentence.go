package anon

import (
	"strings"
	"unicode"
)

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = set("z", "b", "d", "h", "u", "a", "o", "ä", "s", "v", "ca", "bzw", "ggf", "evtl", "inkl", "exkl",
	"nr", "str", "usw", "etc", "vgl", "bspw", "z.b", "dr", "prof", "hr", "fr", "frl", "fam", "st", "abs", "art", "bzgl",
	"max", "min", "mind", "gem", "geb", "tel", "zzgl", "ehem", "einschl", "jhd", "jh", "mio", "mrd", "tsd", "sog",
	"dipl", "ing", "med", "rer", "nat", "phil", "päd", "soz", "hrsg", "ebd", "allg", "insb", "lt", "ggü", "u.a", "o.ä",
	"ev", "kath", "ref", "kd", "az", "bd", "kfz", "gmbh", "co", "jun", "sen", "verh", "led", "gesch")

// sentenceStarts marks the tokens that begin a sentence, a line, a list
// item or a heading: there a capital letter says nothing.
func sentenceStarts(t *tokenized) []bool {
	out := make([]bool, len(t.toks))
	for i := range t.toks {
		if i == 0 {
			out[i] = true
			continue
		}
		gap := t.gap(i - 1)
		if strings.ContainsRune(gap, '\n') {
			out[i] = true
			continue
		}
		core := strings.TrimFunc(gap, func(r rune) bool {
			return unicode.IsSpace(r) || strings.ContainsRune("„“”\"'‚‘’»«()[]–—-*•", r)
		})
		if core == "" {
			continue
		}
		if strings.ContainsAny(core, "!?:|") || strings.Contains(core, "…") {
			out[i] = true
			continue
		}
		if core == ")" && len([]rune(t.toks[i-1].text)) <= 2 && (i < 2 || strings.ContainsRune(t.gap(i-2), '\n')) {
			out[i] = true // a list item: "a) Inwieweit …"
			continue
		}
		if strings.ContainsRune(core, '.') {
			prev := strings.ToLower(t.toks[i-1].text)
			switch {
			case abbreviations[prev]:
			case isDigits(prev) && len(prev) <= 2: // "3. Mai", "2. Welle"
			case len([]rune(prev)) == 1 && isUpper(t.toks[i-1].text): // an initial: "Herr K. sagte"
			default:
				out[i] = true
			}
		}
	}
	return out
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
