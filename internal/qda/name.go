package qda

import "unicode/utf8"

// MaxNameRunes is the longest name (of a code, case, document, guideline,
// attribute, interviewee pseudonym, memo title) accepted, in characters.
// Names are labels shown in trees, tables and exports; a longer one is
// almost certainly a mistake (a paragraph pasted into the name field, a
// damaged import file).
const MaxNameRunes = 500

// CheckName refuses a name longer than MaxNameRunes; what says whose name
// it is ("code name"). The message quotes the name's beginning.
func CheckName(what, name string) error {
	if len(name) <= MaxNameRunes { // fewer bytes than the limit: fewer runes too
		return nil
	}
	if n := utf8.RuneCountInString(name); n > MaxNameRunes {
		return Errorf(EInvalid, "the %s %q… has %d characters; at most %d are allowed", what, Truncate(name, 40), n, MaxNameRunes).
			WithKey("name.tooLong", map[string]any{"Name": Truncate(name, 40), "N": n, "Max": MaxNameRunes})
	}
	return nil
}

// Truncate returns s cut to at most n characters.
func Truncate(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
