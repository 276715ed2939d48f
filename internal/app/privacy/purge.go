package privacy

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/keyfile"
	"github.com/protocoder/protocoder/internal/shred"

	"github.com/protocoder/protocoder/internal/qda"
)

// Eraser is implemented by stores that can erase irrevocably (see
// internal/store/erase.go): fn runs like an Update, cmd is recorded
// without change images, the images that mention spec's needles or the
// erased entities are removed from every earlier command record, the
// store file and every backup are compacted so that no byte of the erased
// content remains, and spec's files are shredded. The store records the
// erasure as pending in its transaction and finishes it at the next open
// if the process dies on the way; with spec.Derived the caller finishes
// it (FinishErase) after cleaning the search index.
type Eraser interface {
	Erase(cmd *qda.Command, fn func(tx app.Tx) error, spec EraseSpec) (EraseStats, error)
	FinishErase(pending string) error
}

// EraseSpec says what an erasure cleans beyond its transaction.
type EraseSpec struct {
	// Needles are the GUIDs of the erased interviews and documents.
	Needles []string
	// Files are project-relative files to shred (recordings).
	Files []string
	// Derived: the caller still cleans derived data (the search index).
	Derived bool
	// Seal makes the erasure an anonymisation: Needles are the replaced
	// texts, and the command images holding one are sealed with it
	// rather than removed (see store.EraseSpec).
	Seal func([]byte) ([]byte, error)
}

// EraseStats is what the store reports of an erasure.
type EraseStats struct {
	Scrubbed         int      `json:"scrubbed_commands"`
	SizeBefore       int64    `json:"size_before"`
	SizeAfter        int64    `json:"size_after"`
	BackupsRewritten []string `json:"backups_rewritten,omitempty"`
	BackupsDeleted   []string `json:"backups_deleted,omitempty"`
	// FilesShredded counts the spec's files overwritten and deleted.
	FilesShredded int `json:"-"`
	// Pending is the erasure's pending record (spec.Derived).
	Pending string `json:"-"`
	// NeedlesKept counts an anonymisation's replaced texts that are still
	// elsewhere in the project (kept by the user), so not erased.
	NeedlesKept int `json:"needles_kept,omitempty"`
	// indexRebuilt is set when the search index was rebuilt without the
	// erased content.
	indexRebuilt bool
}

// PurgeReport tells what a purge removed and where.
type PurgeReport struct {
	Interviews int `json:"interviews"`
	Documents  int `json:"documents"`
	Codings    int `json:"codings"`
	Memos      int `json:"memos"`
	Recordings int `json:"recordings"`
	EraseStats
	// IndexRebuilt is set when the search index was rebuilt from scratch.
	IndexRebuilt bool `json:"index_rebuilt"`
	// KeyExported names where the pseudonym key was copied to, and
	// KeyDestroyed says it left the project (PurgeAll).
	KeyExported  string `json:"key_exported,omitempty"`
	KeyDestroyed bool   `json:"key_destroyed,omitempty"`
}

// purgeSet is what one purge removes.
type purgeSet struct {
	interviews []qda.GUID
	docs       []qda.GUID
	codings    int
	memos      []qda.GUID
	summaries  []qda.Summary
	ignores    []qda.GUID
	// codingsNamed are codings a pulled purge names whose documents are
	// not here (any more): deleted on their own.
	codingsNamed []qda.GUID
	keys         map[string]bool
	guids        [][]byte // interview and document GUIDs: images holding one are scrubbed
}

// PurgeInterview deletes an interview with its protocol and other
// documents, their codings, memos, summaries and recording, irrevocably:
// see Purge.
func (s *Service) PurgeInterview(ref string) (*PurgeReport, error) {
	iv, err := s.Interview(ref)
	if err != nil {
		return nil, err
	}
	return s.purge([]qda.GUID{iv.GUID}, nil, "purge interview "+iv.Interviewee)
}

// PurgeDocument deletes one document irrevocably.
func (s *Service) PurgeDocument(id qda.GUID) (*PurgeReport, error) {
	var name string
	if err := s.View(func(tx app.Tx) error {
		d, err := tx.Document(id)
		if err == nil {
			name = d.Name
		}
		return err
	}); err != nil {
		return nil, err
	}
	return s.purge(nil, []qda.GUID{id}, "purge document "+name)
}

// PurgeSite deletes every interview of a site with its protocols, and
// every other document of the site (its case reports), irrevocably: see
// purge. The site itself, its attributes and its plan stay.
func (s *Service) PurgeSite(ref string) (*PurgeReport, error) {
	c, err := s.Case(ref)
	if err != nil {
		return nil, err
	}
	var ivs, docs []qda.GUID
	err = s.View(func(tx app.Tx) error {
		list, err := tx.Interviews()
		if err != nil {
			return err
		}
		for _, iv := range list {
			if iv.Case == c.GUID {
				ivs = append(ivs, iv.GUID)
			}
		}
		ds, err := tx.Documents()
		for _, d := range ds {
			if d.Case == c.GUID {
				docs = append(docs, d.GUID)
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.purge(ivs, docs, "purge site "+c.Name)
}

// KeyDisposal says what the end-of-study purge does with the pseudonym
// key, which holds the real names: it leaves the project either way.
type KeyDisposal struct {
	// ExportTo is a path outside the project the key file is copied to
	// (still encrypted with its passphrase) before it is destroyed here.
	ExportTo string
	// Destroy destroys the key without a copy.
	Destroy bool
}

// PurgeAll deletes every interview and every protocol at the end of the
// study; case reports and other documents stay. A pseudonym key goes too:
// copied to k.ExportTo first, or destroyed with k.Destroy; with neither,
// PurgeAll refuses before it deletes anything.
func (s *Service) PurgeAll(k KeyDisposal) (*PurgeReport, error) {
	keyPath, err := s.keyToDispose(k)
	if err != nil {
		return nil, err
	}
	var ivs, docs []qda.GUID
	err = s.View(func(tx app.Tx) error {
		list, err := tx.Interviews()
		for _, iv := range list {
			ivs = append(ivs, iv.GUID)
		}
		if err != nil {
			return err
		}
		ds, err := tx.Documents()
		for _, d := range ds {
			if d.Kind == qda.KindProtocol {
				docs = append(docs, d.GUID)
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	rep, err := s.purge(ivs, docs, "purge all protocols at the end of the study")
	if err != nil || keyPath == "" {
		return rep, err
	}
	if k.ExportTo != "" {
		if err := keyfile.CopyFile(keyPath, k.ExportTo); err != nil {
			return rep, fmt.Errorf("purged, but the key was not copied (it is still in the project): %w", err)
		}
		rep.KeyExported = k.ExportTo
	}
	s.LockKey()
	if err := shred.File(keyPath); err != nil {
		return rep, fmt.Errorf("purged, but destroying the pseudonym key failed: %w", err)
	}
	rep.KeyDestroyed = true
	return rep, nil
}

// keyToDispose checks k against the project's key before a purge: the
// path of the key file, "" without one.
func (s *Service) keyToDispose(k KeyDisposal) (string, error) {
	dir, err := s.projectDir()
	if err != nil {
		return "", nil
	}
	path := keyfile.Path(dir)
	if !keyfile.Exists(path) {
		return "", nil
	}
	switch {
	case k.ExportTo == "" && !k.Destroy:
		return "", qda.Errorf(qda.EConflict, "the project has a pseudonym key with the real names: name a path outside the project to keep it (export), or destroy it; nothing was purged")
	case k.ExportTo != "" && k.Destroy:
		return "", qda.Errorf(qda.EInvalid, "export the key or destroy it, not both")
	case k.ExportTo != "":
		abs, err := filepath.Abs(k.ExportTo)
		if err != nil {
			return "", qda.Errorf(qda.EInvalid, "export path %s: %v", k.ExportTo, err)
		}
		if rel, err := filepath.Rel(dir, abs); err == nil && filepath.IsLocal(rel) {
			return "", qda.Errorf(qda.EInvalid, "the key must go outside the project folder, not to %s", k.ExportTo).
				WithKey("key.inside", map[string]any{"Path": k.ExportTo})
		}
		if _, err := os.Lstat(abs); err == nil {
			return "", qda.Errorf(qda.EConflict, "%s exists already; name a new file", k.ExportTo).WithKey("key.exists", map[string]any{"Path": k.ExportTo})
		}
	}
	return path, nil
}

// eraseAs runs an erasure as the acting member (cmd gets its GUID, time
// and user) and then removes the erased content from the search index: a
// rebuild starts from an empty folder, so nothing of it stays in the
// index's files. Only then is the erasure finished.
func (s *Service) eraseAs(er Eraser, cmd *qda.Command, fn func(tx app.Tx) error, spec EraseSpec) (EraseStats, error) {
	id, err := s.NewGUID()
	if err != nil {
		return EraseStats{}, err
	}
	cmd.GUID, cmd.Time = id, s.Now().UTC()
	me, err := s.ActingMember()
	if err != nil {
		return EraseStats{}, err
	}
	cmd.User = me.GUID
	return s.eraseRecorded(er, cmd, fn, spec)
}

// eraseRecorded runs an erasure recorded as cmd as it is (its GUID, member
// and time set) and then removes the erased content from the search
// index, as eraseAs.
func (s *Service) eraseRecorded(er Eraser, cmd *qda.Command, fn func(tx app.Tx) error, spec EraseSpec) (EraseStats, error) {
	stats, err := er.Erase(cmd, fn, spec)
	if err != nil {
		return stats, err
	}
	rebuilt, err := s.RebuildIndexExclusive()
	if err != nil {
		return stats, fmt.Errorf("erased, but rebuilding the search index failed (delete the index folder): %w", err)
	}
	if rebuilt {
		stats.indexRebuilt = true
		if err := er.FinishErase(stats.Pending); err != nil {
			return stats, err
		}
	}
	return stats, nil
}

// purge erases interviews and documents: the deletion and the scrubbing
// of the command log happen in one transaction, then the store file, the
// backups and the search index are rewritten without them, and the
// recordings are overwritten and removed. It cannot be undone.
func (s *Service) purge(ivs, docs []qda.GUID, what string) (*PurgeReport, error) {
	er, ok := s.Store().(Eraser)
	if !ok {
		return nil, qda.Errorf(qda.EUnsupported, "this store cannot erase irrevocably")
	}
	var set *purgeSet
	if err := s.View(func(tx app.Tx) (err error) { set, err = collectPurge(tx, ivs, docs); return err }); err != nil {
		return nil, err
	}
	if len(set.interviews) == 0 && len(set.docs) == 0 {
		return nil, qda.Errorf(qda.EConflict, "there is nothing to purge").WithKey("purge.nothing", nil)
	}
	rep := &PurgeReport{Interviews: len(set.interviews), Documents: len(set.docs), Codings: set.codings, Memos: len(set.memos)}
	cmd := &qda.Command{Kind: "purge", Summary: fmt.Sprintf("%s: %d interview(s), %d document(s), %d coding(s), %d memo(s)",
		what, rep.Interviews, rep.Documents, rep.Codings, rep.Memos)}
	// Derived always: without an open index, the index folder may still
	// hold the text, and the next open deletes it.
	spec := EraseSpec{Derived: true}
	for _, g := range set.guids {
		spec.Needles = append(spec.Needles, string(g))
	}
	var err error
	if spec.Files, err = s.recordingFilesOf(set.interviews); err != nil {
		return nil, err
	}
	stats, err := s.eraseAs(er, cmd, set.erase, spec)
	rep.EraseStats = stats
	rep.Recordings = stats.FilesShredded
	rep.IndexRebuilt = stats.indexRebuilt
	if err != nil {
		return rep, err
	}
	return rep, nil
}

// recordingFilesOf returns the project-relative recording files of the
// interviews.
func (s *Service) recordingFilesOf(ivs []qda.GUID) ([]string, error) {
	var out []string
	for _, iv := range ivs {
		files, err := s.recordingFiles(iv)
		if qda.ErrorCode(err) == qda.EUnsupported {
			return nil, nil // a store without a folder keeps no recordings
		} else if err != nil {
			return nil, err
		}
		dir, err := s.projectDir()
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			rel, err := filepath.Rel(dir, f)
			if err != nil {
				return nil, err
			}
			out = append(out, rel)
		}
	}
	return out, nil
}

// collectPurge finds everything a purge of ivs and docs removes.
func collectPurge(tx app.Tx, ivs, docs []qda.GUID) (*purgeSet, error) {
	set := &purgeSet{keys: map[string]bool{}}
	isIV := map[qda.GUID]bool{}
	for _, id := range ivs {
		if _, err := tx.Interview(id); err != nil {
			return nil, err
		}
		isIV[id] = true
		set.interviews = append(set.interviews, id)
	}
	isDoc := map[qda.GUID]bool{}
	all, err := tx.Documents()
	if err != nil {
		return nil, err
	}
	for _, id := range docs {
		isDoc[id] = true
	}
	for _, d := range all {
		if isIV[d.Interview] {
			isDoc[d.GUID] = true
		}
	}
	for _, d := range all {
		if !isDoc[d.GUID] {
			continue
		}
		set.docs = append(set.docs, d.GUID)
		cs, err := tx.CodingsOfDocument(d.GUID)
		if err != nil {
			return nil, err
		}
		set.codings += len(cs)
		for _, c := range cs {
			set.keys[string(c.GUID)] = true
		}
	}
	targets := map[qda.GUID]bool{}
	for id := range isDoc {
		targets[id] = true
	}
	for id := range isIV {
		targets[id] = true
	}
	memos, err := tx.Memos()
	if err != nil {
		return nil, err
	}
	for _, m := range memos {
		if targets[m.Target] || set.keys[string(m.Target)] {
			set.memos = append(set.memos, m.GUID)
		}
	}
	sums, err := tx.Summaries()
	if err != nil {
		return nil, err
	}
	for _, sm := range sums {
		if targets[sm.Target] {
			set.summaries = append(set.summaries, sm)
		}
	}
	igs, err := tx.AnonIgnores("")
	if err != nil {
		return nil, err
	}
	for _, ig := range igs {
		if isDoc[ig.Document] {
			set.ignores = append(set.ignores, ig.GUID)
		}
	}
	for id := range targets {
		set.keys[string(id)] = true
		set.guids = append(set.guids, []byte(id))
	}
	for _, id := range set.memos {
		set.keys[string(id)] = true
	}
	for _, id := range set.ignores {
		set.keys[string(id)] = true
	}
	return set, nil
}

// erase deletes the set; it tolerates entities that are missing (a backup
// may predate them).
func (p *purgeSet) erase(tx app.Tx) error {
	ok := func(err error) error {
		if qda.ErrorCode(err) == qda.ENotFound {
			return nil
		}
		return err
	}
	for _, sm := range p.summaries {
		if err := ok(tx.DeleteSummary(sm.Target, sm.Code)); err != nil {
			return err
		}
	}
	for _, id := range p.memos {
		if err := ok(tx.DeleteMemo(id)); err != nil {
			return err
		}
	}
	for _, id := range p.ignores {
		if err := ok(tx.DeleteAnonIgnore(id)); err != nil {
			return err
		}
	}
	for _, id := range p.codingsNamed {
		if err := ok(tx.DeleteCoding(id)); err != nil {
			return err
		}
	}
	for _, id := range p.docs {
		if err := ok(tx.DeleteDocument(id)); err != nil {
			return err
		}
	}
	for _, id := range p.interviews {
		if err := ok(tx.DeleteInterview(id)); err != nil {
			return err
		}
	}
	return nil
}
