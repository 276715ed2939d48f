package guidefmt

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/protocoder/protocoder/internal/qda"
)

// Text helpers of the plain-text importer.

// indentWidth returns the width of the leading white space of s, counting a
// tab up to the next multiple of four.
func indentWidth(s string) int {
	w := 0
	for _, r := range s {
		switch {
		case r == '\t':
			w += 4 - w%4
		case unicode.IsSpace(r):
			w++
		default:
			return w
		}
	}
	return w
}

// cutBullet removes a leading bullet ("-", "•", "▪" or "●" followed by white
// space or nothing) from the trimmed line t.
func cutBullet(t string) (body string, ok bool) {
	r, n := utf8.DecodeRuneInString(t)
	if !strings.ContainsRune("-•▪●", r) {
		return t, false
	}
	rest := t[n:]
	if next, _ := utf8.DecodeRuneInString(rest); rest != "" && !unicode.IsSpace(next) {
		return t, false
	}
	return strings.TrimSpace(rest), true
}

// isSectionNumber reports whether tok numbers a section: one or two digits
// or "X", followed by a dot.
func isSectionNumber(tok string) bool {
	n, ok := strings.CutSuffix(tok, ".")
	if !ok || n == "" {
		return false
	}
	if n == "X" {
		return true
	}
	return len(n) <= 2 && strings.Trim(n, "0123456789") == ""
}

// isPlainQuestionID reports whether tok is a question id in plain text. It
// must look like an id (qda.IsQuestionID), hold a dot or be digits followed
// by lowercase letters ("5xa"), and every part between dots and slashes has
// at most three characters, so that "4PM", years and dates are not ids.
func isPlainQuestionID(tok string) bool {
	if !qda.IsQuestionID(tok) || isSectionNumber(tok) {
		return false
	}
	for _, part := range strings.FieldsFunc(tok, func(r rune) bool { return r == '.' || r == '/' }) {
		if len(part) > 3 {
			return false
		}
	}
	if strings.Contains(tok, ".") {
		return true
	}
	letters := strings.TrimLeft(tok, "0123456789")
	return letters != tok && letters != "" && strings.Trim(letters, "abcdefghijklmnopqrstuvwxyz") == ""
}

// isAppendixHeading reports whether tok numbers an appendix heading such as
// "A.1.1".
func isAppendixHeading(tok string) bool {
	if len(tok) < 3 || tok[0] < 'A' || tok[0] > 'Z' || tok[1] != '.' {
		return false
	}
	for _, part := range strings.Split(tok[2:], ".") {
		if part == "" || strings.Trim(part, "0123456789") != "" {
			return false
		}
	}
	return true
}

// isPreambleHeading reports whether t is the "Vorbemerkung" heading.
func isPreambleHeading(t string) bool {
	t = strings.TrimRight(strings.TrimSpace(stripEmphasis(t)), ":")
	return strings.EqualFold(t, "Vorbemerkung") || strings.EqualFold(t, "Vorbemerkungen")
}

// joinBroken appends the line next to text: after a word broken with a
// hyphen ("wel-" + "che") without space and hyphen, else with one space.
func joinBroken(text, next string) string {
	if text == "" {
		return next
	}
	if stem, ok := strings.CutSuffix(text, "-"); ok {
		before, _ := utf8.DecodeLastRuneInString(stem)
		first, _ := utf8.DecodeRuneInString(strings.TrimLeft(next, "*"))
		if unicode.IsLetter(before) && unicode.IsLower(first) {
			return stem + next
		}
	}
	return text + " " + next
}

// continuesParagraph reports whether a preamble line after a blank line
// still belongs to the paragraph before it: it starts in lower case, which a
// new paragraph does not.
func continuesParagraph(next string) bool {
	first, _ := utf8.DecodeRuneInString(strings.TrimLeft(next, "*"))
	return unicode.IsLower(first)
}

// cleanText removes footnote markers and Markdown emphasis and collapses
// white space.
func cleanText(s string) string {
	return strings.Join(strings.Fields(stripEmphasis(stripFootnotes(s))), " ")
}

// isSuperscriptDigit reports whether r is a superscript digit.
func isSuperscriptDigit(r rune) bool {
	return r == '¹' || r == '²' || r == '³' || r == '⁰' || r >= '⁴' && r <= '⁹'
}

// stripFootnotes removes footnote markers: runs of superscript digits that
// follow a character other than white space ("entwickelt.⁴²").
func stripFootnotes(s string) string {
	if !strings.ContainsFunc(s, isSuperscriptDigit) {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); {
		if !isSuperscriptDigit(rs[i]) {
			b.WriteRune(rs[i])
			i++
			continue
		}
		j := i
		for j < len(rs) && isSuperscriptDigit(rs[j]) {
			j++
		}
		if i == 0 || unicode.IsSpace(rs[i-1]) {
			b.WriteString(string(rs[i:j]))
		}
		i = j
	}
	return b.String()
}

// stripEmphasis removes Markdown emphasis: runs of "*" that open a word
// (after white space or punctuation, before a non-space) or close one
// (after a non-space, before white space or punctuation). A star between
// letters ("Kund*innen") and a lone star between spaces stay.
func stripEmphasis(s string) string {
	if !strings.Contains(s, "*") {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); {
		if rs[i] != '*' {
			b.WriteRune(rs[i])
			i++
			continue
		}
		j := i
		for j < len(rs) && rs[j] == '*' {
			j++
		}
		prev, next := ' ', ' '
		if i > 0 {
			prev = rs[i-1]
		}
		if j < len(rs) {
			next = rs[j]
		}
		opens := !unicode.IsSpace(next) && (unicode.IsSpace(prev) || unicode.IsPunct(prev))
		closes := !unicode.IsSpace(prev) && (unicode.IsSpace(next) || unicode.IsPunct(next))
		if !opens && !closes {
			b.WriteString(string(rs[i:j]))
		}
		i = j
	}
	return b.String()
}

// splitRoles separates a final parenthesis made only of role codes,
// separated by commas or slashes: "Text (GF, PL)" gives "Text", [GF PL].
func splitRoles(text string) (string, []string) {
	if !strings.HasSuffix(text, ")") {
		return text, nil
	}
	i := strings.LastIndex(text, "(")
	if i < 0 {
		return text, nil
	}
	var roles []string
	for _, item := range strings.Split(strings.ReplaceAll(text[i+1:len(text)-1], "/", ","), ",") {
		item = strings.TrimSpace(item)
		if !isRoleCode(item) {
			return text, nil
		}
		if !slices.Contains(roles, item) {
			roles = append(roles, item)
		}
	}
	return strings.TrimSpace(text[:i]), roles
}

// isRoleCode reports whether s looks like a role code: an ASCII capital
// letter followed by ASCII letters, digits or hyphens, at most 16 in all.
func isRoleCode(s string) bool {
	if s == "" || len(s) > 16 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
