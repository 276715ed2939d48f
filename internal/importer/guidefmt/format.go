package guidefmt

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/protocoder/protocoder/internal/qda"
)

// Format writes g in the guideline file format, in canonical layout (see the
// package documentation). It fails with a *qda.Error (qda.EInvalid) when g
// does not pass Validate or holds something the format cannot express, such
// as a line break inside a text, a role listed twice on one item or a
// preamble paragraph that would read as a heading, prompt or note.
func Format(w io.Writer, g *qda.Guideline) error {
	if err := g.Validate(); err != nil {
		return err
	}
	if err := checkWritable(g); err != nil {
		return err
	}
	b := bufio.NewWriter(w)
	b.WriteString("---\n")
	fmt.Fprintf(b, "guid: %s\nkey: %s\ntitle: %s\nlevel: %s\nwave: %d\n", g.GUID, g.Key, g.Title, g.Level, g.Wave)
	if g.Themes != "" {
		fmt.Fprintf(b, "themes: %s\n", g.Themes)
	}
	for _, r := range g.Roles {
		fmt.Fprintf(b, "role %s: %s\n", r.Code, r.Label)
	}
	b.WriteString("---\n")
	for _, p := range g.Preamble {
		b.WriteString("\n" + p + "\n")
	}
	for _, s := range g.Sections {
		b.WriteString("\n## " + s.Number + " " + s.Title + "\n")
		for _, q := range s.Questions {
			b.WriteString("\n### ")
			switch {
			case q.ID != "":
				b.WriteString(q.ID + " ")
			case needsEscape(q.Text):
				b.WriteString(`\`)
			}
			b.WriteString(q.Text + attrs(q.Text, q.Roles, q.RoleBasis, q.Optional) + "\n")
			writeNotes(b, "", q.Notes)
			if len(q.Prompts) > 0 {
				b.WriteString("\n")
				writePrompts(b, q.Prompts, "")
			}
		}
	}
	for _, a := range g.Annexes {
		b.WriteString("\n# " + a.Title + "\n\n")
		writeRow(b, a.Header)
		sep := make([]string, len(a.Header))
		for i := range sep {
			sep[i] = "---"
		}
		writeRow(b, sep)
		for _, r := range a.Rows {
			writeRow(b, r)
		}
	}
	return b.Flush()
}

func writeRow(b *bufio.Writer, cells []string) {
	b.WriteString("|")
	for _, c := range cells {
		b.WriteString(" " + c + " |")
	}
	b.WriteString("\n")
}

func writeNotes(b *bufio.Writer, indent string, notes []string) {
	for _, n := range notes {
		b.WriteString(indent + "> " + n + "\n")
	}
}

func writePrompts(b *bufio.Writer, ps []qda.Prompt, indent string) {
	for _, p := range ps {
		b.WriteString(indent + "- " + p.Text + attrs(p.Text, p.Roles, p.RoleBasis, p.Optional) + "\n")
		writeNotes(b, indent+"  ", p.Notes)
		writePrompts(b, p.Prompts, indent+"  ")
	}
}

// attrs returns the attribute group to append to text:
// " {A, B, inferred, optional}", " {all-roles}", " {}" when text itself
// ends in a brace group, or "".
func attrs(text string, roles []string, basis qda.RoleBasis, optional bool) string {
	items := roles
	switch basis {
	case qda.RolesAll:
		items = append(items[:len(items):len(items)], attrAllRoles)
	case qda.RolesInferred:
		items = append(items[:len(items):len(items)], attrInferred)
	}
	if optional {
		items = append(items[:len(items):len(items)], "optional")
	}
	if len(items) > 0 {
		return " {" + strings.Join(items, ", ") + "}"
	}
	if _, _, ok := splitAttrs(text); ok {
		return " {}"
	}
	return ""
}

// checkWritable reports what in g the file format cannot express.
func checkWritable(g *qda.Guideline) error {
	bad := func(format string, args ...any) error {
		return qda.Errorf(qda.EInvalid, "cannot write guideline %s: "+format, append([]any{g.Key}, args...)...)
	}
	if !oneLine(g.Key) || !oneLine(g.Title) {
		return bad("key and title must be single lines without surrounding spaces")
	}
	for _, r := range g.Roles {
		if msg := roleCodeProblem(r.Code); msg != "" {
			return bad("%s", msg)
		}
		if !oneLine(r.Label) {
			return bad("role %s needs a label on a single line", r.Code)
		}
	}
	for i, p := range g.Preamble {
		if !oneLine(p) || structural(p) {
			return bad("preamble paragraph %d must be one non-empty line that does not start with #, >, or - ", i+1)
		}
	}
	for _, s := range g.Sections {
		if s.Number == "" || strings.ContainsFunc(s.Number, unicode.IsSpace) || !oneLine(s.Title) {
			return bad("section %q needs a number without spaces and a one-line title", s.Number)
		}
		for qi, q := range s.Questions {
			where := "section " + s.Number + " question " + strconv.Itoa(qi+1)
			if q.ID != "" && !qda.IsQuestionID(q.ID) {
				return bad("%s has an id %q that does not look like a question id", where, q.ID)
			}
			if err := checkItem(where, q.Text, q.Roles, q.Notes); err != nil {
				return bad("%s", err)
			}
			if err := checkPrompts(where, q.Prompts); err != nil {
				return bad("%s", err)
			}
		}
	}
	for _, a := range g.Annexes {
		if !oneLine(a.Title) {
			return bad("annex %q needs a one-line title", a.Title)
		}
		for _, h := range a.Header {
			if h == "" {
				return bad("annex %q: every column of the header needs a name", a.Title)
			}
		}
		cells := append([]string(nil), a.Header...)
		for _, r := range a.Rows {
			cells = append(cells, r...)
		}
		for _, c := range cells {
			if strings.ContainsAny(c, "|\r\n") || c != strings.TrimSpace(c) {
				return bad("annex %q: a cell must be one line without \"|\" and without surrounding spaces: %q", a.Title, c)
			}
		}
		if isSeparatorRow(firstRow(a.Rows)) {
			return bad("annex %q: the first row looks like a table separator", a.Title)
		}
	}
	return nil
}

func firstRow(rows [][]string) []string {
	if len(rows) == 0 {
		return nil
	}
	return rows[0]
}

func checkPrompts(where string, ps []qda.Prompt) error {
	for i, p := range ps {
		w := where + " prompt " + strconv.Itoa(i+1)
		if err := checkItem(w, p.Text, p.Roles, p.Notes); err != nil {
			return err
		}
		if err := checkPrompts(w, p.Prompts); err != nil {
			return err
		}
	}
	return nil
}

func checkItem(where, text string, roles, notes []string) error {
	if !oneLine(text) {
		return fmt.Errorf("%s: the text must be one line without surrounding spaces", where)
	}
	for i, r := range roles {
		for _, o := range roles[:i] {
			if o == r {
				return fmt.Errorf("%s lists role %q twice", where, r)
			}
		}
	}
	for _, n := range notes {
		if !oneLine(n) {
			return fmt.Errorf("%s: every note must be one non-empty line without surrounding spaces", where)
		}
	}
	return nil
}
