// Reading a project's command log, its head, the audit log, and the
// notifications of new commands.

package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server"
	"github.com/protocoder/protocoder/internal/server/vault"
)

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
