package anon

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Patterns of the heuristics. They run on the text; offsets are converted
// to runes.
var (
	reEmail = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}`)
	reURL   = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>"“”„»«]+|\b[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.(?:de|com|org|net|eu|info|nrw|berlin|hamburg)\b(?:/[^\s<>"“”„»«]*)?`)
	rePhone = regexp.MustCompile(`(?:\+\s?49|0049|\(0\d{2,5}\)|\b0\d{1,5})(?:\s?\(0\))?(?:[ \t]*[/\-–]?[ \t]*\d{2,8}){1,4}`)
	reTel   = regexp.MustCompile(`(?i)\b(?:tel\.?|telefon(?:nummer)?|fax|mobil|handy(?:nummer)?|durchwahl|rufnummer)\s*:?\s*(\+?\d[\d \t/\-–]{3,}\d)`)
	rePLZ   = regexp.MustCompile(`\b(?:D-)?(\d{5})\s+(\p{Lu}[\p{L}\-]+)`)
	rePLZ2  = regexp.MustCompile(`(?i)\b(?:PLZ|Postleitzahl)\s*:?\s*(\d{5})\b`)
	reStr   = regexp.MustCompile(`\p{Lu}[\p{L}\-]*(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|wall|graben|markt|-Straße|-Str\.|-Weg|-Allee|-Platz|-Ring|-Damm|-Ufer)\s+\d{1,3}\s?[a-zA-Z]?\b(?:\s?[-–]\s?\d{1,3}\b)?`)
	reStr2  = regexp.MustCompile(`\p{Lu}[\p{L}]+(?:er|sche|scher|schen)\s+(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Ring|Damm|Chaussee|Ufer|Tor|Markt)\s+\d{1,3}\s?[a-zA-Z]?\b`)
	reStr2b = regexp.MustCompile(`\p{Lu}[\p{L}]+(?:er|sche|scher|schen)\s+(?:Straße|Strasse|Str\.|Allee|Chaussee)`)
	reStr3  = regexp.MustCompile(`\p{Lu}[\p{L}\-]*(?:straße|strasse|allee|gasse|chaussee|-Straße|-Allee)\b`)
)

// reMonthYear is a month and a year, no phone number.
var reMonthYear = regexp.MustCompile(`^(?:0[1-9]|1[0-2])/(?:19|20)\d{2}$`)

// notAfterPostcode are capitalised words that follow a five-digit number
// without it being a postcode ("12000 Euro").
var notAfterPostcode = set("euro", "eur", "menschen", "personen", "kunden", "kundinnen", "fälle", "fällen",
	"teilnehmende", "teilnehmer", "teilnehmerinnen", "stellen", "einwohner", "einwohnerinnen", "haushalte",
	"bedarfsgemeinschaften", "leistungsberechtigte", "arbeitslose", "beschäftigte", "mitarbeitende", "mal",
	"jahre", "stunden", "plätze", "arbeitsplätze", "eintritte", "integrationen", "dollar", "seiten", "zeichen")

// genericStreets are street words that name no particular street.
var genericStreets = set("landstraße", "bundesstraße", "seitenstraße", "nebenstraße", "einkaufsstraße",
	"hauptverkehrsstraße", "fußgängerstraße", "durchgangsstraße", "querstraße", "wohnstraße", "straße",
	"strasse", "allee", "gasse", "autostraße", "umgehungsstraße", "sackgasse", "baustraße", "ringstraße")

// heuristics returns the pattern findings of t.
func heuristics(t *tokenized) []Finding {
	var out []Finding
	add := func(bs, be int, kind Kind, rule string) {
		s, e := t.runeOf(bs), t.runeOf(be)
		out = append(out, Finding{Start: s, End: e, Text: string(t.runes[s:e]), Kind: kind, Source: SourceHeuristic,
			Suggestion: Placeholders[kind], Rule: rule})
	}
	for _, m := range findAll(reEmail, t.text, hasAt) {
		add(m[0], m[1], KindEmail, "e-mail address")
	}
	for _, m := range findAll(reURL, t.text, hasURLHint) {
		e := m[1]
		for e > m[0] && strings.ContainsRune(".,;:!?)]'", rune(t.text[e-1])) {
			e--
		}
		if m[0] > 0 && t.text[m[0]-1] == '@' {
			continue
		}
		add(m[0], e, KindURL, "web address")
	}
	for _, m := range findAll(rePhone, t.text, hasDigit) {
		if reMonthYear.MatchString(strings.TrimSpace(t.text[m[0]:m[1]])) {
			continue // "Nr. 01/2012"
		}
		if n := countDigits(t.text[m[0]:m[1]]); n >= 6 && n <= 16 {
			add(m[0], len(strings.TrimRightFunc(t.text[:m[1]], unicode.IsSpace)), KindPhone, "phone number")
		}
	}
	for _, m := range findAll(reTel, t.text, hasTelWord) {
		if n := countDigits(t.text[m[2]:m[3]]); n >= 4 && n <= 16 {
			add(m[2], m[3], KindPhone, "phone number after Tel./Fax")
		}
	}
	for _, m := range findAll(rePLZ, t.text, hasDigitRun5) {
		if notAfterPostcode[strings.ToLower(t.text[m[4]:m[5]])] {
			continue
		}
		add(m[0], m[1], KindPostcode, "postcode and town")
	}
	for _, m := range findAll(rePLZ2, t.text, hasDigitRun5) {
		add(m[2], m[3], KindPostcode, "postcode")
	}
	for _, re := range []*regexp.Regexp{reStr, reStr2, reStr2b} {
		need := hasStreetWord
		if re != reStr2b {
			need = func(s string) bool { return hasStreetWord(s) && hasHouseNumber(s) }
		}
		for _, m := range findAll(re, t.text, need) {
			if !wordStart(t.text, m[0]) {
				continue
			}
			add(m[0], m[1], KindAddress, "street address")
		}
	}
	for _, m := range findAll(reStr3, t.text, hasStreetWord) {
		if wordStart(t.text, m[0]) && !genericStreets[strings.ToLower(t.text[m[0]:m[1]])] {
			add(m[0], m[1], KindAddress, "street name")
		}
	}
	return out
}

// wordStart reports whether byte offset b of s starts a word.
func wordStart(s string, b int) bool {
	if b == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:b])
	return !isWordRune(r)
}

// countDigits counts the ASCII digits of s.
func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

// findAll is FindAllStringSubmatchIndex line by line, skipping the lines
// that need does not accept: a cheap test that keeps the slow patterns
// off most of a protocol.
func findAll(re *regexp.Regexp, text string, need func(string) bool) [][]int {
	var out [][]int
	off := 0
	for off <= len(text) {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		if line := text[off:end]; need(line) {
			for _, m := range re.FindAllStringSubmatchIndex(line, -1) {
				for i := range m {
					if m[i] >= 0 {
						m[i] += off
					}
				}
				out = append(out, m)
			}
		}
		off = end + 1
	}
	return out
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }
func hasAt(s string) bool    { return strings.Contains(s, "@") }
func anyOf(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
func hasURLHint(s string) bool {
	return anyOf(s, "www.", "WWW.", "://", ".de", ".com", ".org", ".net", ".eu", ".info", ".nrw", ".berlin", ".hamburg", ".DE")
}
func hasStreetWord(s string) bool {
	return anyOf(s, "traße", "trasse", "tr.", "allee", "Allee", "gasse", "haussee", "weg", "Weg", "platz", "Platz", "ring",
		"Ring", "damm", "Damm", "ufer", "Ufer", "steig", "pfad", "wall", "graben", "markt", "Markt", "Tor")
}

func hasTelWord(s string) bool {
	return hasDigit(s) && anyOf(strings.ToLower(s), "tel", "fax", "mobil", "handy", "durchwahl", "rufnummer")
}

// hasDigitRun5 reports whether s has five digits in a row.
func hasDigitRun5(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			if n++; n >= 5 {
				return true
			}
		} else {
			n = 0
		}
	}
	return false
}
