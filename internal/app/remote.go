package app

import "github.com/protocoder/protocoder/internal/qda"

// KindSyncRevert is the kind of the command that takes back, on the laptop
// that made it, a command the team server refused. It is not pushed and
// not undone.
const KindSyncRevert = "sync.revert"

// BatchStore is a Store that records several commands in one transaction.
type BatchStore interface {
	UpdateMany(cmds []*qda.Command, fn func(i int, tx Tx) error) error
}

// ApplyRemote records commands pulled from the team server as commands of
// this project, each with its GUID, member, time, kind and summary as made,
// writing the after images of changes[i] (the caller leaves out those a
// newer command overwrote). A BatchStore writes them in one transaction,
// and the search index follows in one catch-up.
func (s *Service) ApplyRemote(cmds []*qda.Command, changes [][]qda.Change) error {
	if len(cmds) == 0 {
		return nil
	}
	recs := make([]*qda.Command, len(cmds))
	for i, c := range cmds {
		recs[i] = &qda.Command{GUID: c.GUID, User: c.User, Time: c.Time, Kind: c.Kind, Summary: c.Summary, Reverts: c.Reverts}
		if c.GUID == "" || c.User == "" || c.Kind == "" {
			return qda.Errorf(qda.EInvalid, "a pulled command without GUID, member or kind")
		}
	}
	bs, ok := s.store.(BatchStore)
	if !ok {
		for i, rec := range recs {
			if err := s.store.Update(rec, func(tx Tx) error { return tx.ApplyImages(changes[i], false) }); err != nil {
				return err
			}
			s.afterWrite(rec)
		}
		return nil
	}
	if err := bs.UpdateMany(recs, func(i int, tx Tx) error { return tx.ApplyImages(changes[i], false) }); err != nil {
		return err
	}
	// The index keeper takes them in one catch-up: the first wakes it (or
	// indexes all of them at once), the others find it current.
	for _, rec := range recs {
		s.afterWrite(rec)
	}
	return nil
}
