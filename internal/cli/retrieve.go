package cli

import (
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// listFlag collects a repeatable flag; values may also be comma-separated.
type listFlag struct{ vals *[]string }

func (l listFlag) String() string {
	if l.vals == nil {
		return ""
	}
	return strings.Join(*l.vals, ",")
}

func (l listFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l.vals = append(*l.vals, v)
		}
	}
	return nil
}

// printKWIC prints the concordance of a search (search --kwic).
func (e *Env) printKWIC(s *project.Project, req qda.SearchRequest, width, limit int, asJSON bool) error {
	lines, err := s.KWIC(req, width)
	if err != nil {
		return err
	}
	if limit > 0 && len(lines) > limit {
		lines = lines[:limit]
	}
	if asJSON {
		if lines == nil {
			lines = []analysis.KWICLine{}
		}
		return e.printJSON(lines)
	}
	nameW := 0
	for _, l := range lines {
		nameW = max(nameW, len([]rune(l.DocName)))
	}
	for _, l := range lines {
		name := l.DocName + strings.Repeat(" ", nameW-len([]rune(l.DocName)))
		fmt.Fprintf(e.Stdout, "%s  %s\n", name, l.Aligned(width))
	}
	fmt.Fprintf(e.Stdout, "%d line(s)\n", len(lines))
	return nil
}

// parseLevel accepts a level in English or German.
func parseLevel(s string) (qda.Level, error) {
	switch strings.ToLower(s) {
	case "":
		return "", nil
	case "strategic", "strategisch":
		return qda.LevelStrategic, nil
	case "operative", "operativ":
		return qda.LevelOperative, nil
	case "intensive", "intensiv":
		return qda.LevelIntensive, nil
	}
	return "", usagef("unknown level %q (strategic, operative or intensive)", s)
}

// parseKind accepts a document kind in English or German.
func parseKind(s string) (qda.DocKind, error) {
	switch strings.ToLower(s) {
	case "":
		return "", nil
	case "protocol", "protokoll":
		return qda.KindProtocol, nil
	case "report", "bericht", "fallbericht":
		return qda.KindCaseReport, nil
	case "other", "sonstiges":
		return qda.KindOther, nil
	}
	return "", usagef("unknown document kind %q (protocol, report or other)", s)
}

func init() {
	var wordsJSON bool
	var wordsLimit int
	register(&command{
		name: "words", args: "[QUERY…]",
		short: "word frequencies of the passages a search finds, or of the whole project",
		long: `Without a query: every document of the project. With a query (the language of
'search', field filters included): the passages it finds. Words are counted
without regard to case and shown in their most frequent form; German stop
words (der, und, sei, würden, …), one-letter words and numbers are left out.
With --json: [{word, count, documents}].`,
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&wordsJSON, "json", false, "print JSON")
			fs.IntVar(&wordsLimit, "limit", 50, "number of words to show (0: all)")
			fs.IntVar(&wordsLimit, "top", 50, "same as --limit")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if wordsLimit < 0 {
				return usagef("--limit must not be negative")
			}
			req := qda.SearchRequest{Query: strings.Join(fs.Args(), " ")}
			return e.withService(func(s *project.Project) error {
				words, err := s.WordFrequencies(req, wordsLimit)
				if err != nil {
					return err
				}
				if wordsJSON {
					if words == nil {
						words = []analysis.WordCount{}
					}
					return e.printJSON(words)
				}
				w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(w, "WORD\tCOUNT\tDOCUMENTS")
				for _, wc := range words {
					fmt.Fprintf(w, "%s\t%d\t%d\n", wc.Word, wc.Count, wc.Documents)
				}
				return w.Flush()
			})
		},
	})

	var acCode string
	var acLimit int
	var acJSON bool
	register(&command{
		name: "autocode", args: "QUERY…",
		short: "code every passage a search finds with one code, as one undoable command",
		long: `The passages (paragraphs) found by QUERY are coded with --code by the acting
user (origin "autocode"); passages the user has already coded with it are
skipped. One 'protocoder-cli undo' removes all of them. A search with more
than 10000 hits is refused unless --limit is given.
With --json: {coded, skipped, command}.`,
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&acCode, "code", "", "code: GUID, KEY:QUESTION or name")
			fs.IntVar(&acLimit, "limit", 0, "code only the first N hits by relevance (0: all)")
			fs.BoolVar(&acJSON, "json", false, "print JSON")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if acCode == "" {
				return usagef("--code is needed")
			}
			if fs.NArg() == 0 {
				return usagef("autocode needs a query")
			}
			if acLimit < 0 {
				return usagef("--limit must not be negative")
			}
			return e.withService(func(s *project.Project) error {
				c, err := s.ResolveCode(acCode)
				if err != nil {
					return err
				}
				res, err := s.Autocode(coding.AutocodeRequest{Code: c.GUID, Limit: acLimit,
					Search: qda.SearchRequest{Query: strings.Join(fs.Args(), " ")}})
				if err != nil {
					return err
				}
				if acJSON {
					return e.printJSON(res)
				}
				fmt.Fprintf(e.Stdout, "coded %d passage(s) with %s", res.Coded, c.Name)
				if res.Skipped > 0 {
					fmt.Fprintf(e.Stdout, " (%d already coded)", res.Skipped)
				}
				fmt.Fprintln(e.Stdout)
				return nil
			})
		},
	})

	registerRetrieve()
}

// retrieveFlags are the flags of 'retrieve'.
type retrieveFlags struct {
	codes                         []string
	subcodes, asJSON, asCSV       bool
	level, cse, role, coder, kind string
	wave                          int
}

// filter resolves the flags into a CodingFilter.
func (r *retrieveFlags) filter(s *project.Project) (app.CodingFilter, error) {
	f := app.CodingFilter{SubCodes: r.subcodes, Role: r.role, Wave: r.wave}
	var err error
	if f.Level, err = parseLevel(r.level); err != nil {
		return f, err
	}
	if f.Kind, err = parseKind(r.kind); err != nil {
		return f, err
	}
	for _, ref := range r.codes {
		c, err := s.ResolveCode(ref)
		if err != nil {
			return f, err
		}
		f.Codes = append(f.Codes, c.GUID)
	}
	if r.cse != "" {
		c, err := s.Case(r.cse)
		if err != nil {
			return f, err
		}
		f.Case = c.GUID
	}
	if r.coder != "" {
		u, err := s.User(r.coder)
		if err != nil {
			return f, err
		}
		f.Coder = u.GUID
	}
	return f, nil
}

func registerRetrieve() {
	var rf retrieveFlags
	register(&command{
		name: "retrieve", short: "coded segments of codes across the project, with source and context",
		long: `Lists the segments coded with --code (repeat it or separate codes by commas;
--sub-codes adds the codes below), filtered by the document's interview (level,
wave, role), site, coder and document kind. Without --code: every coded
segment that passes the filters. Sorted by document name and position.
Levels and kinds may be given in German (operativ, bericht, …).
With --json: [{guid, document, start, end, code, coder, created, origin,
text, code_name, code_color, coder_name, doc_name, kind, case, interviewee,
level, wave, role, question, before, after}]. With --csv: the columns
` + strings.Join(coding.SegmentsCSVHeader, ",") + `.`,
		flags: func(fs *flag.FlagSet) {
			rf = retrieveFlags{}
			fs.Var(listFlag{&rf.codes}, "code", "code: GUID, KEY:QUESTION or name (repeatable)")
			fs.BoolVar(&rf.subcodes, "sub-codes", false, "include the codes below the given codes")
			fs.BoolVar(&rf.subcodes, "subcodes", false, "same as --sub-codes")
			fs.StringVar(&rf.level, "level", "", "strategic, operative or intensive")
			fs.IntVar(&rf.wave, "wave", 0, "survey wave")
			fs.StringVar(&rf.cse, "case", "", "site (pseudonym or GUID)")
			fs.StringVar(&rf.role, "role", "", "interviewee's role code, e.g. GF or IFK")
			fs.StringVar(&rf.coder, "coder", "", "coder's user name")
			fs.StringVar(&rf.kind, "kind", "", "document kind: protocol, report or other")
			fs.BoolVar(&rf.asJSON, "json", false, "print JSON")
			fs.BoolVar(&rf.asCSV, "csv", false, "print CSV")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() > 0 {
				return usagef("retrieve takes no arguments; give codes with --code")
			}
			if rf.asJSON && rf.asCSV {
				return usagef("give --json or --csv, not both")
			}
			if rf.wave < 0 {
				return usagef("--wave must not be negative")
			}
			if _, err := parseLevel(rf.level); err != nil {
				return err
			}
			if _, err := parseKind(rf.kind); err != nil {
				return err
			}
			return e.withService(func(s *project.Project) error {
				f, err := rf.filter(s)
				if err != nil {
					return err
				}
				segs, err := s.Retrieve(f)
				if err != nil {
					return err
				}
				switch {
				case rf.asJSON:
					if segs == nil {
						segs = []app.Retrieved{}
					}
					return e.printJSON(segs)
				case rf.asCSV:
					return coding.WriteSegmentsCSV(e.Stdout, segs)
				}
				for _, r := range segs {
					var where []string
					for _, v := range []string{r.Case, r.Interviewee, string(r.Level), waveString(r.Wave), r.Role} {
						if v != "" {
							where = append(where, v)
						}
					}
					fmt.Fprintf(e.Stdout, "%s [%d,%d) %s · %s (%s)\n", r.DocName, r.Start, r.End, strings.Join(where, " "), r.CodeName, r.CoderName)
					if r.Question != "" && r.Question != r.CodeName {
						fmt.Fprintf(e.Stdout, "  ? %s\n", r.Question)
					}
					fmt.Fprintf(e.Stdout, "  %s\n", strings.Join(strings.Fields(r.Text), " "))
				}
				fmt.Fprintf(e.Stdout, "%d segment(s)\n", len(segs))
				return nil
			})
		},
	})
}
