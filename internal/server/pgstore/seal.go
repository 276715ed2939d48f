package pgstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server"
	"github.com/protocoder/protocoder/internal/server/vault"
)

// Encryption at rest (see internal/server/vault and docs/team.md): a
// command's body keeps its envelope (GUID, member, time, kind, summary) and
// each change's entity and key in the clear, and its images sealed with
// the data key of the change's scope (server.ScopeOf).

// storedCommand is the form of a sealed command body.
type storedCommand struct {
	GUID    qda.GUID       `json:"guid"`
	User    qda.GUID       `json:"user,omitempty"`
	Time    time.Time      `json:"time"`
	Kind    string         `json:"kind"`
	Summary string         `json:"summary,omitempty"`
	Reverts qda.GUID       `json:"reverts,omitempty"`
	Changes []storedChange `json:"changes,omitempty"`
}

type storedChange struct {
	Entity string `json:"entity"`
	Key    string `json:"key"`
	// Scope names the data key; Before and After are sealed with it.
	Scope  string `json:"scope,omitempty"`
	Before []byte `json:"before,omitempty"`
	After  []byte `json:"after,omitempty"`
	Sealed bool   `json:"sealed,omitempty"`
	// Erased: an anonymisation erased the images (they held a replaced
	// word); pulls leave the change out.
	Erased bool `json:"erased,omitempty"`
}

func imageAAD(project, scope, entity, key, side string) []byte {
	return []byte(project + "\x00" + scope + "\x00" + entity + "\x00" + key + "\x00" + side)
}

func wrapAAD(project, scope string) []byte { return []byte(project + "\x00" + scope) }

// ring is a project's data keys as one transaction sees them.
type ring struct {
	ctx     context.Context
	q       pgx.Tx
	project string
	pk      *vault.Key
	keys    map[string][]byte // scope → data key; nil: none (destroyed)
}

// dataKey returns the data key of scope; with create, a missing one is
// made (and stored wrapped); without, nil means there is none.
func (r *ring) dataKey(scope string, create bool) ([]byte, error) {
	if dk, ok := r.keys[scope]; ok && (dk != nil || !create) {
		return dk, nil
	}
	var wrapped []byte
	err := r.q.QueryRow(r.ctx, `SELECT wrapped FROM data_keys WHERE project = $1 AND scope = $2`, r.project, scope).Scan(&wrapped)
	switch {
	case err == nil:
		dk, err := r.pk.Unwrap(wrapped, wrapAAD(r.project, scope))
		if err != nil {
			return nil, fmt.Errorf("data key %s: %w", scope, err)
		}
		r.keys[scope] = dk
		return dk, nil
	case !errors.Is(err, pgx.ErrNoRows):
		return nil, err
	case !create:
		r.keys[scope] = nil
		return nil, nil
	}
	dk, err := vault.NewDataKey()
	if err != nil {
		return nil, err
	}
	if wrapped, err = r.pk.Wrap(dk, wrapAAD(r.project, scope)); err != nil {
		return nil, err
	}
	if _, err := r.q.Exec(r.ctx, `INSERT INTO data_keys (project, scope, wrapped) VALUES ($1, $2, $3)`, r.project, scope, wrapped); err != nil {
		return nil, fmt.Errorf("store the data key of %s: %w", scope, err)
	}
	r.keys[scope] = dk
	return dk, nil
}

// seal returns the sealed body of c.
func (r *ring) seal(c *qda.Command) ([]byte, error) {
	sc := storedCommand{GUID: c.GUID, User: c.User, Time: c.Time, Kind: c.Kind, Summary: c.Summary, Reverts: c.Reverts}
	for _, ch := range c.Changes {
		st := storedChange{Entity: ch.Entity, Key: ch.Key, Sealed: ch.Sealed}
		if ch.Before != nil || ch.After != nil {
			st.Scope = server.ScopeOf(ch)
			dk, err := r.dataKey(st.Scope, true)
			if err != nil {
				return nil, err
			}
			if st.Before, err = r.sealImage(dk, st, "before", ch.Before); err != nil {
				return nil, err
			}
			if st.After, err = r.sealImage(dk, st, "after", ch.After); err != nil {
				return nil, err
			}
		}
		sc.Changes = append(sc.Changes, st)
	}
	return json.Marshal(&sc)
}

func (r *ring) sealImage(dk []byte, st storedChange, side string, img []byte) ([]byte, error) {
	if img == nil {
		return nil, nil
	}
	return vault.Seal(dk, img, imageAAD(r.project, st.Scope, st.Entity, st.Key, side))
}

// open returns the plain command of a sealed body, without the changes
// whose data key is destroyed.
func (r *ring) open(body []byte) (*qda.Command, error) {
	var sc storedCommand
	if err := json.Unmarshal(body, &sc); err != nil {
		return nil, err
	}
	c := &qda.Command{GUID: sc.GUID, User: sc.User, Time: sc.Time, Kind: sc.Kind, Summary: sc.Summary, Reverts: sc.Reverts}
	for _, st := range sc.Changes {
		ch := qda.Change{Entity: st.Entity, Key: st.Key, Sealed: st.Sealed}
		if st.Erased {
			continue
		}
		if st.Scope != "" {
			dk, err := r.dataKey(st.Scope, false)
			if err != nil {
				return nil, err
			}
			if dk == nil {
				continue // purged: its images are unreadable
			}
			if ch.Before, err = r.openImage(dk, st, "before", st.Before); err != nil {
				return nil, err
			}
			if ch.After, err = r.openImage(dk, st, "after", st.After); err != nil {
				return nil, err
			}
		}
		c.Changes = append(c.Changes, ch)
	}
	return c, nil
}

func (r *ring) openImage(dk []byte, st storedChange, side string, sealed []byte) (json.RawMessage, error) {
	if sealed == nil {
		return nil, nil
	}
	img, err := vault.Open(dk, sealed, imageAAD(r.project, st.Scope, st.Entity, st.Key, side))
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", st.Entity, st.Key, err)
	}
	return img, nil
}

// entityAAD binds an entity's current image to its place.
func entityAAD(project, scope, entity, key string) []byte {
	return imageAAD(project, scope, entity, key, "state")
}

// SealLegacy seals what a database of schema 1 or 2 kept in the clear
// (command bodies and entity images), project by project, each in one
// transaction; it returns how many commands it sealed.
func (s *Store) SealLegacy(ctx context.Context) (int, error) {
	rows, err := s.pool.Query(ctx, `SELECT guid FROM projects p WHERE EXISTS (SELECT 1 FROM commands c WHERE c.project = p.guid AND NOT c.sealed)
		OR EXISTS (SELECT 1 FROM entities e WHERE e.project = p.guid AND e.scope IS NULL)`)
	if err != nil {
		return 0, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return 0, err
	}
	total := 0
	for _, pid := range ids {
		err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			var keyID []byte
			if err := tx.QueryRow(ctx, `SELECT key_id FROM projects WHERE guid = $1 FOR UPDATE`, pid).Scan(&keyID); err != nil {
				return err
			}
			r := &ring{ctx: ctx, q: tx, project: pid, keys: map[string][]byte{}}
			var err error
			if r.pk, err = s.ensureKey(ctx, tx, pid, keyID); err != nil {
				return err
			}
			type row struct {
				seq  int64
				body []byte
			}
			rows, err := tx.Query(ctx, `SELECT seq, body FROM commands WHERE project = $1 AND NOT sealed ORDER BY seq`, pid)
			if err != nil {
				return err
			}
			cmds, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
				var x row
				return x, r.Scan(&x.seq, &x.body)
			})
			if err != nil {
				return err
			}
			for _, x := range cmds {
				var c qda.Command
				if err := json.Unmarshal(x.body, &c); err != nil {
					return fmt.Errorf("command %d: %w", x.seq, err)
				}
				body, err := r.seal(&c)
				if err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `UPDATE commands SET body = $3, sealed = true WHERE project = $1 AND seq = $2`, pid, x.seq, body); err != nil {
					return err
				}
				total++
			}
			type ent struct {
				entity, key string
				image       []byte
			}
			rows, err = tx.Query(ctx, `SELECT entity, key, image FROM entities WHERE project = $1 AND scope IS NULL`, pid)
			if err != nil {
				return err
			}
			ents, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ent, error) {
				var x ent
				return x, r.Scan(&x.entity, &x.key, &x.image)
			})
			if err != nil {
				return err
			}
			for _, x := range ents {
				scope := server.ScopeOf(qda.Change{Entity: x.entity, Key: x.key, After: x.image})
				dk, err := r.dataKey(scope, true)
				if err != nil {
					return err
				}
				img, err := vault.Seal(dk, x.image, entityAAD(pid, scope, x.entity, x.key))
				if err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `UPDATE entities SET image = $4, scope = $5 WHERE project = $1 AND entity = $2 AND key = $3`, pid, x.entity, x.key, img, scope); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("seal the texts of project %s: %w", pid, err)
		}
	}
	return total, nil
}

// eraseWords erases an anonymisation's replaced words from the project's
// log: every change image that holds one (unless a live entity still holds
// it, as the laptops keep it too) is erased, and every scope that held one
// gets a new data key with which its other images are sealed anew, so the
// old ciphertexts in WAL, dead tuples and backups open no more once the
// old key is gone (the caller rotates the project key). It reports whether
// it erased anything.
func (r *ring) eraseWords(needles []string) (bool, error) {
	ns := make([][]byte, 0, len(needles))
	for _, n := range needles {
		ns = append(ns, []byte(n))
	}
	holds := func(img []byte) bool {
		for _, n := range ns {
			if bytes.Contains(img, n) {
				return true
			}
		}
		return false
	}
	// Live entities keep their words.
	type ent struct {
		entity, key string
		image       []byte
		scope       *string
	}
	rows, err := r.q.Query(r.ctx, `SELECT entity, key, image, scope FROM entities WHERE project = $1`, r.project)
	if err != nil {
		return false, err
	}
	ents, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ent, error) {
		var x ent
		return x, row.Scan(&x.entity, &x.key, &x.image, &x.scope)
	})
	if err != nil {
		return false, err
	}
	plain := make([][]byte, len(ents))
	for i, x := range ents {
		plain[i] = x.image
		if x.scope != nil {
			dk, err := r.dataKey(*x.scope, false)
			if err != nil || dk == nil {
				return false, fmt.Errorf("entity %s %s: its data key is missing (%v)", x.entity, x.key, err)
			}
			if plain[i], err = vault.Open(dk, x.image, entityAAD(r.project, *x.scope, x.entity, x.key)); err != nil {
				return false, err
			}
		}
		kept := ns[:0]
		for _, n := range ns {
			if !bytes.Contains(plain[i], n) {
				kept = append(kept, n)
			}
		}
		ns = kept
	}
	if len(ns) == 0 {
		return false, nil
	}
	// The log: which scopes hold an erased word.
	rows, err = r.q.Query(r.ctx, `SELECT seq, body FROM commands WHERE project = $1 AND sealed ORDER BY seq`, r.project)
	if err != nil {
		return false, err
	}
	type cmdRow struct {
		seq  int64
		body storedCommand
	}
	cmds, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (cmdRow, error) {
		var x cmdRow
		var b []byte
		if err := row.Scan(&x.seq, &b); err != nil {
			return x, err
		}
		return x, json.Unmarshal(b, &x.body)
	})
	if err != nil {
		return false, err
	}
	open := func(st storedChange, side string, sealed []byte) ([]byte, error) {
		dk, err := r.dataKey(st.Scope, false)
		if err != nil || dk == nil || sealed == nil {
			return nil, err
		}
		return vault.Open(dk, sealed, imageAAD(r.project, st.Scope, st.Entity, st.Key, side))
	}
	touched := map[string]bool{}
	for _, c := range cmds {
		for _, st := range c.body.Changes {
			if st.Scope == "" || st.Erased || touched[st.Scope] {
				continue
			}
			b, err1 := open(st, "before", st.Before)
			a, err2 := open(st, "after", st.After)
			if err := errors.Join(err1, err2); err != nil {
				return false, fmt.Errorf("command %d: %w", c.seq, err)
			}
			if holds(b) || holds(a) {
				touched[st.Scope] = true
			}
		}
	}
	if len(touched) == 0 {
		return false, nil
	}
	// New data keys for the touched scopes; their images sealed anew or,
	// holding an erased word, erased.
	fresh := map[string][]byte{}
	for sc := range touched {
		if fresh[sc], err = vault.NewDataKey(); err != nil {
			return false, err
		}
	}
	for _, c := range cmds {
		changed := false
		for i, st := range c.body.Changes {
			if !touched[st.Scope] || st.Erased {
				continue
			}
			b, err1 := open(st, "before", st.Before)
			a, err2 := open(st, "after", st.After)
			if err := errors.Join(err1, err2); err != nil {
				return false, err
			}
			changed = true
			if holds(b) || holds(a) {
				c.body.Changes[i] = storedChange{Entity: st.Entity, Key: st.Key, Erased: true}
				continue
			}
			if st.Before, err = r.sealImage(fresh[st.Scope], st, "before", b); err != nil {
				return false, err
			}
			if st.After, err = r.sealImage(fresh[st.Scope], st, "after", a); err != nil {
				return false, err
			}
			c.body.Changes[i] = st
		}
		if !changed {
			continue
		}
		body, err := json.Marshal(&c.body)
		if err != nil {
			return false, err
		}
		if _, err := r.q.Exec(r.ctx, `UPDATE commands SET body = $3 WHERE project = $1 AND seq = $2`, r.project, c.seq, body); err != nil {
			return false, err
		}
	}
	for i, x := range ents {
		if x.scope == nil || !touched[*x.scope] {
			continue
		}
		img, err := vault.Seal(fresh[*x.scope], plain[i], entityAAD(r.project, *x.scope, x.entity, x.key))
		if err != nil {
			return false, err
		}
		if _, err := r.q.Exec(r.ctx, `UPDATE entities SET image = $4 WHERE project = $1 AND entity = $2 AND key = $3`, r.project, x.entity, x.key, img); err != nil {
			return false, err
		}
	}
	for sc, dk := range fresh {
		w, err := r.pk.Wrap(dk, wrapAAD(r.project, sc))
		if err != nil {
			return false, err
		}
		if _, err := r.q.Exec(r.ctx, `UPDATE data_keys SET wrapped = $3 WHERE project = $1 AND scope = $2`, r.project, sc, w); err != nil {
			return false, err
		}
		r.keys[sc] = dk
	}
	return true, nil
}
