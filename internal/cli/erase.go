package cli

import (
	"bufio"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

func init() {
	var interview, document, exportKey string
	var all, confirm, destroyKey bool
	register(&command{
		name: "purge", args: "--interview ID | --document D | --all --confirm", short: "delete interviews/protocols irrevocably (no bytes left on disk)",
		long: `Deletes an interview with its protocol, codings, memos, summaries and recording —
or, with --all --confirm, every interview and protocol at the end of the study; a
pseudonym key leaves the project with them (--export-key FILE keeps an encrypted copy
outside it, --destroy-key keeps none; without either, nothing is purged). The
command log keeps that it happened but no text; the project file is compacted, the
search index rebuilt, every backup rewritten without the content (or deleted when
that fails: the output names them). Cannot be undone.`,
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&interview, "interview", "", "interview GUID or interviewee pseudonym")
			fs.StringVar(&document, "document", "", "document GUID")
			fs.BoolVar(&all, "all", false, "purge every interview and protocol")
			fs.BoolVar(&confirm, "confirm", false, "confirm --all")
			fs.StringVar(&exportKey, "export-key", "", "with --all: copy the pseudonym key (encrypted) to this new file outside the project, then destroy it in the project")
			fs.BoolVar(&destroyKey, "destroy-key", false, "with --all: destroy the pseudonym key without a copy")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			n := 0
			for _, b := range []bool{interview != "", document != "", all} {
				if b {
					n++
				}
			}
			if n != 1 || fs.NArg() > 0 {
				return usagef("give exactly one of --interview, --document or --all")
			}
			if all && !confirm {
				return usagef("--all deletes every protocol irrevocably; add --confirm")
			}
			return e.withService(func(s *project.Project) error {
				var r *privacy.PurgeReport
				var err error
				switch {
				case all:
					r, err = s.PurgeAll(privacy.KeyDisposal{ExportTo: exportKey, Destroy: destroyKey})
				case interview != "":
					r, err = s.PurgeInterview(interview)
				default:
					r, err = s.PurgeDocument(qda.GUID(document))
				}
				if r != nil {
					printPurge(e, r)
				}
				return err
			})
		},
	})
	var asJSON bool
	var user, kind, since, until string
	var limit int
	register(&command{
		name: "audit list", short: "who did what and when (from the command log; never text)",
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&asJSON, "json", false, "print JSON")
			fs.StringVar(&user, "by", "", "only this user")
			fs.StringVar(&kind, "kind", "", "only command kinds starting with this (e.g. anon., purge, recording.)")
			fs.StringVar(&since, "since", "", "from this date (YYYY-MM-DD)")
			fs.StringVar(&until, "until", "", "up to and including this date (YYYY-MM-DD)")
			fs.IntVar(&limit, "limit", 0, "only the newest N entries")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			f := privacy.AuditFilter{User: user, Kind: kind, Limit: limit}
			var err error
			if f.From, err = parseDay(since, 0); err != nil {
				return err
			}
			if f.To, err = parseDay(until, 1); err != nil {
				return err
			}
			return e.withService(func(s *project.Project) error {
				list, err := s.Audit(f)
				if err != nil {
					return err
				}
				if asJSON {
					if list == nil {
						list = []privacy.AuditEntry{}
					}
					return e.printJSON(list)
				}
				w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(w, "SEQ\tTIME\tUSER\tKIND\tSUMMARY")
				for _, a := range list {
					fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", a.Seq, a.Time.Local().Format(time.DateTime), a.User, a.Kind, a.Summary)
				}
				return w.Flush()
			})
		},
	})
	var maxSize string
	register(&command{
		name: "recording attach", args: "INTERVIEW FILE", short: "copy an interview's audio recording into the project",
		long: `FILE must be a regular file (no device, pipe or folder) of an audio or video
type (` + strings.Join(privacy.RecordingExtensions, " ") + `), checked by its name and
its first bytes, of at most --max-size bytes. The limit defaults to
$` + envMaxRecording + ` or else 2G; a size is bytes or a number with K, M or G
(powers of 1024). Only with the interviewee's recording consent (recorded with
interview add --consent recording or interview consent); refused for an interview
that was refused or whose consent was withdrawn.`,
		flags: func(fs *flag.FlagSet) {
			maxSize = ""
			fs.StringVar(&maxSize, "max-size", "", "largest recording taken, e.g. 500M or 4G (default $"+envMaxRecording+" or 2G)")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 2 {
				return usagef("give the interview and the file")
			}
			limit := privacy.DefaultMaxRecordingSize
			for _, v := range []struct{ what, val string }{{"$" + envMaxRecording, e.Getenv(envMaxRecording)}, {"--max-size", maxSize}} {
				if v.val == "" {
					continue
				}
				n, err := parseSize(v.val)
				if err != nil {
					return usagef("%s: %v", v.what, err)
				}
				limit = n
			}
			return e.withService(func(s *project.Project) error {
				r, err := s.AttachRecording(fs.Arg(0), fs.Arg(1), limit)
				if err == nil {
					fmt.Fprintf(e.Stdout, "recording attached (%d bytes); it is to be deleted once the protocol is complete\n", r.Size)
				}
				return err
			})
		},
	})
	register(&command{
		name: "recording delete", args: "INTERVIEW", short: "delete a recording irrevocably (overwrite, then remove)",
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give the interview")
			}
			return e.withService(func(s *project.Project) error {
				iv, err := s.DeleteRecording(fs.Arg(0))
				if err == nil {
					fmt.Fprintf(e.Stdout, "the recording of %s is deleted\n", iv.Interviewee)
				}
				return err
			})
		},
	})
}

func parseDay(s string, addDays int) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, time.Local)
	if err != nil {
		return t, usagef("bad date %q (YYYY-MM-DD)", s)
	}
	return t.AddDate(0, 0, addDays), nil
}

func printPurge(e *Env, r *privacy.PurgeReport) {
	fmt.Fprintf(e.Stdout, "purged %d interview(s), %d document(s), %d coding(s), %d memo(s), %d recording(s)\n",
		r.Interviews, r.Documents, r.Codings, r.Memos, r.Recordings)
	fmt.Fprintf(e.Stdout, "command log: %d record(s) scrubbed of the text; project file compacted %d → %d bytes\n",
		r.Scrubbed, r.SizeBefore, r.SizeAfter)
	if len(r.BackupsRewritten) > 0 {
		fmt.Fprintf(e.Stdout, "backups rewritten without it: %s\n", strings.Join(r.BackupsRewritten, ", "))
	}
	if len(r.BackupsDeleted) > 0 {
		fmt.Fprintf(e.Stdout, "backups DELETED (could not be rewritten): %s\n", strings.Join(r.BackupsDeleted, ", "))
	}
	if r.IndexRebuilt {
		fmt.Fprintln(e.Stdout, "search index rebuilt from scratch")
	}
	if r.KeyExported != "" {
		fmt.Fprintf(e.Stdout, "pseudonym key copied (encrypted) to %s\n", r.KeyExported)
	}
	if r.KeyDestroyed {
		fmt.Fprintln(e.Stdout, "pseudonym key destroyed in the project")
	}
}

// askDeleteRecording asks, after a protocol became complete, whether to
// delete the interview's recording now; without an answer it says how.
func (e *Env) askDeleteRecording(s *project.Project, iv *qda.Interview) {
	if iv == nil || iv.Status != qda.StatusComplete || !privacy.RecordingPending(iv) {
		return
	}
	fmt.Fprintf(e.Stdout, "The recording of %s is still in the project. Delete it irrevocably now? [y/N] ", iv.Interviewee)
	line, _ := bufio.NewReader(e.Stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes", "j", "ja":
		if _, err := s.DeleteRecording(string(iv.GUID)); err != nil {
			fmt.Fprintf(e.Stderr, "the recording was not deleted: %v\n", err)
			return
		}
		fmt.Fprintln(e.Stdout, "recording deleted")
	default:
		fmt.Fprintf(e.Stdout, "\nkept; delete it with: protocoder-cli recording delete %s\n", iv.GUID)
	}
}
