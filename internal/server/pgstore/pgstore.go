// Package pgstore keeps the team server's data in PostgreSQL through pgx:
// a server.Store whose schema comes from versioned SQL migrations embedded
// in the binary (migrations/NNNN_name.sql, applied in order, each in its
// own transaction, recorded in schema_migrations). Appends to a project's
// log are serialised by a row lock on the project and announced with
// NOTIFY protocoder_log, so every server process can wake its long polls.
package pgstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Channel is the NOTIFY channel on which appends announce a project GUID.
const Channel = "protocoder_log"

// Store is a server.Store on a PostgreSQL database.
type Store struct {
	pool *pgxpool.Pool
}

// Open connects to the database at url (postgres://… or key=value).
func Open(ctx context.Context, url string) (*Store, error) {
	if url == "" {
		return nil, errors.New("no database: give --db URL or set PROTOCODER_DB")
	}
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", redact(url), err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to the database %s: %w", redact(url), err)
	}
	return &Store{pool: pool}, nil
}

// redact hides a password in a URL for messages.
func redact(url string) string {
	if cfg, err := pgconn.ParseConfig(url); err == nil {
		return fmt.Sprintf("%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
	}
	return "(unparsable URL)"
}

// Close implements server.Store.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations() ([]migration, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: the name must start with its version (0001_…)", base)
		}
		b, err := migrations.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: base, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: versions must run 1, 2, 3 … without gaps", m.name)
		}
	}
	return out, nil
}

// SchemaVersion is the newest version the embedded migrations lead to.
func SchemaVersion() int {
	ms, err := loadMigrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

// Migrate implements server.Store: it applies the migrations the database
// lacks, under an advisory lock so two servers starting at once do not
// race, and refuses a database newer than this binary.
func (s *Store) Migrate(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(727274)`); err != nil {
		return fmt.Errorf("lock for migration: %w", err)
	}
	defer func() { _, _ = conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(727274)`) }()
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied timestamptz NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	var have int
	if err := conn.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return err
	}
	if have > len(ms) {
		return fmt.Errorf("the database has schema version %d, newer than this server's %d: update protocoder-server", have, len(ms))
	}
	for _, m := range ms[have:] {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.version, m.name)
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

func roleStrings(rs []server.Role) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

// AddUser implements server.Store.
func (s *Store) AddUser(ctx context.Context, u *server.User) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO users (guid, name, roles, password_hash, created) VALUES ($1, $2, $3, $4, $5)`,
		string(u.GUID), u.Name, roleStrings(u.Roles), u.PasswordHash, u.Created)
	if isUnique(err) {
		return fmt.Errorf("user %q: %w", u.Name, server.ErrExists)
	}
	return err
}

const userCols = `guid, name, roles, password_hash, created`

func scanUser(row pgx.Row) (*server.User, error) {
	var u server.User
	var id string
	var roles []string
	if err := row.Scan(&id, &u.Name, &roles, &u.PasswordHash, &u.Created); err != nil {
		return nil, err
	}
	u.GUID = qda.GUID(id)
	for _, r := range roles {
		u.Roles = append(u.Roles, server.Role(r))
	}
	u.Created = u.Created.UTC()
	return &u, nil
}

// Users implements server.Store.
func (s *Store) Users(ctx context.Context) ([]server.User, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+userCols+` FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []server.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, rows.Err()
}

func (s *Store) oneUser(ctx context.Context, where string, arg any, what string) (*server.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE `+where, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("user %s: %w", what, server.ErrNotFound)
	}
	return u, err
}

// UserByName implements server.Store.
func (s *Store) UserByName(ctx context.Context, name string) (*server.User, error) {
	return s.oneUser(ctx, `name = $1`, name, strconv.Quote(name))
}

// User implements server.Store.
func (s *Store) User(ctx context.Context, id qda.GUID) (*server.User, error) {
	return s.oneUser(ctx, `guid = $1`, string(id), string(id))
}

// CreateProject implements server.Store.
func (s *Store) CreateProject(ctx context.Context, p *server.Project) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO projects (guid, name, created) VALUES ($1, $2, $3)`, string(p.GUID), p.Name, p.Created)
	if isUnique(err) {
		return fmt.Errorf("project %q: %w", p.Name, server.ErrExists)
	}
	return err
}

func scanProject(row pgx.Row) (*server.Project, error) {
	var p server.Project
	var id string
	var head int64
	if err := row.Scan(&id, &p.Name, &p.Created, &head); err != nil {
		return nil, err
	}
	p.GUID, p.Head, p.Created = qda.GUID(id), uint64(head), p.Created.UTC()
	return &p, nil
}

// Project implements server.Store.
func (s *Store) Project(ctx context.Context, name string) (*server.Project, error) {
	p, err := scanProject(s.pool.QueryRow(ctx, `SELECT guid, name, created, head FROM projects WHERE name = $1`, name))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("project %q: %w", name, server.ErrNotFound)
	}
	return p, err
}

// Projects implements server.Store.
func (s *Store) Projects(ctx context.Context) ([]server.Project, error) {
	rows, err := s.pool.Query(ctx, `SELECT guid, name, created, head FROM projects ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []server.Project
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}

// PutSession implements server.Store; it also drops expired sessions.
func (s *Store) PutSession(ctx context.Context, se *server.Session) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE expires < now() - interval '1 day'`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO sessions (token_hash, user_guid, expires) VALUES ($1, $2, $3)`, se.TokenHash, string(se.User), se.Expires)
		return err
	})
}

// Session implements server.Store.
func (s *Store) Session(ctx context.Context, h []byte) (*server.Session, error) {
	var se server.Session
	var u string
	err := s.pool.QueryRow(ctx, `SELECT token_hash, user_guid, expires FROM sessions WHERE token_hash = $1`, h).Scan(&se.TokenHash, &u, &se.Expires)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("session: %w", server.ErrNotFound)
	}
	se.User = qda.GUID(u)
	return &se, err
}

// DeleteSession implements server.Store.
func (s *Store) DeleteSession(ctx context.Context, h []byte) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, h)
	return err
}

// txState reads entity images inside an Append's transaction.
type txState struct {
	ctx     context.Context
	tx      pgx.Tx
	project string
	// err is the first database error a read met: it aborts the append
	// rather than count as a refusal.
	err error
}

func (t *txState) Image(entity, key string) ([]byte, error) {
	var img []byte
	err := t.tx.QueryRow(t.ctx, `SELECT image FROM entities WHERE project = $1 AND entity = $2 AND key = $3`, t.project, entity, key).Scan(&img)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil && t.err == nil {
		t.err = err
	}
	return img, err
}

// Append implements server.Store.
func (s *Store) Append(ctx context.Context, id qda.GUID, cmds []*qda.Command, decide server.Decide) ([]server.Outcome, error) {
	out := make([]server.Outcome, len(cmds))
	pid := string(id)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var head int64
		err := tx.QueryRow(ctx, `SELECT head FROM projects WHERE guid = $1 FOR UPDATE`, pid).Scan(&head)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("project %s: %w", id, server.ErrNotFound)
		} else if err != nil {
			return err
		}
		start := head
		st := &txState{ctx: ctx, tx: tx, project: pid}
		for i, c := range cmds {
			out[i] = server.Outcome{}
			body, err := server.EncodeCommand(c)
			if err != nil {
				return err
			}
			var seq int64
			err = tx.QueryRow(ctx, `SELECT seq FROM commands WHERE project = $1 AND guid = $2`, pid, string(c.GUID)).Scan(&seq)
			if err == nil {
				out[i] = server.Outcome{Seq: uint64(seq), Duplicate: true}
				continue
			} else if !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
			if decide != nil {
				err := decide(st, c)
				if st.err != nil {
					return st.err
				}
				if err != nil {
					out[i].Refused = err
					continue
				}
			}
			head++
			if _, err := tx.Exec(ctx, `INSERT INTO commands (project, seq, guid, user_guid, kind, body) VALUES ($1, $2, $3, $4, $5, $6)`,
				pid, head, string(c.GUID), string(c.User), c.Kind, body); err != nil {
				return fmt.Errorf("insert command %s: %w", c.GUID, err)
			}
			for _, ch := range c.Changes {
				if ch.After == nil {
					_, err = tx.Exec(ctx, `DELETE FROM entities WHERE project = $1 AND entity = $2 AND key = $3`, pid, ch.Entity, ch.Key)
				} else {
					_, err = tx.Exec(ctx, `INSERT INTO entities (project, entity, key, image, seq) VALUES ($1, $2, $3, $4, $5)
						ON CONFLICT (project, entity, key) DO UPDATE SET image = EXCLUDED.image, seq = EXCLUDED.seq`, pid, ch.Entity, ch.Key, []byte(ch.After), head)
				}
				if err != nil {
					return fmt.Errorf("entity %s %s: %w", ch.Entity, ch.Key, err)
				}
			}
			out[i].Seq = uint64(head)
		}
		if head == start {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE projects SET head = $2 WHERE guid = $1`, pid, head); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `SELECT pg_notify($1, $2)`, Channel, pid)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Commands implements server.Store.
func (s *Store) Commands(ctx context.Context, id qda.GUID, after uint64, limit int) ([]server.Entry, error) {
	rows, err := s.pool.Query(ctx, `SELECT seq, body FROM commands WHERE project = $1 AND seq > $2 ORDER BY seq LIMIT $3`, string(id), int64(after), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []server.Entry
	for rows.Next() {
		var seq int64
		var body []byte
		if err := rows.Scan(&seq, &body); err != nil {
			return nil, err
		}
		out = append(out, server.Entry{Seq: uint64(seq), Command: body})
	}
	return out, rows.Err()
}

// Head implements server.Store.
func (s *Store) Head(ctx context.Context, id qda.GUID) (uint64, error) {
	var head int64
	err := s.pool.QueryRow(ctx, `SELECT head FROM projects WHERE guid = $1`, string(id)).Scan(&head)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("project %s: %w", id, server.ErrNotFound)
	}
	return uint64(head), err
}

// Audit implements server.Store.
func (s *Store) Audit(ctx context.Context, ev server.AuditEvent) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO audit (at, user_name, action, project, detail) VALUES ($1, $2, $3, $4, $5)`, ev.Time, ev.User, ev.Action, ev.Project, ev.Detail)
	return err
}

// AuditLog implements server.Store.
func (s *Store) AuditLog(ctx context.Context, limit int) ([]server.AuditEvent, error) {
	rows, err := s.pool.Query(ctx, `SELECT at, user_name, action, project, detail FROM (SELECT * FROM audit ORDER BY id DESC LIMIT $1) a ORDER BY id`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []server.AuditEvent
	for rows.Next() {
		var ev server.AuditEvent
		if err := rows.Scan(&ev.Time, &ev.User, &ev.Action, &ev.Project, &ev.Detail); err != nil {
			return nil, err
		}
		ev.Time = ev.Time.UTC()
		out = append(out, ev)
	}
	return out, rows.Err()
}

// Listen calls wake with the project GUID of every append any server
// process makes, until ctx ends (LISTEN protocoder_log on its own
// connection).
func (s *Store) Listen(ctx context.Context, wake func(qda.GUID)) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `LISTEN `+Channel); err != nil {
		return err
	}
	for {
		n, err := conn.Conn().WaitForNotification(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		wake(qda.GUID(n.Payload))
	}
}
