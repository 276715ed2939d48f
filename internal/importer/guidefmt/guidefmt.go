// Package guidefmt reads and writes interview guidelines in protocoder's
// guideline file format (.guide.md, see docs/guideline-format.md) and
// imports guidelines pasted as plain text in the style of the study's report
// appendix.
//
// Parse and Format are inverse: Format(Parse(f)) reproduces every file in
// canonical layout byte for byte, and Parse(Format(g)) equals g. The
// canonical layout is the front matter, a blank line, the preamble
// paragraphs, then for each section its "## " line and for each question its
// "### " line directly followed by its "> " notes; a question's prompts
// follow as one block after a blank line, each prompt directly followed by
// its notes indented to the prompt's text. Blocks are separated by exactly
// one blank line and the file ends with one newline.
//
// Sections, questions and prompts carry no GUIDs in the file. They are
// derived with qda.NameGUID from the guideline's GUID and the item's path
// ("s:1.", "s:1./q:1.1", "s:1./q:t:Text", "s:1./q:1.1/p:0"; the n-th
// occurrence of an otherwise equal path gets "#n" appended), so importing
// the same file twice gives the same GUIDs.
package guidefmt

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/protocoder/protocoder/internal/qda"
)

// ParseError is a malformed-input error with a 1-based line number. It
// unwraps to a *qda.Error with code qda.EInvalid, so callers classify it like
// any other invalid input.
type ParseError struct {
	// File is the name of the input, may be empty.
	File string
	// Line is the 1-based line number the error was found on.
	Line int
	// Msg describes the problem.
	Msg string
}

// Error returns "FILE:LINE: MSG", or "line LINE: MSG" without a file name.
func (e *ParseError) Error() string {
	if e.File == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// Unwrap returns the error as a *qda.Error with code qda.EInvalid.
func (e *ParseError) Unwrap() error {
	return &qda.Error{Code: qda.EInvalid, Message: e.Error()}
}

// PlainMeta carries what a plain-text guideline does not say: its key,
// title, level and wave.
type PlainMeta struct {
	// Key is the study's short reference, e.g. "A.1.1".
	Key string
	// Title is the full title.
	Title string
	// Level is the study level.
	Level qda.Level
	// Wave is the survey wave, 1 or more.
	Wave int
}

// MaxFile is the largest guideline file read, MaxLine its longest line
// (bytes). A guideline's lines are headings, questions and prompts; a
// longer line is a wrong file.
const (
	MaxFile = 16 << 20
	MaxLine = 64 << 10
)

// readAll reads a guideline file of at most MaxFile bytes.
func readAll(r io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFile+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > MaxFile {
		return nil, qda.Errorf(qda.EInvalid, "%s is larger than %d MiB; it is not a guideline", name, MaxFile>>20)
	}
	return data, nil
}

// splitLines splits data into lines without their line ends and trailing
// white space; a leading byte order mark is dropped. A line longer than
// MaxLine is a *ParseError naming it.
func splitLines(data []byte, name string) ([]string, error) {
	s := strings.TrimPrefix(string(data), "\ufeff")
	lines := strings.Split(s, "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	for i, l := range lines {
		if len(l) > MaxLine {
			return nil, &ParseError{File: name, Line: i + 1, Msg: fmt.Sprintf("the line has %d bytes, more than the %d KiB a guideline line may have", len(l), MaxLine>>10)}
		}
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	return lines, nil
}

// firstToken splits s at its first white space; rest is trimmed.
func firstToken(s string) (tok, rest string) {
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// splitAttrs separates a trailing attribute group "{…}" from s (which is
// trimmed). ok reports whether there was one; text is trimmed.
func splitAttrs(s string) (text, inner string, ok bool) {
	if !strings.HasSuffix(s, "}") {
		return s, "", false
	}
	i := strings.LastIndex(s, "{")
	if i < 0 {
		return s, "", false
	}
	return strings.TrimSpace(s[:i]), s[i+1 : len(s)-1], true
}

// needsEscape reports whether a question text without id must be written
// with a leading backslash so that it is not read as an id.
func needsEscape(text string) bool {
	if strings.HasPrefix(text, `\`) {
		return true
	}
	tok, _ := firstToken(text)
	return qda.IsQuestionID(tok)
}

// structural reports whether a trimmed line would be read as a heading,
// prompt or note rather than as preamble text.
func structural(t string) bool {
	return strings.HasPrefix(t, "#") || strings.HasPrefix(t, ">") ||
		t == "-" || strings.HasPrefix(t, "- ")
}

// oneLine reports whether s can be written as (part of) one line: not empty,
// no line break and no surrounding white space.
func oneLine(s string) bool {
	return s != "" && s == strings.TrimSpace(s) && !strings.Contains(s, "\n")
}

// roleCodeProblem returns why code cannot be a role code, or "".
func roleCodeProblem(code string) string {
	switch {
	case code == "":
		return "a role needs a code"
	case qda.ReservedAttr(code):
		return fmt.Sprintf("%q is reserved and cannot be a role code", code)
	case strings.ContainsFunc(code, unicode.IsSpace):
		return fmt.Sprintf("role code %q contains white space", code)
	case strings.ContainsAny(code, ",{}:"):
		return fmt.Sprintf("role code %q contains one of , { } :", code)
	}
	return ""
}

// minter derives the GUIDs of a guideline's parts from their paths.
type minter struct {
	ns    qda.GUID
	count map[string]int
	used  map[string]bool
}

// guid returns the GUID for the next occurrence of base: base itself the
// first time, then base#2, base#3, … skipping paths already taken.
func (m *minter) guid(base string) (string, qda.GUID) {
	m.count[base]++
	n := m.count[base]
	p := base
	if n > 1 {
		p = base + "#" + strconv.Itoa(n)
	}
	for m.used[p] {
		n++
		m.count[base] = n
		p = base + "#" + strconv.Itoa(n)
	}
	m.used[p] = true
	return p, qda.NameGUID(m.ns, p)
}

// assignGUIDs sets the GUIDs of all sections, questions and prompts of g
// from g.GUID and their paths.
func assignGUIDs(g *qda.Guideline) {
	m := &minter{ns: g.GUID, count: map[string]int{}, used: map[string]bool{}}
	var prompts func(ps []qda.Prompt, parent string)
	prompts = func(ps []qda.Prompt, parent string) {
		for i := range ps {
			p, id := m.guid(parent + "/p:" + strconv.Itoa(i))
			ps[i].GUID = id
			prompts(ps[i].Prompts, p)
		}
	}
	for si := range g.Sections {
		s := &g.Sections[si]
		sp, id := m.guid("s:" + s.Number)
		s.GUID = id
		for qi := range s.Questions {
			q := &s.Questions[qi]
			key := q.ID
			if key == "" {
				key = "t:" + q.Text
			}
			qp, id := m.guid(sp + "/q:" + key)
			q.GUID = id
			prompts(q.Prompts, qp)
		}
	}
}
