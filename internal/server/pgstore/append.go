// Appending commands to a project's log: one transaction per batch, the
// entity images read inside it, keys ensured and rotated.

package pgstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server"
	"github.com/protocoder/protocoder/internal/server/vault"
)

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
