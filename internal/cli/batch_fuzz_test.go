package cli

import (
	"reflect"
	"strings"
	"testing"
)

// FuzzSplitWords checks the batch line splitter: no input panics, and the
// words of a line, quoted again, split into the same words.
func FuzzSplitWords(f *testing.F) {
	for _, s := range []string{`coding add --doc X --start 3 --end 9 --code "A.1.1:1.1"`, `code add 'Größe \ ja' # Kommentar`,
		`a"b c"d \#e`, `"unterminated`, `trailing\`, "tab\tand\u00a0nbsp", `''`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		words, err := splitWords(line)
		if err != nil {
			return
		}
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(w) + `"`
		}
		again, err := splitWords(strings.Join(quoted, " "))
		if err != nil || !reflect.DeepEqual(again, words) && len(words)+len(again) > 0 {
			t.Fatalf("%q → %q → %q, %v", line, words, again, err)
		}
	})
}
