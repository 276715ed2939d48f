package anon

import (
	"regexp"
	"strings"
	"unicode"
)

const months = `(?:januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|jan\.|feb\.|febr\.|mär\.|apr\.|jun\.|jul\.|aug\.|sep\.|sept\.|okt\.|nov\.|dez\.)`

// dateForms are the ways a date of birth is written.
const dateForms = `(?:\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)?\d{2}\b|\d{1,2}\.\s?` + months + `\s+(?:19|20)?\d{2}\b|(?:19|20)\d{2}-\d{2}-\d{2}\b|\d{1,2}/\d{1,2}/(?:19|20)?\d{2}\b|` + months + `\s+(?:19|20)\d{2}\b|(?:19|20)\d{2}\b|'\d{2}\b)`

var (
	reDOBLead = regexp.MustCompile(`(?i)(?:\bgeb\.|\bgeboren(?:\s+(?:am|im|in|den|der))?|\bgeb\.?-?datum\s*:?|\bgeburtsdatum\s*:?|\bgeburtstag\s*:?|\bgeburtsjahr\s*:?|\bjahrgang|\bjg\.|(?:^|[\s(])\*)\s*(?:am\s+|im\s+(?:jahr\s+)?)?(` + dateForms + `)`)
	reDOBTail = regexp.MustCompile(`(?i)\b(` + dateForms + `)\s+(?:in\s+\p{Lu}[\p{L}\-]+\s+)?geboren\b`)
	reIBAN    = regexp.MustCompile(`\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,3})?\b`)
	reBAKunde = regexp.MustCompile(`\b\d{3}[A-Z]\d{6}\b`)
	reBGNr    = regexp.MustCompile(`\b\d{5}\s?BG\s?\d{7}\b`)
	reSVNr    = regexp.MustCompile(`\b\d{2}\s?[0-3]\d[01]\d{3}\s?[A-Z]\s?\d{3}\b`)
	reIDLead  = regexp.MustCompile(`(?i)\b(?:kunden-?nummer|kunden-?nr\.?|kd\.?-?nr\.?|ba-?nummer|ba-?nr\.?|bg-?nummer|bg-?nr\.?|nummer\s+der\s+bedarfsgemeinschaft|aktenzeichen|az\.|(?:renten|sozial)?versicherungsnummer|sv-?nummer|sv-?nr\.?|steuer-?id|steuer-?identifikationsnummer|steuernummer|personalnummer|ausweisnummer|ausweis-?nr\.?|pass-?nummer|mitgliedsnummer|vorgangsnummer|kundenkennung|stammnummer)\s*(?:lautet|ist|war|:|-|=)?\s*((?-i)[A-Z0-9][A-Z0-9./ -]{2,24}[A-Z0-9])\b`)
	rePlate   = regexp.MustCompile(`\b([A-ZÄÖÜ]{1,3})-([A-Z]{1,2})[\s-]?([1-9]\d{0,3}[EH]?)\b`)
	rePlateSp = regexp.MustCompile(`\b([A-ZÄÖÜ]{1,3})\s([A-Z]{1,2})\s?([1-9]\d{0,3}[EH]?)\b`)
	reAgeJ    = regexp.MustCompile(`\b(\d{1,2})\s?[-–]?\s?[jJ]ährig(?:e[nr]?)?\b`)
	reAgeAlt  = regexp.MustCompile(`\b([1-9]?\d)\s+Jahre\s+alt\b|\b(?:Alter|alt)\s*:\s*([1-9]\d)\b|\bim\s+Alter\s+von\s+([1-9]\d)\b`)
	reAgeNext = regexp.MustCompile(`^\s?(?:\((\d{1,2})(?:\s?J\.|\s?Jahre)?\)|,\s([1-9]\d)(?:\s?J\.|\s?Jahre)?,|\s(?:ist|sei|war|wird|wurde)\s([1-9]\d)\b(?:\s+Jahre(?:\s+alt)?\b)?)`)
	reStreetP = regexp.MustCompile(`\b(?:Am|An\s+der|An\s+den|An\s+dem|Auf\s+der|Auf\s+dem|Auf\s+den|Im|In\s+der|In\s+den|Hinter\s+der|Hinter\s+dem|Zum|Zur|Unter\s+den|Vor\s+dem|Alte|Alter|Altes|Neue|Neuer|Lange|Langer|Hohe|Hoher|Kleine|Kleiner|Große|Großer|Obere|Untere|Oberer|Unterer|Alt)\s+(\p{Lu}[\p{L}\-]+(?:\s+\p{Lu}[\p{L}\-]+)?)\s+(\d{1,3}(?:\s?[a-zA-Z]\b)?)`)
	reStreetL = regexp.MustCompile(`\b(?:am|an\s+der|an\s+den|auf\s+der|auf\s+dem|im|in\s+der|in\s+den|hinter\s+der|zum|zur|unter\s+den)\s+(\p{Lu}[\p{L}\-]+(?:\s+\p{Lu}[\p{L}\-]+)?)\s+(\d{1,3}(?:\s?[a-zA-Z]\b)?)`)
	reStreetX = regexp.MustCompile(`\p{Lu}[\p{L}\-]*(?:kamp|stieg|twiete|hof|feld|berg|garten|park|höhe|tal|aue|tor|winkel|bogen|hang|heide|busch|blick|wiese|wiesen|acker|kai|deich|redder|koppel|brink|siepen|promenade|zeile|steige|stiege|grund|hain|holz|anger|kreuz|mühle|brücke|pforte|trift|gang)\s+\d{1,3}(?:\s?[a-zA-Z]\b)?`)
)

// kin are people whose age a protocol gives: "die 8-jährige Tochter".
var kin = set("tochter", "sohn", "kind", "enkel", "enkelin", "nichte", "neffe", "bruder", "schwester", "junge",
	"mädchen", "cousin", "cousine", "zwillinge", "stieftochter", "stiefsohn", "pflegekind")

// indexOfTokenEnd returns the index of the token ending at rune offset e.
func indexOfTokenEnd(t *tokenized, e int) int {
	for i, tok := range t.toks {
		if tok.end == e {
			return i
		}
		if tok.start > e {
			break
		}
	}
	return -1
}

// ageRange are words before an age that make it a range of ages.
var ageRange = set("über", "unter", "ab", "bis", "zwischen", "mindestens", "höchstens", "als", "und", "oder", "von",
	"jünger", "älter", "ü", "u")

// notAfterHouseNumber are words after a number that make it no house number.
var notAfterHouseNumber = set("uhr", "prozent", "euro", "eur", "jahre", "jahren", "jahr", "minuten", "stunden", "tage",
	"tagen", "wochen", "monate", "monaten", "personen", "kunden", "kundinnen", "fälle", "fällen", "teilnehmende",
	"plätze", "stellen", "mal", "leute", "menschen", "mitarbeitende", "kolleginnen", "kollegen", "seiten", "prozentpunkte")

// notStreetWords are capitalised words after "am", "im" … that name a
// time or a part of a text, not a street.
var notStreetWords = set("jahr", "jahre", "monat", "quartal", "halbjahr", "zeitraum", "schnitt", "durchschnitt",
	"moment", "vorjahr", "team", "raum", "zimmer", "stock", "kapitel", "abschnitt", "paragraf", "paragraph", "januar",
	"februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember",
	"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "wochenende", "anfang", "ende",
	"sommer", "winter", "herbst", "frühjahr", "frühling", "rahmen", "bereich", "fall", "gespräch", "interview",
	"welle", "schritt", "punkt", "teil", "vergleich", "einzelfall", "wesentlichen", "grunde", "prinzip", "rang",
	"platz", "haus", "gebäude", "erdgeschoss", "obergeschoss", "alter", "sgb", "jahrgang", "zuge", "laufe", "stadtteil",
	"quartier", "viertel", "leitfaden", "frageblock", "block", "thema", "themenblock", "modul", "kurs", "durchgang",
	"monaten", "jahren", "schnitt", "mittel", "minus", "plus", "verhältnis", "kreis", "bezirk", "landkreis")

// addressContext are words shortly before a street without a suffix
// that make it an address (a word starting with one counts).
var addressContext = []string{"wohn", "adresse", "anschrift", "umgezogen", "umzug", "zieht", "gezogen", "hausnummer",
	"liegt", "liege", "sitz", "büro", "praxis", "filiale", "standort", "betrieb", "firma", "geschäft", "laden", "treffpunkt"}

// addressBefore reports whether a word of addressContext stands in the 48
// bytes before byte offset b.
func addressBefore(txt string, b int) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(txt[max(0, b-48):b]), func(r rune) bool { return !isLetter(r) }) {
		for _, c := range addressContext {
			if strings.HasPrefix(w, c) && (c != "sitz" || w == "sitz") {
				return true
			}
		}
	}
	return false
}

// firstWord returns the first word of s (after spaces and punctuation).
func firstWord(s string) string {
	s = strings.TrimLeftFunc(s, func(r rune) bool { return !isLetter(r) && !unicode.IsDigit(r) })
	end := strings.IndexFunc(s, func(r rune) bool { return !isLetter(r) })
	if end < 0 {
		return s
	}
	return s[:end]
}

// plateNot are letter groups before a hyphen that are no licence plate.
var plateNot = set("SGB", "ALG", "ESF", "BA", "JC", "IT", "EU", "AG", "KG", "UG", "EG", "DE", "II", "III", "IV", "VI", "IX", "XI", "ID", "PC", "TV", "HR", "BG", "AZ", "SV", "KDU", "FAQ", "AVGS", "IFK", "TL")

// romanNumerals are no plate letters ("SGB-II 16").
var romanNumerals = set("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

// patterns returns the findings of the patterns for numbers, dates,
// ages, plates and streets without a suffix.
func (c *Checker) patterns(t *tokenized, starts []bool, wi *wordInfo) []Finding {
	var out []Finding
	add := func(bs, be int, kind Kind, rule string) {
		s, e := t.runeOf(bs), t.runeOf(be)
		out = append(out, Finding{Start: s, End: e, Text: string(t.runes[s:e]), Kind: kind, Source: SourceHeuristic,
			Suggestion: Placeholders[kind], Rule: rule})
	}
	txt := t.text
	for _, re := range []*regexp.Regexp{reDOBLead, reDOBTail} {
		for _, m := range findAll(re, txt, hasBirthWord) {
			add(m[2], m[3], KindBirthDate, "date of birth")
		}
	}
	for _, m := range findAll(reIBAN, txt, hasIBANStart) {
		if countDigits(txt[m[0]:m[1]]) >= 12 {
			add(m[0], m[1], KindIBAN, "IBAN")
		}
	}
	for _, re := range []*regexp.Regexp{reBAKunde, reBGNr, reSVNr} {
		for _, m := range findAll(re, txt, hasDigitRun6) {
			add(m[0], m[1], KindIDNumber, "customer or insurance number")
		}
	}
	for _, m := range findAll(reIDLead, txt, hasNumberWord) {
		if countDigits(txt[m[2]:m[3]]) >= 4 {
			add(m[2], m[3], KindIDNumber, "number after "+strings.TrimSpace(txt[m[0]:m[2]]))
		}
	}
	for _, m := range findAll(rePlate, txt, hasPlateShape) {
		if plateNot[txt[m[2]:m[3]]] || romanNumerals[txt[m[4]:m[5]]] {
			continue
		}
		add(m[0], m[1], KindPlate, "licence plate")
	}
	for _, m := range findAll(rePlateSp, txt, hasVehicleWord) {
		if plateNot[txt[m[2]:m[3]]] || romanNumerals[txt[m[4]:m[5]]] {
			continue
		}
		before := strings.ToLower(txt[max(0, m[0]-48):m[0]])
		if anyOf(before, "kennzeichen", "nummernschild", "kfz", "auto", "wagen", "fahrzeug", "pkw", "motorrad", "roller", "transporter") {
			add(m[0], m[1], KindPlate, "licence plate after Kennzeichen")
		}
	}
	for _, re := range []*regexp.Regexp{reAgeJ, reAgeAlt} {
		for _, m := range findAll(re, txt, hasAgeWord) {
			before := strings.Fields(strings.ToLower(txt[max(0, m[0]-24):m[0]]))
			if len(before) > 0 && ageRange[before[len(before)-1]] {
				continue // "über 25 Jahre alt", "die unter 25-Jährigen": a group
			}
			if re == reAgeJ && len(txt[m[2]:m[3]]) == 1 {
				// "die 4-jährige Ela", not "eine 3-jährige Umschulung".
				next := firstWord(txt[m[1]:])
				if !isUpper(next) || (c.isWord(wi, next) && !c.isName(next) && !kin[strings.ToLower(next)]) {
					continue
				}
			}
			add(m[0], m[1], KindAge, "age")
		}
	}
	streetAt := func(m []int, rule string, needContext bool) {
		word := strings.Fields(txt[m[2]:m[3]])[0]
		if notStreetWords[strings.ToLower(word)] {
			return
		}
		rest := strings.TrimLeft(txt[m[1]:], " ")
		next, _, _ := strings.Cut(rest, " ")
		if notAfterHouseNumber[strings.ToLower(strings.TrimRight(next, ".,;:"))] || strings.HasPrefix(rest, "%") || strings.HasPrefix(rest, "€") {
			return
		}
		start := t.runeOf(m[0])
		if (needContext || tokenStartsSentence(t, starts, start)) && !addressBefore(txt, m[0]) {
			return
		}
		if needContext {
			m = append([]int{m[2], m[1]}, m[2:]...) // "wohnt in der Dorstener Straße 212": from the name on
		}
		add(m[0], m[1], KindAddress, rule)
	}
	for _, m := range findAll(reStreetP, txt, hasHouseNumber) {
		streetAt(m, "street without suffix", false)
	}
	for _, m := range findAll(reStreetL, txt, hasHouseNumber) {
		streetAt(m, "street without suffix after an address word", true)
	}
	for _, m := range findAll(reStreetX, txt, hasHouseNumber) {
		if !wordStart(txt, m[0]) {
			continue
		}
		word := strings.Fields(txt[m[0]:m[1]])[0]
		rest := strings.TrimLeft(txt[m[1]:], " ")
		next, _, _ := strings.Cut(rest, " ")
		if notAfterHouseNumber[strings.ToLower(strings.TrimRight(next, ".,;:"))] {
			continue
		}
		if c.tab.placeSet[strings.ToLower(word)] || c.isWord(wi, word) && !addressBefore(txt, m[0]) {
			continue // "Krefeld 201" is a place and a page
		}
		add(m[0], m[1], KindAddress, "street and house number")
	}
	return out
}

// tokenStartsSentence reports whether the token at rune offset start
// begins a sentence.
func tokenStartsSentence(t *tokenized, starts []bool, start int) bool {
	for i, tok := range t.toks {
		if tok.start == start {
			return starts[i]
		}
		if tok.start > start {
			break
		}
	}
	return false
}

// agesNextTo finds ages written right after a person finding: "Herr
// Demir (52)", "Frau K., 34,".
func agesNextTo(t *tokenized, persons []Finding) []Finding {
	var out []Finding
	for _, p := range persons {
		// The name may go on past the finding: "Herr Nguyen Van Long (44)".
		if k := indexOfTokenEnd(t, p.End); k >= 0 {
			for n := 0; n < 2 && k+1 < len(t.toks) && (t.gap(k) == " " || t.gap(k) == "-") && nameShaped(t.toks[k+1].text); n++ {
				k++
				p.End = t.toks[k].end
			}
		}
		rest := string(t.runes[p.End:min(len(t.runes), p.End+16)])
		m := reAgeNext.FindStringSubmatchIndex(rest)
		if m == nil {
			continue
		}
		s := p.End + len([]rune(rest[:m[0]]))
		e := p.End + len([]rune(rest[:m[1]]))
		for s < e && (t.runes[s] == ' ' || t.runes[s] == ',') {
			s++
		}
		for e > s && t.runes[e-1] == ',' {
			e--
		}
		out = append(out, Finding{Start: s, End: e, Text: string(t.runes[s:e]), Kind: KindAge, Source: SourceHeuristic,
			Suggestion: Placeholders[KindAge], Rule: "age next to a name"})
	}
	return out
}

func isLetter(r rune) bool { return unicode.IsLetter(r) }

// Cheap tests for findAll: a line without what a pattern needs is skipped.

func hasBirthWord(s string) bool {
	return hasDigit(s) && anyOf(s, "geb", "Geb", "Geburt", "geburt", "Jahrgang", "jahrgang", "Jg.", "jg.", "*")
}

func hasNumberWord(s string) bool {
	return hasDigit(s) && anyOf(strings.ToLower(s), "nummer", "nr", "aktenzeichen", "az.", "steuer", "kennung")
}

func hasAgeWord(s string) bool {
	return hasDigit(s) && anyOf(s, "ährig", "Jahre alt", "Alter", "alt:")
}

func hasVehicleWord(s string) bool {
	return hasDigit(s) && anyOf(strings.ToLower(s), "kennzeichen", "nummernschild", "kfz", "auto", "wagen", "fahrzeug",
		"pkw", "motorrad", "roller", "transporter")
}

// hasIBANStart reports whether s has two capitals followed by two digits.
func hasIBANStart(s string) bool {
	for i := 0; i+3 < len(s); i++ {
		if isCap(s[i]) && isCap(s[i+1]) && isDig(s[i+2]) && isDig(s[i+3]) {
			return true
		}
	}
	return false
}

// hasPlateShape reports whether s has a capital, a hyphen and a capital.
func hasPlateShape(s string) bool {
	for i := 1; i+1 < len(s); i++ {
		if s[i] == '-' && isCap(s[i+1]) && (isCap(s[i-1]) || s[i-1] >= 0x80) {
			return hasDigit(s)
		}
	}
	return false
}

// hasDigitRun6 reports whether s has six digits in a row (or with one
// space): customer, case and insurance numbers.
func hasDigitRun6(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		switch {
		case isDig(s[i]):
			n++
			if n >= 6 {
				return true
			}
		case s[i] == ' ' && n > 0:
		default:
			n = 0
		}
	}
	return false
}

// hasHouseNumber reports whether s has a number of one to three digits
// after a space and a letter: "Im Brahm 9", "Hochstraße 27".
func hasHouseNumber(s string) bool {
	for i := 2; i < len(s); i++ {
		if !isDig(s[i]) || s[i-1] != ' ' || !(s[i-2] >= 'a' && s[i-2] <= 'z' || s[i-2] >= 0x80 || s[i-2] == '.') {
			continue
		}
		j := i
		for j < len(s) && isDig(s[j]) {
			j++
		}
		if j-i <= 3 && (j == len(s) || !isDig(s[j]) && s[j] != '.' || s[j] == '.' && (j+1 == len(s) || !isDig(s[j+1]))) {
			return true
		}
	}
	return false
}

func isCap(b byte) bool { return b >= 'A' && b <= 'Z' }
func isDig(b byte) bool { return b >= '0' && b <= '9' }
