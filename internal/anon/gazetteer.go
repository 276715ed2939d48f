package anon

import (
	_ "embed"
	"regexp"
	"strings"
	"sync"
)

// commonAfterIn are GeoNames places that are words often written after
// "in", "aus", "nach" or "von" ("nach Norden", "von Haus aus").
var commonAfterIn = set("alle", "ganz", "ins", "weil", "waren", "wissen", "sinn", "lage", "rolle", "stelle", "haus",
	"hausen", "zug", "lauf", "laufen", "regen", "sonntag", "norden", "osten", "mitte", "nahe", "lang", "hart", "rot",
	"rum", "see", "wald", "dorf", "berg", "berge", "burg", "bach", "hof", "höfe", "feld", "felde", "heide", "forst",
	"graben", "sand", "salz", "moos", "pack", "pech", "horn", "stumm", "feucht", "höchst", "pracht", "paradies",
	"ufer", "neubau", "neuland", "hinterland", "übersee", "bergland", "altstadt", "neustadt", "dorf", "kloster",
	"hauptbahnhof", "zoo", "mauer", "wehr", "wetter", "brand", "buch", "bann", "stein", "weiden", "wiesen", "linden",
	"brunnen", "brücken", "kirchen", "stall", "saal", "lehre", "messen", "wahlen", "bauen", "ausleben", "obdach",
	"spalt", "schleife", "lieblos", "blender", "bulle", "ratten", "motten", "kuchen", "lachen", "treuen", "weisen",
	"weiten", "nützen", "werben", "werfen", "wenden", "winden", "singen", "senden", "roden", "mengen", "meilen",
	"sitten", "schlangen", "strengen", "quarten", "matten", "mantel", "nagel", "sattel", "speicher", "riegel", "rolle",
	"korb", "igel", "haar", "hahn", "halbe", "fell", "gams", "leck", "list", "otter", "rehe", "rohr", "viereck",
	"welle", "wellen", "zwingen", "aue", "auen", "bogen", "grube", "heiden", "engen", "fügen", "griffen", "hatten",
	"lebern", "lehmen", "mehren", "merzen", "trieben", "unken", "wolken", "sonnen", "dachsen", "engeln", "erlen",
	"gasen", "glatten", "heere", "holzen", "häusern", "höfen", "kapellen", "kerns", "klausen", "lauben", "leiben",
	"lichte", "mauern", "mühlen", "recke", "schüren", "steinen", "stöcken", "stößen", "süßen", "strande", "weibern",
	"widdern", "winzer", "biere", "bunde", "damme", "krempe", "klötze", "priel", "schlitz", "spitz", "pfunds",
	"ballens", "grabs", "buchs", "bars", "kork", "lamme", "mieders", "schlier", "schlieren", "lungern", "könnern",
	"körner", "küsten", "machern", "rissen", "stegen", "ulmen", "wangen", "weste", "wals", "kalbe", "kandel", "abwinden")

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
	// Places from GeoNames that are also common words ("Siegen", "Leer")
	// count only after in, aus, nach or von; those that follow these words
	// in ordinary German ("in Lage", "nach Norden") not at all.
	for _, g := range builtinTables().places {
		switch {
		case !g.Ambiguous:
			m.add(g.Name, KindPlace, "", false, SourceGazetteer)
		case !commonAfterIn[strings.ToLower(g.Name)]:
			m.add(g.Name, KindPlace, "", true, SourceGazetteer)
			e := m.byFirst[strings.ToLower(g.Name)]
			e[len(e)-1].strict = true
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
