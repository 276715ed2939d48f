package anon

import (
	_ "embed"
	"strings"
	"sync"
)

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

// Gazetteer returns the built-in place names.
func Gazetteer() []GazetteerName {
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
	for _, g := range Gazetteer() {
		m.add(g.Name, KindPlace, "", g.Ambiguous, SourceGazetteer)
	}
	return m
})
