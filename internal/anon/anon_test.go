package anon

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// planted is an item marked ⟦kind:text⟧ in a test text.
type planted struct {
	start, end int
	kind       Kind
	text       string
}

// readPlanted strips the markers of a test text and returns the items.
func readPlanted(tb testing.TB, path string) (string, []planted) {
	tb.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var b strings.Builder
	var items []planted
	rs := []rune(string(raw))
	pos := 0
	for i := 0; i < len(rs); i++ {
		if rs[i] != '⟦' {
			b.WriteRune(rs[i])
			pos++
			continue
		}
		j := i + 1
		for rs[j] != '⟧' {
			j++
		}
		kind, text, _ := strings.Cut(string(rs[i+1:j]), ":")
		items = append(items, planted{start: pos, end: pos + len([]rune(text)), kind: Kind(kind), text: text})
		b.WriteString(text)
		pos += len([]rune(text))
		i = j
	}
	return b.String(), items
}

// TestChecker_Check_Planted measures recall and precision on a protocol
// with planted names, places, addresses and numbers (and decoys such as
// "das Essen", "eine Frau Mitte vierzig", "12000 Euro", "Arbeitsweg").
func TestChecker_Check_Planted(t *testing.T) {
	text, items := readPlanted(t, filepath.Join("testdata", "planted.md"))
	fs := NewChecker(nil, Options{}).Check(text)
	found := 0
	for _, it := range items {
		hit := false
		for _, f := range fs {
			if f.Start < it.end && it.start < f.End {
				hit = true
			}
		}
		if hit {
			found++
		} else {
			t.Logf("missed %s %q", it.kind, it.text)
		}
	}
	correct := 0
	for _, f := range fs {
		ok := false
		for _, it := range items {
			if f.Start < it.end && it.start < f.End {
				ok = true
			}
		}
		if ok {
			correct++
		} else {
			t.Logf("false positive %s %q (%s)", f.Kind, f.Text, f.Rule)
		}
		if got := string([]rune(text)[f.Start:f.End]); got != f.Text {
			t.Errorf("finding text %q does not match its range (%q)", f.Text, got)
		}
	}
	recall := float64(found) / float64(len(items))
	precision := float64(correct) / float64(len(fs))
	t.Logf("planted %d, findings %d: recall %.1f %% (%d/%d), precision %.1f %% (%d/%d)",
		len(items), len(fs), 100*recall, found, len(items), 100*precision, correct, len(fs))
	if len(items) < 40 {
		t.Errorf("only %d planted items", len(items))
	}
	if recall < 0.95 {
		t.Errorf("recall %.3f < 0.95", recall)
	}
	if precision < 0.80 {
		t.Errorf("precision %.3f < 0.80", precision)
	}
}

// TestChecker_Check_SampleSlips runs the checker over the sample protocols:
// it must find the four planted slips listed in
// sampledata/anonymization-slips.md, and nothing else.
func TestChecker_Check_SampleSlips(t *testing.T) {
	want := map[string]string{
		"strategisch/JC-02-KO-w1.md":          "Westermann",
		"strategisch/JC-07-PL-w1.md":          "Bochum",
		"operativ/JC-07-TL-Projektteam-w1.md": "Kowalski",
		"intensiv/JC-11-P-11-1-KU-w1.md":      "Gartenstraße 12",
	}
	files, err := filepath.Glob(filepath.Join("..", "..", "sampledata", "protocols", "*", "*.md"))
	if err != nil || len(files) == 0 {
		t.Skip("sample protocols not found")
	}
	c := NewChecker(nil, Options{})
	total := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		body := string(raw)
		if _, rest, ok := strings.Cut(body[3:], "\n---\n"); ok && strings.HasPrefix(body, "---") {
			body = rest // front matter holds metadata, not protocol text
		}
		rel := filepath.ToSlash(strings.TrimPrefix(f, filepath.Join("..", "..", "sampledata", "protocols")+string(filepath.Separator)))
		fs := c.Check(body)
		total += len(fs)
		for _, x := range fs {
			t.Logf("%s: %s %q (%s)", rel, x.Kind, x.Text, x.Rule)
		}
		if w, ok := want[rel]; ok {
			hit := false
			for _, x := range fs {
				hit = hit || x.Text == w
			}
			if !hit {
				t.Errorf("%s: slip %q not found", rel, w)
			}
		}
	}
	t.Logf("%d protocols, %d findings, %d planted slips", len(files), total, len(want))
	if total != len(want) {
		t.Errorf("%d findings, want only the %d planted slips", total, len(want))
	}
}

func TestChecker_Check_Key(t *testing.T) {
	c := NewChecker([]Entry{
		{Real: "Gisela Westermann", Pseudonym: "Person A", Kind: KindPerson},
		{Real: "Jobcenter Bochum", Pseudonym: "JC-07", Kind: KindOrg},
		{Real: "Bochum", Pseudonym: "Stadt B", Kind: KindPlace},
	}, Options{NoGazetteer: true})
	text := "Gisela Westermann und westermann trafen sich im Jobcenter Bochum; Westermanns Büro liegt in Bochum, der Bochumer Markt. Person A kam."
	fs := c.Check(text)
	var got []string
	for _, f := range fs {
		got = append(got, f.Text+"→"+f.Suggestion)
	}
	want := []string{"Gisela Westermann→Person A", "westermann→Person A", "Jobcenter Bochum→JC-07",
		"Westermanns→Person A", "Bochum→Stadt B", "Bochumer→Stadt B"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	out := Replace(text, fs, func(f Finding) string { return f.Suggestion })
	if strings.Contains(out, "Westermann") || strings.Contains(out, "Bochum") {
		t.Errorf("Replace left names: %q", out)
	}
}

func TestChecker_Check_Decoys(t *testing.T) {
	for _, text := range []string{
		"Das Essen war gut, und eine Frau Mitte vierzig sprach über den Arbeitsweg.",
		"Im Jahr 2014 gab es 12000 Euro und 20000 Kunden; am 12.03.2014 um 09:30 Uhr.",
		"Die Teamleitung sprach mit Frau K. und Herrn B. über die Landstraße.",
		"Herr der Lage sei die Geschäftsführung; Frau Bürgermeisterin habe zugestimmt.",
		"Die Halle war voll, der Hof leer, das Wetter gut.",
	} {
		if fs := NewChecker(nil, Options{}).Check(text); len(fs) > 0 {
			t.Errorf("%q: unexpected findings %+v", text, fs)
		}
	}
}

func TestID_Stable(t *testing.T) {
	f := Finding{Start: 3, End: 9, Text: "Bochum", Kind: KindPlace}
	if ID("doc", f) != ID("doc", f) || ID("doc", f) == ID("doc2", f) || len(ID("doc", f)) != 10 {
		t.Errorf("ID not stable or not distinct: %s", ID("doc", f))
	}
	if Fingerprint("d", KindPlace, "Bochum", "in ", ".") != Fingerprint("d", KindPlace, "bochum", "in ", ".") ||
		Fingerprint("d", KindPlace, "Bochum", "in ", ".") == Fingerprint("d", KindPlace, "Bochum", "in ", "-Plus") {
		t.Error("fingerprint depends on case")
	}
}
