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
// and the search index follows once.
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
	// As afterWrite, from the first command's predecessor to the last.
	var touched []qda.Change
	for _, r := range recs {
		touched = append(touched, r.Changes...)
	}
	if s.index == nil || s.indexStale.Load() {
		return nil
	}
	if st, err := s.index.Stamp(); err != nil || st.Seq != recs[0].Seq-1 {
		s.indexStale.Store(true)
		return nil
	}
	var docs map[qda.GUID]bool
	err := s.store.View(func(tx Tx) (err error) { docs, err = docsOfChanges(tx, touched); return err })
	if err == nil {
		err = s.reindex(docs, recs[len(recs)-1].Seq)
	}
	if err != nil {
		s.indexStale.Store(true)
		s.log.Warn("search index update failed; it will be rebuilt", "commands", len(recs), "err", err)
	}
	return nil
}
