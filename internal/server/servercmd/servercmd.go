// Package servercmd implements protocoder-server's commands: init, serve,
// user add, user list, project create, project list and audit, on the
// PostgreSQL store. cmd/protocoder-server only wires it to the process.
package servercmd

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server"
	"github.com/protocoder/protocoder/internal/server/pgstore"
	"github.com/protocoder/protocoder/internal/server/vault"
)

// auditAdmin records an administrator's action in the central audit; the
// action is done either way, so a failure is only warned about.
func auditAdmin(ctx context.Context, e *Env, st server.Store, now time.Time, user, action, project, format string, args ...any) {
	if err := server.AuditAdmin(ctx, st, now, user, action, project, format, args...); err != nil {
		fmt.Fprintf(e.Stderr, "protocoder-server: warning: the central audit did not record %s: %v\n", action, err)
	}
}

func qdaNormalize(rs []server.Role) []server.Role { return qda.NormalizeRoles(rs) }

// Env is what a run sees of the world.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Ready, if set, is called with the address serve listens on.
	Ready func(addr string)
}

const usage = `protocoder-server: the team server (see docs/team.md)

usage:
  protocoder-server init           --db URL --key-dir DIR
  protocoder-server serve          --db URL --key-dir DIR --listen ADDR [--tls-cert FILE --tls-key FILE] [--session-ttl 12h]
  protocoder-server user add NAME  --db URL --key-dir DIR --role ROLE[,ROLE] [--project P[,P]]
                                   (password: first line of standard input; without --project a member of every project)
  protocoder-server user list      --db URL [--json]
  protocoder-server project create NAME --db URL --key-dir DIR [--empty]   (--empty: no members yet; else every account)
  protocoder-server project add-member PROJECT USER --db URL --key-dir DIR --role ROLE[,ROLE]
  protocoder-server project remove-member PROJECT USER --db URL
  protocoder-server project members PROJECT --db URL [--json]
  protocoder-server project list   --db URL [--json]
  protocoder-server audit          --db URL [--limit N]

--db defaults to $PROTOCODER_DB, --key-dir to $PROTOCODER_KEY_DIR: the folder of the
project keys that wrap the data keys of the encrypted texts (outside the database;
init creates it). Roles: lead, interviewer, coder, dpo, reader.
Plain HTTP is served only on a loopback address; elsewhere give --tls-cert and --tls-key.
`

// Main runs one command and returns the exit code (0 ok, 1 error, 2 usage).
func Main(ctx context.Context, args []string, e *Env) int {
	if e.Getenv == nil {
		e.Getenv = func(string) string { return "" }
	}
	err := run(ctx, args, e)
	var ue usageErr
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(e.Stderr, "protocoder-server: %v\n\n%s", err, usage)
		return 2
	default:
		fmt.Fprintf(e.Stderr, "protocoder-server: %v\n", err)
		return 1
	}
}

type usageErr struct{ msg string }

func (u usageErr) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageErr{fmt.Sprintf(format, args...)} }

// parse parses flags that may stand between the positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos, args = append(pos, args[0]), args[1:]
	}
}

func run(ctx context.Context, args []string, e *Env) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(e.Stdout, usage)
		return nil
	}
	name := args[0]
	rest := args[1:]
	if (name == "user" || name == "project") && len(rest) > 0 {
		name, rest = name+" "+rest[0], rest[1:]
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	db := fs.String("db", e.Getenv("PROTOCODER_DB"), "PostgreSQL URL (default $PROTOCODER_DB)")
	keyDir := e.Getenv("PROTOCODER_KEY_DIR")
	var listen, cert, key, roles, projects, holdAt string
	var ttl time.Duration
	var asJSON, empty bool
	var limit int
	needKeys := true
	switch name {
	case "serve":
		fs.StringVar(&listen, "listen", "127.0.0.1:8443", "address to listen on")
		fs.StringVar(&cert, "tls-cert", "", "TLS certificate (PEM)")
		fs.StringVar(&key, "tls-key", "", "TLS private key (PEM)")
		fs.DurationVar(&ttl, "session-ttl", 12*time.Hour, "how long a login lasts")
		fs.StringVar(&holdAt, "fault-hold", "", "fault tests only: stop at this point of the first request that reaches it (push:deciding, push:appended, pull:answering), say so on standard error and wait to be killed")
	case "user add":
		fs.StringVar(&roles, "role", "", "roles: lead, interviewer, coder, dpo, reader (comma-separated)")
		fs.StringVar(&projects, "project", "", "member of these projects only (comma-separated); default: every project")
	case "project add-member":
		fs.StringVar(&roles, "role", "", "the member's roles in the project (comma-separated)")
	case "project create":
		fs.BoolVar(&empty, "empty", false, "no members yet (add them with project add-member); default: every account, with its roles")
	case "user list", "project list", "project members":
		fs.BoolVar(&asJSON, "json", false, "print as JSON")
		needKeys = false
	case "audit":
		fs.IntVar(&limit, "limit", 100, "newest N events")
		needKeys = false
	case "project remove-member":
		needKeys = false
	case "init":
	default:
		return usagef("unknown command %q", strings.Join(args[:min(2, len(args))], " "))
	}
	if needKeys {
		fs.StringVar(&keyDir, "key-dir", keyDir, "folder of the project keys (default $PROTOCODER_KEY_DIR)")
	}
	pos, err := parse(fs, rest)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%v", err)
	}
	want := map[string]int{"user add": 1, "project create": 1, "project add-member": 2, "project remove-member": 2, "project members": 1}[name]
	if len(pos) != want {
		return usagef("%s takes %d argument(s), not %d", name, want, len(pos))
	}
	var keys *vault.Dir
	if needKeys {
		if *db == "" {
			return errors.New("no database: give --db URL or set PROTOCODER_DB")
		}
		var err error
		if keys, err = vault.OpenDir(keyDir, name == "init"); err != nil {
			return err
		}
	}
	st, err := pgstore.Open(ctx, *db, keys)
	if err != nil {
		return err
	}
	defer st.Close()
	now := time.Now()
	switch name {
	case "init":
		if err := st.Migrate(ctx); err != nil {
			return err
		}
		n, err := st.SealLegacy(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			fmt.Fprintf(e.Stdout, "%d commands of an older schema sealed with their data keys\n", n)
		}
		fmt.Fprintf(e.Stdout, "the database is ready (schema version %d); project keys in %s\n", pgstore.SchemaVersion(), keys.Path())
		return nil
	case "serve":
		return serve(ctx, e, st, listen, cert, key, ttl, holdAt)
	}
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	switch name {
	case "user add":
		rs, err := server.ParseRoles(roles)
		if err != nil {
			return usagef("--role: %v", err)
		}
		pw, err := readPassword(e.Stdin)
		if err != nil {
			return err
		}
		var in []string
		if projects != "" {
			in = []string{}
			for _, p := range strings.Split(projects, ",") {
				if p = strings.TrimSpace(p); p != "" {
					in = append(in, p)
				}
			}
		}
		u, err := server.AddUser(ctx, st, pos[0], rs, pw, in, now)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "user %s (%s) added: %s\n", u.Name, joinRoles(u.Roles), u.GUID)
		auditAdmin(ctx, e, st, now, u.Name, "user.add", "", "roles %s", joinRoles(u.Roles))
	case "user list":
		us, err := st.Users(ctx)
		if err != nil {
			return err
		}
		if asJSON {
			return printJSON(e.Stdout, us)
		}
		tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLES\tGUID\tCREATED")
		for _, u := range us {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Name, joinRoles(u.Roles), u.GUID, u.Created.Format("2006-01-02"))
		}
		return tw.Flush()
	case "project create":
		p, err := server.CreateProject(ctx, st, pos[0], !empty, now)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "project %s created: %s\n", p.Name, p.GUID)
		auditAdmin(ctx, e, st, now, "", "project.create", p.Name, "")
	case "project add-member", "project remove-member", "project members":
		p, err := st.Project(ctx, pos[0])
		if errors.Is(err, server.ErrNotFound) {
			return fmt.Errorf("there is no project %s (protocoder-server project list)", pos[0])
		} else if err != nil {
			return err
		}
		if name == "project members" {
			ms, err := st.Members(ctx, p.GUID)
			if err != nil {
				return err
			}
			if asJSON {
				if ms == nil {
					ms = []server.Membership{}
				}
				return printJSON(e.Stdout, ms)
			}
			for _, m := range ms {
				fmt.Fprintf(e.Stdout, "%s\t%s\n", m.Name, joinRoles(m.Roles))
			}
			return nil
		}
		u, err := st.UserByName(ctx, pos[1])
		if errors.Is(err, server.ErrNotFound) {
			return fmt.Errorf("there is no user %s (protocoder-server user list)", pos[1])
		} else if err != nil {
			return err
		}
		if name == "project remove-member" {
			if err := st.RemoveMember(ctx, p.GUID, u.GUID); errors.Is(err, server.ErrNotFound) {
				return fmt.Errorf("%s is not a member of %s", u.Name, p.Name)
			} else if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "%s is no longer a member of %s: the server refuses their pulls and pushes (their member record stays in the replicas)\n", u.Name, p.Name)
			auditAdmin(ctx, e, st, now, u.Name, "member.remove", p.Name, "")
			return nil
		}
		rs, err := server.ParseRoles(roles)
		if err != nil {
			return usagef("--role: %v", err)
		}
		if err := server.AddMember(ctx, st, p.GUID, u, rs, now); err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "%s is a member of %s as %s\n", u.Name, p.Name, joinRoles(qdaNormalize(rs)))
		auditAdmin(ctx, e, st, now, u.Name, "member.add", p.Name, "roles %s", joinRoles(qdaNormalize(rs)))
	case "project list":
		ps, err := st.Projects(ctx)
		if err != nil {
			return err
		}
		if asJSON {
			return printJSON(e.Stdout, ps)
		}
		for _, p := range ps {
			fmt.Fprintf(e.Stdout, "%s\t%s\t%d commands\n", p.Name, p.GUID, p.Head)
		}
	case "audit":
		evs, err := st.AuditLog(ctx, limit)
		if err != nil {
			return err
		}
		for _, ev := range evs {
			fmt.Fprintf(e.Stdout, "%s\t%s\t%s\t%s\t%s\n", ev.Time.Format(time.RFC3339), ev.User, ev.Action, ev.Project, ev.Detail)
		}
	}
	return nil
}

func joinRoles(rs []server.Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func readPassword(r io.Reader) (string, error) {
	if r == nil {
		return "", errors.New("give the password on standard input")
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read the password: %w", err)
		}
		return "", errors.New("give the password on standard input (one line)")
	}
	return line, nil
}

// loopbackOnly refuses plain HTTP on an address other machines reach.
func loopbackOnly(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("--listen %q: %v", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return usagef("--listen %s without --tls-cert/--tls-key: plain HTTP is served only on a loopback address (127.0.0.1, ::1); give a certificate for %s", addr, addr)
}

func serve(ctx context.Context, e *Env, st *pgstore.Store, addr, cert, key string, ttl time.Duration, holdAt string) error {
	if (cert == "") != (key == "") {
		return usagef("give both --tls-cert and --tls-key")
	}
	if cert == "" {
		if err := loopbackOnly(addr); err != nil {
			return err
		}
	}
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	if _, err := st.SealLegacy(ctx); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(e.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	cfg := server.Config{Store: st, SessionTTL: ttl, Log: log}
	if holdAt != "" {
		var once sync.Once
		cfg.Hook = func(point string) {
			if point != holdAt {
				return
			}
			hold := false
			once.Do(func() { hold = true })
			if hold {
				fmt.Fprintf(e.Stderr, "fault-hold: holding at %s\n", point)
				<-ctx.Done()
			}
		}
	}
	srv := server.New(cfg)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	scheme := "http"
	if cert != "" {
		pair, err := tls.LoadX509KeyPair(cert, key)
		if err != nil {
			ln.Close()
			return fmt.Errorf("TLS certificate: %w", err)
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12})
		scheme = "https"
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	lctx, stop := context.WithCancel(ctx)
	defer stop()
	go func() {
		if err := st.Listen(lctx, srv.Wake); err != nil {
			log.Warn("LISTEN for other servers' appends stopped", "err", err)
		}
	}()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}()
	fmt.Fprintf(e.Stdout, "listening on %s://%s\n", scheme, ln.Addr())
	if e.Ready != nil {
		e.Ready(ln.Addr().String())
	}
	if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
