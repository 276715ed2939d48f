package qda

import (
	"encoding/json"
	"strings"
	"unicode"
)

// KindAnonReplace is the kind of an anonymisation's command: it replaces
// real names in texts by pseudonyms.
const KindAnonReplace = "anon.replace"

// RemovedWords returns the words of the text image before that the text
// image after no longer holds (JSON strings, as a text entity's images
// are): the real names an anonymisation replaced. Words are split at white
// space with punctuation trimmed around them ("Westermann," → "Westermann";
// "@", "[" and "]" stay). The team server and every laptop derive an
// anonymisation's erased words with it from the text they hold.
func RemovedWords(before, after json.RawMessage) []string {
	var b, a string
	if json.Unmarshal(before, &b) != nil || json.Unmarshal(after, &a) != nil {
		return nil
	}
	kept := map[string]bool{}
	for _, w := range textWords(a) {
		kept[w] = true
	}
	var out []string
	for _, w := range textWords(b) {
		if !kept[w] {
			kept[w] = true
			out = append(out, w)
		}
	}
	return out
}

func textWords(text string) []string {
	var out []string
	for _, f := range strings.Fields(text) {
		if w := strings.TrimFunc(f, func(r rune) bool { return unicode.IsPunct(r) && r != '@' && r != '[' && r != ']' }); w != "" {
			out = append(out, w)
		}
	}
	return out
}
