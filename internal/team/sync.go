package team

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/teamapi"
)

// Replica is what Sync needs of the open local project (the core's write
// path: *project.Project has it).
type Replica interface {
	View(fn func(tx app.Tx) error) error
	WriteCmd(cmd *qda.Command, fn func(tx app.Tx) error) error
	ApplyRemote(cmds []*qda.Command, changes [][]qda.Change) error
}

// Purger is what a replica needs to apply a pulled purge: the local
// erasure (privacy's ApplyRemotePurge, which *project.Project has).
type Purger interface {
	ApplyRemotePurge(cmd *qda.Command) error
}

// Anonymiser is what a replica needs to apply a pulled anonymisation
// (privacy's ApplyRemoteAnon).
type Anonymiser interface {
	ApplyRemoteAnon(cmd *qda.Command) error
}

// clearAnon returns the form in which an anonymisation is pushed: its
// replaced texts' images hold the real names, so the local log keeps them
// sealed with the pseudonym key (or not at all); the server gets each
// text's new image in the clear — the before image of the next local
// command that changed the text again, else the text as it is now — and
// no before image. The other changes go as they are.
func clearAnon(rep Replica, cmd *qda.Command, after []*qda.Command) (*qda.Command, error) {
	pc := *cmd
	pc.Changes = make([]qda.Change, len(cmd.Changes))
	copy(pc.Changes, cmd.Changes)
	for i, ch := range pc.Changes {
		if !ch.Sealed || ch.Entity != "text" {
			continue
		}
		var clear []byte
		found := false
		for _, later := range after {
			for _, lc := range later.Changes {
				if lc.Entity == ch.Entity && lc.Key == ch.Key && !found {
					found = true
					if !lc.Sealed {
						clear = lc.Before
					}
				}
			}
		}
		if !found {
			err := rep.View(func(tx app.Tx) (err error) { clear, err = tx.RawImage(ch.Entity, ch.Key); return err })
			if err != nil {
				return nil, fmt.Errorf("read the anonymised text %s: %w", ch.Key, err)
			}
		}
		if clear == nil {
			continue // not to be had in the clear: the server refuses it
		}
		pc.Changes[i] = qda.Change{Entity: ch.Entity, Key: ch.Key, After: clear}
	}
	return &pc, nil
}

// Refused is a local command the server refused; Sync took it back here.
type Refused struct {
	GUID    qda.GUID `json:"guid"`
	Kind    string   `json:"kind"`
	Summary string   `json:"summary"`
	// Code is forbidden, conflict or invalid; Reason the server's words.
	Code   string `json:"code"`
	Reason string `json:"reason"`
	// Kept lists the changes not taken back because a later local
	// command changed the same entity again.
	Kept []string `json:"kept,omitempty"`
}

// Report says what a sync did.
type Report struct {
	Pushed    int `json:"pushed"`
	Pulled    int `json:"pulled"`
	Conflicts int `json:"conflicts"`
	// Purged counts the pulled purges erased here (in Pulled too).
	Purged  int       `json:"purged"`
	Refused []Refused `json:"refused"`
	// Cursor is the newest server command applied here, Head the
	// server's newest.
	Cursor uint64 `json:"cursor"`
	Head   uint64 `json:"head"`
}

// pageSize is how many commands one pull or push carries.
const pageSize = 500

// Sync brings the replica in dir and the server's project in step:
//
//  1. it pushes every local command since the last sync (the server
//     orders them after the others' or refuses them with a reason);
//  2. it takes back, locally, each refused command (a sync.revert
//     command), so a refused change is visible as such and never
//     silently lost (the command stays in the log); a conflict (someone
//     else changed the same entity first) is recorded in st.Conflicts
//     with both versions until the user resolves it (Resolve);
//  3. it applies the others' commands in the server's order, each as a
//     command with its GUID, member and time; a change to an entity that
//     one of this laptop's commands changed later in that order is left
//     out, so every replica ends with the server's order's last write.
//
// st is saved in dir after the push and after every page pulled, so a
// sync interrupted at any point is finished by the next one: a repeated
// push is recognised by GUID, a command pulled twice is applied once.
// now is recorded as the time of the last sync.
func Sync(ctx context.Context, rep Replica, dir string, st *State, c *Client, now time.Time) (*Report, error) {
	rep0 := &Report{Refused: []Refused{}}
	local, err := localSince(rep, st.LocalSeq)
	if err != nil {
		return nil, err
	}
	known := map[qda.GUID]bool{}
	var push []*qda.Command
	orig := map[qda.GUID]*qda.Command{}
	for i, cmd := range local {
		known[cmd.GUID] = true
		if cmd.Kind == app.KindSyncRevert {
			continue
		}
		if cmd.Kind == qda.KindAnonReplace {
			pc, err := clearAnon(rep, cmd, local[i+1:])
			if err != nil {
				return nil, err
			}
			orig[cmd.GUID] = cmd
			cmd = pc
		}
		push = append(push, cmd)
	}
	// later[entity key] is the newest server place of this laptop's
	// commands that change it.
	later := map[string]uint64{}
	var refused []*qda.Command
	var why []*teamapi.Refusal
	for i := 0; i < len(push); i += pageSize {
		page := push[i:min(i+pageSize, len(push))]
		resp, err := c.Push(ctx, st.Project, page)
		if err != nil {
			return nil, fmt.Errorf("push: %w", err)
		}
		if len(resp.Results) != len(page) {
			return nil, fmt.Errorf("push: the server answered %d results for %d commands", len(resp.Results), len(page))
		}
		rep0.Head = resp.Head
		for j, r := range resp.Results {
			cmd := page[j]
			if r.Refused != nil {
				if o := orig[cmd.GUID]; o != nil {
					cmd = o // take back what is here, not the pushed form
				}
				refused, why = append(refused, cmd), append(why, r.Refused)
				continue
			}
			if !r.Duplicate {
				rep0.Pushed++
			}
			for _, ch := range cmd.Changes {
				k := ch.Entity + "\x00" + ch.Key
				later[k] = max(later[k], r.Seq)
			}
		}
	}
	// Take refused commands back, newest first.
	var found []Conflict
	for i := len(refused) - 1; i >= 0; i-- {
		rf, rcmd, err := takeBack(rep, refused[i], why[i])
		if err != nil {
			return nil, err
		}
		if rcmd != "" {
			known[rcmd] = true
		}
		if rf.Code == teamapi.RefusedConflict {
			rep0.Conflicts++
			found = append([]Conflict{newConflict(refused[i], why[i].Message, now)}, found...)
		}
		rep0.Refused = append([]Refused{rf}, rep0.Refused...)
	}
	st.Refused = rep0.Refused
	for _, c := range found {
		st.addConflict(c)
	}
	if err := st.Save(dir); err != nil {
		return nil, err
	}
	// Pull.
	for {
		resp, err := c.Pull(ctx, st.Project, st.Cursor, pageSize, 0)
		if err != nil {
			return nil, fmt.Errorf("pull: %w", err)
		}
		rep0.Head = resp.Head
		var cmds []*qda.Command
		var keeps [][]qda.Change
		cursor := st.Cursor
		// apply records the commands gathered so far up to cursor: in one
		// transaction (all or nothing, so the cursor moves only with it).
		apply := func() error {
			if len(cmds) > 0 {
				if err := rep.ApplyRemote(cmds, keeps); err != nil {
					return fmt.Errorf("apply the commands %d to %d of the server's log: %w", st.Cursor+1, cursor, err)
				}
				rep0.Pulled += len(cmds)
				cmds, keeps = nil, nil
				c.hook("pull:applied")
			}
			st.Cursor = cursor
			return st.Save(dir)
		}
		for _, e := range resp.Commands {
			if e.Seq <= cursor {
				continue
			}
			var cmd qda.Command
			if err := json.Unmarshal(e.Command, &cmd); err != nil {
				return nil, fmt.Errorf("pull: command %d of the log is broken: %w", e.Seq, err)
			}
			if known[cmd.GUID] {
				cursor = e.Seq
				continue
			}
			if cmd.Kind == qda.KindAnonReplace {
				// The data-protection officer's anonymisation: the replaced
				// words are erased here too.
				if err := apply(); err != nil {
					return nil, err
				}
				an, ok := rep.(Anonymiser)
				if !ok {
					return nil, fmt.Errorf("command %d of the log is an anonymisation, and this replica cannot erase", e.Seq)
				}
				if err := an.ApplyRemoteAnon(&cmd); err != nil {
					return nil, err
				}
				known[cmd.GUID] = true
				rep0.Pulled++
				cursor = e.Seq
				st.Cursor = cursor
				if err := st.Save(dir); err != nil {
					return nil, err
				}
				continue
			}
			if cmd.Kind == teamapi.KindPurge {
				// The data-protection officer's purge: erased here too, on
				// its own, after what came before it.
				if err := apply(); err != nil {
					return nil, err
				}
				pr, ok := rep.(Purger)
				if !ok {
					return nil, fmt.Errorf("command %d of the log is a purge, and this replica cannot erase", e.Seq)
				}
				if err := pr.ApplyRemotePurge(&cmd); err != nil {
					return nil, err
				}
				known[cmd.GUID] = true
				rep0.Pulled++
				rep0.Purged++
				cursor = e.Seq
				st.Cursor = cursor
				if err := st.Save(dir); err != nil {
					return nil, err
				}
				continue
			}
			cursor = e.Seq
			var keep []qda.Change
			for _, ch := range cmd.Changes {
				if later[ch.Entity+"\x00"+ch.Key] <= e.Seq {
					keep = append(keep, ch)
				}
			}
			known[cmd.GUID] = true
			cmds, keeps = append(cmds, &cmd), append(keeps, keep)
		}
		if err := apply(); err != nil {
			return nil, err
		}
		if len(resp.Commands) == 0 || st.Cursor >= resp.Head {
			break
		}
	}
	// Advance the local mark over everything accounted for (a command a
	// concurrent local write made meanwhile stays for the next sync).
	after, err := localSince(rep, st.LocalSeq)
	if err != nil {
		return nil, err
	}
	for _, cmd := range after {
		if !known[cmd.GUID] {
			break
		}
		st.LocalSeq = cmd.Seq
	}
	if err := refreshTheirs(rep, st); err != nil {
		return nil, fmt.Errorf("read the versions of the conflicts: %w", err)
	}
	st.LastSync = now.UTC()
	rep0.Cursor = st.Cursor
	return rep0, st.Save(dir)
}

// addConflict records c unless a conflict of the same command is recorded.
func (st *State) addConflict(c Conflict) {
	for _, o := range st.Conflicts {
		if o.GUID == c.GUID {
			return
		}
	}
	st.Conflicts = append(st.Conflicts, c)
}

// localSince returns the local commands after seq, oldest first.
func localSince(rep Replica, seq uint64) ([]*qda.Command, error) {
	var out []*qda.Command
	err := rep.View(func(tx app.Tx) error {
		return tx.Commands(seq+1, func(c *qda.Command) error {
			cp := *c
			out = append(out, &cp)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read the local log: %w", err)
	}
	return out, nil
}

// takeBack reverts a refused command locally: each change whose entity is
// still as the command left it gets its before image back, in one
// sync.revert command; the others are reported as kept.
func takeBack(rep Replica, cmd *qda.Command, why *teamapi.Refusal) (Refused, qda.GUID, error) {
	rf := Refused{GUID: cmd.GUID, Kind: cmd.Kind, Summary: cmd.Summary, Code: why.Code, Reason: why.Message}
	var back []qda.Change
	changes := merged(cmd.Changes)
	err := rep.View(func(tx app.Tx) error {
		for i := len(changes) - 1; i >= 0; i-- {
			ch := changes[i]
			cur, err := tx.RawImage(ch.Entity, ch.Key)
			if err != nil {
				return err
			}
			if ch.Sealed || !bytes.Equal(cur, ch.After) {
				rf.Kept = append(rf.Kept, ch.Entity+" "+ch.Key)
				continue
			}
			back = append(back, ch)
		}
		return nil
	})
	if err != nil || len(back) == 0 {
		return rf, "", err
	}
	rc := &qda.Command{Kind: app.KindSyncRevert, Reverts: cmd.GUID, Summary: fmt.Sprintf("the team server refused %q: %s", cmd.Summary, why.Message)}
	err = rep.WriteCmd(rc, func(tx app.Tx) error {
		for _, ch := range back {
			cur, err := tx.RawImage(ch.Entity, ch.Key)
			if err != nil {
				return err
			}
			if !bytes.Equal(cur, ch.After) {
				return qda.Errorf(qda.EConflict, "the %s %s changed while its refused command was taken back; sync again", ch.Entity, ch.Key)
			}
			if err := tx.ApplyImages([]qda.Change{ch}, true); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return rf, "", fmt.Errorf("take back the refused %q: %w", cmd.Summary, err)
	}
	return rf, rc.GUID, nil
}

// merged returns changes with one change per entity: its first before and
// its last after image (a command may write an entity twice).
func merged(changes []qda.Change) []qda.Change {
	var out []qda.Change
	at := map[string]int{}
	for _, c := range changes {
		k := c.Entity + "\x00" + c.Key
		if i, ok := at[k]; ok {
			out[i].After = c.After
			out[i].Sealed = out[i].Sealed || c.Sealed
			continue
		}
		at[k] = len(out)
		out = append(out, c)
	}
	return out
}
