// Package protocolmd reads and writes interview protocols as Markdown with
// front matter (docs/sample-format.md): "## Title" starts a free section,
// "### <question id>" the answer to a lead question, HTML comments (the
// template's hints) are dropped.
package protocolmd

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/protocoder/protocoder/internal/qda"
)

// Protocol is a parsed protocol file.
type Protocol struct {
	// Meta holds the front matter's key: value pairs.
	Meta map[string]string
	// Blocks are the free sections and answers in file order.
	Blocks []qda.ProtocolBlock
}

// MaxLine is the longest line accepted, in bytes: a line is a paragraph
// of the protocol, and 4 MiB is several hundred pages of text.
const MaxLine = 4 << 20

// Parse reads a protocol file; name is used in error messages.
func Parse(r io.Reader, name string) (*Protocol, error) {
	p := &Protocol{Meta: map[string]string{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), MaxLine)
	line := 0
	errf := func(format string, args ...any) error {
		return qda.Errorf(qda.EInvalid, "%s:%d: %s", name, line, fmt.Sprintf(format, args...))
	}
	var cur *qda.ProtocolBlock
	var body strings.Builder
	flush := func() {
		if cur != nil {
			cur.Body = strings.Trim(body.String(), "\n")
			p.Blocks = append(p.Blocks, *cur)
		}
		body.Reset()
	}
	inFront, inComment := false, false
	for sc.Scan() {
		line++
		t := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			t = strings.TrimPrefix(t, "\uFEFF")
			if t == "---" {
				inFront = true
				continue
			}
		}
		if inFront {
			if t == "---" {
				inFront = false
				continue
			}
			if strings.TrimSpace(t) == "" {
				continue
			}
			k, v, ok := strings.Cut(t, ":")
			if !ok || strings.TrimSpace(k) == "" {
				return nil, errf("front matter line %q is not \"key: value\"", t)
			}
			p.Meta[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
			continue
		}
		if inComment || strings.HasPrefix(strings.TrimSpace(t), "<!--") {
			inComment = !strings.Contains(t, "-->")
			if !inComment {
				if rest := strings.TrimSpace(t[strings.Index(t, "-->")+3:]); rest != "" {
					t = rest
				} else {
					continue
				}
			} else {
				continue
			}
		}
		switch {
		case strings.HasPrefix(t, "### "):
			flush()
			id := strings.TrimSpace(t[4:])
			if id == "" {
				return nil, errf("a question heading needs a question id")
			}
			cur = &qda.ProtocolBlock{QuestionID: id}
		case strings.HasPrefix(t, "## "):
			flush()
			cur = &qda.ProtocolBlock{Title: strings.TrimSpace(t[3:])}
		case strings.HasPrefix(t, "# "):
			flush()
			cur = &qda.ProtocolBlock{Title: strings.TrimSpace(t[2:])}
		default:
			if cur == nil {
				if strings.TrimSpace(t) == "" {
					continue
				}
				cur = &qda.ProtocolBlock{}
			}
			body.WriteString(t)
			body.WriteString("\n")
		}
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		line++
		return nil, errf("the line is longer than %d MiB; a protocol paragraph must be shorter", MaxLine>>20)
	} else if err != nil {
		return nil, qda.Errorf(qda.EInvalid, "%s: %v", name, err)
	}
	if inFront {
		return nil, errf("the front matter is not closed with ---")
	}
	flush()
	return p, nil
}

// Write writes a protocol file: front matter (keys sorted) and blocks.
// Hints, if given per question id, are written as HTML comments below the
// question heading, as the template for interviewers does; the hints under
// the empty id "" come as comments before the first block.
func Write(w io.Writer, p *Protocol, hints map[string][]string) error {
	bw := bufio.NewWriter(w)
	if len(p.Meta) > 0 {
		keys := make([]string, 0, len(p.Meta))
		for k := range p.Meta {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fmt.Fprintln(bw, "---")
		for _, k := range keys {
			fmt.Fprintf(bw, "%s: %s\n", k, p.Meta[k])
		}
		fmt.Fprintln(bw, "---")
	}
	if len(hints[""]) > 0 {
		fmt.Fprintln(bw)
		for _, h := range hints[""] {
			fmt.Fprintf(bw, "<!-- %s -->\n", strings.ReplaceAll(h, "-->", "- ->"))
		}
	}
	for _, b := range p.Blocks {
		fmt.Fprintln(bw)
		if b.QuestionID != "" {
			fmt.Fprintf(bw, "### %s\n", b.QuestionID)
			for _, h := range hints[b.QuestionID] {
				fmt.Fprintf(bw, "<!-- %s -->\n", strings.ReplaceAll(h, "-->", "- ->"))
			}
		} else if b.Title != "" {
			fmt.Fprintf(bw, "## %s\n", b.Title)
		}
		if b.Body != "" {
			fmt.Fprintf(bw, "\n%s\n", strings.Trim(b.Body, "\n"))
		}
	}
	return bw.Flush()
}
