package qda

import (
	"strings"
	"testing"
)

func TestReanchor(t *testing.T) {
	old := "Einleitung. Die Größe der Teams 🙂 ist entscheidend. Straße und Ende."
	find := func(text, sub string) Range {
		i := strings.Index(text, sub)
		if i < 0 {
			t.Fatalf("%q not in %q", sub, text)
		}
		s := RuneLen(text[:i])
		return Range{Start: s, End: s + RuneLen(sub)}
	}
	target := "Größe der Teams 🙂"
	for _, tc := range []struct {
		name    string
		newText string
		want    string // text the coding covers afterwards; "" = lost
	}{
		{"insert before", "Neu: " + old, target},
		{"delete before", strings.Replace(old, "Einleitung. ", "", 1), target},
		{"insert after", old + " Nachtrag.", target},
		{"insert inside", strings.Replace(old, "der Teams", "der kleinen Teams", 1), "Größe der kleinen Teams 🙂"},
		{"delete inside", strings.Replace(old, " der Teams", "", 1), "Größe 🙂"},
		{"delete start of coding", strings.Replace(old, "Größe ", "", 1), "der Teams 🙂"},
		{"delete whole coding", strings.Replace(old, "Größe der Teams 🙂 ", "", 1), ""},
		{"replace around", strings.Replace(old, "Einleitung.", "Ganz andere Einleitung mit ß.", 1), target},
		{"crlf-free multi edit", strings.Replace(strings.Replace(old, "Die", "Diese", 1), "Ende", "Schluss", 1), target},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Coding{GUID: "x", Range: find(old, target)}
			kept, lost := Reanchor(old, tc.newText, []Coding{c})
			if tc.want == "" {
				if len(lost) != 1 || len(kept) != 0 {
					t.Fatalf("kept %v lost %v, want lost", kept, lost)
				}
				return
			}
			if len(kept) != 1 {
				t.Fatalf("coding lost")
			}
			if got := Slice(tc.newText, kept[0].Start, kept[0].End); got != tc.want {
				t.Errorf("coding covers %q, want %q", got, tc.want)
			}
		})
	}
}

func BenchmarkReanchor_LargeDocSmallEdit(b *testing.B) {
	old := strings.Repeat("Die Größe der Teams ist entscheidend für die Kontaktdichte. 🙂\n", 5000)
	newText := old[:len(old)/2] + "Eingefügter Satz. " + old[len(old)/2:]
	cs := make([]Coding, 2000)
	for i := range cs {
		cs[i] = Coding{Range: Range{Start: i * 150, End: i*150 + 40}}
	}
	b.ResetTimer()
	for b.Loop() {
		Reanchor(old, newText, cs)
	}
}

func TestDiffOffsets_LargeRewriteFallsBackToLines(t *testing.T) {
	var oldB, newB strings.Builder
	for i := 0; i < 3000; i++ {
		fmt := "Zeile %d bleibt gleich.\n"
		oldB.WriteString(strings.Replace(fmt, "%d", strings.Repeat("x", i%7), 1))
		if i%2 == 0 {
			newB.WriteString("Völlig neue Zeile " + strings.Repeat("y", i%5) + "\n")
		}
		newB.WriteString(strings.Replace(fmt, "%d", strings.Repeat("x", i%7), 1))
	}
	oldText, newText := "A"+oldB.String(), "B"+newB.String()
	target := "Zeile xxx bleibt gleich."
	i := strings.Index(oldText, target)
	c := Coding{Range: Range{Start: RuneLen(oldText[:i]), End: RuneLen(oldText[:i]) + RuneLen(target)}}
	kept, lost := Reanchor(oldText, newText, []Coding{c})
	if len(lost) != 0 || Slice(newText, kept[0].Start, kept[0].End) != target {
		t.Fatalf("kept %v lost %v", kept, lost)
	}
}
