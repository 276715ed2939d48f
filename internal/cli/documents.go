package cli

import (
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
)

// blocksText joins blocks into a document text (titles as paragraphs).
func blocksText(blocks []qda.ProtocolBlock) string {
	var parts []string
	for _, b := range blocks {
		if b.Title != "" {
			parts = append(parts, b.Title)
		}
		if b.QuestionID != "" {
			parts = append(parts, b.QuestionID)
		}
		if strings.TrimSpace(b.Body) != "" {
			parts = append(parts, strings.Trim(b.Body, "\n"))
		}
	}
	return strings.Join(parts, "\n\n") + "\n"
}

func init() {
	var kind, cse, name string
	register(&command{
		name: "document import", args: "FILE…",
		short: "import concept papers, controlling reports or case reports (txt, md, docx, odt, rtf, pdf) as codable, searchable documents",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&kind, "kind", "other", "other or report")
			fs.StringVar(&cse, "case", "", "the site the document belongs to")
			fs.StringVar(&name, "name", "", "display name (default: the file name; only with one file)")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() == 0 {
				return usagef("give at least one file")
			}
			k := qda.DocKind(kind)
			if k != qda.KindOther && k != qda.KindCaseReport {
				return usagef("--kind is other or report")
			}
			return e.withService(func(s *app.Service) error {
				var caseID qda.GUID
				if cse != "" {
					c, err := s.Case(cse)
					if err != nil {
						return err
					}
					caseID = c.GUID
				}
				for _, path := range fs.Args() {
					src, err := readSource(path)
					if err != nil {
						return err
					}
					n := name
					if n == "" || fs.NArg() > 1 {
						n = src.meta()["title"]
					}
					if n == "" {
						n = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
					}
					text := src.text()
					if strings.TrimSpace(text) == "" {
						return qda.Errorf(qda.EInvalid, "%s has no text", path)
					}
					d, err := s.AddDocument(app.NewDocument{Name: n, Kind: k, Text: text, Case: caseID, Source: filepath.Base(path)})
					if err != nil {
						return fmt.Errorf("%s: %w", path, err)
					}
					fmt.Fprintf(e.Stdout, "%s\t%s\n", path, d.GUID)
				}
				return nil
			})
		},
	})
}
