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
			b.WriteString(q.Text + attrs(q.Text, q.Roles, q.Optional) + "\n")
			writeNotes(b, "", q.Notes)
			if len(q.Prompts) > 0 {
				b.WriteString("\n")
				writePrompts(b, q.Prompts, "")
			}
		}
	}
	return b.Flush()
}

func writeNotes(b *bufio.Writer, indent string, notes []string) {
	for _, n := range notes {
		b.WriteString(indent + "> " + n + "\n")
	}
}

func writePrompts(b *bufio.Writer, ps []qda.Prompt, indent string) {
	for _, p := range ps {
		b.WriteString(indent + "- " + p.Text + attrs(p.Text, p.Roles, p.Optional) + "\n")
		writeNotes(b, indent+"  ", p.Notes)
		writePrompts(b, p.Prompts, indent+"  ")
	}
}

// attrs returns the attribute group to append to text: " {A, B, optional}",
// " {}" when text itself ends in a brace group, or "".
func attrs(text string, roles []string, optional bool) string {
	items := roles
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
	return nil
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
