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
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

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
