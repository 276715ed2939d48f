package app

import (
	"bytes"
	"fmt"

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
		case KindUserAuto, KindMemberAdd, KindRecordingAttach, KindRecordingDelete:
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
	err = s.writeReverting(kind, target, func(tx Tx) error {
		for _, c := range target.Changes {
			cur, err := tx.RawImage(c.Entity, c.Key)
			if err != nil {
				return err
			}
			expect := c.After
			if !undo {
				expect = c.Before
			}
			if !bytes.Equal(cur, expect) {
				return qda.Errorf(qda.EConflict, "cannot %s %q: the %s it changed has been changed since", kind, target.Summary, c.Entity)
			}
		}
		return tx.ApplyImages(target.Changes, undo)
	})
	if err != nil {
		return nil, err
	}
	return target, nil
}

// writeReverting is write for undo and redo: the command records which
// command it reverts.
func (s *Service) writeReverting(kind string, target *qda.Command, fn func(tx Tx) error) error {
	return s.WriteCmd(&qda.Command{Kind: kind, Reverts: target.GUID, Summary: fmt.Sprintf("%s %s", kind, target.Summary)}, fn)
}

// hasImages reports whether a command has anything to revert: commands
// whose images were scrubbed by a purge (and the purge itself) have not.
func hasImages(c *qda.Command) bool {
	for _, ch := range c.Changes {
		if ch.Before != nil || ch.After != nil {
			return true
		}
	}
	return false
}

// Kinds of the recording commands. They are not undone: their files
// cannot be brought back by a command's images.
const (
	KindRecordingAttach = "recording.attach"
	KindRecordingDelete = "recording.delete"
)
