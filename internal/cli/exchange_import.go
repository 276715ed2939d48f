package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/protocoder/protocoder/internal/app/exchange"
	"github.com/protocoder/protocoder/internal/app/members"
	"github.com/protocoder/protocoder/internal/exchange/qdpx"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
	"github.com/protocoder/protocoder/internal/wire"
)

func init() {
	var dialect string
	var create, asJSON bool
	for _, kind := range []string{"qdpx", "qdc"} {
		register(&command{
			name: "import " + kind, args: map[string]string{"qdpx": "FILE.qdpx|FILE.qde", "qdc": "FILE.qdc"}[kind],
			short: "import a REFI-QDA " + map[string]string{"qdpx": "project (QDPX)", "qdc": "codebook (QDC)"}[kind] + " into the project (--new: into a new one)",
			long: `Everything protocoder can hold comes in, in one command (undo takes it back):
users, codes, cases with attributes, text sources with their codings, notes as
memos. What it cannot hold (pictures, audio, links, graphs, sets, source
variables, …) is listed as warnings, never dropped silently. Entities matched by
GUID, or by name when a program re-minted the GUIDs (ATLAS.ti), are not added
twice; a difference from the project is reported as a conflict and the
project's version kept. The reader refuses unsafe paths, zip bombs and DTDs;
positions are converted from the writing program's dialect (detected from the
file, or --dialect). A bare FILE.qde is read with the sources folder beside
it. Files in the namespaces of QDA-XML 1.0 and of the draft
0:4 (MAXQDA 24 and ATLAS.ti 23/24 codebooks) are read. Code names that an
export by protocoder made unique get their original names back. A backup is
taken first.`,
			flags: func(fs *flag.FlagSet) {
				if kind == "qdpx" {
					dialectFlag(fs, &dialect, "read positions as", true)
				}
				fs.BoolVar(&create, "new", false, "create the project folder (-p) first, named after the file's project")
				fs.BoolVar(&asJSON, "json", false, "print the report as JSON")
			},
			run: func(e *Env, fs *flag.FlagSet) error {
				if fs.NArg() != 1 {
					return usagef("give one file")
				}
				o := qdpx.ReadOptions{Dialect: qdpx.Dialect(dialect)}
				if !o.Dialect.Valid() {
					return usagef("unknown dialect %q", dialect)
				}
				data, err := readExchangeFile(fs.Arg(0))
				if err != nil {
					return err
				}
				read := qdpx.Read
				switch {
				case kind == "qdc":
					read = qdpx.ReadCodebook
				case strings.EqualFold(filepath.Ext(fs.Arg(0)), ".qde"):
					dir := os.DirFS(filepath.Dir(fs.Arg(0)))
					read = func(data []byte, o qdpx.ReadOptions) (*qda.Snapshot, *qdpx.Report, error) {
						return qdpx.ReadQDE(data, dir, o)
					}
				}
				snap, rep, err := read(data, o)
				if err != nil {
					return fmt.Errorf("%s: %w", fs.Arg(0), err)
				}
				if create {
					if err := e.initFor(snap, fs.Arg(0)); err != nil {
						return err
					}
				}
				return e.withService(func(s *project.Project) error {
					mr, err := s.ImportSnapshotContext(e.ctx(), snap, exchange.ExchangeOptions{Source: filepath.Base(fs.Arg(0)), Warnings: warningLines(rep)})
					if err != nil {
						return err
					}
					return e.printMergeReport(mr, rep, asJSON)
				})
			},
		})
	}
}

// initFor creates the -p project folder for an import into a new project.
func (e *Env) initFor(snap *qda.Snapshot, file string) error {
	if e.project == "" {
		return usagef("--new needs the project folder: -p DIR")
	}
	if store.IsProject(e.project) {
		return qda.Errorf(qda.EConflict, "%s is a project already; leave out --new to import into it", e.project)
	}
	if err := members.CheckNewProjectActor(snap, e.user, e.userFallback); err != nil {
		return err
	}
	name := strings.TrimSpace(snap.Project.Name)
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	}
	return wire.Init(e.project, name, e.Wire)
}

// warningLines turns a reader's warnings into report lines.
func warningLines(rep *qdpx.Report) []string {
	if rep == nil {
		return nil
	}
	out := make([]string, len(rep.Warnings))
	for i, w := range rep.Warnings {
		out[i] = "[" + w.Kind + "] " + w.Message
	}
	return out
}

func init() {
	var asJSON bool
	var dialect string
	register(&command{
		name: "merge", args: "SOURCE",
		short: "merge another copy of the project (a project folder) or a QDPX file into this one",
		long: `For team work on several laptops. Entities are matched by GUID; what is new in
SOURCE is added; codings of different coders on the same passage are all kept.
With a project folder, both command logs tell which side changed what: a change
made only there is taken (a text with re-anchored codings, a code, a memo), a
deletion made only there is followed for codings and memos, and a change made
on both sides is a conflict: this project's version stays, the report lists
both, and a memo's other version is added beside it. A QDPX SOURCE has no log,
so every difference is a conflict. One command (undo takes the merge back);
a backup is taken before it. A SOURCE folder is only read (it must not be open
in another process); a protected one takes the passphrase of this project
($` + envProjectPass + ` or $` + envProjectPassFile + `).`,
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&asJSON, "json", false, "print the merge report as JSON")
			dialectFlag(fs, &dialect, "read positions of a QDPX SOURCE as", true)
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give the project folder or QDPX file to merge")
			}
			src := fs.Arg(0)
			return e.withService(func(s *project.Project) error {
				snap, rep, err := e.mergeSource(src, qdpx.Dialect(dialect))
				if err != nil {
					return err
				}
				mr, err := s.MergeProjectContext(e.ctx(), snap, src)
				if err != nil {
					return err
				}
				mr.Warnings = append(mr.Warnings, warningLines(rep)...)
				return e.printMergeReport(mr, rep, asJSON)
			})
		},
	})
}

// mergeSource reads a merge source: a project folder (with its command log)
// or a QDPX file.
func (e *Env) mergeSource(src string, d qdpx.Dialect) (*qda.Snapshot, *qdpx.Report, error) {
	if !store.IsProject(src) {
		if _, err := os.Stat(src); err != nil {
			return nil, nil, qda.Errorf(qda.ENotFound, "%s is neither a protocoder project nor a readable QDPX file", src)
		}
		data, err := readExchangeFile(src)
		if err != nil {
			return nil, nil, err
		}
		if !d.Valid() {
			return nil, nil, usagef("unknown dialect %q", d)
		}
		snap, rep, err := qdpx.Read(data, qdpx.ReadOptions{Dialect: d})
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", src, err)
		}
		return snap, rep, nil
	}
	a, _ := filepath.Abs(src)
	b, _ := filepath.Abs(e.project)
	if filepath.Clean(a) == filepath.Clean(b) {
		return nil, nil, usagef("the source is this project")
	}
	o, err := e.passOptions()
	if err != nil {
		return nil, nil, err
	}
	o.User = ""
	other, err := wire.OpenReadOnly(src, o)
	if err != nil {
		return nil, nil, fmt.Errorf("the merge source %s: %w", src, err)
	}
	defer other.Close()
	snap, err := other.Snapshot(exchange.SnapshotOptions{History: true})
	return snap, nil, err
}

// printMergeReport prints what an import or merge did.
func (e *Env) printMergeReport(mr *exchange.MergeReport, rep *qdpx.Report, asJSON bool) error {
	if asJSON {
		return e.printJSON(struct {
			*exchange.MergeReport
			Origin  string       `json:"origin,omitempty"`
			Dialect qdpx.Dialect `json:"dialect,omitempty"`
		}{mr, originOf(rep), dialectOf(rep)})
	}
	w := e.Stdout
	fmt.Fprintf(w, "%s", mr.Source)
	if rep != nil {
		fmt.Fprintf(w, " (written by %q, positions read as %s)", rep.Origin, rep.Dialect)
	}
	fmt.Fprintln(w)
	counts := func(label string, m map[string]int) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
		}
		if len(parts) > 0 {
			fmt.Fprintf(w, "%-9s %s\n", label+":", strings.Join(parts, ", "))
		}
	}
	counts("added", mr.Added)
	counts("updated", mr.Updated)
	counts("removed", mr.Removed)
	fmt.Fprintf(w, "unchanged: %d; duplicates skipped: %d\n", mr.Unchanged, mr.Duplicates)
	if len(mr.Matched) > 0 {
		fmt.Fprintf(w, "matched by name: %s\n", strings.Join(mr.Matched, "; "))
	}
	fmt.Fprintf(w, "conflicts: %d\n", len(mr.Conflicts))
	for _, c := range mr.Conflicts {
		fmt.Fprintf(w, "  %s %q (%s): %s\n", c.Entity, c.Name, c.GUID, c.Resolution)
		for _, f := range c.Fields {
			fmt.Fprintf(w, "    %s: here %q, there %q\n", f.Field, f.Ours, f.Theirs)
		}
	}
	for _, n := range mr.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	for _, n := range mr.Warnings {
		fmt.Fprintf(w, "not kept: %s\n", n)
	}
	if mr.Backup != "" {
		fmt.Fprintf(w, "backup before: %s\n", mr.Backup)
	}
	if mr.Command != "" {
		fmt.Fprintf(w, "command %s (protocoder-cli undo takes it back)\n", mr.Command)
	}
	return nil
}

func originOf(r *qdpx.Report) string {
	if r == nil {
		return ""
	}
	return r.Origin
}

func dialectOf(r *qdpx.Report) qdpx.Dialect {
	if r == nil {
		return ""
	}
	return r.Dialect
}

// readExchangeFile reads a QDPX or QDC file (wire.ReadExchangeFile).
func readExchangeFile(path string) ([]byte, error) { return wire.ReadExchangeFile(path) }
