package app

import "github.com/protocoder/protocoder/internal/qda"

// KindSyncRevert is the kind of the command that takes back, on the laptop
// that made it, a command the team server refused. It is not pushed and
// not undone.
const KindSyncRevert = "sync.revert"

// ApplyRemote records a command another laptop made (pulled from the team
// server) as a command of this project: with its GUID, member, time, kind,
// summary and reverts as made, writing the after images of changes (the
// caller leaves out those a newer command overwrote). The member must be
// one of the project (the server's member commands bring the members);
// the search index follows as after every write.
func (s *Service) ApplyRemote(cmd *qda.Command, changes []qda.Change) error {
	rec := &qda.Command{GUID: cmd.GUID, User: cmd.User, Time: cmd.Time, Kind: cmd.Kind, Summary: cmd.Summary, Reverts: cmd.Reverts}
	if rec.GUID == "" || rec.User == "" || rec.Kind == "" {
		return qda.Errorf(qda.EInvalid, "a pulled command without GUID, member or kind")
	}
	if err := s.store.Update(rec, func(tx Tx) error { return tx.ApplyImages(changes, false) }); err != nil {
		return err
	}
	s.afterWrite(rec)
	return nil
}
