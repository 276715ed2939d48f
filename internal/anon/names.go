package anon

import (
	"strings"
)

// titles introduce a name: "Frau Westermann", "Herrn Dr. Kowalski".
var titles = set("herr", "herrn", "frau", "hr", "fr", "dr", "prof", "professor", "professorin", "kollege",
	"kollegin", "kollegen", "familie", "fam", "pater", "pastor", "pastorin", "pfarrer", "pfarrerin", "imam", "hodscha",
	"diakon", "diakonin", "schwester", "bruder")

// abbreviated titles must be followed by a full stop.
var abbreviated = set("hr", "fr", "dr", "prof", "fam", "dipl", "med", "rer", "nat", "phil", "ing")

// notNames are capitalised words after a title that are not names (roles,
// further titles).
var notNamePrefixes = []string{"bürgermeister", "oberbürgermeister", "minister", "staatssekretär",
	"abgeordnete", "vorsitzende", "direktor", "präsident", "geschäftsführer", "leiter", "kolleg", "landr",
	"dezernent", "stadtr", "pfarrer", "rechtsanw", "kommissar", "sachbearbeiter", "teamleit", "berater",
	"vermittler", "doktor", "professor", "kanzler", "senator", "beigeordnete", "amtsleiter", "bereichsleiter",
	"abteilungsleiter", "fallmanager", "integrationsfachkraft", "koordinator", "mitarbeiter", "sekretär",
	"assistent", "referent", "kunde", "kundin", "interviewer", "befragte", "gesprächspartner"}

// determiners before "Frau"/"Herr" make it a common noun ("eine Frau Mitte
// vierzig").
var determiners = set("ein", "eine", "einer", "einem", "einen", "die", "der", "den", "dem", "des", "jede",
	"jeder", "jeden", "keine", "keiner", "diese", "dieser", "jene", "jener", "welche", "welcher", "junge",
	"jungen", "ältere", "älteren", "alte", "alten", "alleinerziehende", "alleinerziehenden", "erwerbslose",
	"arbeitslose", "deutsche", "ausländische", "eure", "ihre", "seine", "meine", "unsere", "als")

// firstNames are common given names in Germany (Gesellschaft für deutsche
// Sprache and Destatis name statistics), used to spot "Petra Schulz".
var firstNames = set(
	"Andrea", "Angelika", "Anja", "Anke", "Anna", "Annette", "Antje", "Barbara", "Beate", "Bettina", "Birgit",
	"Brigitte", "Britta", "Carmen", "Christa", "Christiane", "Christina", "Christine", "Claudia", "Cornelia",
	"Dagmar", "Daniela", "Doris", "Elke", "Elisabeth", "Emma", "Erika", "Eva", "Gabriele", "Gisela", "Hannah",
	"Heike", "Helga", "Ines", "Ingrid", "Iris", "Jana", "Jennifer", "Jessica", "Julia", "Jutta", "Karin",
	"Katharina", "Kathrin", "Katrin", "Kerstin", "Laura", "Lea", "Lena", "Lisa", "Manuela", "Maria", "Marion",
	"Marie", "Martina", "Melanie", "Michaela", "Monika", "Nadine", "Natalie", "Nicole", "Nina", "Petra",
	"Renate", "Sabine", "Sandra", "Sarah", "Silke", "Simone", "Sonja", "Stefanie", "Stephanie", "Susanne",
	"Svenja", "Tanja", "Ulrike", "Ursula", "Ute", "Vanessa", "Yvonne",
	"Achim", "Alexander", "Andreas", "Axel", "Bernd", "Bernhard", "Björn", "Carsten", "Christian", "Christoph",
	"Daniel", "David", "Dennis", "Dieter", "Dirk", "Dominik", "Felix", "Florian", "Frank", "Georg", "Gerhard",
	"Günter", "Hans", "Harald", "Heiko", "Heinz", "Helmut", "Holger", "Ingo", "Jan", "Jens", "Joachim",
	"Johannes", "Jonas", "Jörg", "Jürgen", "Kai", "Karl", "Klaus", "Lars", "Leon", "Lukas", "Manfred", "Marc",
	"Marco", "Marcel", "Mario", "Markus", "Martin", "Matthias", "Max", "Michael", "Nils", "Norbert", "Olaf",
	"Oliver", "Patrick", "Paul", "Peter", "Philipp", "Rainer", "Ralf", "Ralph", "René", "Robert", "Rolf",
	"Sascha", "Sebastian", "Stefan", "Stephan", "Sven", "Thomas", "Thorsten", "Tim", "Timo", "Tobias",
	"Torsten", "Udo", "Ulrich", "Uwe", "Volker", "Werner", "Wolfgang",
	"Ahmet", "Ahmad", "Ali", "Amir", "Aylin", "Ayşe", "Can", "Deniz", "Emre", "Leyla", "Mohammed", "Mohamed", "Omar", "Elif", "Emine", "Fatma", "Hasan", "Hatice", "Hüseyin", "Ibrahim", "Mehmet",
	"Mustafa", "Murat", "Yusuf", "Zeynep", "Agnieszka", "Anastasia", "Dimitri", "Irina", "Katarzyna",
	"Natalia", "Olga", "Piotr", "Sergej", "Tatjana", "Viktor", "Wladimir")

// notSurnames are capitalised words that follow a first name without
// being a surname.
var notSurnames = set("Das", "Der", "Die", "Ein", "Eine", "Es", "Er", "Sie", "Wir", "Ich", "Und", "Oder", "Sagt", "Sagte", "Meint", "Meinte", "Berichtet", "Berichtete")

// personHeuristics finds names after titles, first names (with the
// surname that follows) and surnames from the built-in lists.
func (c *Checker) personHeuristics(t *tokenized, starts []bool, wi *wordInfo) []Finding {
	var out []Finding
	for i := 0; i < len(t.toks); i++ {
		tok := t.toks[i]
		low := strings.ToLower(tok.text)
		if titles[low] && isUpper(tok.text) {
			if f, ok := c.afterTitle(t, wi, i); ok {
				out = append(out, f)
			}
			continue
		}
		if nameVerbs[low] && i+1 < len(t.toks) && normGap(t.gap(i)) == " " {
			// "sein Berater heiße Jochen Pielsticker", "ein Kunde namens Kaya".
			// The run needs one unknown word or listed name and no place,
			// role or job-centre word ("das Programm heißt Bochum-Plus").
			k, evidence, veto := i, false, false
			for k+1 < len(t.toks) && k-i < 3 && nameShaped(t.toks[k+1].text) && (k == i || t.gap(k) == " " || t.gap(k) == "-") {
				w := t.toks[k+1].text
				veto = veto || isRole(w) || c.tab.domain[strings.ToLower(w)] || c.tab.placeSet[strings.ToLower(w)]
				evidence = evidence || !c.isWord(wi, w) || c.isName(w)
				k++
			}
			if k > i && evidence && !veto {
				out = append(out, personFinding(t, t.toks[i+1].start, t.toks[k].end, "name after "+tok.text))
				i = k
			}
			continue
		}
		if !isUpper(tok.text) || c.known[low] || len([]rune(tok.text)) < 3 {
			continue
		}
		amb, isFirst := c.tab.first[tok.text]
		if firstNames[tok.text] {
			isFirst, amb = true, false
		}
		if isFirst {
			// First name and surname(s): "Ayşe Nur Yılmaz", "Petra Lindemann".
			end, k := tok.end, i
			for n := 0; n < 2 && k+1 < len(t.toks) && t.gap(k) == " "; n++ {
				next := t.toks[k+1].text
				if !isUpper(next) || len([]rune(next)) < 2 || notSurnames[next] || isRole(next) || c.known[strings.ToLower(next)] {
					break
				}
				// A listed name counts even when it is also a word: a
				// capitalised "Nur" after "Elif" is no adverb.
				_, f := c.tab.first[next]
				_, l := c.tab.last[next]
				if c.isWord(wi, next) && !f && !l {
					break
				}
				k++
				end = extendHyphen(t, k)
			}
			if k > i {
				out = append(out, personFinding(t, tok.start, end, "first name and surname"))
				i = k
				continue
			}
			if !amb && !c.tab.domain[low] && !(starts[i] && c.isWord(wi, tok.text)) {
				out = append(out, personFinding(t, tok.start, extendHyphen(t, i), "first name"))
			}
			continue
		}
		if amb, ok := c.tab.last[tok.text]; ok && !amb && !c.tab.domain[low] && !(starts[i] && c.isWord(wi, tok.text)) {
			out = append(out, personFinding(t, tok.start, extendHyphen(t, i), "surname"))
		}
	}
	return out
}

// nameVerbs introduce a name: "heiße", "namens".
var nameVerbs = set("heiße", "heißt", "hieß", "hießen", "heißen", "namens", "genannt", "alias")

// weakTitles are titles that are also common nouns: the word after one is
// a name only if it is no German word or a listed name.
var weakTitles = set("familie", "fam", "schwester", "bruder", "kollege", "kollegin", "kollegen", "pater", "pastor",
	"pastorin", "pfarrer", "pfarrerin", "imam", "hodscha", "diakon", "diakonin")

// afterTitle returns the name after the title at token i, if any.
func (c *Checker) afterTitle(t *tokenized, wi *wordInfo, i int) (Finding, bool) {
	low := strings.ToLower(t.toks[i].text)
	if abbreviated[low] && !strings.HasPrefix(t.gap(i), ".") {
		return Finding{}, false
	}
	if (low == "frau" || low == "herr" || low == "herrn" || strings.HasPrefix(low, "kolleg")) && i > 0 &&
		determiners[strings.ToLower(t.toks[i-1].text)] {
		return Finding{}, false
	}
	j := i + 1
	// Skip further titles: "Frau Dr. med. Schulz", "Herrn Prof. Dr. Meier".
	for j < len(t.toks) && (titles[strings.ToLower(t.toks[j].text)] || abbreviated[strings.ToLower(t.toks[j].text)]) &&
		strings.HasPrefix(t.gap(j), ".") {
		j++
	}
	if j >= len(t.toks) {
		return Finding{}, false
	}
	gap := t.gap(j - 1)
	if abbreviated[strings.ToLower(t.toks[j-1].text)] {
		gap = strings.TrimPrefix(gap, ".")
	}
	if strings.TrimSpace(gap) != "" || gap == "" || strings.Contains(gap, "\n") {
		return Finding{}, false
	}
	name := t.toks[j]
	if !isUpper(name.text) || isRole(name.text) || notSurnames[name.text] || titles[strings.ToLower(name.text)] {
		return Finding{}, false
	}
	if weakTitles[low] && c.isWord(wi, name.text) && !c.isName(name.text) {
		return Finding{}, false // "die Familie Rücksicht nehmen", "seine Schwester Sorgen"
	}
	if len([]rune(name.text)) == 1 && strings.HasPrefix(t.gap(j), ".") {
		return Finding{}, false // an initial: already pseudonymised
	}
	start := name.start
	end := extendHyphen(t, j)
	if firstNames[name.text] && j+1 < len(t.toks) && t.gap(j) == " " && isUpper(t.toks[j+1].text) && !isRole(t.toks[j+1].text) {
		end = extendHyphen(t, j+1)
	}
	return personFinding(t, start, end, "name after "+t.toks[i].text), true
}

// extendHyphen returns the end of token j, extended over hyphenated parts
// ("Müller-Lüdenscheidt").
func extendHyphen(t *tokenized, j int) int {
	end := t.toks[j].end
	for j+1 < len(t.toks) && t.gap(j) == "-" && isUpper(t.toks[j+1].text) {
		j++
		end = t.toks[j].end
	}
	return end
}

func isRole(word string) bool {
	low := strings.ToLower(word)
	for _, p := range notNamePrefixes {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	return false
}

func personFinding(t *tokenized, start, end int, rule string) Finding {
	return Finding{Start: start, End: end, Text: string(t.runes[start:end]), Kind: KindPerson, Source: SourceHeuristic,
		Suggestion: Placeholders[KindPerson], Rule: rule}
}
