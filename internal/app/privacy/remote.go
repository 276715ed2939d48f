// Replicating erasures on a team replica: a purge or an anonymisation
// pulled from the team server is erased here as it was on the laptop that
// made it (see docs/team.md).

package privacy

import (
	"fmt"
	"slices"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
)

// ApplyRemotePurge runs on a team replica the purge another laptop made
// (a pulled command of kind purge, naming the entities it deleted): the
// same local erasure as PurgeInterview and PurgeDocument, of the named
// interviews and documents that are here with everything of theirs (also
// codings and memos made here meanwhile), recorded as the pulled command
// with its GUID, member and time. Afterwards no byte of their text is left
// in the project folder: the command log is scrubbed, the store file and
// the backups are compacted, the search index is rebuilt, recordings are
// shredded. What is not here (never pulled, or purged already) is fine.
func (s *Service) ApplyRemotePurge(cmd *qda.Command) error {
	if cmd == nil || cmd.GUID == "" || cmd.User == "" || cmd.Kind != "purge" {
		return qda.Errorf(qda.EInvalid, "not a pulled purge command")
	}
	er, ok := s.Store().(Eraser)
	if !ok {
		return qda.Errorf(qda.EUnsupported, "this store cannot erase irrevocably")
	}
	var named []qda.GUID
	var set *purgeSet
	err := s.View(func(tx app.Tx) error {
		var ivs, docs []qda.GUID
		for _, ch := range cmd.Changes {
			id := qda.GUID(ch.Key)
			var err error
			switch ch.Entity {
			case "interview":
				named = append(named, id)
				if _, err = tx.Interview(id); err == nil {
					ivs = append(ivs, id)
				}
			case "document":
				named = append(named, id)
				if _, err = tx.Document(id); err == nil {
					docs = append(docs, id)
				}
			}
			if err != nil && qda.ErrorCode(err) != qda.ENotFound {
				return err
			}
		}
		var err error
		if set, err = collectPurge(tx, ivs, docs); err != nil {
			return err
		}
		return set.named(tx, cmd.Changes)
	})
	if err != nil {
		return err
	}
	spec := EraseSpec{Derived: true}
	seen := map[string]bool{}
	for _, id := range named {
		seen[string(id)] = true
		spec.Needles = append(spec.Needles, string(id))
	}
	for _, g := range set.guids {
		if !seen[string(g)] {
			seen[string(g)] = true
			spec.Needles = append(spec.Needles, string(g))
		}
	}
	if spec.Files, err = s.recordingFilesOf(set.interviews); err != nil {
		return err
	}
	rec := &qda.Command{GUID: cmd.GUID, User: cmd.User, Time: cmd.Time, Kind: cmd.Kind, Summary: cmd.Summary}
	if _, err := s.eraseRecorded(er, rec, set.erase, spec); err != nil {
		return fmt.Errorf("run the purge %q here: %w", cmd.Summary, err)
	}
	return nil
}

// named makes a set collected for a pulled purge what the team server's
// log deletes with it: the server names everything of the purged
// interviews and documents its log holds (server.ExpandPurge), also what
// the officer's laptop had not pulled. So the codings, ignore decisions,
// memos and summaries the purge names go too, even when the interview or
// document they belong to is no longer here (undone meanwhile); and a
// memo goes when it or what it is about is named, or it is about a purged
// interview or document — not for a coding only this replica still holds
// (the log deleted it, and the purge keeps that deletion from arriving),
// since the log keeps such a memo. Every coding and ignore decision of a
// named document goes, also when the document is not here: the server
// drops all of them with the document's data key, deletions included.
func (p *purgeSet) named(tx app.Tx, changes []qda.Change) error {
	named := map[string]bool{}
	for _, ch := range changes {
		named[ch.Entity+"\x00"+ch.Key] = true
	}
	about := func(id qda.GUID) bool {
		return named["interview\x00"+string(id)] || named["document\x00"+string(id)] || named["coding\x00"+string(id)]
	}
	for _, id := range p.interviews {
		named["interview\x00"+string(id)] = true
	}
	for _, id := range p.docs {
		named["document\x00"+string(id)] = true
	}
	memos, err := tx.Memos()
	if err != nil {
		return err
	}
	p.memos = p.memos[:0]
	for _, m := range memos {
		if named["memo\x00"+string(m.GUID)] || about(m.Target) {
			p.memos = append(p.memos, m.GUID)
		}
	}
	sums, err := tx.Summaries()
	if err != nil {
		return err
	}
	p.summaries = p.summaries[:0]
	for _, sm := range sums {
		if named["summary\x00"+qda.SummaryKey(sm.Target, sm.Code)] || named["interview\x00"+string(sm.Target)] || named["document\x00"+string(sm.Target)] {
			p.summaries = append(p.summaries, sm)
		}
	}
	ignored := map[qda.GUID]bool{}
	for _, id := range p.ignores {
		ignored[id] = true
	}
	gone := map[qda.GUID]bool{}
	for _, id := range p.docs {
		gone[id] = true
	}
	codingGone := func(id qda.GUID) {
		p.codingsNamed = append(p.codingsNamed, id)
		p.codings++
	}
	for _, ch := range changes {
		id := qda.GUID(ch.Key)
		switch ch.Entity {
		case "document":
			if gone[id] {
				continue
			}
			// Not here any more, but codings or ignore decisions of it
			// are: the server's log dropped them with the document's
			// data key, also a deletion of them this replica never got.
			cs, err := tx.CodingsOfDocument(id)
			if err != nil {
				return err
			}
			for _, c := range cs {
				codingGone(c.GUID)
			}
			igs, err := tx.AnonIgnores(id)
			if err != nil {
				return err
			}
			for _, ig := range igs {
				if !ignored[ig.GUID] {
					ignored[ig.GUID] = true
					p.ignores = append(p.ignores, ig.GUID)
				}
			}
		case "coding":
			c, err := tx.Coding(id)
			if qda.ErrorCode(err) == qda.ENotFound {
				continue
			} else if err != nil {
				return err
			}
			if !gone[c.Document] && !slices.Contains(p.codingsNamed, id) {
				codingGone(id)
			}
		case "anonignore":
			if !ignored[id] {
				ignored[id] = true
				p.ignores = append(p.ignores, id)
			}
		}
	}
	return nil
}

// ApplyRemoteAnon runs on a team replica the anonymisation the
// data-protection officer's laptop pushed (a pulled command of kind
// anon.replace with the new texts in the clear): it writes them, with the
// documents and codings that moved along, as an anonymising erasure of
// the words each text loses (qda.RemovedWords, read against the text held
// here), recorded as the pulled command with its GUID, member and time.
// As on a laptop whose pseudonym key is locked, the images that held those
// words leave the log (they are not sealed: this laptop has no key), the
// store file and the backups are rewritten and the index rebuilt; a word
// that a live entity here still holds stays, as it would for the officer.
func (s *Service) ApplyRemoteAnon(cmd *qda.Command) error {
	if cmd == nil || cmd.GUID == "" || cmd.User == "" || cmd.Kind != qda.KindAnonReplace {
		return qda.Errorf(qda.EInvalid, "not a pulled anonymisation")
	}
	er, ok := s.Store().(Eraser)
	if !ok {
		return qda.Errorf(qda.EUnsupported, "this store cannot erase irrevocably")
	}
	var writes []qda.Change
	spec := EraseSpec{Derived: true, Seal: func([]byte) ([]byte, error) { return nil, nil }}
	seen := map[string]bool{}
	err := s.View(func(tx app.Tx) error {
		for _, ch := range cmd.Changes {
			if ch.After == nil {
				continue
			}
			cur, err := tx.RawImage(ch.Entity, ch.Key)
			if err != nil {
				return err
			}
			if ch.Entity == "text" {
				for _, w := range qda.RemovedWords(cur, ch.After) {
					if !seen[w] {
						seen[w] = true
						spec.Needles = append(spec.Needles, w)
					}
				}
			}
			here := cur != nil
			if !here && ch.Entity == "text" {
				// The text's earlier images held the replaced words and
				// were erased on the server: a replica that pulls the
				// document only now gets its text from here.
				doc, err := tx.RawImage("document", ch.Key)
				if err != nil {
					return err
				}
				here = doc != nil
			}
			if here {
				writes = append(writes, qda.Change{Entity: ch.Entity, Key: ch.Key, After: ch.After})
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	rec := &qda.Command{GUID: cmd.GUID, User: cmd.User, Time: cmd.Time, Kind: cmd.Kind, Summary: cmd.Summary}
	if _, err := s.eraseRecorded(er, rec, func(tx app.Tx) error { return tx.ApplyImages(writes, false) }, spec); err != nil {
		return fmt.Errorf("run the anonymisation %q here: %w", cmd.Summary, err)
	}
	return nil
}
