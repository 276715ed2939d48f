package guidefmt

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

const testGUID qda.GUID = "0b0d4a77-6f1e-4c1a-9a52-3b7f4a0f6b11"

// fixedID is a GUID generator for tests.
func fixedID() (qda.GUID, error) { return testGUID, nil }

// sampleFiles returns the sample guideline files; it fails the test when
// there are none.
func sampleFiles(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob("../../../sampledata/guidelines/*.guide.md")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no sample guidelines found (err %v)", err)
	}
	return files
}

// mustParse parses src and fails the test on error.
func mustParse(tb testing.TB, src []byte, name string) *qda.Guideline {
	tb.Helper()
	g, err := Parse(bytes.NewReader(src), name, fixedID)
	if err != nil {
		tb.Fatalf("Parse(%s): %v", name, err)
	}
	return g
}

// mustFormat formats g and fails the test on error.
func mustFormat(tb testing.TB, g *qda.Guideline) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := Format(&buf, g); err != nil {
		tb.Fatalf("Format(%s): %v", g.Key, err)
	}
	return buf.Bytes()
}

// firstDiff describes where two texts first differ.
func firstDiff(got, want []byte) string {
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(gl) && i < len(wl); i++ {
		if gl[i] != wl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n got  " + gl[i] + "\n want " + wl[i]
		}
	}
	return "got " + strconv.Itoa(len(gl)) + " lines, want " + strconv.Itoa(len(wl))
}

func TestFormat_RoundTripSamples(t *testing.T) {
	for _, f := range sampleFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			g := mustParse(t, src, f)
			out := mustFormat(t, g)
			if !bytes.Equal(out, src) {
				t.Errorf("Format(Parse(file)) differs from the file at %s", firstDiff(out, src))
			}
			g2 := mustParse(t, out, f)
			if !reflect.DeepEqual(g, g2) {
				t.Error("Parse(Format(g)) differs from g")
			}
			if err := g.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}
