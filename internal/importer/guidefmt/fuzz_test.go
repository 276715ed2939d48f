package guidefmt

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// fuzzSeeds are small hand-written inputs for both fuzz targets.
var fuzzSeeds = []string{
	"",
	"---\n",
	"---\nkey: K\ntitle: T\nlevel: strategic\nwave: 1\n---\n",
	header + "\nIntro\n\n## 1. S\n\n### 1.1 Q {GF, optional}\n> N\n\n- P {PL}\n  > PN\n  - P2\n    - P3 {}\n- B {x} {}\n",
	header + "## X. S\n### \\1.1 escaped\n### \\\\back\n### 5xa a\n### 2.3 a\n### 2.3 b\n## X. S\n### t/p:0\n",
	"1. Thema\n1.1 Frage (GF, PL)\n- Punkt (GF)\n  • Unter\nFortsetzung wel-\n\nche\n",
	"A.1.1 Titel\n\nVorbemerkung\n\nText **fett**.⁴²\n\n1. A\n- 1.1 *Frage (GF/PL)*\n - *Punkt*\n",
}

// checkRoundTrip asserts that a successfully parsed guideline can be
// formatted and parsed back to the same value, and that formatting is
// stable.
func checkRoundTrip(t testing.TB, g *qda.Guideline, out []byte) {
	t.Helper()
	g2, err := Parse(bytes.NewReader(out), "formatted", fixedID)
	if err != nil {
		t.Fatalf("Parse(Format(g)): %v\n%s", err, out)
	}
	if !reflect.DeepEqual(g, g2) {
		t.Fatalf("Parse(Format(g)) differs from g:\n%+v\n%+v", g, g2)
	}
	var again bytes.Buffer
	if err := Format(&again, g2); err != nil || !bytes.Equal(again.Bytes(), out) {
		t.Fatalf("Format is not stable (err %v)", err)
	}
}

// addSeeds adds the hand-written seeds, the plain-text appendix and, with
// samples, the sample guideline files.
func addSeeds(f *testing.F, samples bool) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	if !samples {
		return
	}
	for _, file := range sampleFiles(f) {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
}

func FuzzParse(f *testing.F) {
	addSeeds(f, true)
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := Parse(bytes.NewReader(data), "fuzz", fixedID)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error is not a *ParseError: %v", err)
			}
			return
		}
		var out bytes.Buffer
		if err := Format(&out, g); err != nil {
			t.Fatalf("Format of a parsed guideline: %v", err)
		}
		checkRoundTrip(t, g, out.Bytes())
	})
}

func FuzzParsePlain(f *testing.F) {
	addSeeds(f, false)
	src, err := os.ReadFile("testdata/A.1.1-plain.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(src)
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := ParsePlain(bytes.NewReader(data), "fuzz", plainMeta, fixedID)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error is not a *ParseError: %v", err)
			}
			return
		}
		var out bytes.Buffer
		if err := Format(&out, g); err != nil {
			t.Fatalf("Format of an imported guideline: %v", err)
		}
		checkRoundTrip(t, g, out.Bytes())
	})
}
