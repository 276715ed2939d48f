// Package cli implements protocoder-cli: every operation of the app,
// scriptable, without a display. Main is called by cmd/protocoder-cli with
// the process's arguments and streams so that tests can run it in-process.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/wire"
)

// Exit codes.
const (
	ExitOK       = 0
	ExitError    = 1
	ExitUsage    = 2
	ExitFindings = 3 // verify found problems
)

// Env is what a command run sees of the world.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// Wire overrides clock and IDs in tests.
	Wire wire.Options
	// Ctx cancels long commands (imports, merge, exports, reports) that
	// have not committed yet; cmd/protocoder-cli cancels it on Ctrl+C.
	// nil: never cancelled.
	Ctx context.Context

	project string
	user    string // --user or $PROTOCODER_USER
	// userFallback is $USER: it acts only when it names a member.
	userFallback string
	svc          *project.Project // set while a batch holds the project open
}

// ctx returns the context that cancels long commands.
func (e *Env) ctx() context.Context {
	if e.Ctx == nil {
		return context.Background()
	}
	return e.Ctx
}

// command is one CLI command.
type command struct {
	name  string // may hold a space: "guideline import"
	args  string // synopsis of positional arguments
	short string
	long  string
	flags func(fs *flag.FlagSet)
	run   func(e *Env, fs *flag.FlagSet) error
	// internal commands serve other commands (bench-open for bench) and
	// are left out of the help and the reference.
	internal bool
}

var registry []*command

func register(c *command) { registry = append(registry, c) }

// usageError marks an error in how a command was called.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// findingsError marks a run that worked but found problems.
type findingsError struct{ n int }

func (f findingsError) Error() string { return fmt.Sprintf("%d problem(s) found", f.n) }

// Main runs the CLI and returns the exit code.
func Main(args []string, e *Env) int {
	if e.Getenv == nil {
		e.Getenv = os.Getenv
	}
	e.project = e.Getenv("PROTOCODER_PROJECT")
	e.user = e.Getenv("PROTOCODER_USER")
	e.userFallback = e.Getenv("USER")
	if e.Wire.Log == nil {
		level := slog.LevelWarn
		if e.Getenv("PROTOCODER_DEBUG") != "" {
			level = slog.LevelDebug
		}
		e.Wire.Log = slog.New(slog.NewTextHandler(e.Stderr, &slog.HandlerOptions{Level: level}))
	}
	args, err := e.globalFlags(args)
	if err != nil {
		fmt.Fprintf(e.Stderr, "protocoder-cli: %v\n", err)
		return ExitUsage
	}
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		args = []string{"version"}
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			if c, _ := find(args[1:]); c != nil {
				printUsage(c, newFlagSet(c, e), e)
				return ExitOK
			}
			if group := groupOf(args[1]); len(group) > 0 {
				return e.groupHelp(args[1:2], group)
			}
		}
		printHelp(e.Stdout)
		return ExitOK
	}
	c, rest := find(args)
	if c == nil {
		if group := groupOf(args[0]); len(group) > 0 {
			return e.groupHelp(args, group)
		}
		fmt.Fprintf(e.Stderr, "protocoder-cli: unknown command %q (see protocoder-cli help)\n", strings.Join(args, " "))
		return ExitUsage
	}
	fs := newFlagSet(c, e)
	if err := parseInterspersed(fs, rest); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(c, fs, e)
			return ExitOK
		}
		return ExitUsage
	}
	return e.report(c, c.run(e, fs))
}

// userMessage is qe's message with the context err adds around it (such as
// "FILE: " from fmt.Errorf("%s: %w", path, qe)), without the error code.
func userMessage(err error, qe *qda.Error) string {
	if full := err.Error(); strings.HasSuffix(full, qe.Error()) {
		return strings.TrimSuffix(full, qe.Error()) + qe.Message
	}
	return qe.Message
}

// parseInterspersed parses flags that may stand before, between or after
// the positional arguments ("guideline show A.1.1 --role CF"); after "--"
// everything is positional.
func parseInterspersed(fs *flag.FlagSet, args []string) error {
	// Everything after a literal "--" is positional, even if it starts with
	// "-". Split it off first: flag.Parse would consume the "--" itself,
	// and a second pass could no longer tell it from a flag.
	var rest []string
	for i, a := range args {
		if a == "--" {
			args, rest = args[:i], args[i+1:]
			break
		}
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	pos = append(pos, rest...)
	return fs.Parse(append([]string{"--"}, pos...))
}

func (e *Env) report(c *command, err error) int {
	var ue usageError
	var fe findingsError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintf(e.Stderr, "protocoder-cli %s: %s\nusage: protocoder-cli %s %s\n", c.name, ue.msg, c.name, c.args)
		return ExitUsage
	case errors.As(err, &fe):
		fmt.Fprintf(e.Stderr, "protocoder-cli %s: %v\n", c.name, fe)
		return ExitFindings
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(e.Stderr, "protocoder-cli %s: cancelled; nothing was changed\n", c.name)
		return ExitError
	default:
		var qe *qda.Error
		if errors.As(err, &qe) {
			fmt.Fprintf(e.Stderr, "protocoder-cli %s: %s\n", c.name, userMessage(err, qe))
			e.Wire.Log.Debug("error details", "err", err)
		} else {
			fmt.Fprintf(e.Stderr, "protocoder-cli %s: %v\n", c.name, err)
		}
		return ExitError
	}
}

// globalFlags consumes -p/--project DIR and --user NAME before the command.
func (e *Env) globalFlags(args []string) ([]string, error) {
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		name, val, hasVal := strings.Cut(strings.TrimLeft(args[0], "-"), "=")
		var dst *string
		switch name {
		case "p", "project":
			dst = &e.project
		case "user":
			dst = &e.user
		default:
			return args, nil
		}
		if !hasVal {
			if len(args) < 2 {
				return nil, fmt.Errorf("flag %s needs a value", args[0])
			}
			val, args = args[1], args[1:]
		}
		*dst = val
		args = args[1:]
	}
	return args, nil
}

// find returns the command named by the longest prefix of args.
func find(args []string) (*command, []string) {
	var best *command
	n := 0
	for _, c := range registry {
		words := strings.Fields(c.name)
		if len(words) <= len(args) && len(words) > n && slicesEqual(words, args[:len(words)]) {
			best, n = c, len(words)
		}
	}
	return best, args[n:]
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func newFlagSet(c *command, e *Env) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	fs.StringVar(&e.project, "p", e.project, "project folder (default $PROTOCODER_PROJECT)")
	fs.StringVar(&e.project, "project", e.project, "project folder (same as -p)")
	fs.StringVar(&e.user, "user", e.user, "the acting team member's name or initials (default $PROTOCODER_USER, then $USER if it names a member)")
	if c.flags != nil {
		c.flags(fs)
	}
	// A wrong flag gets its error (printed by the flag package) and one
	// line on where to look, not the whole usage text; --help prints that
	// (printUsage).
	fs.Usage = func() {
		fmt.Fprintf(e.Stderr, "usage: protocoder-cli %s", c.name)
		if c.args != "" {
			fmt.Fprintf(e.Stderr, " %s", c.args)
		}
		fmt.Fprintf(e.Stderr, " [flags] (see protocoder-cli %s --help)\n", c.name)
	}
	return fs
}

// printUsage prints a command's full usage text and flags to stdout.
func printUsage(c *command, fs *flag.FlagSet, e *Env) {
	w := e.Stdout
	fmt.Fprintf(w, "usage: protocoder-cli %s", c.name)
	if c.args != "" {
		fmt.Fprintf(w, " %s", c.args)
	}
	fmt.Fprintf(w, "\n\n%s\n", c.short)
	if c.long != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(c.long))
	}
	fmt.Fprintf(w, "\nflags:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(e.Stderr)
}

// groupOf returns the commands whose name starts with the word group
// ("audit" → "audit list"), sorted by name; none for a word that is a
// command of its own or no group.
func groupOf(word string) []*command {
	var cs []*command
	for _, c := range registry {
		if first, _, ok := strings.Cut(c.name, " "); ok && first == word && !c.internal {
			cs = append(cs, c)
		}
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	return cs
}

// groupHelp answers a group word without a (known) sub-command: "audit",
// "audit --help" and "help audit" list the group's commands (exit 0);
// "audit bogus" says the sub-command is unknown and lists them too.
func (e *Env) groupHelp(args []string, group []*command) int {
	w, code := e.Stdout, ExitOK
	if rest := args[1:]; len(rest) > 0 && rest[0] != "--help" && rest[0] != "-h" && rest[0] != "-help" {
		w, code = e.Stderr, ExitUsage
		fmt.Fprintf(w, "protocoder-cli: unknown command %q\n", strings.Join(args, " "))
	}
	fmt.Fprintf(w, "commands of %s:\n", args[0])
	for _, c := range group {
		fmt.Fprintf(w, "  %-22s %s\n", c.name, c.short)
	}
	fmt.Fprintf(w, "\nRun 'protocoder-cli COMMAND --help' for a command's flags.\n")
	return code
}

func printHelp(w io.Writer) {
	fmt.Fprintf(w, "protocoder-cli: qualitative interview research without a display\n\n")
	fmt.Fprintf(w, "usage: protocoder-cli [-p PROJECT] [--user NAME] COMMAND [flags] [args]\n\ncommands:\n")
	cs := append([]*command(nil), registry...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		if !c.internal {
			fmt.Fprintf(w, "  %-22s %s\n", c.name, c.short)
		}
	}
	fmt.Fprintf(w, "\nRun 'protocoder-cli COMMAND --help' for a command's flags.\n")
}

// open opens the project named by -p or $PROTOCODER_PROJECT.
func (e *Env) open() (*project.Project, error) {
	if e.project == "" {
		return nil, usagef("no project: give -p DIR or set PROTOCODER_PROJECT")
	}
	o, err := e.passOptions()
	if err != nil {
		return nil, err
	}
	o.User, o.UserFallback = e.user, e.userFallback
	return wire.Open(e.project, o)
}

// passOptions returns the wiring options with a protected project's
// passphrase from the environment (see projectPass), for every command
// that opens a project.
func (e *Env) passOptions() (wire.Options, error) {
	o := e.Wire
	if o.Store.Passphrase == nil {
		p, err := e.projectPass()
		if err != nil {
			return o, err
		}
		o.Store.Passphrase = p
	}
	if o.Store.OnPending == nil {
		o.Store.OnPending = func(kind string) {
			fmt.Fprintf(e.Stderr, "protocoder-cli: finishing an interrupted %s first\n", kind)
		}
	}
	return o, nil
}

// withService opens the project, runs fn and closes the project (or uses
// the project a batch holds open).
func (e *Env) withService(fn func(s *project.Project) error) (err error) {
	if e.svc != nil {
		return fn(e.svc)
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	defer func() {
		if cerr := s.Close(); err == nil {
			err = cerr
		}
	}()
	return fn(s)
}

// printJSON writes v as indented JSON.
func (e *Env) printJSON(v any) error {
	enc := json.NewEncoder(e.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
