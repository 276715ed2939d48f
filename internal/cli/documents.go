package cli

import (
	"flag"
	"fmt"

	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

func init() {
	var kind, cse, name string
	register(&command{
		name: "document import", args: "FILE…",
		short: "import concept papers, controlling reports or case reports (txt, md, docx, odt, rtf, pdf) as codable, searchable documents",
		long: `Footnotes, endnotes and comments of docx, odt and rtf files come after the
body as paragraphs of their own ("[Fußnote 1] …", "[Endnote i] …", "[Kommentar
K1, Name] …"); the body keeps a mark where each belongs ("[1]"). A PDF's text
layer is read with its ligatures as letters (ﬁ → fi), words broken at line ends
joined, lines joined into paragraphs column by column, running page numbers
left out; characters its fonts do not name stay as � (U+FFFD). A PDF of images
only (a scan) is refused: run text recognition (OCR) first. A password-protected
docx is refused: save an unprotected copy.`,
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
			return e.withService(func(s *project.Project) error {
				var caseID qda.GUID
				if cse != "" {
					c, err := s.Case(cse)
					if err != nil {
						return err
					}
					caseID = c.GUID
				}
				for _, path := range fs.Args() {
					n := name
					if fs.NArg() > 1 {
						n = ""
					}
					d, warnings, err := s.ImportDocumentFile(path, study.NewDocument{Name: n, Kind: k, Case: caseID})
					if err != nil {
						return err
					}
					printWarnings(e, path, warnings)
					fmt.Fprintf(e.Stdout, "%s\t%s\n", path, d.GUID)
				}
				return nil
			})
		},
	})
}
