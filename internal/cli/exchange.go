package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/app/exchange"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/exchange/qdpx"
	"github.com/protocoder/protocoder/internal/exchange/sheet"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/wire"
)

// origin names protocoder in the files it writes.
const origin = "protocoder"

// writeOut writes a file through fn: to stdout for "-", else to a temporary
// file beside out that replaces out only when fn succeeded, so a failed
// export never leaves half a file.
func (e *Env) writeOut(out string, fn func(w io.Writer) error) error {
	if out == "-" {
		return fn(e.Stdout)
	}
	return wire.WriteFileAtomic(out, fn)
}

// dialectFlag defines --dialect; reading defaults to the file's origin,
// writing to the standard.
func dialectFlag(fs *flag.FlagSet, dst *string, what string, reading bool) {
	names := make([]string, len(qdpx.Dialects))
	for i, d := range qdpx.Dialects {
		names[i] = string(d)
	}
	def := "refi"
	if reading {
		def = "from the file: protocoder's positions mark in its origin, else the program that wrote it"
	}
	fs.StringVar(dst, "dialect", "", what+": "+strings.Join(names, ", ")+" (default: "+def+")")
}

func init() {
	var dialect string
	var noExt, yes bool
	register(&command{
		name: "export qdpx", args: "OUT.qdpx",
		short: "export the project as a REFI-QDA project (QDPX) for MAXQDA, ATLAS.ti, NVivo, QualCoder",
		long: `Writes project.qde (QDA-XML 1.0, validates against Project-mrt2019.xsd) and
sources/<GUID>.txt: users, the codebook (guideline → theme → question → prompt
as nested codes, question ids in the names, colours, descriptions, code memos as
notes), the documents with their codings (coder and time), cases with their
attributes, interview metadata as variables of each protocol, memos as notes,
and one set per guideline. Positions are code points, half-open. What REFI-QDA
cannot hold (guidelines, interviews, the plan) goes into protocoder.json in the
same archive, which other programs ignore. Real names behind pseudonyms are
never exported. --dialect writes texts and positions as one program expects
(maxqda: CRLF counted twice; nvivo: UTF-16 units; atlas: CRLF counted once;
qualcoder and refi: code points, "\n"). Texts are UTF-8 without a byte order
mark in every dialect (QualCoder would count one). The file's origin records
the counting ("protocoder (positions: atlas)"), so protocoder reads its own
files right without --dialect. Code names repeated in the codebook (themes and
questions of several guidelines) are made unique in the file, qualified by their
parents ("A.2.1 › 1. Rolle") or numbered, because QualCoder and ATLAS.ti find
codes by name; the original name is kept at the end of the description and
restored when protocoder imports the file. Every note carries its creation and
modification time; times are UTC to the second. The export is recorded in the
audit log; if the documents have open anonymization findings, it warns and asks
(or --yes).`,
		flags: func(fs *flag.FlagSet) {
			dialectFlag(fs, &dialect, "write texts and positions as", false)
			fs.BoolVar(&noExt, "no-extension", false, "leave out protocoder.json")
			yesFlag(fs, &yes)
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give the output file")
			}
			d := qdpx.Dialect(dialect)
			if !d.Valid() {
				return usagef("unknown dialect %q", dialect)
			}
			return e.withService(func(s *project.Project) error {
				snap, err := s.Snapshot(exchange.SnapshotOptions{})
				if err != nil {
					return err
				}
				req := privacy.ExportRequest{Format: "qdpx", What: "the project", To: exportTo(fs.Arg(0)), AllDocuments: true}
				err = e.export(s, req, yes, func() error {
					return e.writeOut(fs.Arg(0), func(w io.Writer) error {
						return qdpx.Write(wire.CtxWriter(e.ctx(), w), snap, qdpx.WriteOptions{Dialect: d, Origin: origin, NoExtension: noExt})
					})
				})
				if err == nil && fs.Arg(0) != "-" {
					fmt.Fprintf(e.Stdout, "%s: %d document(s), %d code(s), %d coding(s), %d memo(s)\n", fs.Arg(0),
						len(snap.Documents), len(snap.Codes), len(snap.Codings), len(snap.Memos))
					if n := qdpx.RenamedCodes(snap); n > 0 {
						fmt.Fprintf(e.Stdout, "%d repeated code name(s) made unique in the file (the original names are at the end of the descriptions)\n", n)
					}
				}
				return err
			})
		},
	})
	register(&command{
		name: "export qdc", args: "OUT.qdc",
		short: "export the codebook as a REFI-QDA codebook (QDC)",
		long: `Writes the code tree with colours and descriptions (validates against
Codebook.xsd) and one set per guideline. A code's memo is appended to its
description after a line "Memo:". Repeated code names are made unique as in
export qdpx. The export is recorded in the audit log.`,
		flags: func(fs *flag.FlagSet) { yesFlag(fs, &yes) },
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give the output file")
			}
			return e.withService(func(s *project.Project) error {
				snap, err := s.Snapshot(exchange.SnapshotOptions{})
				if err != nil {
					return err
				}
				req := privacy.ExportRequest{Format: "qdc", What: "the codebook", To: exportTo(fs.Arg(0))}
				return e.export(s, req, yes, func() error {
					return e.writeOut(fs.Arg(0), func(w io.Writer) error { return qdpx.WriteCodebook(w, snap, origin) })
				})
			})
		},
	})
	for _, format := range []string{"xlsx", "csv", "md"} {
		registerTableExport(format)
	}
}

// registerTableExport registers "export xlsx|csv|md".
func registerTableExport(format string) {
	var what, measure string
	var codes []string
	var bom, yes bool
	var req analysis.MatrixRequest
	whats := "segments, codebook or matrix"
	if format == "xlsx" {
		whats += " (or all: one sheet each)"
	}
	register(&command{
		name: "export " + format, args: "OUT." + format,
		short: "export coded segments, the codebook or a code matrix as " + map[string]string{"xlsx": "an Excel workbook", "csv": "CSV", "md": "Markdown"}[format],
		long: `--what segments: one row per coded segment (document, case, interviewee, level,
wave, role, question, code, coder, start, end, context, text, memo, GUIDs); --code
restricts to codes and their sub-codes. --what codebook: the code tree with
paths, colours, descriptions, memos, question references and coding counts.
--what matrix: the code matrix as the matrix command computes it (--rows,
--cols, --measure, --guideline). OUT "-" writes to standard output (not xlsx).
The export is recorded in the audit log; if the segments' documents have open
anonymization findings, it warns and asks (or --yes).`,
		flags: func(fs *flag.FlagSet) {
			req, codes = analysis.MatrixRequest{}, nil
			fs.StringVar(&what, "what", "segments", whats)
			fs.Var(repeatFlag{&codes}, "code", "segments: only these codes and their sub-codes (repeatable)")
			fs.StringVar(&req.Rows, "rows", analysis.RowsCodes, "matrix rows: codes or themes")
			fs.StringVar(&req.Cols, "cols", "case", "matrix columns: case or a dimension/attribute name")
			fs.StringVar(&measure, "measure", string(qda.MeasureSegments), "matrix measure: segments, documents or share")
			fs.StringVar(&req.Guideline, "guideline", "", "matrix: only the codes of this guideline (key)")
			if format == "csv" {
				fs.BoolVar(&bom, "bom", false, "start with a byte order mark (for Excel)")
			}
			yesFlag(fs, &yes)
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give the output file")
			}
			switch what {
			case "segments", "codebook", "matrix":
			case "all":
				if format != "xlsx" {
					return usagef("--what all is for xlsx only")
				}
			default:
				return usagef("--what is %s", whats)
			}
			if format == "xlsx" && fs.Arg(0) == "-" {
				return usagef("an xlsx workbook needs a file name")
			}
			req.Measure = qda.Measure(measure)
			return e.withService(func(s *project.Project) error {
				ex := privacy.ExportRequest{Format: format, What: exportWhat[what], To: exportTo(fs.Arg(0))}
				if format == "md" && what == "codebook" {
					return e.export(s, ex, yes, func() error { return e.writeOut(fs.Arg(0), s.WriteCodebookMarkdown) })
				}
				tables, docs, err := exportTables(s, what, codes, req)
				if err != nil {
					return err
				}
				ex.Documents = docs
				return e.export(s, ex, yes, func() error {
					return e.writeOut(fs.Arg(0), func(w io.Writer) error {
						switch format {
						case "xlsx":
							return sheet.WriteXLSX(w, tables...)
						case "csv":
							return sheet.WriteCSV(w, tables[0], bom)
						}
						return sheet.WriteMarkdown(w, tables[0])
					})
				})
			})
		},
	})
}

// exportWhat names a table export's content for the audit log.
var exportWhat = map[string]string{"segments": "coded segments", "codebook": "the codebook", "matrix": "a code matrix",
	"all": "coded segments, the codebook and a code matrix"}

// exportTables computes the tables an export asks for, and the documents
// whose text they carry (those of the coded segments; a codebook or a
// matrix of counts carries none).
func exportTables(s *project.Project, what string, codes []string, req analysis.MatrixRequest) ([]*sheet.Table, []qda.GUID, error) {
	var out []*sheet.Table
	var docs []qda.GUID
	add := func(t *app.Table) {
		out = append(out, &sheet.Table{Name: t.Name, Header: t.Header, Rows: t.Rows, Numeric: t.Numeric})
	}
	if what == "segments" || what == "all" {
		ids, err := resolveCodes(s, codes)
		if err != nil {
			return nil, nil, err
		}
		t, err := s.SegmentsTable(app.CodingFilter{Codes: ids, SubCodes: len(ids) > 0})
		if err != nil {
			return nil, nil, err
		}
		docs = tableDocs(t)
		add(t)
	}
	if what == "codebook" || what == "all" {
		t, err := s.CodebookTable()
		if err != nil {
			return nil, nil, err
		}
		add(t)
	}
	if what == "matrix" || what == "all" {
		m, err := s.Matrix(req)
		if err != nil {
			return nil, nil, err
		}
		add(analysis.MatrixTable(m))
	}
	return out, docs, nil
}

// tableDocs returns the documents of a segments table (its document_guid
// column).
func tableDocs(t *app.Table) []qda.GUID {
	col := -1
	for i, h := range t.Header {
		if h == "document_guid" {
			col = i
		}
	}
	if col < 0 {
		return nil
	}
	seen := map[qda.GUID]bool{}
	var out []qda.GUID
	for _, r := range t.Rows {
		if col < len(r) && !seen[qda.GUID(r[col])] {
			seen[qda.GUID(r[col])] = true
			out = append(out, qda.GUID(r[col]))
		}
	}
	return out
}

// yesFlag defines --yes, which confirms an export with open findings
// beforehand.
func yesFlag(fs *flag.FlagSet, dst *bool) {
	fs.BoolVar(dst, "yes", false, "export even if the exported documents have open anonymization findings")
}
