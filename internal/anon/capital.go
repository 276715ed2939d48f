package anon

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foreignLetters occur in names from Turkish, Polish, Balkan, Czech and
// other Latin alphabets but in no German word.
const foreignLetters = "ıİşŞğĞćĆčČžŽšŠđĐłŁńŃśŚźŹżŻąĄęĘőŐűŰřŘěĚůŮțȚșȘăĂâÂîÎêÊôÔñÑéÉèÈáÁíÍóÓúÚýÝçÇãÃõÕëËïÏ"

// nameEndings are endings of surnames (and Slavic place names) that no
// German word has.
var nameEndings = []string{"ski", "ska", "cki", "cka", "czyk", "wicz", "owicz", "ewicz", "ović", "ovic", "ević", "evic",
	"vić", "ić", "oğlu", "oglu", "enko", "chuk", "schuk", "tschuk", "ow", "owa", "ova", "ewa", "eva", "jew", "jewa",
	"ejew", "owski", "owska", "zadeh", "pour", "yan", "jan", "idis", "opoulos", "akis", "escu", "eanu", "inho"}

// placeEndings are endings of German place and district names.
var placeEndings = []string{"dorf", "hausen", "heim", "feld", "bach", "berg", "burg", "stedt", "stadt", "ingen",
	"kirchen", "rode", "hagen", "beck", "brück", "brücken", "werder", "horst", "busch", "wald", "hain", "büttel",
	"leben", "furt", "hofen", "kamp", "siepen", "scheid", "rath", "loh", "lohe", "holz", "born", "brunn", "weiler", "hude", "damm"}

// locatives are words after which an unknown capitalised word is a place.
var placeLead = set("in", "aus", "nach", "bei", "ortsteil", "stadtteil", "stadtbezirk", "bezirk", "viertel", "kreis",
	"landkreis", "gemeinde", "richtung", "raum", "großraum", "umgebung", "umland", "nähe")

// wordInfo caches what the lexicon says about a token within one Check.
type wordInfo struct {
	memo  map[string]bool
	known map[string]bool
}

func (c *Checker) newWordInfo() *wordInfo {
	return &wordInfo{memo: map[string]bool{}, known: map[string]bool{}}
}

// isWord reports whether w is German, job-centre or project vocabulary.
func (c *Checker) isWord(wi *wordInfo, w string) bool {
	if v, ok := wi.known[w]; ok {
		return v
	}
	low := strings.ToLower(w)
	v := c.known[low] || c.tab.isWord(w, wi.memo)
	if !v {
		for _, suf := range inflections {
			if stem, ok := strings.CutSuffix(low, suf); ok && c.known[stem] {
				v = true
				break
			}
		}
	}
	wi.known[w] = v
	return v
}

// nameShaped reports whether a capitalised token looks like a name: a
// capital followed by small letters only (no acronym, no "KundInnen").
func nameShaped(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) || utf8.RuneCountInString(s) < 3 {
		return false
	}
	for _, r := range s[size:] {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

func hasForeignLetter(s string) bool { return strings.ContainsAny(s, foreignLetters) }

func hasNameEnding(s string) bool {
	low := strings.ToLower(s)
	for _, e := range nameEndings {
		if strings.HasSuffix(low, e) && utf8.RuneCountInString(low) >= len([]rune(e))+3 {
			return true
		}
	}
	return false
}

func hasPlaceEnding(s string) bool {
	low := strings.ToLower(s)
	for _, e := range placeEndings {
		if strings.HasSuffix(low, e) && utf8.RuneCountInString(low) > len([]rune(e))+1 {
			return true
		}
	}
	return false
}

// capitalised finds capitalised words that are not at a sentence start
// and neither German nor job-centre nor project vocabulary: names a
// person would mark although no list knows them. At a sentence start it
// flags only words that cannot be German (foreign letters, name endings).
func (c *Checker) capitalised(t *tokenized, starts []bool, wi *wordInfo) []Finding {
	var out []Finding
	for i, tok := range t.toks {
		if !nameShaped(tok.text) || strings.ContainsAny(tok.text, "0123456789") {
			continue
		}
		if c.isWord(wi, tok.text) || c.tab.placeSet[strings.ToLower(tok.text)] || c.wordShaped(wi, tok.text) {
			continue // a word, or a place the gazetteer reports
		}
		if i+1 < len(t.toks) && strings.ContainsAny(t.gap(i), ":*_/") && len(t.gap(i)) == 1 &&
			(t.toks[i+1].text == "innen" || t.toks[i+1].text == "in") &&
			(c.isWord(wi, tok.text+"e") || c.isWord(wi, tok.text+"in") || c.isWord(wi, tok.text+"innen")) {
			continue // a gender form: "Kund:innen", "Kolleg*innen"
		}
		if strings.HasPrefix(t.gap(i), ".") && !strings.ContainsAny(strings.ToLower(tok.text), "aeiouäöüy") {
			continue // an abbreviation: "Hrsg."
		}
		if g := t.gap(i); strings.HasPrefix(g, "- ") || g == "-" && i+1 < len(t.toks) && !isUpper(t.toks[i+1].text) {
			continue // a truncated compound: "Förder- und Beratungsangebote"
		}
		foreign := hasForeignLetter(tok.text) || hasNameEnding(tok.text)
		if starts[i] && !foreign {
			continue
		}
		kind, rule := KindPerson, "unknown capitalised word"
		if i > 0 && placeLead[strings.ToLower(t.toks[i-1].text)] && normGap(t.gap(i-1)) == " " {
			kind, rule = KindPlace, "unknown capitalised word after "+t.toks[i-1].text
		} else if hasPlaceEnding(tok.text) && !foreign {
			kind, rule = KindPlace, "unknown capitalised word with a place ending"
		}
		out = append(out, Finding{Start: tok.start, End: tok.end, Text: tok.text, Kind: kind, Source: SourceHeuristic,
			Suggestion: Placeholders[kind], Rule: rule})
	}
	return mergeAdjacent(t, out)
}

// mergeAdjacent joins findings of neighbouring tokens separated by one
// space or a hyphen ("Ayşe Nur", "Kaya-Öztürk") into one.
func mergeAdjacent(t *tokenized, fs []Finding) []Finding {
	if len(fs) < 2 {
		return fs
	}
	out := []Finding{fs[0]}
	for _, f := range fs[1:] {
		last := &out[len(out)-1]
		between := string(t.runes[last.End:f.Start])
		if f.Start > last.End && (between == " " || between == "-") && last.Kind == f.Kind {
			last.End = f.End
			last.Text = string(t.runes[last.Start:last.End])
			continue
		}
		out = append(out, f)
	}
	return out
}

// isLowerWord reports whether s is written in small letters only.
func isLowerWord(s string) bool {
	for _, r := range s {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return s != ""
}

// elsewhere flags the other occurrences of a one-word name that a rule
// found somewhere in the text: "Artjom" at the start of a sentence once
// "die Kinder Artjom und Darja" named him.
func (c *Checker) elsewhere(t *tokenized, fs []Finding) []Finding {
	kinds := map[string]Kind{}
	covered := map[int]bool{}
	for _, f := range fs {
		covered[f.Start] = true
		if f.Kind == KindPerson || f.Kind == KindPlace {
			for _, w := range strings.FieldsFunc(f.Text, func(r rune) bool { return r == ' ' || r == '-' }) {
				if nameShaped(w) && !titles[strings.ToLower(w)] {
					kinds[w] = f.Kind
				}
			}
		}
	}
	var out []Finding
	for _, tok := range t.toks {
		if k, ok := kinds[tok.text]; ok && !covered[tok.start] {
			out = append(out, Finding{Start: tok.start, End: tok.end, Text: tok.text, Kind: k, Source: SourceHeuristic,
				Suggestion: Placeholders[k], Rule: "named elsewhere in the text"})
		}
	}
	return out
}

// nounEndings are endings of German nouns and nominalised adjectives that
// no name has ("Priorisierung", "Berufskundliches").
var nounEndings = []string{"ierung", "ierungen", "isierung", "ität", "itäten", "heit", "heiten", "keit", "keiten",
	"schaft", "schaften", "ismus", "ungen", "tion", "tionen", "lich", "liche", "lichen", "licher", "liches", "isch",
	"ische", "ischen", "ischer", "isches", "bare", "baren", "barer", "sames", "haft", "hafte", "haften", "ika"}

// nameTails are word endings of German surnames ("Westermann",
// "Overkamp"): a compound ending in one is no evidence of a word.
var nameTails = set("mann", "männer", "haus", "häuser", "hof", "hoff", "kamp", "feld", "dorf", "heim", "hausen", "meister",
	"kötter", "brink", "brock", "born", "beck", "bach", "berg", "berger", "burg", "horst", "rath", "thal", "tal", "winkel",
	"mühle", "garten", "bruch", "scheidt", "loh", "kemper", "meier", "meyer", "maier", "mayer", "stein", "wald", "baum",
	"busch", "schmidt", "hagen", "kirch", "kirchen", "wiese", "land", "länder", "bauer", "schalk", "reuter", "ritter")

// wordShaped reports whether an unknown word is built like a German
// word: a noun ending, or a compound of something and a word of at least
// six letters (or a job-centre word) that is not a typical end of a
// surname ("Individualgespräch", "Spezialteam").
func (c *Checker) wordShaped(wi *wordInfo, w string) bool {
	low := strings.ToLower(w)
	n := utf8.RuneCountInString(low)
	for _, e := range nounEndings {
		if strings.HasSuffix(low, e) && n >= utf8.RuneCountInString(e)+4 {
			return true
		}
	}
	rs := []rune(low)
	for i := 4; i <= len(rs)-4; i++ {
		tail := string(rs[i:])
		if nameTails[tail] || c.isName(strings.ToUpper(string(rs[i:i+1]))+string(rs[i+1:])) {
			continue
		}
		if (len(rs)-i >= 6 || c.tab.domain[tail]) && c.tab.segment(tail, wi.memo) && strings.ContainsAny(string(rs[:i]), "aeiouäöüy") {
			return true
		}
	}
	return false
}
