package cli

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/importer/protocolmd"
	"github.com/protocoder/protocoder/internal/qda"
)

// readDocument turns a file's bytes into front matter and blocks. Markdown
// is read as a structured protocol; plain text as one untitled block.
func readDocument(path string, data []byte) (*protocolmd.Protocol, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".markdown":
		return protocolmd.Parse(bytes.NewReader(data), path)
	case ".txt", "":
		return &protocolmd.Protocol{Meta: map[string]string{}, Blocks: []qda.ProtocolBlock{{Body: string(data)}}}, nil
	default:
		return nil, qda.Errorf(qda.EUnsupported, "%s: the format %s is not supported yet", path, filepath.Ext(path))
	}
}

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
		short: "import concept papers, controlling reports or case reports as codable, searchable documents",
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
					data, err := os.ReadFile(path)
					if err != nil {
						return qda.Errorf(qda.ENotFound, "cannot read %s: %v", path, err)
					}
					p, err := readDocument(path, data)
					if err != nil {
						return err
					}
					n := name
					if n == "" || fs.NArg() > 1 {
						n = p.Meta["title"]
					}
					if n == "" {
						n = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
					}
					text := blocksText(p.Blocks)
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
