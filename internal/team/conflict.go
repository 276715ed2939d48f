package team

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
)

// KindKeepMine is the kind of the command that resolves a conflict by
// keeping this laptop's version: it writes the refused command's after
// images on top of the others' version, as a new command that is pushed
// like any other (docs/team.md, rule 9).
const KindKeepMine = "sync.keep"

// Resolutions of a conflict.
const (
	KeepMine   = "mine"
	TakeTheirs = "theirs"
)

// Conflict is a local command the server refused because someone else had
// changed what it changes first. Both versions are kept here until the
// user decides: Mine as the refused command left each entity, Theirs as
// the server's log leaves it (refreshed at every sync).
type Conflict struct {
	// GUID is the refused command's; it stays in the local log.
	GUID    qda.GUID `json:"guid"`
	Kind    string   `json:"kind"`
	Summary string   `json:"summary"`
	Reason  string   `json:"reason"`
	// Made is when the refused command was made, Found the sync that
	// found the conflict.
	Made    time.Time        `json:"made"`
	Found   time.Time        `json:"found"`
	Changes []ConflictChange `json:"changes"`
	// Resolution is "" while open, then KeepMine or TakeTheirs; Command is
	// the keep-mine command's GUID.
	Resolution string    `json:"resolution,omitempty"`
	Resolved   time.Time `json:"resolved,omitzero"`
	Command    qda.GUID  `json:"command,omitempty"`
}

// Open reports whether the user has not decided yet.
func (c *Conflict) Open() bool { return c.Resolution == "" }

// ConflictChange is one entity of a conflict: its image before the
// refused command (Base), after it (Mine) and on the server (Theirs); nil
// where the entity does not exist.
type ConflictChange struct {
	Entity string          `json:"entity"`
	Key    string          `json:"key"`
	Base   json.RawMessage `json:"base,omitempty"`
	Mine   json.RawMessage `json:"mine,omitempty"`
	Theirs json.RawMessage `json:"theirs,omitempty"`
}

// Differs reports whether mine and theirs differ.
func (c ConflictChange) Differs() bool { return !bytes.Equal(c.Mine, c.Theirs) }

// newConflict records a refused command's changes (sealed ones are left
// out: their images are not readable without the key).
func newConflict(cmd *qda.Command, reason string, now time.Time) Conflict {
	c := Conflict{GUID: cmd.GUID, Kind: cmd.Kind, Summary: cmd.Summary, Reason: reason, Made: cmd.Time, Found: now.UTC()}
	for _, ch := range merged(cmd.Changes) {
		if ch.Sealed {
			continue
		}
		c.Changes = append(c.Changes, ConflictChange{Entity: ch.Entity, Key: ch.Key, Base: ch.Before, Mine: ch.After})
	}
	return c
}

// refreshTheirs sets Theirs of every open conflict to what the replica
// holds now (the server's version once the pull is done).
func refreshTheirs(rep Replica, st *State) error {
	return rep.View(func(tx app.Tx) error {
		for i := range st.Conflicts {
			c := &st.Conflicts[i]
			if !c.Open() {
				continue
			}
			for j := range c.Changes {
				ch := &c.Changes[j]
				cur, err := tx.RawImage(ch.Entity, ch.Key)
				if err != nil {
					return err
				}
				ch.Theirs = cur
			}
		}
		return nil
	})
}

// OpenConflicts returns the conflicts the user has not decided yet.
func (st *State) OpenConflicts() []Conflict {
	var out []Conflict
	for _, c := range st.Conflicts {
		if c.Open() {
			out = append(out, c)
		}
	}
	return out
}

// FindConflict returns the conflict whose GUID is id or starts with it
// (at least 8 characters, as `team conflicts` prints them).
func (st *State) FindConflict(id string) (*Conflict, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	var found *Conflict
	for i := range st.Conflicts {
		g := string(st.Conflicts[i].GUID)
		if g == id || len(id) >= 8 && strings.HasPrefix(g, id) {
			if found != nil {
				return nil, qda.Errorf(qda.EInvalid, "%q names more than one conflict: give more of its id", id)
			}
			found = &st.Conflicts[i]
		}
	}
	if found == nil {
		return nil, qda.Errorf(qda.ENotFound, "no conflict %q (team conflicts lists them)", id)
	}
	return found, nil
}

// Resolve settles the conflict id as the user chose: TakeTheirs leaves
// the replica as the server has it (the refused command stays in the
// local log, and the record keeps both versions); KeepMine writes this
// laptop's version of every entity on top of the current one as a new
// command (KindKeepMine), which the next sync pushes. If someone changed
// an entity again meanwhile, that push is a new conflict. The link is
// saved in dir.
func Resolve(rep Replica, dir string, st *State, id, choice string, now time.Time) (*Conflict, error) {
	c, err := st.FindConflict(id)
	if err != nil {
		return nil, err
	}
	if !c.Open() {
		return nil, qda.Errorf(qda.EConflict, "the conflict about %q was resolved already (%s)", c.Summary, c.Resolution)
	}
	switch choice {
	case TakeTheirs:
	case KeepMine:
		cmd := &qda.Command{Kind: KindKeepMine, Summary: fmt.Sprintf("keep mine after a conflict: %s", c.Summary)}
		err := rep.WriteCmd(cmd, func(tx app.Tx) error {
			for _, ch := range c.Changes {
				cur, err := tx.RawImage(ch.Entity, ch.Key)
				if err != nil {
					return err
				}
				if bytes.Equal(cur, ch.Mine) {
					continue
				}
				if err := tx.ApplyImages([]qda.Change{{Entity: ch.Entity, Key: ch.Key, Before: cur, After: ch.Mine}}, false); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("keep your version of %q: %w", c.Summary, err)
		}
		c.Command = cmd.GUID
	default:
		return nil, qda.Errorf(qda.EInvalid, "resolve a conflict with %q or %q, not %q", KeepMine, TakeTheirs, choice)
	}
	c.Resolution, c.Resolved = choice, now.UTC()
	out := *c
	return &out, st.Save(dir)
}

// Describe renders an entity's image for people: a title (its name or
// title) and a body (a memo's or text's text, else its other plain
// fields, one "field: value" a line). A missing image is "".
func Describe(img []byte) (title, body string) {
	if img == nil {
		return "", ""
	}
	var m map[string]any
	if err := json.Unmarshal(img, &m); err != nil {
		return "", string(img)
	}
	for _, k := range []string{"name", "title", "label"} {
		if s, ok := m[k].(string); ok && s != "" {
			title = s
			delete(m, k)
			break
		}
	}
	if s, ok := m["text"].(string); ok {
		return title, s
	}
	keys := make([]string, 0, len(m))
	for k, v := range m {
		switch v.(type) {
		case string, float64, bool:
			if k != "guid" && !strings.HasSuffix(k, "guid") && k != "created" && k != "modified" {
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %v\n", k, m[k])
	}
	return title, strings.TrimSuffix(b.String(), "\n")
}
