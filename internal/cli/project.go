package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"text/tabwriter"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/members"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/wire"
)

func init() {
	var name, first string
	var firstFlags memberFlags
	register(&command{
		name: "init", args: "DIR",
		short: "create an empty project folder",
		long: `Creates DIR (if needed) with project.db, index/, backups/ and keys/. Fails if DIR already holds a project.
With --member NAME the project gets its first team member (who acts for that command);
without, add the first member with "member add NAME --roles lead" before anything else.`,
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&name, "name", "", "project name (default: the folder's name)")
			fs.StringVar(&first, "member", "", "the project's first team member (short name)")
			firstFlags.define(fs, "lead")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("init takes exactly one folder")
			}
			dir := fs.Arg(0)
			n := name
			if n == "" {
				n = filepath.Base(filepath.Clean(dir))
			}
			var m members.NewMember
			if first != "" {
				var err error
				if m, err = firstFlags.member(first); err != nil {
					return err
				}
			}
			if err := wire.Init(dir, n, e.Wire); err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "created project %q in %s\n", n, dir)
			if first == "" {
				fmt.Fprintf(e.Stdout, "add the first team member with: protocoder-cli -p %s member add NAME --roles lead\n", dir)
				return nil
			}
			e.project = dir
			return e.withService(func(s *project.Project) error {
				u, err := s.AddMember(m)
				if err == nil {
					fmt.Fprintf(e.Stdout, "first member: %s (%s)\n", u.Name, u.RoleNames())
				}
				return err
			})
		},
	})

	var infoJSON bool
	register(&command{
		name: "info", short: "print the project's counts",
		long:  "With --json: one object with integer fields guidelines, questions, codes, cases, interviews, documents, codings, coders, memos, users, commands and schema_version.",
		flags: func(fs *flag.FlagSet) { fs.BoolVar(&infoJSON, "json", false, "print JSON") },
		run: func(e *Env, fs *flag.FlagSet) error {
			return e.withService(func(s *project.Project) error {
				in, err := s.Info()
				if err != nil {
					return err
				}
				if infoJSON {
					return e.printJSON(in)
				}
				w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintf(w, "project\t%s\nschema\t%d\nguidelines\t%d\nquestions\t%d\ncodes\t%d\ncases\t%d\ninterviews\t%d\ndocuments\t%d\ncodings\t%d\ncoders\t%d\nmemos\t%d\nusers\t%d\ncommands\t%d\n",
					in.Name, in.SchemaVersion, in.Guidelines, in.Questions, in.Codes, in.Cases, in.Interviews,
					in.Documents, in.Codings, in.Coders, in.Memos, in.Users, in.Commands)
				return w.Flush()
			})
		},
	})

	var verifyJSON bool
	register(&command{
		name: "verify", short: "check the project's integrity (exit 3 on findings)",
		long:  "Checks that every entity decodes and passes its rules, that codings point to existing documents and codes with ranges inside the text, that indexes agree and that every command record decodes.",
		flags: func(fs *flag.FlagSet) { fs.BoolVar(&verifyJSON, "json", false, "print JSON") },
		run: func(e *Env, fs *flag.FlagSet) error {
			return e.withService(func(s *project.Project) error {
				r, err := s.Verify()
				if err != nil {
					return err
				}
				if verifyJSON {
					if err := e.printJSON(r); err != nil {
						return err
					}
				} else {
					kinds := make([]string, 0, len(r.Checked))
					for k := range r.Checked {
						kinds = append(kinds, k)
					}
					sort.Strings(kinds)
					for _, k := range kinds {
						fmt.Fprintf(e.Stdout, "checked %d %s\n", r.Checked[k], k)
					}
					for _, f := range r.Findings {
						fmt.Fprintf(e.Stdout, "PROBLEM %s %s: %s\n", f.Kind, f.Entity, f.Message)
					}
					if r.OK() {
						fmt.Fprintln(e.Stdout, "ok")
					}
				}
				if !r.OK() {
					return findingsError{len(r.Findings)}
				}
				return nil
			})
		},
	})

	var backupTo string
	var backupYes bool
	register(&command{
		name: "backup", short: "write a backup of the project now",
		long: `The backup goes into the project's backups folder. --to FILE also copies it out
of the project (to another disk, say); a copy that leaves the project is
recorded in the audit log, and if the protocols have open anonymization
findings it warns and asks (or --yes).`,
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&backupTo, "to", "", "also copy the backup to this file outside the project")
			fs.BoolVar(&backupYes, "yes", false, "copy out even if the protocols have open anonymization findings")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if backupTo == "-" {
				return usagef("--to needs a file name")
			}
			return e.withService(func(s *project.Project) error {
				b, err := s.Backup()
				if err != nil {
					return err
				}
				fmt.Fprintf(e.Stdout, "%s\n", b.Path)
				if backupTo == "" {
					return nil
				}
				req := privacy.ExportRequest{Format: "backup", What: "a backup of the project (" + b.Name + ")", To: exportTo(backupTo), AllDocuments: true}
				err = e.export(s, req, backupYes, func() error {
					err := e.writeOut(backupTo, func(w io.Writer) error {
						f, err := os.Open(b.Path)
						if err != nil {
							return err
						}
						defer f.Close()
						_, err = io.Copy(w, f)
						return err
					})
					if err == nil {
						err = os.Chmod(backupTo, 0o600) // the whole project: for its owner only
					}
					return err
				})
				if err == nil {
					fmt.Fprintf(e.Stdout, "copied to %s\n", backupTo)
				}
				return err
			})
		},
	})

	var backupsJSON bool
	register(&command{
		name: "backups", short: "list the project's backups, newest first",
		flags: func(fs *flag.FlagSet) { fs.BoolVar(&backupsJSON, "json", false, "print JSON") },
		run: func(e *Env, fs *flag.FlagSet) error {
			if e.project == "" {
				return usagef("no project: give -p DIR or set PROTOCODER_PROJECT")
			}
			// Listed without opening the project, so that the backups of a
			// damaged project file can be found.
			list, err := wire.Backups(e.project)
			if err != nil {
				return err
			}
			if backupsJSON {
				if list == nil {
					list = []app.BackupInfo{}
				}
				return e.printJSON(list)
			}
			w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintf(w, "NAME\tTIME\tREASON\tSIZE\n")
			for _, b := range list {
				fmt.Fprintf(w, "%s\t%s\t%s\t%d\n", b.Name, b.Time, b.Reason, b.Size)
			}
			return w.Flush()
		},
	})

	register(&command{
		name: "restore", args: "BACKUP",
		short: "restore a backup (the current state is backed up first)",
		long:  "BACKUP is a name from 'protocoder-cli backups' or a path to a backup file.",
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("restore takes exactly one backup")
			}
			if e.project == "" {
				return usagef("no project: give -p DIR or set PROTOCODER_PROJECT")
			}
			o, err := e.passOptions()
			if err != nil {
				return err
			}
			safety, err := wire.Restore(e.project, fs.Arg(0), o)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "restored %s; the previous state is in %s\n", fs.Arg(0), safety.Name)
			return nil
		},
	})
}
