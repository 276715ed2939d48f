package exchange

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// Command kinds of exchange imports and team merges.
const (
	KindImport = "exchange.import"
	KindMerge  = "project.merge"
)

// SnapshotOptions configure Snapshot.
type SnapshotOptions struct {
	// History adds which commands changed which entity, for a merge.
	History bool
}

// Snapshot reads the whole project in one transaction: what an exchange
// export writes and what a merge into another copy of the project reads.
// Real names behind case pseudonyms are left out unless the snapshot is
// for a merge (History), which moves them between the team's own copies.
func (s *Service) Snapshot(o SnapshotOptions) (*qda.Snapshot, error) {
	snap := &qda.Snapshot{Texts: map[qda.GUID]string{}}
	err := s.View(func(tx app.Tx) (err error) {
		if snap.Project, err = tx.Project(); err != nil {
			return err
		}
		if snap.Users, err = tx.Users(); err != nil {
			return err
		}
		if snap.AttributeDefs, err = tx.AttributeDefs(); err != nil {
			return err
		}
		if snap.Cases, err = tx.Cases(); err != nil {
			return err
		}
		if snap.Guidelines, err = tx.Guidelines(); err != nil {
			return err
		}
		if snap.Codes, err = tx.Codes(); err != nil {
			return err
		}
		if snap.Interviews, err = tx.Interviews(); err != nil {
			return err
		}
		if snap.Documents, err = tx.Documents(); err != nil {
			return err
		}
		for _, d := range snap.Documents {
			if snap.Texts[d.GUID], err = tx.Text(d.GUID); err != nil {
				return err
			}
		}
		if err = tx.EachCoding(func(c *qda.Coding) error { snap.Codings = append(snap.Codings, *c); return nil }); err != nil {
			return err
		}
		if snap.Memos, err = tx.Memos(); err != nil {
			return err
		}
		if p, err := tx.Plan(); err == nil && p != nil && len(p.Rows) > 0 {
			snap.Plan = p
		} else if err != nil && qda.ErrorCode(err) != qda.ENotFound {
			return err
		}
		if o.History {
			snap.History, snap.Commands, err = history(tx)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if !o.History {
		for i := range snap.Cases {
			snap.Cases[i].RealName = ""
		}
	}
	return snap, nil
}

// imageHash is the hash of an entity image as Touch.After records it.
func imageHash(img []byte) string {
	if img == nil {
		return ""
	}
	h := sha256.Sum256(img)
	return hex.EncodeToString(h[:16])
}

// history reads the command log into per-entity touches.
func history(tx app.Tx) (map[string][]qda.Touch, map[qda.GUID]bool, error) {
	hist, cmds := map[string][]qda.Touch{}, map[qda.GUID]bool{}
	err := tx.Commands(0, func(c *qda.Command) error {
		cmds[c.GUID] = true
		for _, ch := range c.Changes {
			k := qda.EntityKey(ch.Entity, ch.Key)
			hist[k] = append(hist[k], qda.Touch{Command: c.GUID, Kind: c.Kind, After: imageHash(ch.After)})
		}
		return nil
	})
	return hist, cmds, err
}

// ExchangeOptions configure ImportSnapshot.
type ExchangeOptions struct {
	// Source names the file, for the report and the command's summary.
	Source string
	// Warnings are what the reader of the file left out; they are copied
	// into the report.
	Warnings []string
}

// ImportSnapshot brings an exchange file's content into the project in one
// command: entities new to the project are added, entities it has already
// (same GUID, or same name for tools that re-mint GUIDs) are matched, and a
// difference between the file and the project is reported as a conflict,
// never overwritten. A backup is taken first when the project holds data.
func (s *Service) ImportSnapshot(snap *qda.Snapshot, o ExchangeOptions) (*MergeReport, error) {
	return s.ImportSnapshotContext(context.Background(), snap, o)
}

// ImportSnapshotContext is ImportSnapshot, cancelled through ctx: a
// cancelled import changes nothing and returns ctx's error.
func (s *Service) ImportSnapshotContext(ctx context.Context, snap *qda.Snapshot, o ExchangeOptions) (*MergeReport, error) {
	if snap == nil {
		return nil, qda.Errorf(qda.EInvalid, "nothing to import")
	}
	cp := *snap
	cp.History, cp.Commands = nil, nil
	return s.mergeSnapshot(ctx, KindImport, &cp, o.Source, o.Warnings)
}

// MergeProject merges another copy of the project (a snapshot taken with
// History) into this one; see mergeSnapshot for the rules.
func (s *Service) MergeProject(snap *qda.Snapshot, source string) (*MergeReport, error) {
	return s.MergeProjectContext(context.Background(), snap, source)
}

// MergeProjectContext is MergeProject, cancelled through ctx: the context
// is checked between the merge's steps and before its commit, and a
// cancelled merge changes nothing and returns ctx's error.
func (s *Service) MergeProjectContext(ctx context.Context, snap *qda.Snapshot, source string) (*MergeReport, error) {
	if snap == nil {
		return nil, qda.Errorf(qda.EInvalid, "nothing to merge")
	}
	return s.mergeSnapshot(ctx, KindMerge, snap, source, nil)
}

// mergeSnapshot backs the project up (when it holds anything) and merges
// snap in one undoable command.
func (s *Service) mergeSnapshot(ctx context.Context, kind string, snap *qda.Snapshot, source string, warnings []string) (*MergeReport, error) {
	// The acting user must be a member; in a project without members yet,
	// a member the snapshot brings along may act (a coder importing their
	// own exported project into an empty one).
	if _, err := s.ActingMember(); err != nil && !errors.Is(err, app.ErrNoMembers) {
		return nil, err
	}
	rep := newMergeReport(source)
	rep.Warnings = append(rep.Warnings, warnings...)
	var empty bool
	err := s.View(func(tx app.Tx) error {
		c := tx.EntityCounts()
		empty = c.Codes+c.Documents+c.Cases+c.Guidelines+c.Memos == 0
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", kind, err)
	}
	if !empty {
		b, err := s.Store().Backup(kind)
		if err != nil {
			return nil, fmt.Errorf("backup before %s: %w", kind, err)
		}
		rep.Backup = b.Path
	}
	verb := "import"
	if kind == KindMerge {
		verb = "merge"
	}
	cmd := &qda.Command{Kind: kind, Summary: fmt.Sprintf("%s %s", verb, source)}
	err = s.WriteAs(cmd, s.importedActor, func(tx app.Tx) error {
		m, err := newMerger(s, tx, snap, rep)
		if err != nil {
			return err
		}
		m.ctx = ctx
		return m.run()
	})
	if err != nil {
		return nil, err
	}
	rep.Command = cmd.GUID
	rep.finish()
	return rep, nil
}

// importedActor names the acting member after an import into a project
// that had no members: the imported member the acting name names.
func (s *Service) importedActor(tx app.Tx) (qda.GUID, error) {
	u, err := s.ResolveMember(tx)
	if err != nil {
		return "", err
	}
	return u.GUID, nil
}
