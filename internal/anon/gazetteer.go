package anon

import (
	_ "embed"
	"regexp"
	"strings"
	"sync"
)

// reStreetSuffix matches street names with a street word.
var reStreetSuffix = regexp.MustCompile(`(?i)(straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|wall|graben|markt|kamp|stieg|twiete)$`)

// gazetteerText is the built-in list of German place names. Its header
// credits the sources (GeoNames, CC BY 4.0; Destatis).
//
//go:embed gazetteer.txt
var gazetteerText string

// GazetteerName is one place of the built-in gazetteer.
type GazetteerName struct {
	// Name as written, e.g. "Mülheim an der Ruhr".
	Name string
	// Category: state, city, district, citydistrict or region.
	Category string
	// Ambiguous names are also common words and are only flagged after a
	// locative word ("in Essen", not "das Essen").
	Ambiguous bool
}

// Gazetteer returns the built-in place names: the hand-compiled list
// (states, regions, districts) and the places of GeoNames.
func Gazetteer() []GazetteerName {
	return append(handGazetteer(), builtinTables().places...)
}

func handGazetteer() []GazetteerName {
	var out []GazetteerName
	for _, line := range strings.Split(gazetteerText, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cat, names, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		for _, n := range strings.Split(names, ",") {
			n = strings.TrimSpace(n)
			if n == "" {
				continue
			}
			amb := strings.HasPrefix(n, "?")
			out = append(out, GazetteerName{Name: strings.TrimPrefix(n, "?"), Category: strings.TrimSpace(cat), Ambiguous: amb})
		}
	}
	return out
}

// builtinGazetteer is the matcher of the built-in names, built once; it is
// never changed after.
var builtinGazetteer = sync.OnceValue(func() *matcher {
	m := newMatcher()
	for _, g := range handGazetteer() {
		m.add(g.Name, KindPlace, "", g.Ambiguous, SourceGazetteer)
	}
	// Places from GeoNames that are also common words ("Haus", "Welle")
	// are left to the hand list, which marks the few that matter ("Essen").
	for _, g := range builtinTables().places {
		if !g.Ambiguous {
			m.add(g.Name, KindPlace, "", false, SourceGazetteer)
		}
	}
	// Streets from faker: only those with a street word, not "Im Grunde";
	// the patterns find the others with a house number.
	for _, s := range builtinTables().streets {
		if reStreetSuffix.MatchString(s) {
			m.add(s, KindAddress, "", false, SourceGazetteer)
		}
	}
	return m
})
