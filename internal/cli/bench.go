package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/protocoder/protocoder/internal/bench"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/search"
	"github.com/protocoder/protocoder/internal/wire"
)

func init() {
	var gen struct {
		docs, indexed int
		seed          int64
		out           string
		json          bool
	}
	register(&command{
		name:  "gen-corpus",
		short: "create a synthetic study corpus of N generated protocols",
		long: "Builds a project in --out from the sample project and adds --docs generated protocols that follow the sample guidelines' " +
			"structure (German-like Zipf text with compounds, umlauts, ß and some emoji, sites and waves spread like the sample's plan), " +
			"each coded about 20 times by the two coders mara and jonas, with overlaps (one command per document). The text is deterministic for a --seed.",
		flags: func(fs *flag.FlagSet) {
			fs.IntVar(&gen.docs, "docs", 1000, "number of protocols to generate")
			fs.Int64Var(&gen.seed, "seed", 1, "random seed")
			fs.StringVar(&gen.out, "out", "", "project folder to create")
			fs.IntVar(&gen.indexed, "indexed", IndexedIngest, "protocols ingested into store and index one by one (timed); the rest go to the store and are indexed by one rebuild")
			fs.BoolVar(&gen.json, "json", false, "print the figures as JSON")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if gen.out == "" || fs.NArg() != 0 {
				return usagef("gen-corpus needs --out DIR and no other arguments")
			}
			if gen.docs < 1 || gen.indexed < 1 {
				return usagef("--docs and --indexed must be at least 1")
			}
			r := &bench.Report{}
			if _, err := buildCorpus(e, gen.out, gen.docs, gen.indexed, gen.seed, r); err != nil {
				return err
			}
			if gen.json {
				return e.printJSON(r)
			}
			fmt.Fprintf(e.Stdout, "created a corpus of %d generated protocols in %s\n", gen.docs, gen.out)
			return r.Print(e.Stdout)
		},
	})

	var counts bool
	register(&command{
		name:     "bench-open",
		internal: true,
		short:    "open the project, load what the first screen shows and print the peak RSS (used by bench)",
		long: "Opens the project with store and index as the app does and loads what the main window shows first (interviews, " +
			"documents, code system); with --counts also the project's counts, which the app's status bar loads in the background. " +
			"Prints JSON with documents and peak_rss_kb (VmHWM from /proc/self/status, 0 where unknown).",
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&counts, "counts", false, "also load the status bar's counts (study.Service.Counts)")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			return e.withService(func(s *project.Project) error {
				if _, err := s.Interviews(); err != nil {
					return err
				}
				docs, err := s.Documents()
				if err != nil {
					return err
				}
				if _, err := s.Codes(); err != nil {
					return err
				}
				var countsUS int64
				if counts {
					t0 := time.Now()
					if _, err := s.Counts(); err != nil {
						return err
					}
					countsUS = time.Since(t0).Microseconds()
				}
				return e.printJSON(map[string]int64{"documents": int64(len(docs)), "peak_rss_kb": peakRSSKB(), "counts_us": countsUS})
			})
		},
	})

	var b benchOptionsFlags
	register(&command{
		name:  "bench",
		short: "measure ingest, cold open, search against a regex scan, retrieval, matrix and agreement",
		long: "Generates a corpus as gen-corpus does (in a temporary folder, or in --keep), then measures in one run: ingest (the " +
			"first --indexed protocols one by one into store and index, as many again in one command as a folder import does, the rest into the " +
			"store alone (500 one command each, the others in commands of 500 as a folder import brings them), the codings (one command per " +
			"document), then one index rebuild), cold open (a child process opens the project and loads what the main window shows first; " +
			"again with all counts: wall time and peak RSS), search p50/p95 for word, phrase " +
			"with highlights and faceted queries, the same queries as QualCoder's method (a regular-expression scan over every text " +
			"loaded from the store) and their ratio, retrieval of one code (all of it and its first page), the code × case matrix and the agreement of the two " +
			"coders, and the size of project.db against the protocol text it holds (the file, and its pages in use). Prints a table (figure, value, target, met?), with --json one JSON object; --md FILE also writes the table as " +
			"Markdown with date, commit and machine.",
		flags: func(fs *flag.FlagSet) {
			fs.IntVar(&b.docs, "docs", 500, "number of protocols to generate")
			fs.Int64Var(&b.seed, "seed", 1, "random seed")
			fs.BoolVar(&b.json, "json", false, "print JSON")
			fs.StringVar(&b.md, "md", "", "also write the results as Markdown to this file")
			fs.StringVar(&b.keep, "keep", "", "build the corpus in this folder and keep it")
			fs.IntVar(&b.indexed, "indexed", IndexedIngest, "protocols ingested into store and index one by one (timed); the rest go to the store and are indexed by one rebuild")
			fs.StringVar(&b.corpus, "corpus", "", "measure this corpus, built before by gen-corpus or bench --keep, instead of generating one (no ingest rows; adds one coding to it)")
			fs.IntVar(&b.scans, "scans", bench.Scans, "regular-expression scans per query kind, each also with every text reloaded (on 100,000 protocols one scan takes minutes)")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 0 {
				return usagef("bench takes no arguments")
			}
			if b.scans < 1 {
				return usagef("--scans must be at least 1")
			}
			if b.corpus != "" {
				if b.keep != "" {
					return usagef("--corpus measures a corpus built before; --keep builds one")
				}
				r, err := measureCorpus(e, b.corpus, b.scans)
				if err != nil {
					return err
				}
				return b.write(e, r)
			}
			if b.docs < 1 || b.indexed < 1 {
				return usagef("--docs and --indexed must be at least 1")
			}
			dir := b.keep
			if dir == "" {
				tmp, err := os.MkdirTemp("", "protocoder-bench-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(tmp)
				dir = filepath.Join(tmp, "corpus")
			}
			r, err := runBench(e, dir, b.docs, b.indexed, b.seed, b.scans)
			if err != nil {
				return err
			}
			return b.write(e, r)
		},
	})
}

// benchOptionsFlags are the bench command's flags.
type benchOptionsFlags struct {
	docs, indexed int
	seed          int64
	json          bool
	md, keep      string
	corpus        string
	scans         int
}

// write prints r as the flags ask and writes the Markdown file if asked.
func (b *benchOptionsFlags) write(e *Env, r *bench.Report) error {
	if b.md != "" {
		if err := os.WriteFile(b.md, []byte(bench.Markdown(r, bench.ThisMachine(), time.Now())), 0o644); err != nil {
			return err
		}
	}
	if b.json {
		return e.printJSON(r)
	}
	return r.Print(e.Stdout)
}

// IndexedIngest is the default number of protocols whose ingest into
// store and index is timed.
const IndexedIngest = 100

// benchOptions are the wire options of a corpus: no backups (the corpus is
// generated), fsync on unless noSync.
func benchOptions(e *Env, noSync bool) wire.Options {
	o := e.Wire
	o.User = bench.Coders[0]
	o.Log = nil
	o.Store.NoBackup = true
	o.Store.NoSync = noSync
	return o
}

// ms converts a duration to milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// StockTexts is the number of texts the index comparison with stock bleve
// indexes.
const StockTexts = 500

// indexRounds is the number of times indexVersusStock indexes the texts
// with each mapping.
const indexRounds = 3

// indexVersusStock indexes the passages of the first StockTexts texts of
// the project into a new index of this project's mapping and into one of
// bleve's default mapping with the German analyzer, in batches of 2,000
// passages each, and adds both rates and their ratio. The two alternate,
// indexRounds times each, and each rate is its best round: on a machine
// shared with other work a single round of either measures the load of
// the moment as much as the indexing.
func indexVersusStock(s *project.Project, r *bench.Report) error {
	texts, err := bench.LoadTexts(s)
	if err != nil {
		return err
	}
	texts = texts[:min(len(texts), StockTexts)]
	var ps []qda.IndexPassage
	size := 0
	for i, t := range texts {
		doc := qda.GUID(fmt.Sprintf("00000000-0000-4000-8000-%012d", i))
		for _, p := range qda.Passages(t.Text) {
			ps = append(ps, qda.IndexPassage{Document: doc, DocName: fmt.Sprintf("Protokoll %d", i), Kind: qda.DocKind(t.Kind),
				Case: t.Case, Start: p.Start, End: p.End, Text: p.Text})
			size += len(p.Text)
		}
	}
	tmp, err := os.MkdirTemp("", "protocoder-bench-index-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	mb := float64(size) / 1e6
	const batch = 2000
	var ours, stock time.Duration
	for round := 0; round < indexRounds; round++ {
		for _, isStock := range []bool{false, true} {
			dir := filepath.Join(tmp, fmt.Sprintf("%d-%v", round, isStock))
			d, err := search.TimeIndexing(dir, ps, batch, isStock)
			if err != nil {
				return err
			}
			if err := os.RemoveAll(dir); err != nil {
				return err
			}
			best := &ours
			if isStock {
				best = &stock
			}
			if *best == 0 || d < *best {
				*best = d
			}
		}
	}
	what := fmt.Sprintf("(%d passages of %d texts, %.1f MB, batches of %d, best of %d)", len(ps), len(texts), mb, batch, indexRounds)
	r.Add("index throughput, this mapping "+what, mb/ours.Seconds(), "MB/s", "")
	r.Add("index throughput, stock bleve de "+what, mb/stock.Seconds(), "MB/s", "")
	r.Add("index throughput ÷ stock bleve de", stock.Seconds()/ours.Seconds(), "", ">=0.65")
	return nil
}

// runBench builds the corpus in dir and measures it.
func runBench(e *Env, dir string, docs, indexed int, seed int64, scans int) (*bench.Report, error) {
	r := &bench.Report{}
	code, err := buildCorpus(e, dir, docs, indexed, seed, r)
	if err != nil {
		return nil, err
	}
	if err := measureBuilt(e, dir, code, scans, r); err != nil {
		return nil, err
	}
	return r, nil
}

// measureBuilt measures the corpus built in dir, with code its most used
// code: cold open, index against stock bleve, search, retrieval, matrix,
// agreement and one coding (added to the corpus).
func measureBuilt(e *Env, dir string, code qda.GUID, scans int, r *bench.Report) error {
	coldOpen(dir, r)
	s, err := wire.Open(dir, benchOptions(e, false))
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.EnsureIndex(nil); err != nil {
		return err
	}
	if err := indexVersusStock(s, r); err != nil {
		return fmt.Errorf("index versus stock bleve: %w", err)
	}
	if err := bench.MeasureScans(s, code, scans, r); err != nil {
		return err
	}
	if err := addOneCoding(s, r); err != nil {
		return fmt.Errorf("add one coding: %w", err)
	}
	r.Notef("the scan ratio compares a scan of texts already in memory with the index search (p50 each); the QualCoder's method rows load every text from the store again for every search, as QualCoder does (from SQLite, and with Python's re, both slower than here)")
	if fig := viewOpenFigure(); fig != "" {
		r.Notef("%s", fig)
	}
	return nil
}

// viewOpenFigure says where the document view figure comes from: it needs
// the GUI toolkit, which protocoder-cli does not link.
func viewOpenFigure() string {
	return "document view open (300k characters, 2,000 codings) is not measured here: protocoder-cli does not link the GUI toolkit; run go test ./internal/ui/codingview -bench . -run '^$'"
}
