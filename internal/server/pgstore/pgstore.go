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
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server"
	"github.com/protocoder/protocoder/internal/server/vault"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Channel is the NOTIFY channel on which appends announce a project GUID.
const Channel = "protocoder_log"

// Store is a server.Store on a PostgreSQL database.
type Store struct {
	pool *pgxpool.Pool
	// keys is the key folder with the project keys (nil: the store reads
	// accounts and the audit, but refuses what needs a project key).
	keys *vault.Dir
	// mu guards the key folder's files within this process.
	mu sync.Mutex
}

// Open connects to the database at url (postgres://… or key=value);
// keys is the folder of the project keys (see internal/server/vault), nil
// for commands that read no project's log.
func Open(ctx context.Context, url string, keys *vault.Dir) (*Store, error) {
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
	return &Store{pool: pool, keys: keys}, nil
}

func (s *Store) keyDir() (*vault.Dir, error) {
	if s.keys == nil {
		return nil, errors.New("no key folder: give --key-dir DIR or set PROTOCODER_KEY_DIR")
	}
	return s.keys, nil
}

// projectKey returns the project key with the id the database records.
func (s *Store) projectKey(project string, id []byte) (*vault.Key, error) {
	d, err := s.keyDir()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return d.Load(project, id)
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

// CreateProject implements server.Store: it makes the project's key in
// the key folder.
func (s *Store) CreateProject(ctx context.Context, p *server.Project) error {
	d, err := s.keyDir()
	if err != nil {
		return err
	}
	var exists bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM projects WHERE name = $1)`, p.Name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return fmt.Errorf("project %q: %w", p.Name, server.ErrExists)
	}
	s.mu.Lock()
	k, err := d.Create(string(p.GUID), false)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO projects (guid, name, created, key_id) VALUES ($1, $2, $3, $4)`, string(p.GUID), p.Name, p.Created, k.ID)
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
	r *ring
	// err is the first database error a read met: it aborts the append
	// rather than count as a refusal.
	err error
}

func (t *txState) fail(err error) error {
	if err != nil && t.err == nil {
		t.err = err
	}
	return err
}

func (t *txState) Image(entity, key string) ([]byte, error) {
	var img []byte
	var scope *string
	err := t.r.q.QueryRow(t.r.ctx, `SELECT image, scope FROM entities WHERE project = $1 AND entity = $2 AND key = $3`, t.r.project, entity, key).Scan(&img, &scope)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, t.fail(err)
	}
	return t.open(entity, key, img, scope)
}

// open opens an entity's sealed image.
func (t *txState) open(entity, key string, img []byte, scope *string) ([]byte, error) {
	if scope == nil {
		return img, nil // schema 1, not sealed yet
	}
	dk, err := t.r.dataKey(*scope, false)
	if err != nil || dk == nil {
		return nil, t.fail(fmt.Errorf("entity %s %s: its data key is missing (%v)", entity, key, err))
	}
	plain, err := vault.Open(dk, img, entityAAD(t.r.project, *scope, entity, key))
	return plain, t.fail(err)
}

func (t *txState) Each(entity string, fn func(key string, img []byte) error) error {
	type row struct {
		key   string
		img   []byte
		scope *string
	}
	rows, err := t.r.q.Query(t.r.ctx, `SELECT key, image, scope FROM entities WHERE project = $1 AND entity = $2 ORDER BY key`, t.r.project, entity)
	if err != nil {
		return t.fail(err)
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.key, &r.img, &r.scope); err != nil {
			rows.Close()
			return t.fail(err)
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return t.fail(err)
	}
	// Opened after the rows are read: the transaction runs one query at
	// a time, and opening may read a data key.
	for _, r := range all {
		plain, err := t.open(entity, r.key, r.img, r.scope)
		if err != nil {
			return err
		}
		if err := fn(r.key, plain); err != nil {
			return err
		}
	}
	return nil
}

func (t *txState) Purged(key string) (bool, error) {
	var one int
	err := t.r.q.QueryRow(t.r.ctx, `SELECT 1 FROM purged WHERE project = $1 AND key = $2`, t.r.project, key).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return err == nil, t.fail(err)
}

// Append implements server.Store. Images are sealed with their scopes'
// data keys; an accepted purge deletes data keys and rotates the project
// key (the new key file is prepared before the transaction commits and
// takes the old one's place after).
func (s *Store) Append(ctx context.Context, id qda.GUID, cmds []*qda.Command, decide server.Decide) ([]server.Outcome, error) {
	out := make([]server.Outcome, len(cmds))
	pid := string(id)
	prepared := false
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var head int64
		var keyID []byte
		err := tx.QueryRow(ctx, `SELECT head, key_id FROM projects WHERE guid = $1 FOR UPDATE`, pid).Scan(&head, &keyID)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("project %s: %w", id, server.ErrNotFound)
		} else if err != nil {
			return err
		}
		r := &ring{ctx: ctx, q: tx, project: pid, keys: map[string][]byte{}}
		if r.pk, err = s.ensureKey(ctx, tx, pid, keyID); err != nil {
			return err
		}
		start := head
		st := &txState{r: r}
		purged := false
		for i, c := range cmds {
			out[i] = server.Outcome{}
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
			var needles []string
			if c.Kind == qda.KindAnonReplace {
				if needles, err = server.AnonNeedles(st, c); err != nil {
					return err
				}
			}
			body, err := r.seal(c)
			if err != nil {
				return err
			}
			head++
			if _, err := tx.Exec(ctx, `INSERT INTO commands (project, seq, guid, user_guid, kind, body, sealed) VALUES ($1, $2, $3, $4, $5, $6, true)`,
				pid, head, string(c.GUID), string(c.User), c.Kind, body); err != nil {
				return fmt.Errorf("insert command %s: %w", c.GUID, err)
			}
			for _, ch := range c.Changes {
				if ch.After == nil {
					_, err = tx.Exec(ctx, `DELETE FROM entities WHERE project = $1 AND entity = $2 AND key = $3`, pid, ch.Entity, ch.Key)
				} else {
					scope := server.ScopeOf(ch)
					var dk, img []byte
					if dk, err = r.dataKey(scope, true); err != nil {
						return err
					}
					if img, err = vault.Seal(dk, ch.After, entityAAD(pid, scope, ch.Entity, ch.Key)); err != nil {
						return err
					}
					_, err = tx.Exec(ctx, `INSERT INTO entities (project, entity, key, image, seq, scope) VALUES ($1, $2, $3, $4, $5, $6)
						ON CONFLICT (project, entity, key) DO UPDATE SET image = EXCLUDED.image, seq = EXCLUDED.seq, scope = EXCLUDED.scope`, pid, ch.Entity, ch.Key, img, head, scope)
				}
				if err != nil {
					return fmt.Errorf("entity %s %s: %w", ch.Entity, ch.Key, err)
				}
				if c.Kind == server.KindPurge {
					if _, err := tx.Exec(ctx, `INSERT INTO purged (project, key, seq) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, pid, ch.Key, head); err != nil {
						return err
					}
				}
			}
			if c.Kind == server.KindPurge {
				scopes := server.PurgeScopes(c)
				if _, err := tx.Exec(ctx, `DELETE FROM data_keys WHERE project = $1 AND scope = ANY($2)`, pid, scopes); err != nil {
					return fmt.Errorf("destroy the purged data keys: %w", err)
				}
				for _, sc := range scopes {
					r.keys[sc] = nil
				}
				purged = true
			}
			if len(needles) > 0 {
				erased, err := r.eraseWords(needles)
				if err != nil {
					return fmt.Errorf("erase the replaced words: %w", err)
				}
				purged = purged || erased
			}
			out[i].Seq = uint64(head)
		}
		if head == start {
			return nil
		}
		if purged {
			prepared = true
			if err := s.rotate(ctx, tx, pid, r.pk); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE projects SET head = $2 WHERE guid = $1`, pid, head); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `SELECT pg_notify($1, $2)`, Channel, pid)
		return err
	})
	if prepared {
		// The key folder follows the database: the key whose id it holds
		// now stays (a committed rotation's old key is overwritten and
		// removed, so the wrapped data keys that WAL, dead tuples or
		// backups still hold open no more); a rotation it never took is
		// dropped. When the id cannot be read, the next use decides.
		var cur []byte
		if qerr := s.pool.QueryRow(context.WithoutCancel(ctx), `SELECT key_id FROM projects WHERE guid = $1`, pid).Scan(&cur); qerr == nil {
			s.mu.Lock()
			_, lerr := s.keys.Load(pid, cur)
			s.mu.Unlock()
			if lerr != nil && err == nil {
				return nil, fmt.Errorf("the purge is committed, but the old project key could not be destroyed yet (the next use of the project does it): %w", lerr)
			}
		}
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ensureKey returns the project key the database names; a project of
// schema 1 (no key yet) gets one.
func (s *Store) ensureKey(ctx context.Context, tx pgx.Tx, pid string, keyID []byte) (*vault.Key, error) {
	if keyID != nil {
		return s.projectKey(pid, keyID)
	}
	d, err := s.keyDir()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	k, err := d.Create(pid, true) // nothing is wrapped by a key the database never named
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `UPDATE projects SET key_id = $2 WHERE guid = $1`, pid, k.ID); err != nil {
		return nil, err
	}
	return k, nil
}

// rotate wraps every data key of the project with a new project key
// (prepared as the key folder's .next file) and records its id.
func (s *Store) rotate(ctx context.Context, tx pgx.Tx, pid string, old *vault.Key) error {
	s.mu.Lock()
	nk, err := s.keys.Prepare(pid)
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("prepare a new project key: %w", err)
	}
	rows, err := tx.Query(ctx, `SELECT scope, wrapped FROM data_keys WHERE project = $1`, pid)
	if err != nil {
		return err
	}
	var scopes []string
	var wrapped [][]byte
	for rows.Next() {
		var sc string
		var w []byte
		if err := rows.Scan(&sc, &w); err != nil {
			rows.Close()
			return err
		}
		scopes, wrapped = append(scopes, sc), append(wrapped, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for i, sc := range scopes {
		dk, err := old.Unwrap(wrapped[i], wrapAAD(pid, sc))
		if err != nil {
			return err
		}
		if wrapped[i], err = nk.Wrap(dk, wrapAAD(pid, sc)); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE data_keys d SET wrapped = v.w FROM unnest($2::text[], $3::bytea[]) AS v(s, w) WHERE d.project = $1 AND d.scope = v.s`, pid, scopes, wrapped); err != nil {
		return fmt.Errorf("wrap the data keys anew: %w", err)
	}
	_, err = tx.Exec(ctx, `UPDATE projects SET key_id = $2 WHERE guid = $1`, pid, nk.ID)
	return err
}

// storedRow is a command as the log table holds it.
type storedRow struct {
	seq    int64
	body   []byte
	sealed bool
}

// prefetch reads the data keys of every scope the sealed rows name in one
// query (a missing one is destroyed) and unwraps them.
func (s *Store) prefetch(r *ring, keyID []byte, rs []storedRow) error {
	seen := map[string]bool{}
	var scopes []string
	for _, x := range rs {
		if !x.sealed {
			continue
		}
		var sc struct {
			Changes []struct {
				Scope string `json:"scope"`
			} `json:"changes"`
		}
		if err := json.Unmarshal(x.body, &sc); err != nil {
			return fmt.Errorf("command %d: %w", x.seq, err)
		}
		for _, ch := range sc.Changes {
			if ch.Scope != "" && !seen[ch.Scope] {
				seen[ch.Scope] = true
				scopes = append(scopes, ch.Scope)
			}
		}
	}
	if len(scopes) == 0 {
		return nil
	}
	var err error
	if r.pk, err = s.projectKey(r.project, keyID); err != nil {
		return err
	}
	for _, sc := range scopes {
		r.keys[sc] = nil
	}
	rows, err := r.q.Query(r.ctx, `SELECT scope, wrapped FROM data_keys WHERE project = $1 AND scope = ANY($2)`, r.project, scopes)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var sc string
		var w []byte
		if err := rows.Scan(&sc, &w); err != nil {
			return err
		}
		dk, err := r.pk.Unwrap(w, wrapAAD(r.project, sc))
		if err != nil {
			return fmt.Errorf("data key %s: %w", sc, err)
		}
		r.keys[sc] = dk
	}
	return rows.Err()
}

// Commands implements server.Store: it opens the sealed bodies (in one
// snapshot with the data keys), leaving out the changes a purge made
// unreadable.
func (s *Store) Commands(ctx context.Context, id qda.GUID, after uint64, limit int) ([]server.Entry, error) {
	var out []server.Entry
	read := func() error {
		out = nil
		return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
			var keyID []byte
			err := tx.QueryRow(ctx, `SELECT key_id FROM projects WHERE guid = $1`, string(id)).Scan(&keyID)
			if errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("project %s: %w", id, server.ErrNotFound)
			} else if err != nil {
				return err
			}
			rows, err := tx.Query(ctx, `SELECT seq, body, sealed FROM commands WHERE project = $1 AND seq > $2 ORDER BY seq LIMIT $3`, string(id), int64(after), limit)
			if err != nil {
				return err
			}
			var rs []storedRow
			for rows.Next() {
				var x storedRow
				if err := rows.Scan(&x.seq, &x.body, &x.sealed); err != nil {
					rows.Close()
					return err
				}
				rs = append(rs, x)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			r := &ring{ctx: ctx, q: tx, project: string(id), keys: map[string][]byte{}}
			if err := s.prefetch(r, keyID, rs); err != nil {
				return err
			}
			for _, x := range rs {
				body := x.body
				if x.sealed {
					if r.pk == nil {
						if r.pk, err = s.projectKey(string(id), keyID); err != nil {
							return err
						}
					}
					c, err := r.open(x.body)
					if err != nil {
						return fmt.Errorf("command %d: %w", x.seq, err)
					}
					if body, err = server.EncodeCommand(c); err != nil {
						return err
					}
				}
				out = append(out, server.Entry{Seq: uint64(x.seq), Command: body})
			}
			return nil
		})
	}
	err := read()
	if errors.Is(err, vault.ErrNoKey) {
		// A purge rotated the project key after this snapshot began.
		err = read()
	}
	return out, err
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
