package cli

import (
	"flag"
	"fmt"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/csvsafe"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

type codingJSON struct {
	GUID     qda.GUID   `json:"guid"`
	Document qda.GUID   `json:"document"`
	Start    int        `json:"start"`
	End      int        `json:"end"`
	Code     qda.GUID   `json:"code"`
	CodeName string     `json:"code_name"`
	Coder    string     `json:"coder"`
	Origin   qda.Origin `json:"origin,omitempty"`
	Memo     string     `json:"memo,omitempty"`
	Text     string     `json:"text"`
}

func init() {
	var doc, code, coder, memo string
	var start, end int
	register(&command{
		name: "coding add", short: "code a range of a document (rune offsets, half-open)",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&doc, "doc", "", "document GUID")
			fs.IntVar(&start, "start", -1, "first character (rune offset, from 0)")
			fs.IntVar(&end, "end", -1, "one past the last character")
			fs.StringVar(&code, "code", "", "code: GUID, KEY:QUESTION or name")
			fs.StringVar(&coder, "coder", "", "coder's user name (default: the acting user)")
			fs.StringVar(&memo, "memo", "", "memo on the coding")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if doc == "" || code == "" || start < 0 || end < 0 {
				return usagef("--doc, --start, --end and --code are needed")
			}
			return e.withService(func(s *project.Project) error {
				c, err := s.ResolveCode(code)
				if err != nil {
					return err
				}
				n := coding.NewCoding{Document: qda.GUID(doc), Start: start, End: end, Code: c.GUID, Memo: memo}
				if coder != "" {
					u, err := s.User(coder)
					if err != nil {
						return err
					}
					n.Coder = u.GUID
				}
				cd, err := s.AddCoding(n)
				if err == nil {
					fmt.Fprintln(e.Stdout, cd.GUID)
				}
				return err
			})
		},
	})

	var listCode, listDoc string
	var listJSON, listCSV, listSub bool
	register(&command{
		name: "coding list", short: "list coded segments with their text",
		long: "JSON: an array of {guid,document,start,end,code,code_name,coder,origin,memo,text}.",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&listCode, "code", "", "only this code")
			fs.BoolVar(&listSub, "sub-codes", false, "with --code: the codes below it too")
			fs.StringVar(&listDoc, "doc", "", "only this document (GUID)")
			fs.BoolVar(&listJSON, "json", false, "print JSON")
			fs.BoolVar(&listCSV, "csv", false, "print CSV")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			return e.withService(func(s *project.Project) error {
				if listSub && listCode == "" {
					return usagef("--sub-codes needs --code")
				}
				f := app.CodingFilter{Document: qda.GUID(listDoc), SubCodes: listSub}
				if listCode != "" {
					c, err := s.ResolveCode(listCode)
					if err != nil {
						return err
					}
					f.Code = c.GUID
				}
				segs, err := s.Segments(f)
				if err != nil {
					return err
				}
				names, err := s.Names()
				if err != nil {
					return err
				}
				rows := []codingJSON{}
				for _, sg := range segs {
					rows = append(rows, codingJSON{sg.GUID, sg.Document, sg.Start, sg.End, sg.Code, names[sg.Code],
						names[sg.Coder], sg.Origin, sg.Memo, sg.Text})
				}
				switch {
				case listJSON:
					return e.printJSON(rows)
				case listCSV:
					w := csvsafe.NewWriter(e.Stdout)
					_ = w.Write([]string{"guid", "document", "start", "end", "code", "code_name", "coder", "origin", "memo", "text"})
					for _, r := range rows {
						_ = w.Write([]string{string(r.GUID), string(r.Document), fmt.Sprint(r.Start), fmt.Sprint(r.End), string(r.Code),
							r.CodeName, r.Coder, string(r.Origin), r.Memo, r.Text})
					}
					w.Flush()
					return w.Error()
				}
				for _, r := range rows {
					fmt.Fprintf(e.Stdout, "%s [%d,%d) %s (%s): %q\n", r.Document, r.Start, r.End, r.CodeName, r.Coder, r.Text)
				}
				return nil
			})
		},
	})

	register(&command{
		name: "coding delete", args: "GUID", short: "remove a coding",
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give one coding GUID")
			}
			return e.withService(func(s *project.Project) error { return s.DeleteCoding(qda.GUID(fs.Arg(0))) })
		},
	})
}
