package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/team"
	"github.com/protocoder/protocoder/internal/teamapi"
	"github.com/protocoder/protocoder/internal/wire"
)

const envTeamPassword = "PROTOCODER_PASSWORD"

// teamPassword reads the team password from $PROTOCODER_PASSWORD or the
// first line of standard input, once per run.
func (e *Env) teamPassword() (string, error) {
	if p := e.Getenv(envTeamPassword); p != "" {
		return p, nil
	}
	if e.Stdin == nil {
		return "", fmt.Errorf("no password: set $%s or give it on standard input", envTeamPassword)
	}
	line, err := bufio.NewReader(e.Stdin).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		if err != nil {
			return "", fmt.Errorf("no password: set $%s or give it on standard input", envTeamPassword)
		}
		return "", errors.New("the password on standard input is empty")
	}
	e.Stdin = strings.NewReader("") // read once
	return line, nil
}

func (e *Env) now() time.Time {
	if e.Wire.Clock != nil {
		return e.Wire.Clock.Now()
	}
	return time.Now()
}

// teamClient returns a client for st that logs in again (password from
// the environment or standard input) when its session has expired.
func (e *Env) teamClient(dir string, st *team.State) *team.Client {
	c := &team.Client{Base: st.Server, Token: st.Token, Hook: e.faultHold()}
	c.Relogin = func(ctx context.Context) (string, error) {
		pw, err := e.teamPassword()
		if err != nil {
			return "", fmt.Errorf("the session on %s has ended and a new login needs the password: %w", st.Server, err)
		}
		resp, err := c.Login(ctx, st.User, pw)
		if err != nil {
			return "", err
		}
		st.Token, st.Expires = resp.Token, resp.Expires
		return resp.Token, st.Save(dir)
	}
	return c
}

// envFaultHold names a point of a sync at which the CLI stops, says so on
// standard error and waits to be killed: for fault tests only (a laptop
// killed in the middle of a pull).
const envFaultHold = "PROTOCODER_FAULT_HOLD"

func (e *Env) faultHold() func(string) {
	at := e.Getenv(envFaultHold)
	if at == "" {
		return nil
	}
	return func(point string) {
		if point != at {
			return
		}
		fmt.Fprintf(e.Stderr, "fault-hold: holding at %s\n", point)
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, os.Interrupt)
		<-ch
		signal.Stop(ch)
	}
}

// login logs user in to the server of rawURL and returns the client, the
// project's name and the server's project.
func (e *Env) teamLogin(ctx context.Context, rawURL, user string) (*team.Client, *team.State, error) {
	base, name, err := team.ParseURL(rawURL)
	if err != nil {
		return nil, nil, usagef("%v", err)
	}
	if user == "" {
		return nil, nil, usagef("give --user NAME: your account on the team server")
	}
	pw, err := e.teamPassword()
	if err != nil {
		return nil, nil, err
	}
	c := &team.Client{Base: base}
	resp, err := c.Login(ctx, user, pw)
	if err != nil {
		return nil, nil, err
	}
	p, err := c.Project(ctx, name)
	if err != nil {
		return nil, nil, err
	}
	st := &team.State{Server: base, Project: p.Name, ProjectGUID: p.GUID, User: resp.User.Name, UserGUID: resp.User.GUID, Token: resp.Token, Expires: resp.Expires}
	return c, st, nil
}

func (e *Env) printSync(r *team.Report, asJSON bool) error {
	if asJSON {
		if err := e.printJSON(r); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.Stdout, "pushed %d, pulled %d, conflicts %d, refused %d (at %d of %d)\n", r.Pushed, r.Pulled, r.Conflicts, len(r.Refused), r.Cursor, r.Head)
		if r.Purged > 0 {
			fmt.Fprintf(e.Stdout, "purged here as the data-protection officer did on the server: %d purge(s), their texts erased from this folder\n", r.Purged)
		}
		for _, rf := range r.Refused {
			if rf.Code == teamapi.RefusedConflict {
				fmt.Fprintf(e.Stdout, "conflict: %s: %s (the server's version is here, yours is kept: team conflicts)\n", rf.Summary, rf.Reason)
				continue
			}
			fmt.Fprintf(e.Stdout, "refused: %s: %s (taken back here)\n", rf.Summary, rf.Reason)
			if len(rf.Kept) > 0 {
				fmt.Fprintf(e.Stdout, "  not taken back, changed again since: %s\n", strings.Join(rf.Kept, ", "))
			}
		}
	}
	if n := len(r.Refused); n > 0 {
		return fmt.Errorf("the team server refused %d of your commands; they were taken back here (see above)", n)
	}
	return nil
}

func init() {
	var asJSON bool
	register(&command{
		name: "team clone", args: "URL DIR",
		short: "make DIR a replica of a team project (URL: the server's address and the project, https://server/ejo)",
		long: `Logs in as --user (the password comes from $PROTOCODER_PASSWORD or the first line of
standard input), creates DIR as an empty project with the team project's identity and
pulls its whole command log. Plain http only reaches a server on this machine.`,
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 2 {
				return usagef("give the team URL and the new folder")
			}
			ctx := context.Background()
			c, st, err := e.teamLogin(ctx, fs.Arg(0), e.user)
			if err != nil {
				return err
			}
			dir := fs.Arg(1)
			o, err := e.passOptions()
			if err != nil {
				return err
			}
			pr, err := c.Project(ctx, st.Project)
			if err != nil {
				return err
			}
			if err := wire.InitReplica(dir, qda.Project{GUID: pr.GUID, Name: pr.Name, Created: pr.Created}, o); err != nil {
				return err
			}
			if err := st.Save(dir); err != nil {
				return err
			}
			e.project, e.user = dir, st.User
			return e.withService(func(s *project.Project) error {
				r, err := team.Sync(ctx, s, dir, st, c, e.now())
				if err != nil {
					return fmt.Errorf("%s was created, but the first sync failed (run sync again): %w", dir, err)
				}
				fmt.Fprintf(e.Stdout, "cloned %s into %s as %s: %d commands pulled\n", st.URL(), dir, st.User, r.Pulled)
				return nil
			})
		},
	})
	register(&command{
		name: "team connect", args: "URL",
		short: "link this project folder to its team project (again), logging in as --user",
		long: `For a replica whose link was lost (restored from a backup, moved) or that should act
as another account. The folder must hold a replica of that team project (the same
project GUID); a project of its own is not uploaded. Every local command the server
lacks is pushed at the next sync.`,
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("give the team URL")
			}
			if e.project == "" {
				return usagef("no project: give -p DIR or set PROTOCODER_PROJECT")
			}
			ctx := context.Background()
			_, st, err := e.teamLogin(ctx, fs.Arg(0), e.user)
			if err != nil {
				return err
			}
			return e.withService(func(s *project.Project) error {
				var local qda.Project
				if err := s.View(func(tx app.Tx) (err error) { local, err = tx.Project(); return err }); err != nil {
					return err
				}
				if local.GUID != st.ProjectGUID {
					return fmt.Errorf("%s holds the project %q (%s), not a replica of %s (%s): use team clone for a new replica", e.project, local.Name, local.GUID, st.URL(), st.ProjectGUID)
				}
				if old, err := team.LoadState(e.project); err == nil && old.ProjectGUID == st.ProjectGUID && old.Server == st.Server {
					st.Cursor, st.LocalSeq, st.LastSync = old.Cursor, old.LocalSeq, old.LastSync
				}
				if err := st.Save(e.project); err != nil {
					return err
				}
				fmt.Fprintf(e.Stdout, "%s is linked to %s as %s; run sync\n", e.project, st.URL(), st.User)
				return nil
			})
		},
	})
	register(&command{
		name: "sync", short: "push this replica's commands to the team server and pull the others'",
		long: `Prints what was pushed, pulled, in conflict and refused. A command the server refuses
(a role's limit, or a conflict: someone changed the same thing first) is taken back here
by a sync.revert command, and the exit code is 1. See docs/team.md.`,
		flags: func(fs *flag.FlagSet) { fs.BoolVar(&asJSON, "json", false, "print the report as JSON") },
		run: func(e *Env, fs *flag.FlagSet) error {
			if e.project == "" {
				return usagef("no project: give -p DIR or set PROTOCODER_PROJECT")
			}
			st, err := team.LoadState(e.project)
			if err != nil {
				return err
			}
			e.user = st.User
			return e.withService(func(s *project.Project) error {
				r, err := team.Sync(context.Background(), s, e.project, st, e.teamClient(e.project, st), e.now())
				if err != nil {
					return err
				}
				if err := e.printSync(r, asJSON); err != nil {
					if open := st.OpenConflicts(); len(open) > 0 && !asJSON {
						e.printConflicts(open)
						fmt.Fprintln(e.Stdout, "resolve with: team conflicts resolve ID --keep mine|theirs")
					}
					return err
				}
				if open := st.OpenConflicts(); len(open) > 0 && !asJSON {
					fmt.Fprintf(e.Stdout, "%d conflicts wait for you: team conflicts\n", len(open))
				}
				return nil
			})
		},
	})
	var statusJSON bool
	register(&command{
		name: "team status", short: "show the team link: server, account, commands waiting, last sync",
		flags: func(fs *flag.FlagSet) { fs.BoolVar(&statusJSON, "json", false, "print as JSON") },
		run: func(e *Env, fs *flag.FlagSet) error {
			if e.project == "" {
				return usagef("no project: give -p DIR or set PROTOCODER_PROJECT")
			}
			st, err := team.LoadState(e.project)
			if err != nil {
				return err
			}
			e.user = st.User
			return e.withService(func(s *project.Project) error {
				out := struct {
					URL      string         `json:"url"`
					User     string         `json:"user"`
					Cursor   uint64         `json:"cursor"`
					Waiting  int            `json:"waiting"`
					LastSync *time.Time     `json:"last_sync,omitempty"`
					Expires  time.Time      `json:"session_expires"`
					Online   bool           `json:"online"`
					Head     uint64         `json:"head,omitempty"`
					Problem  string         `json:"problem,omitempty"`
					Refused  []team.Refused `json:"refused,omitempty"`
					Open     int            `json:"open_conflicts"`
				}{URL: st.URL(), User: st.User, Cursor: st.Cursor, Expires: st.Expires, Refused: st.Refused, Open: len(st.OpenConflicts())}
				if !st.LastSync.IsZero() {
					out.LastSync = &st.LastSync
				}
				err := s.View(func(tx app.Tx) error {
					return tx.Commands(st.LocalSeq+1, func(c *qda.Command) error {
						if c.Kind != app.KindSyncRevert {
							out.Waiting++
						}
						return nil
					})
				})
				if err != nil {
					return err
				}
				c := &team.Client{Base: st.Server, Token: st.Token}
				if p, err := c.Project(context.Background(), st.Project); err == nil {
					out.Online, out.Head = true, p.Head
				} else {
					out.Problem = err.Error()
				}
				if statusJSON {
					return e.printJSON(out)
				}
				fmt.Fprintf(e.Stdout, "team project: %s\nuser: %s\n", out.URL, out.User)
				if out.LastSync != nil {
					fmt.Fprintf(e.Stdout, "last sync: %s\n", out.LastSync.Local().Format("2006-01-02 15:04:05"))
				} else {
					fmt.Fprintf(e.Stdout, "last sync: never\n")
				}
				fmt.Fprintf(e.Stdout, "waiting to be pushed: %d\n", out.Waiting)
				if out.Online {
					fmt.Fprintf(e.Stdout, "server: online, %d of %d commands here\n", out.Cursor, out.Head)
				} else {
					fmt.Fprintf(e.Stdout, "server: offline or refusing (%s)\n", out.Problem)
				}
				for _, rf := range out.Refused {
					fmt.Fprintf(e.Stdout, "refused at the last sync: %s: %s\n", rf.Summary, rf.Reason)
				}
				if out.Open > 0 {
					fmt.Fprintf(e.Stdout, "open conflicts: %d (team conflicts)\n", out.Open)
				}
				return nil
			})
		},
	})
}

// printConflicts lists conflicts, each change with its two versions.
func (e *Env) printConflicts(cs []team.Conflict) {
	for _, c := range cs {
		state := "open"
		if !c.Open() {
			state = "resolved: " + c.Resolution
		}
		fmt.Fprintf(e.Stdout, "conflict %s (%s): %s\n  %s\n", string(c.GUID)[:8], state, c.Summary, c.Reason)
		for _, ch := range c.Changes {
			if !ch.Differs() {
				continue
			}
			fmt.Fprintf(e.Stdout, "  %s %s\n", ch.Entity, ch.Key)
			for _, v := range []struct {
				who string
				img []byte
			}{{"mine", ch.Mine}, {"theirs", ch.Theirs}} {
				title, body := team.Describe(v.img)
				if v.img == nil {
					title = "(deleted)"
				}
				fmt.Fprintf(e.Stdout, "    %-7s %s\n", v.who+":", strings.TrimSpace(title+" "+strings.ReplaceAll(body, "\n", " / ")))
			}
		}
	}
}

func init() {
	var all, asJSON bool
	register(&command{
		name: "team conflicts", short: "list the conflicts of this replica: your version and the server's of what someone else changed first",
		long: `A command of yours that the server refused because someone else had changed the same
thing first is a conflict: the server's version is in the replica, yours is kept beside
it until you decide with team conflicts resolve. --all lists resolved ones too.`,
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&all, "all", false, "list resolved conflicts too")
			fs.BoolVar(&asJSON, "json", false, "print as JSON")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if e.project == "" {
				return usagef("no project: give -p DIR or set PROTOCODER_PROJECT")
			}
			st, err := team.LoadState(e.project)
			if err != nil {
				return err
			}
			cs := st.OpenConflicts()
			if all {
				cs = st.Conflicts
			}
			if cs == nil {
				cs = []team.Conflict{}
			}
			if asJSON {
				return e.printJSON(cs)
			}
			if len(cs) == 0 {
				fmt.Fprintln(e.Stdout, "no conflicts")
				return nil
			}
			e.printConflicts(cs)
			return nil
		},
	})
	var keep string
	register(&command{
		name: "team conflicts resolve", args: "ID",
		short: "settle a conflict: --keep theirs (the server's version stays) or --keep mine (yours goes on top of it)",
		long: `--keep theirs leaves the server's version (yours stays in the record and the local log).
--keep mine writes your version over the server's as a new command, pushed at the next
sync; if someone changed it again meanwhile, that is a new conflict. ID is the
conflict's id as team conflicts prints it (its first 8 characters suffice).`,
		flags: func(fs *flag.FlagSet) { fs.StringVar(&keep, "keep", "", "mine or theirs") },
		run: func(e *Env, fs *flag.FlagSet) error {
			if e.project == "" {
				return usagef("no project: give -p DIR or set PROTOCODER_PROJECT")
			}
			if fs.NArg() != 1 {
				return usagef("give the conflict's id (team conflicts lists them)")
			}
			if keep != team.KeepMine && keep != team.TakeTheirs {
				return usagef("give --keep mine or --keep theirs")
			}
			st, err := team.LoadState(e.project)
			if err != nil {
				return err
			}
			e.user = st.User
			return e.withService(func(s *project.Project) error {
				c, err := team.Resolve(s, e.project, st, fs.Arg(0), keep, e.now())
				if err != nil {
					return err
				}
				if keep == team.KeepMine {
					fmt.Fprintf(e.Stdout, "kept your version of %q; sync to push it\n", c.Summary)
				} else {
					fmt.Fprintf(e.Stdout, "took the server's version of %q\n", c.Summary)
				}
				return nil
			})
		},
	})
}
