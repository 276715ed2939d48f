package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/exporter/docwriter"
	"github.com/protocoder/protocoder/internal/importer/protocolmd"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

func init() {
	var guideline, role string
	register(&command{
		name: "protocol template", short: "print an empty protocol for a guideline and role",
		long: "The template is a Markdown file with front matter; the prompts of each question are hints in <!-- comments -->. Fill it in and import it with 'protocol import'.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&guideline, "guideline", "", "guideline key or GUID")
			fs.StringVar(&role, "role", "", "role code or label")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if guideline == "" {
				return usagef("--guideline is needed")
			}
			return e.withService(func(s *project.Project) error {
				g, blocks, err := s.ProtocolTemplate(guideline, role)
				if err != nil {
					return err
				}
				hints := templateHints(g, role)
				p := &protocolmd.Protocol{Meta: map[string]string{"guideline": g.Key, "role": role, "case": "", "wave": fmt.Sprint(g.Wave),
					"interviewee": "", "interviewer": "", "date": "", "consent": "", "status": "draft"}, Blocks: blocks}
				return protocolmd.Write(e.Stdout, p, hints)
			})
		},
	})

	var f interviewFlags
	var interview string
	register(&command{
		name: "protocol import", args: "FILE…",
		short: "import protocols, creating their interviews; answers under question headings are coded",
		long: `Each file's metadata comes from its front matter (docs/sample-format.md) and the flags, which
win over it. With --interview, the file becomes the protocol of that registered interview.
Formats: md (protocoder's protocol format), txt (UTF-8, UTF-16 or Windows-1252), docx, odt, rtf
and pdf with a text layer. Headings "### 2.2a" (in other formats: a heading or paragraph that
starts with one of the guideline's question ids) mark answers, which are coded with the
question's code. All files are imported in one command (one step to undo, one index update):
if one fails, none is imported, and the error names it. A file with the status final passes
the same check as interview set-status (no open anonymization findings; on the intensive
level the data_protection and info_sheet consent), a recording present needs recording
consent; otherwise the import is refused.`,
		flags: func(fs *flag.FlagSet) {
			f.define(fs)
			fs.StringVar(&interview, "interview", "", "an existing interview (GUID or pseudonym) to attach the protocol to")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() == 0 {
				return usagef("give at least one file")
			}
			if interview != "" && fs.NArg() != 1 {
				return usagef("--interview takes exactly one file")
			}
			n, err := f.given()
			if err != nil {
				return err
			}
			return e.withService(func(s *project.Project) error {
				if interview != "" {
					return importInto(e, s, interview, fs.Arg(0))
				}
				srcs := make([]*app.SourceFile, 0, fs.NArg())
				for _, path := range fs.Args() {
					if err := e.ctx().Err(); err != nil {
						return fmt.Errorf("import cancelled, nothing imported: %w", err)
					}
					src, err := s.ReadSource(path)
					if err != nil {
						return importError(path, err)
					}
					srcs = append(srcs, src)
				}
				res, err := s.ImportProtocolSourcesContext(e.ctx(), srcs, n)
				if err != nil {
					return importError("", err)
				}
				for i, r := range res {
					fmt.Fprintf(e.Stdout, "%s\t%s\t%d answers coded\n", srcs[i].Path, r.Interview.GUID, r.Answers)
					printWarnings(e, srcs[i].Path, srcs[i].Warnings)
				}
				return nil
			})
		},
	})

	var format string
	var yes bool
	register(&command{
		name: "protocol export", args: "INTERVIEW",
		short: "print an interview's protocol as txt, md, html, docx or odt",
		long: `Writes to standard output; redirect docx and odt into a file: protocol export KU-04-01 --format docx > KU-04-01.docx
The export is recorded in the audit log; if the protocol has open anonymization
findings, it warns and asks (or --yes).`,
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&format, "format", "txt", "txt, md, html, docx or odt")
			yesFlag(fs, &yes)
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give one interview")
			}
			return e.withService(func(s *project.Project) error {
				iv, err := s.Interview(fs.Arg(0))
				if err != nil {
					return err
				}
				d, err := s.ProtocolOf(iv.GUID)
				if err != nil {
					return err
				}
				switch format {
				case "txt", "md", "html", "docx", "odt":
				default:
					return usagef("format %q is not supported (txt, md, html, docx, odt)", format)
				}
				req := privacy.ExportRequest{Format: format, What: "the protocol of " + iv.Interviewee, To: exportTo("-"), Documents: []qda.GUID{d.GUID}}
				return e.export(s, req, yes, func() error { return writeProtocol(e, s, iv, d, format) })
			})
		},
	})
}

// writeProtocol writes an interview's protocol to standard output.
func writeProtocol(e *Env, s *project.Project, iv *qda.Interview, d *qda.Document, format string) error {
	switch format {
	case "txt":
		_, text, _, err := s.DocumentWithText(d.GUID)
		if err == nil {
			_, err = fmt.Fprint(e.Stdout, text)
		}
		return err
	case "md":
		p, err := s.ProtocolBlocks(iv.GUID)
		if err != nil {
			return err
		}
		return protocolmd.Write(e.Stdout, &protocolmd.Protocol{Meta: map[string]string{"interviewee": iv.Interviewee, "role": iv.Role,
			"wave": fmt.Sprint(iv.Wave), "status": string(iv.Status)}, Blocks: p}, nil)
	default:
		doc, err := protocolDoc(s, iv, d)
		if err != nil {
			return err
		}
		return docwriter.Write(e.Stdout, doc, format)
	}
}

// importInto makes the file at path the protocol of a registered interview.
func importInto(e *Env, s *project.Project, interview, path string) error {
	src, err := s.ReadSource(path)
	if err != nil {
		return err
	}
	iv, err := s.Interview(interview)
	if err != nil {
		return err
	}
	g, err := s.Guideline(string(iv.Guideline))
	if err != nil {
		return err
	}
	d, err := s.SaveProtocol(iv.GUID, study.SourceBlocks(src, g), false)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	fmt.Fprintf(e.Stdout, "%s\t%s\n", path, d.GUID)
	printWarnings(e, path, src.Warnings)
	return nil
}

// protocolDoc lays a protocol out for an office document: its name as the
// title, a line of metadata, each free section and answered question as a
// heading (the question's id and text) and the answers' paragraphs.
func protocolDoc(s *project.Project, iv *qda.Interview, d *qda.Document) (*docwriter.Doc, error) {
	blocks, err := s.ProtocolBlocks(iv.GUID)
	if err != nil {
		return nil, err
	}
	g, err := s.Guideline(string(iv.Guideline))
	if err != nil {
		return nil, err
	}
	names, err := s.Names()
	if err != nil {
		return nil, err
	}
	labels := map[string]string{}
	for si := range g.Sections {
		for qi := range g.Sections[si].Questions {
			q := &g.Sections[si].Questions[qi]
			ref := q.ID
			if ref == "" {
				ref = q.Text
			}
			if _, dup := labels[ref]; !dup {
				labels[ref] = q.Label()
			}
		}
	}
	meta := []string{g.Key, iv.Role, names[iv.Case], fmt.Sprintf("Welle %d", iv.Wave)}
	if !iv.Date.IsZero() {
		meta = append(meta, iv.Date.Format("02.01.2006"))
	}
	meta = append(meta, string(iv.Status))
	doc := &docwriter.Doc{Title: d.Name, Lang: "de-DE", Blocks: []docwriter.Block{
		{Kind: docwriter.Heading, Level: 1, Text: d.Name},
		{Kind: docwriter.Paragraph, Text: strings.Join(meta, " · ")},
	}}
	for _, b := range blocks {
		if strings.TrimSpace(b.Body) == "" {
			continue
		}
		head := b.Title
		if b.QuestionID != "" {
			head = labels[b.QuestionID]
			if head == "" {
				head = b.QuestionID
			}
		}
		if head != "" {
			doc.Blocks = append(doc.Blocks, docwriter.Block{Kind: docwriter.Heading, Level: 2, Text: head})
		}
		for _, para := range strings.Split(strings.Trim(b.Body, "\n"), "\n\n") {
			if strings.TrimSpace(para) != "" {
				doc.Blocks = append(doc.Blocks, docwriter.Block{Kind: docwriter.Paragraph, Text: para})
			}
		}
	}
	return doc, nil
}

// printWarnings tells on standard error what an import of path noticed.
func printWarnings(e *Env, path string, warnings []string) {
	for _, w := range warnings {
		fmt.Fprintf(e.Stderr, "%s: warning: %s\n", path, w)
	}
}

// templateHints returns the comments of a protocol template: per question
// its label, where its roles come from when that is not printed (asked of
// all roles because the guideline marks none; inferred) and its prompts;
// under "" a header that says which questions a role's template holds.
func templateHints(g *qda.Guideline, role string) map[string][]string {
	hints := map[string][]string{}
	matrix := len(g.Roles) > 1
	var own, all, inferred int
	for _, sec := range g.Sections {
		for _, q := range sec.Questions {
			id := q.ID
			if id == "" {
				id = q.Text
			}
			h := []string{q.Label()}
			src := q.RoleSource()
			switch {
			case !matrix:
			case src == qda.RolesAll:
				all++
				h = append(h, "roles: all — the guideline marks no role for this question")
			case src == qda.RolesInferred:
				inferred++
				h = append(h, "roles: "+strings.Join(q.EffectiveRoles(), ", ")+" — inferred: the printed guideline lost the column of its mark")
			default:
				own++
			}
			var walk func(ps []qda.Prompt, depth int)
			walk = func(ps []qda.Prompt, depth int) {
				for _, p := range ps {
					h = append(h, strings.Repeat("  ", depth)+"- "+p.Text)
					walk(p.Prompts, depth+1)
				}
			}
			walk(q.Prompts, 0)
			hints[id] = h
		}
	}
	if matrix && role != "" {
		code, _ := g.FindRole(role)
		hints[""] = []string{fmt.Sprintf("Role %s: %d questions marked for this role, %d inferred, %d asked of all roles because the guideline marks no role for them (flagged below).",
			code, own, inferred, all)}
	}
	return hints
}
