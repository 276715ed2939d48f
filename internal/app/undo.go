package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/protocoder/protocoder/internal/qda"
)

// Command kinds of undo and redo.
const (
	KindUndo = "undo"
	KindRedo = "redo"
)

// historyDepth bounds how far back undo looks in the command log.
const historyDepth = 5000

// UndoState tells what undo and redo would revert for the acting user.
type UndoState struct {
	// Undo is the command Undo would revert, nil if none.
	Undo *qda.Command `json:"undo,omitempty"`
	// Redo is the command Redo would restore, nil if none.
	Redo *qda.Command `json:"redo,omitempty"`
}

// undoStacks replays the acting user's commands into an undo and a redo
// stack. Undo state lives in the command log, so it survives restarts.
func (s *Service) undoStacks(tx Tx, user qda.GUID) (undo, redo []*qda.Command, err error) {
	from := uint64(1)
	if last := tx.LastCommandSeq(); last > historyDepth {
		from = last - historyDepth + 1
	}
	byID := map[qda.GUID]*qda.Command{}
	err = tx.Commands(from, func(c *qda.Command) error {
		if c.User != user || user == "" {
			return nil
		}
		cp := *c
		byID[c.GUID] = &cp
		switch c.Kind {
		case KindUndo:
			if n := len(undo); n > 0 && undo[n-1].GUID == c.Reverts {
				redo = append(redo, undo[n-1])
				undo = undo[:n-1]
			}
		case KindRedo:
			if n := len(redo); n > 0 && redo[n-1].GUID == c.Reverts {
				undo = append(undo, redo[n-1])
				redo = redo[:n-1]
			}
		case KindUserAuto, KindMemberAdd, KindRecordingAttach, KindRecordingDelete, KindSyncRevert:
			// Registering a user and adding a member are not undone:
			// commands refer to the member. A recording's file cannot be
			// brought back or taken away by the command's images.
		default:
			if hasImages(c) {
				undo = append(undo, &cp)
				redo = nil
			}
		}
		return nil
	})
	return undo, redo, err
}

// UndoState returns what undo and redo would do now.
func (s *Service) UndoState() (UndoState, error) {
	var st UndoState
	err := s.store.View(func(tx Tx) error {
		user, err := s.CurrentUser(tx)
		if err != nil {
			return err
		}
		undo, redo, err := s.undoStacks(tx, user)
		if n := len(undo); n > 0 {
			st.Undo = undo[n-1]
		}
		if n := len(redo); n > 0 {
			st.Redo = redo[n-1]
		}
		return err
	})
	return st, err
}

// Undo reverts the acting user's newest command that is not undone yet. It
// refuses when an entity the command wrote has changed since (by another
// command), rather than overwrite that change.
func (s *Service) Undo() (*qda.Command, error) { return s.revert(true) }

// Redo restores the command most recently undone.
func (s *Service) Redo() (*qda.Command, error) { return s.revert(false) }

func (s *Service) revert(undo bool) (*qda.Command, error) {
	kind := KindRedo
	if undo {
		kind = KindUndo
	}
	var target *qda.Command
	err := s.store.View(func(tx Tx) error {
		me, err := s.ResolveMember(tx)
		if err != nil {
			return err
		}
		u, r, err := s.undoStacks(tx, me.GUID)
		stack := r
		if undo {
			stack = u
		}
		if n := len(stack); n > 0 {
			target = stack[n-1]
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if target == nil {
		return nil, qda.Errorf(qda.EConflict, "there is nothing to %s", kind)
	}
	changes, err := s.unsealed(target)
	if err != nil {
		return nil, err
	}
	apply := func(tx Tx) error {
		for _, c := range changes {
			cur, err := tx.RawImage(c.Entity, c.Key)
			if err != nil {
				return err
			}
			expect := c.After
			if !undo {
				expect = c.Before
			}
			if !bytes.Equal(cur, expect) {
				return qda.Errorf(qda.EConflict, "cannot %s %q: the %s it changed has been changed since", kind, target.Summary, c.Entity).
					WithKey(kind+".changedSince", nil)
			}
		}
		if err := tx.ApplyImages(changes, undo); err != nil {
			return err
		}
		if err := s.checkFinalAfter(tx, changes); err != nil {
			return qda.Errorf(qda.ErrorCode(err), "cannot %s %q: %v", kind, target.Summary, err)
		}
		return nil
	}
	cmd := &qda.Command{Kind: kind, Reverts: target.GUID, Summary: fmt.Sprintf("%s %s", kind, target.Summary)}
	if !undo && slices.ContainsFunc(target.Changes, func(c qda.Change) bool { return c.Sealed }) {
		// Redoing an anonymisation replaces real names again: it must
		// erase them again, which only the privacy feature can do.
		if s.sealedRedo == nil {
			return nil, qda.Errorf(qda.EConflict, "%q is not redone: apply the anonymisation again", target.Summary)
		}
		err = s.sealedRedo(cmd, changes, apply)
	} else {
		err = s.WriteCmd(cmd, apply)
	}
	if err != nil {
		return nil, err
	}
	return target, nil
}

// checkFinalAfter runs the final gate on every interview a revert touched
// (itself, or through its protocol) that is final afterwards: undo and redo
// are paths to a final protocol too.
func (s *Service) checkFinalAfter(tx Tx, changes []qda.Change) error {
	ivs := map[qda.GUID]bool{}
	for _, c := range changes {
		switch c.Entity {
		case "interview":
			ivs[qda.GUID(c.Key)] = true
		case "document", "text":
			if d, err := tx.Document(qda.GUID(c.Key)); err == nil && d.Interview != "" {
				ivs[d.Interview] = true
			}
		}
	}
	for id := range ivs {
		iv, err := tx.Interview(id)
		if qda.ErrorCode(err) == qda.ENotFound {
			continue
		} else if err != nil {
			return err
		}
		if iv.Status == qda.StatusFinal {
			if err := s.CheckFinal(tx, iv); err != nil {
				return err
			}
		}
	}
	return nil
}

// SealedRedo redoes a command that replaced real names (its images were
// sealed): it runs apply as cmd and erases the names it replaces again.
// changes are the command's images, opened.
type SealedRedo func(cmd *qda.Command, changes []qda.Change, apply func(tx Tx) error) error

// SetSealedRedo installs the redo of anonymisations; the privacy feature
// installs its erasure.
func (s *Service) SetSealedRedo(r SealedRedo) { s.sealedRedo = r }

// Unsealer opens a change image sealed with the project's pseudonym key
// (qda.Change.Sealed); it fails while the key is locked.
type Unsealer func(sealed []byte) ([]byte, error)

// SetUnsealer installs the opener of sealed images; the privacy feature
// installs the pseudonym key's when it is built.
func (s *Service) SetUnsealer(u Unsealer) { s.unseal = u }

// unsealed returns target's changes, one per entity (the first before-
// and the last after-image of an entity the command wrote twice), with
// sealed images opened: undoing an anonymisation needs the pseudonym key.
func (s *Service) unsealed(target *qda.Command) ([]qda.Change, error) {
	var out []qda.Change
	at := map[string]int{}
	for _, c := range target.Changes {
		k := c.Entity + "\x00" + c.Key
		if i, ok := at[k]; ok {
			out[i].After = c.After
			out[i].Sealed = out[i].Sealed || c.Sealed
			continue
		}
		at[k] = len(out)
		out = append(out, c)
	}
	for i := range out {
		c := &out[i]
		if !c.Sealed {
			continue
		}
		if c.Before == nil && c.After == nil {
			return nil, qda.Errorf(qda.EConflict, "%q replaced real names while the pseudonym key was locked; what it replaced is erased, so it cannot be reverted", target.Summary)
		}
		if s.unseal == nil {
			return nil, qda.Errorf(qda.EProtected, "%q replaced real names; reverting it needs the pseudonym key, which this project cannot open", target.Summary)
		}
		for _, img := range []*json.RawMessage{&c.Before, &c.After} {
			if *img == nil {
				continue
			}
			plain, err := s.unseal(*img)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", target.Summary, err)
			}
			*img = plain
		}
		c.Sealed = false
	}
	return out, nil
}

// hasImages reports whether a command has anything to revert: commands
// whose images were scrubbed by a purge (and the purge itself) have not,
// nor has an anonymisation whose replaced text was erased.
func hasImages(c *qda.Command) bool {
	any := false
	for _, ch := range c.Changes {
		if ch.Sealed && ch.Before == nil && ch.After == nil {
			// Part of it was erased (an anonymisation without the key):
			// the rest alone cannot revert it.
			return false
		}
		any = any || ch.Before != nil || ch.After != nil
	}
	return any
}

// Kinds of the recording commands. They are not undone: their files
// cannot be brought back by a command's images.
const (
	KindRecordingAttach = "recording.attach"
	KindRecordingDelete = "recording.delete"
)
