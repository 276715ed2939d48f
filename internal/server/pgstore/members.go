package pgstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server"
)

func notFoundFK(err error, what string) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23503" {
		return fmt.Errorf("%s: %w", what, server.ErrNotFound)
	}
	return err
}

// AddMember implements server.Store.
func (s *Store) AddMember(ctx context.Context, project, user qda.GUID, roles []server.Role) (bool, error) {
	var inserted bool
	err := s.pool.QueryRow(ctx, `INSERT INTO members (project, user_guid, roles) VALUES ($1, $2, $3)
		ON CONFLICT (project, user_guid) DO UPDATE SET roles = EXCLUDED.roles RETURNING (xmax = 0)`,
		string(project), string(user), roleStrings(roles)).Scan(&inserted)
	if err != nil {
		return false, notFoundFK(err, fmt.Sprintf("member %s of %s", user, project))
	}
	return inserted, nil
}

// RemoveMember implements server.Store.
func (s *Store) RemoveMember(ctx context.Context, project, user qda.GUID) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM members WHERE project = $1 AND user_guid = $2`, string(project), string(user))
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("member %s: %w", user, server.ErrNotFound)
	}
	return nil
}

// Member implements server.Store.
func (s *Store) Member(ctx context.Context, project, user qda.GUID) ([]server.Role, error) {
	var roles []string
	err := s.pool.QueryRow(ctx, `SELECT roles FROM members WHERE project = $1 AND user_guid = $2`, string(project), string(user)).Scan(&roles)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("member %s: %w", user, server.ErrNotFound)
	} else if err != nil {
		return nil, err
	}
	out := make([]server.Role, len(roles))
	for i, r := range roles {
		out[i] = server.Role(r)
	}
	return out, nil
}

// Members implements server.Store.
func (s *Store) Members(ctx context.Context, project qda.GUID) ([]server.Membership, error) {
	rows, err := s.pool.Query(ctx, `SELECT m.user_guid, u.name, m.roles FROM members m JOIN users u ON u.guid = m.user_guid WHERE m.project = $1 ORDER BY u.name`, string(project))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []server.Membership
	for rows.Next() {
		var m server.Membership
		var u string
		var roles []string
		if err := rows.Scan(&u, &m.Name, &roles); err != nil {
			return nil, err
		}
		m.Project, m.User = project, qda.GUID(u)
		for _, r := range roles {
			m.Roles = append(m.Roles, server.Role(r))
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
