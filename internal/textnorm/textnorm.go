// Package textnorm brings text into protocoder's canonical form: UTF-8,
// NFC-normalised, "\n" line endings, no byte order mark, no NUL (see
// docs/architecture.md). It is used at every edge where text enters.
package textnorm

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/protocoder/protocoder/internal/qda"
)

// Canonical returns s in canonical form. It fails on invalid UTF-8 (decode
// other encodings before) and never changes text that is canonical already.
func Canonical(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", qda.Errorf(qda.EInvalid, "the text is not valid UTF-8")
	}
	s = strings.TrimPrefix(s, "\uFEFF")
	if strings.ContainsRune(s, '\r') {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	s = strings.ReplaceAll(s, "\uFEFF", "")
	s = strings.ReplaceAll(s, "\x00", "")
	return norm.NFC.String(s), nil
}

// IsCanonical reports whether s is already in canonical form.
func IsCanonical(s string) bool {
	return qda.CheckCanonical(s) == nil && norm.NFC.IsNormalString(s)
}
