// Users, projects and sessions of the team server in PostgreSQL.

package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server"
)

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

const userCols = `guid, name, roles, password_hash, created`
