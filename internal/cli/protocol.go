package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/importer/protocolmd"
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
			return e.withService(func(s *app.Service) error {
				g, blocks, err := s.ProtocolTemplate(guideline, role)
				if err != nil {
					return err
				}
				hints := map[string][]string{}
				for _, sec := range g.Sections {
					for _, q := range sec.Questions {
						id := q.ID
						if id == "" {
							id = q.Text
						}
						h := []string{q.Label()}
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
question's code. A file that fails leaves nothing behind.`,
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
			return e.withService(func(s *app.Service) error {
				for _, path := range fs.Args() {
					if interview != "" {
						if err := importInto(e, s, interview, path); err != nil {
							return err
						}
						continue
					}
					res, err := s.ImportProtocolFile(path, n)
					if err != nil {
						return importError(path, err)
					}
					fmt.Fprintf(e.Stdout, "%s\t%s\t%d answers coded\n", path, res.Interview.GUID, res.Answers)
				}
				return nil
			})
		},
	})

	var format string
	register(&command{
		name: "protocol export", args: "INTERVIEW",
		short: "print an interview's protocol as txt or md",
		flags: func(fs *flag.FlagSet) { fs.StringVar(&format, "format", "txt", "txt or md") },
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give one interview")
			}
			return e.withService(func(s *app.Service) error {
				iv, err := s.Interview(fs.Arg(0))
				if err != nil {
					return err
				}
				d, err := s.ProtocolOf(iv.GUID)
				if err != nil {
					return err
				}
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
					return usagef("format %q is not supported (txt, md)", format)
				}
			})
		},
	})
}

// importInto makes the file at path the protocol of a registered interview.
func importInto(e *Env, s *app.Service, interview, path string) error {
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
	d, err := s.SaveProtocol(iv.GUID, src.ProtocolBlocks(g), false)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	fmt.Fprintf(e.Stdout, "%s\t%s\n", path, d.GUID)
	return nil
}
