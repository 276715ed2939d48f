package anon

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestChecker_Check_Rules shows each rule on a sentence of its own: what
// it finds (text and kind), and what it leaves alone.
func TestChecker_Check_Rules(t *testing.T) {
	c := NewChecker(nil, Options{})
	for _, tc := range []struct {
		name, text string
		want       []string // "kind:text"
	}{
		{"unknown capitalised word", "Der Kunde wohnt bei seiner Tante Jovanka Brezovac im Haus.", []string{"person:Jovanka Brezovac"}},
		{"unknown word after in", "Sie kommt aus Kleinhüningen und arbeitet in Vollzeit.", []string{"place:Kleinhüningen"}},
		{"foreign letters at sentence start", "Yıldırım kam zu spät.", []string{"person:Yıldırım"}},
		{"first name and surname", "Ein Gespräch mit Petra Lindemann folgte.", []string{"person:Petra Lindemann"}},
		{"listed first name alone", "Danach berichtete Mehmet von der Stelle.", []string{"person:Mehmet"}},
		{"title", "Termin bei Frau Dr. med. Sulejmani.", []string{"person:Sulejmani"}},
		{"name after heißt", "Sein Berater heiße Jochen Pielsticker.", []string{"person:Jochen Pielsticker"}},
		{"named elsewhere", "Die Kinder Artjom und Darja kamen mit. Artjom (14) ging vor.", []string{"person:Artjom", "person:Darja", "person:Artjom", "age:(14)"}},
		{"legal form", "Er arbeitet bei der Terhorst Logistik GmbH & Co. KG in der Halle.", []string{"org:Terhorst Logistik GmbH & Co. KG"}},
		{"trade word", "Eine Stelle bei der Bäckerei Overkamp und beim Autohaus Brüggemann.", []string{"org:Bäckerei Overkamp", "org:Autohaus Brüggemann"}},
		{"institution", "Die Tochter geht auf die Grundschule am Lohweg, der Sohn in den Kindergarten St. Laurentius.", []string{"org:Grundschule am Lohweg", "org:Kindergarten St. Laurentius"}},
		{"institution named after a person", "Praktikum im St.-Johannes-Hospital und an der Erich-Kästner-Schule.", []string{"org:St.-Johannes-Hospital", "org:Erich-Kästner-Schule"}},
		{"street without suffix", "Der Betrieb liegt Im Schlenk 22, die Wohnung Auf dem Bruch 7.", []string{"address:Im Schlenk 22", "address:Auf dem Bruch 7"}},
		{"street with suffix", "Sie wohnt in der Dorstener Straße 212.", []string{"address:Dorstener Straße 212"}},
		{"dates of birth", "Kundin, geb. 03.11.1979; Kunde, Jahrgang 1968; Kind, geboren am 3. Mai 2009; * 01.07.1975; Geburtsdatum 1990-04-12.",
			[]string{"birthdate:03.11.1979", "birthdate:1968", "birthdate:3. Mai 2009", "birthdate:01.07.1975", "birthdate:1990-04-12"}},
		{"ages", "Herr Gashi (52) und die 27-jährige Kundin; sie ist 42 Jahre alt.", []string{"person:Gashi", "age:(52)", "age:27-jährige", "age:42 Jahre alt"}},
		{"iban", "Überweisung an DE44 4265 0150 0012 3456 78.", []string{"iban:DE44 4265 0150 0012 3456 78"}},
		{"customer numbers", "Kundennummer 372D418805, BG 44602BG0071234, Versicherungsnummer 12 170368 E 512.",
			[]string{"idnumber:372D418805", "idnumber:44602BG0071234", "idnumber:12 170368 E 512"}},
		{"licence plates", "Das Auto mit dem Kennzeichen RE-GK 512, der Wagen GE K 4411.", []string{"plate:RE-GK 512", "plate:GE K 4411"}},
		{"places", "Sie zog von Wanne-Eickel nach Bottrop-Kirchhellen.", []string{"place:Wanne-Eickel", "place:Bottrop-Kirchhellen"}},
		{"decoys: roles and job-centre terms", "Die Integrationsfachkraft, die Teamleitung, das Basisteam und der Arbeitgeberservice sprachen über AVGS, den Zielberuf, das Jobcenter, die Bereichsleitung, das Fallmanagement und SGB II.", nil},
		{"decoys: numbers", "Im Jahr 2014 gab es 12000 Euro für 35 Kunden; am 12.03.2014 um 9 Uhr im Raum 204; über 25 Jahre alt; eine 3-jährige Umschulung; Handlungsfeld 3.", nil},
		{"decoys: words after institutions", "In der Kita Probleme gegeben, im Krankenhaus gab es Schichtdienst, die Grundschule der Tochter, eine GmbH.", nil},
		{"decoys: gender forms", "Die Kolleg*innen und Kund:innen, die KundInnen und Teilnehmer_innen.", nil},
		{"decoys: countries and programmes", "Sie kam aus der Ukraine über Polen; Kurse beim BAMF nach DeuFöV, Daten in VerBIS.", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, f := range c.Check(tc.text) {
				got = append(got, string(f.Kind)+":"+f.Text)
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("%q\ngot  %q\nwant %q", tc.text, got, tc.want)
			}
		})
	}
}

// TestChecker_Check_DecoyProtocol: a protocol dense with roles, job-centre
// terms, programmes, numbers and gender forms, and no name, yields
// nothing.
func TestChecker_Check_DecoyProtocol(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "decoys.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range NewChecker(nil, Options{}).Check(string(raw)) {
		t.Errorf("false positive %s %q (%s)", f.Kind, f.Text, f.Rule)
	}
}

// TestNewChecker_KnownWords: the project's own words (codebook, guideline)
// are no unknown capitalised words; listed names still count.
func TestNewChecker_KnownWords(t *testing.T) {
	text := "Das Modul Famosa und die Gruppe Tandemia halfen Mehmet."
	without := NewChecker(nil, Options{}).Check(text)
	with := NewChecker(nil, Options{KnownWords: []string{"Code: Famosa – Begleitung in Arbeit", "Tandemia"}}).Check(text)
	var a, b []string
	for _, f := range without {
		a = append(a, f.Text)
	}
	for _, f := range with {
		b = append(b, f.Text)
	}
	if len(a) != 3 || strings.Join(b, "|") != "Mehmet" {
		t.Errorf("without known words %q, with %q", a, b)
	}
}
