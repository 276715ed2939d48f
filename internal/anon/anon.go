// Package anon is protocoder's anonymization checker: pure rules that find
// what must not stand in a protocol (names of people, places and
// organisations, addresses, postcodes, e-mail addresses, phone numbers,
// dates of birth, ages, IBANs, customer numbers, licence plates, URLs) and
// compute replacements. It knows three sources of candidates: the
// project's pseudonym key (real name ↔ pseudonym, passed in as Entries),
// built-in lists (places of GeoNames and the hand list gazetteer.txt, first
// names, surnames and streets; see docs/data-sources.md) and rules
// (unknown capitalised words judged against a German lexicon, titles,
// organisations, institutions and patterns for addresses and numbers).
//
// Positions are rune offsets, half-open [Start, End), into the canonical
// text, like every position in protocoder.
package anon

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
)

// Kind classifies a finding.
type Kind string

// Finding kinds.
const (
	KindPerson    Kind = "person"    // a person's name
	KindPlace     Kind = "place"     // a place, district, region or site
	KindOrg       Kind = "org"       // an organisation from the key
	KindEmail     Kind = "email"     // an e-mail address
	KindPhone     Kind = "phone"     // a phone or fax number
	KindAddress   Kind = "address"   // a street address
	KindPostcode  Kind = "postcode"  // a German postcode
	KindBirthDate Kind = "birthdate" // a date of birth
	KindURL       Kind = "url"       // a web address
	KindIBAN      Kind = "iban"      // a bank account (IBAN)
	KindIDNumber  Kind = "idnumber"  // a customer, case or insurance number (BA-Kundennummer …)
	KindPlate     Kind = "plate"     // a vehicle licence plate
	KindAge       Kind = "age"       // a person's age next to the person
)

// Kinds lists every kind in display order.
var Kinds = []Kind{KindPerson, KindPlace, KindOrg, KindAddress, KindPostcode, KindEmail, KindPhone, KindBirthDate, KindURL,
	KindIBAN, KindIDNumber, KindPlate, KindAge}

// Source tells where a candidate came from.
type Source string

// Candidate sources.
const (
	SourceKey       Source = "key"       // the pseudonym key
	SourceGazetteer Source = "gazetteer" // the built-in place names
	SourceHeuristic Source = "heuristic" // a pattern
)

// Entry is one line of the pseudonym key: a real name and its pseudonym.
type Entry struct {
	// Real is the real name as it may appear in a text.
	Real string `json:"real"`
	// Pseudonym replaces it.
	Pseudonym string `json:"pseudonym"`
	// Kind is person, place or org.
	Kind Kind `json:"kind"`
}

// Finding is one candidate for anonymization in a text.
type Finding struct {
	// Start and End are rune offsets, half-open.
	Start int `json:"start"`
	End   int `json:"end"`
	// Text is the text at [Start, End).
	Text string `json:"text"`
	// Kind classifies it.
	Kind Kind `json:"kind"`
	// Source is where the candidate came from.
	Source Source `json:"source"`
	// Suggestion is the replacement: the pseudonym from the key, or a
	// placeholder such as "[Ort]" when there is none yet.
	Suggestion string `json:"suggestion"`
	// Rule names the rule that matched, for the reviewer.
	Rule string `json:"rule,omitempty"`
}

// Placeholders are the suggestions for findings without a pseudonym.
var Placeholders = map[Kind]string{
	KindPerson: "[Name]", KindPlace: "[Ort]", KindOrg: "[Organisation]", KindEmail: "[E-Mail]",
	KindPhone: "[Telefon]", KindAddress: "[Adresse]", KindPostcode: "[PLZ]",
	KindBirthDate: "[Geburtsdatum]", KindURL: "[URL]", KindIBAN: "[IBAN]", KindIDNumber: "[Nummer]",
	KindPlate: "[Kennzeichen]", KindAge: "[Alter]",
}

// Checker finds anonymization candidates. It is safe for concurrent use
// once built.
type Checker struct {
	key      *matcher
	gaz      *matcher
	pseudo   map[string]bool // folded pseudonyms: never flagged
	entries  []Entry
	disabled map[Kind]bool
	tab      *tables
	known    map[string]bool // folded words of the project's own vocabulary
}

// Options tune a Checker.
type Options struct {
	// NoGazetteer switches the built-in place names off.
	NoGazetteer bool
	// Disabled switches kinds of heuristic findings off.
	Disabled []Kind
	// Pseudonyms are names known to be pseudonyms (cases, interviewees):
	// never flagged.
	Pseudonyms []string
	// KnownWords is the project's own vocabulary: texts (code names and
	// descriptions, guideline questions, the study's description) whose
	// words are never flagged as unknown capitalised words. Names from the
	// lists, titles and the patterns still apply.
	KnownWords []string
}

// NewChecker returns a checker for the given key entries.
func NewChecker(entries []Entry, o Options) *Checker {
	c := &Checker{pseudo: map[string]bool{}, disabled: map[Kind]bool{}, tab: builtinTables(), known: map[string]bool{}}
	for _, text := range o.KnownWords {
		for _, tok := range newTokenized(text).toks {
			if nameShaped(tok.text) || isLowerWord(tok.text) {
				c.known[strings.ToLower(tok.text)] = true
			}
		}
	}
	c.key = newMatcher()
	for _, e := range entries {
		e.Real, e.Pseudonym = strings.TrimSpace(e.Real), strings.TrimSpace(e.Pseudonym)
		if e.Real == "" {
			continue
		}
		if e.Kind == "" {
			e.Kind = KindPerson
		}
		c.entries = append(c.entries, e)
		c.key.add(e.Real, e.Kind, e.Pseudonym, false, SourceKey)
		if e.Kind == KindPerson {
			// A person is also found by the surname alone.
			if words := strings.Fields(e.Real); len(words) > 1 {
				if last := words[len(words)-1]; len([]rune(last)) >= 3 && !strings.HasSuffix(last, ".") {
					c.key.add(last, e.Kind, e.Pseudonym, false, SourceKey)
				}
			}
		}
		if e.Pseudonym != "" {
			c.pseudo[fold(e.Pseudonym)] = true
		}
	}
	if !o.NoGazetteer {
		c.gaz = builtinGazetteer()
	}
	for _, p := range o.Pseudonyms {
		if p = strings.TrimSpace(p); p != "" {
			c.pseudo[fold(p)] = true
		}
	}
	for _, k := range o.Disabled {
		c.disabled[k] = true
	}
	return c
}

// Entries returns the key entries the checker uses.
func (c *Checker) Entries() []Entry { return append([]Entry(nil), c.entries...) }

// Check returns the findings in text, sorted by position, without overlaps.
func (c *Checker) Check(text string) []Finding {
	t := newTokenized(text)
	starts := sentenceStarts(t)
	wi := c.newWordInfo()
	var all []Finding
	all = append(all, c.key.find(t)...)
	if c.gaz != nil {
		for _, f := range c.extendDistricts(t, c.gaz.find(t)) {
			low := strings.ToLower(f.Text)
			if strings.HasSuffix(f.Rule, "(inflected)") && c.isWord(wi, f.Text) {
				continue // "Trainer" is no inflection of the village Train
			}
			if rest := string(t.runes[f.End:min(len(t.runes), f.End+2)]); rest == "- " && c.tab.inLexicon(low+"-") {
				continue // a truncated compound: "Binnen- und Außensteuerung"
			}
			all = append(all, f)
		}
	}
	var heur []Finding
	heur = append(heur, heuristics(t)...)
	heur = append(heur, c.patterns(t, starts, wi)...)
	heur = append(heur, c.organisations(t, starts, wi)...)
	persons := c.personHeuristics(t, starts, wi)
	persons = append(persons, c.capitalised(t, starts, wi)...)
	persons = append(persons, c.elsewhere(t, persons)...)
	heur = append(heur, persons...)
	var named []Finding
	for _, f := range append(persons, all...) {
		if f.Kind == KindPerson {
			named = append(named, f)
		}
	}
	heur = append(heur, agesNextTo(t, named)...)
	for _, f := range heur {
		if !c.disabled[f.Kind] {
			all = append(all, f)
		}
	}
	var kept []Finding
	for _, f := range all {
		if f.Source != SourceKey && c.pseudo[fold(f.Text)] {
			continue
		}
		kept = append(kept, f)
	}
	return resolve(kept)
}

// rank orders overlapping findings: the key wins, then the longer span,
// then a list (gazetteer) over a pattern, then the more specific kind.
func rank(f Finding) (int, int, int, int) {
	src, list := 0, 0
	switch f.Source {
	case SourceKey:
		src = 1
	case SourceGazetteer:
		list = 1
	}
	spec := 0
	switch f.Kind {
	case KindAddress, KindEmail, KindURL, KindIBAN, KindIDNumber, KindPlate:
		spec = 3
	case KindPhone, KindBirthDate, KindPostcode, KindAge, KindOrg:
		spec = 2
	case KindPerson:
		spec = 1
	}
	return src, f.End - f.Start, list, spec
}

func better(a, b Finding) bool {
	a1, a2, a3, a4 := rank(a)
	b1, b2, b3, b4 := rank(b)
	switch {
	case a1 != b1:
		return a1 > b1
	case a2 != b2:
		return a2 > b2
	case a3 != b3:
		return a3 > b3
	case a4 != b4:
		return a4 > b4
	}
	return a.Start < b.Start
}

// resolve drops findings that overlap a better one and sorts the rest.
func resolve(all []Finding) []Finding {
	sort.SliceStable(all, func(i, j int) bool { return better(all[i], all[j]) })
	var out []Finding
	for _, f := range all {
		clash := false
		for _, g := range out {
			if f.Start < g.End && g.Start < f.End {
				clash = true
				break
			}
		}
		if !clash {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// ID returns a short identifier of a finding in a document, stable as long
// as the text before it does not change: what `anon apply` refers to.
func ID(doc string, f Finding) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\x1f%s\x1f%d\x1f%s", doc, f.Kind, f.Start, f.Text)))
	return hex.EncodeToString(h[:5])
}

// Fingerprint identifies one occurrence of a finding in a document by its
// kind, its text and the context around it (a few words on either side),
// not by its position: what an "ignore" decision is recorded against, so
// that it survives edits elsewhere in the text but not a change of the
// passage itself. It does not reveal the text.
func Fingerprint(doc string, kind Kind, text, before, after string) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\x1f%s\x1f%s\x1f%s\x1f%s", doc, kind, fold(text), fold(before), fold(after))))
	return hex.EncodeToString(h[:12])
}

// FingerprintContext is how many runes of context on each side
// Fingerprint should be given.
const FingerprintContext = 16

// Replace returns text with every finding replaced by repl(f). Findings
// must not overlap (Check's never do); they may come in any order.
func Replace(text string, fs []Finding, repl func(Finding) string) string {
	sorted := append([]Finding(nil), fs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	runes := []rune(text)
	var b strings.Builder
	pos := 0
	for _, f := range sorted {
		if f.Start < pos || f.End > len(runes) || f.Start > f.End {
			continue
		}
		b.WriteString(string(runes[pos:f.Start]))
		b.WriteString(repl(f))
		pos = f.End
	}
	b.WriteString(string(runes[pos:]))
	return b.String()
}

// fold is the comparison form of a name: lower case, ß kept.
func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
