// Organisations and institutions: firms by legal form or trade word,
// schools, nurseries and other institutions named in a protocol.

package anon

import (
	"regexp"
	"strings"
)

// legalForms end an organisation's name.
var reLegal = regexp.MustCompile(`(?:\s|^)(gGmbH|GmbH\s*&\s*Co\.\s?KG|SE\s*&\s*Co\.\s?KG|GmbH|gAG|AG|AöR|KdöR|KGaA|KG|OHG|GbR|e\.\s?V\.|e\.\s?K\.|eG|UG(?:\s?\(haftungsbeschränkt\))?|mbH|SE|Ltd\.?|Inc\.?|S\.A\.|gUG|PartG|Stiftung)(?:[\s,.;:)]|$)`)

// tradeWords precede a company's name: "Bäckerei Schulte".
var tradeWords = set("firma", "fa", "spedition", "bäckerei", "autohaus", "metzgerei", "fleischerei", "gärtnerei",
	"reinigung", "gebäudereinigung", "pflegedienst", "bauunternehmen", "malerbetrieb", "elektrobetrieb", "friseursalon",
	"friseur", "salon", "restaurant", "hotel", "gasthof", "gaststätte", "kanzlei", "apotheke", "getränkemarkt",
	"supermarkt", "café", "cafe", "imbiss", "reisebüro", "zeitarbeitsfirma", "personaldienstleister", "werkstatt",
	"autowerkstatt", "druckerei", "tischlerei", "schreinerei", "dachdeckerei", "logistik", "sicherheitsdienst",
	"callcenter", "möbelhaus", "baumarkt", "pizzeria", "kiosk", "kfz-werkstatt", "zeitarbeit", "arztpraxis", "praxis",
	"steuerkanzlei", "autovermietung", "umzugsfirma", "umzugsunternehmen", "transportunternehmen", "kurierdienst",
	"paketdienst", "taxiunternehmen", "elektro", "sanitär", "heizungsbau", "malerei", "bauhof", "brauerei", "konditorei",
	"schlachterei", "hausmeisterservice", "hausmeisterdienst", "reinigungsfirma", "pflegeheim", "altenheim",
	"seniorenheim", "seniorenzentrum", "bildungsträger", "träger", "bildungszentrum", "bildungswerk", "akademie",
	"verein", "förderverein", "sportverein", "stiftung", "genossenschaft", "wohnungsgesellschaft", "wohnungsbaugesellschaft",
	"beschäftigungsgesellschaft", "beschäftigungsträger", "maßnahmeträger", "modehaus", "kaufhaus", "handwerksbetrieb",
	"fahrschule", "tankstelle", "waschstraße", "lieferdienst", "großhandel", "einzelhandel", "discounter", "sparkasse",
	"volksbank", "raiffeisenbank", "stadtsparkasse", "kreissparkasse", "bank", "zeitung", "boutique", "studio", "agentur",
	"filiale", "markt", "pension", "bistro", "bar", "kneipe", "grill", "dönerladen", "laden", "shop", "sprachschule")

// institutionWords name schools, nurseries, hospitals and churches.
var institutionWords = set("grundschule", "gesamtschule", "realschule", "hauptschule", "förderschule", "sekundarschule",
	"gemeinschaftsschule", "oberschule", "gymnasium", "berufskolleg", "berufsschule", "kita", "kindergarten",
	"kindertagesstätte", "kindertageseinrichtung", "familienzentrum", "krankenhaus", "klinik", "klinikum", "hospital",
	"kirche", "kirchengemeinde", "moschee", "moscheegemeinde", "synagoge", "pfarrei", "pfarrgemeinde", "gemeinde",
	"universität", "hochschule", "fachhochschule", "volkshochschule", "vhs", "schule", "jugendzentrum", "jugendhaus",
	"stadtbibliothek", "bibliothek", "stadtteilbüro", "stadtteilzentrum", "bürgerzentrum", "begegnungsstätte",
	"sporthalle", "turnhalle", "hort", "internat", "wohnheim", "frauenhaus", "tafel",
	"kinderklinik", "reha-klinik", "rehaklinik", "tagesklinik", "praxisklinik", "ambulanz", "kapelle", "dom", "münster",
	"kloster", "stift", "diakonie", "caritas", "awo", "drk", "tafel", "kinderheim", "jugendhilfe", "jugendwerkstatt",
	"kolleg", "akademie", "stiftung", "verein", "förderverein", "sportverein", "schützenverein")

// genericAfter are capitalised words after an institution or trade word
// that do not name one ("die Grundschule Anfang August").
var genericAfter = set("anfang", "ende", "mitte", "ab", "bis", "der", "die", "das", "den", "dem", "des", "und", "oder",
	"in", "im", "am", "an", "auf", "aus", "bei", "mit", "nach", "seit", "von", "vor", "zu", "zum", "zur", "für", "über",
	"unter", "um", "als", "wie", "sei", "ist", "war", "hat", "habe", "wird", "wurde", "sowie", "bzw", "dort", "hier",
	"nicht", "noch", "auch", "nur", "schon", "eine", "ein", "einer", "einem", "einen", "sein", "ihr", "ihre", "seine")

// organisations finds companies (a legal form after a name, a trade word
// before one) and institutions ("Grundschule am Park", "Kindergarten
// St. Marien", "Erich-Kästner-Schule").
func (c *Checker) organisations(t *tokenized, starts []bool, wi *wordInfo) []Finding {
	var out []Finding
	org := func(s, e int, rule string) {
		out = append(out, Finding{Start: s, End: e, Text: string(t.runes[s:e]), Kind: KindOrg, Source: SourceHeuristic,
			Suggestion: Placeholders[KindOrg], Rule: rule})
	}
	// A legal form: the capitalised words before it are the name.
	for _, m := range findAll(reLegal, t.text, hasLegalForm) {
		ls, le := t.runeOf(m[2]), t.runeOf(m[3])
		// the last token before the legal form
		j := -1
		for i, tok := range t.toks {
			if tok.end <= ls {
				j = i
			}
		}
		start := -1
		for k := j; k >= 0 && j-k < 5; k-- {
			tok := t.toks[k]
			gap := t.gap(k)
			if k < j && !(gap == " " || gap == "-" || gap == " & " || gap == "&" || gap == " + ") {
				break
			}
			if k == j && strings.TrimSpace(string(t.runes[tok.end:ls])) != "" {
				break
			}
			if !isUpper(tok.text) && !isDigits(tok.text) && tok.text != "und" {
				break
			}
			if determiners[strings.ToLower(tok.text)] || (starts[k] && c.isWord(wi, tok.text) && k < j) {
				break
			}
			start = tok.start
			if starts[k] {
				break
			}
		}
		if start >= 0 {
			org(start, le, "organisation with a legal form")
		}
	}
	for i := 0; i+1 < len(t.toks); i++ {
		low := strings.ToLower(t.toks[i].text)
		switch {
		case tradeWords[low] || (low == "fa" && strings.HasPrefix(t.gap(i), ".")):
			j := i + 1
			gap := t.gap(i)
			if strings.ContainsRune(gap, '\n') {
				continue
			}
			if low == "fa" {
				gap = strings.TrimPrefix(gap, ".")
			}
			if normGap(gap) != " " && gap != " „" && gap != " \"" {
				continue
			}
			end := c.nameRun(t, wi, j, low == "firma" || low == "fa")
			if end > 0 {
				org(t.toks[i].start, end, "organisation after "+t.toks[i].text)
			}
		case institutionWords[low]:
			if e := c.institutionName(t, wi, i); e > 0 {
				org(t.toks[i].start, e, "institution")
			}
		}
	}
	// Hyphenated institutions: "Erich-Kästner-Schule", "St.-Marien-Hospital".
	for i := 1; i < len(t.toks); i++ {
		if t.gap(i-1) != "-" {
			continue
		}
		low := strings.ToLower(t.toks[i].text)
		base := low
		for w := range institutionWords {
			if strings.HasSuffix(low, w) {
				base = w
			}
		}
		if !institutionWords[base] || t.gap(i-1) != "-" {
			continue
		}
		k := i - 1
		for k > 0 && (t.gap(k-1) == "-" || t.gap(k-1) == ".-" || t.gap(k-1) == ". ") && isUpper(t.toks[k-1].text) {
			k--
		}
		if isUpper(t.toks[k].text) && !c.tab.domain[strings.ToLower(t.toks[k].text)] {
			org(t.toks[k].start, t.toks[i].end, "institution named after a person or saint")
		}
	}
	// Compounds of a name and an institution word: "Marienhospital",
	// "Elisabethkrankenhaus", "Bergmannsheil Buer" (with a place after).
	for i, tok := range t.toks {
		if !nameShaped(tok.text) {
			continue
		}
		low := strings.ToLower(tok.text)
		for _, w := range []string{"hospital", "krankenhaus", "klinik", "klinikum", "schule", "kolleg", "gymnasium", "kirche", "stift", "heim", "haus"} {
			prefix, ok := strings.CutSuffix(low, w)
			if !ok || len([]rune(prefix)) < 3 {
				continue
			}
			prefix = strings.TrimSuffix(strings.TrimSuffix(prefix, "s"), "-")
			r := []rune(prefix)
			name := strings.ToUpper(string(r[0])) + string(r[1:])
			if c.isName(name) || c.isName(strings.TrimSuffix(name, "n")) || c.isName(strings.TrimSuffix(name, "en")) {
				end := tok.end
				if i+1 < len(t.toks) && t.gap(i) == " " && isUpper(t.toks[i+1].text) && !c.isWord(wi, t.toks[i+1].text) {
					end = extendHyphen(t, i+1)
				}
				org(tok.start, end, "institution named after a saint")
			}
			break
		}
	}
	// Saints: "St. Josef", "Sankt Marien".
	for i := 0; i+1 < len(t.toks); i++ {
		low := t.toks[i].text
		if (low == "St" && strings.HasPrefix(t.gap(i), ". ")) || (low == "Sankt" && t.gap(i) == " ") {
			if isUpper(t.toks[i+1].text) {
				org(t.toks[i].start, extendHyphen(t, i+1), "saint's name")
			}
		}
	}
	return out
}

// nameRun returns the end of the name starting at token j (one to three
// capitalised tokens, or a quoted name), or -1.
func (c *Checker) nameRun(t *tokenized, wi *wordInfo, j int, allowWords bool) int {
	if j >= len(t.toks) {
		return -1
	}
	first := t.toks[j].text
	if !isUpper(first) || genericAfter[strings.ToLower(first)] || isRole(first) {
		return -1
	}
	quoted := strings.HasSuffix(t.gapBefore(j), "„") || strings.HasSuffix(t.gapBefore(j), "\"")
	if !quoted && !allowWords && c.isWord(wi, first) && !c.isName(first) {
		// A word as a name ("Kita Sonnenschein", "Café Sonnenblick"):
		// only when a function word or punctuation follows, not a verb
		// ("in der Kita Probleme gegeben").
		if c.tab.domain[strings.ToLower(first)] || !nameFollows(t, extendHyphenIdx(t, j)) {
			return -1
		}
	}
	end := extendHyphen(t, j)
	k := j
	for n := 0; n < 2 && k+1 < len(t.toks); n++ {
		g := t.gap(k)
		nx := t.toks[k+1].text
		if !(g == " " || g == " & " || g == " und ") || !isUpper(nx) || genericAfter[strings.ToLower(nx)] {
			break
		}
		if !quoted && c.isWord(wi, nx) && !c.isName(nx) && !tradeSuffixes[strings.ToLower(nx)] {
			break
		}
		k++
		end = extendHyphen(t, k)
	}
	if quoted {
		if q := strings.IndexAny(string(t.runes[end:min(len(t.runes), end+2)]), "“\""); q >= 0 {
			end += q + 1
		}
	}
	return end
}

// extendHyphenIdx returns the index of the last token of the hyphenated
// word starting at token j.
func extendHyphenIdx(t *tokenized, j int) int {
	for j+1 < len(t.toks) && t.gap(j) == "-" && isUpper(t.toks[j+1].text) {
		j++
	}
	return j
}

// afterName are lowercase words that may follow a name made of a common
// word ("die Kita Sonnenschein bringe").
var afterName = set("und", "oder", "in", "im", "an", "am", "auf", "aus", "bei", "mit", "nach", "von", "vom", "zu", "zum",
	"zur", "für", "über", "ist", "sei", "war", "hat", "habe", "hatte", "wird", "werde", "wurde", "gehe", "geht", "ging",
	"bringe", "bringt", "besuche", "besucht", "arbeite", "arbeitet", "liegt", "liege", "biete", "bietet", "gebe", "gibt",
	"habe", "sowie", "bzw", "als", "wo", "wie", "unter", "neben", "gegenüber", "seit", "statt")

// nameFollows reports whether what follows token j ends a name: the end,
// punctuation, or a word of afterName.
func nameFollows(t *tokenized, j int) bool {
	if j+1 >= len(t.toks) {
		return true
	}
	if gap := strings.TrimSpace(t.gap(j)); gap != "" && gap != "„" {
		return true
	}
	return afterName[t.toks[j+1].text]
}

// tradeSuffixes may follow a company's name: "Schulte Logistik".
var tradeSuffixes = set("logistik", "reinigung", "reinigungsdienste", "bau", "transporte", "service", "dienstleistungen",
	"gastronomie", "personal", "personalservice", "söhne", "partner", "immobilien", "elektro", "haustechnik", "pflege",
	"catering", "sicherheit", "handel", "montage", "systems", "solutions", "consulting", "group", "gruppe")

// isName reports whether w is a known first name or surname.
func (c *Checker) isName(w string) bool {
	if amb, ok := c.tab.first[w]; ok && !amb {
		return true
	}
	if amb, ok := c.tab.last[w]; ok && !amb {
		return true
	}
	return false
}

// institutionName returns the end of an institution's name after the
// institution word at token i, or -1: "Grundschule am Lindenplatz",
// "Kindergarten St. Marien", "Klinikum Westend", "Gesamtschule
// Berger Feld".
func (c *Checker) institutionName(t *tokenized, wi *wordInfo, i int) int {
	if i+1 >= len(t.toks) {
		return -1
	}
	gap := t.gap(i)
	if gap != " " {
		return -1
	}
	j := i + 1
	nx := strings.ToLower(t.toks[j].text)
	switch nx {
	case "am", "im", "zum", "zur", "vom", "beim":
	case "an", "auf", "unter", "hinter", "vor":
		if j+1 < len(t.toks) && (strings.ToLower(t.toks[j+1].text) == "der" || strings.ToLower(t.toks[j+1].text) == "dem" || strings.ToLower(t.toks[j+1].text) == "den") {
			j++
		} else {
			return -1
		}
	case "st":
		if strings.HasPrefix(t.gap(j), ". ") && j+1 < len(t.toks) && isUpper(t.toks[j+1].text) {
			return extendHyphen(t, j+1)
		}
		return -1
	case "sankt":
		if j+1 < len(t.toks) && isUpper(t.toks[j+1].text) {
			return extendHyphen(t, j+1)
		}
		return -1
	default:
		if e := c.nameRun(t, wi, j, false); e > 0 {
			return e
		}
		return c.nurseryName(t, wi, i)
	}
	if j+1 >= len(t.toks) || t.gap(j) != " " {
		return -1
	}
	name := t.toks[j+1].text
	if !isUpper(name) || notStreetWords[strings.ToLower(name)] || genericAfter[strings.ToLower(name)] || institutionGeneric[strings.ToLower(name)] {
		return -1
	}
	end := extendHyphen(t, j+1)
	if j+2 < len(t.toks) && t.gap(j+1) == " " && isUpper(t.toks[j+2].text) && !c.isWord(wi, t.toks[j+2].text) {
		end = extendHyphen(t, j+2)
	}
	return end
}

// nurseries are institutions whose names are mostly ordinary words
// ("Kita Spatzennest", "Kindergarten Pusteblume").
var nurseries = set("kita", "kindergarten", "kindertagesstätte", "kindertageseinrichtung", "familienzentrum", "hort")

// nurseryTalk are words after "in der Kita" that are what happens there,
// not its name ("in der Kita Probleme gegeben").
var nurseryTalk = set("platz", "plätze", "problem", "probleme", "eingewöhnung", "betreuung", "mittagessen", "essen",
	"gebühren", "beiträge", "öffnungszeiten", "schließzeiten", "ferien", "anmeldung", "warteliste", "personal",
	"leitung", "erzieherin", "erzieherinnen", "erzieher", "gruppe", "gruppen", "kinder", "eltern", "termine", "zeit",
	"schwierigkeiten", "ärger", "streit", "hilfe", "unterstützung", "sprachförderung", "förderung", "bescheid",
	"bescheinigung", "krankheit", "fieber", "läuse", "notbetreuung", "freunde", "freundinnen", "anschluss", "spaß")

// nurseryName returns the end of a nursery's name that is an ordinary
// word, after "in der Kita", "im Kindergarten" …, or -1.
func (c *Checker) nurseryName(t *tokenized, wi *wordInfo, i int) int {
	if !nurseries[strings.ToLower(t.toks[i].text)] || i == 0 || i+1 >= len(t.toks) {
		return -1
	}
	switch strings.ToLower(t.toks[i-1].text) {
	case "der", "die", "den", "dem", "im", "zur", "zum", "vom", "beim", "ins":
	default:
		return -1
	}
	w := t.toks[i+1].text
	low := strings.ToLower(w)
	if !nameShaped(w) || nurseryTalk[low] || c.tab.domain[low] || c.known[low] || genericAfter[low] || institutionGeneric[low] {
		return -1
	}
	for _, e := range []string{"ung", "heit", "keit", "schaft", "ion", "tät", "nis", "ik"} {
		if strings.HasSuffix(low, e) {
			return -1
		}
	}
	return extendHyphen(t, i+1)
}

// institutionGeneric are words after "Kita im …" that name no institution.
var institutionGeneric = set("umgebung", "nähe", "region", "ort", "wohnort", "quartier", "stadtteil", "viertel", "rand", "umkreis", "norden",
	"süden", "osten", "westen", "zentrum", "nachbarort", "nachbarschaft", "umfeld", "haus", "gebäude", "alltag",
	"vormittag", "nachmittag", "abend", "morgen", "wechsel", "krankheitsfall", "notfall", "bedarfsfall", "moment")

func hasLegalForm(s string) bool {
	return anyOf(s, "GmbH", "AG", "KG", "OHG", "GbR", "e.V", "e. V", "e.K", "e. K", "eG", "UG", "mbH", "SE", "Ltd", "Inc",
		"S.A.", "PartG", "Stiftung", "AöR", "KdöR")
}
