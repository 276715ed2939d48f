package wire_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
	"github.com/protocoder/protocoder/internal/store/zvalue"
	"github.com/protocoder/protocoder/internal/wire"
)

// tick is a store clock that advances a second per call, so that backups
// get distinct names.
func tick() func() time.Time {
	var mu sync.Mutex
	t := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Second)
		return t
	}
}

// canaryHits returns the files under dir that contain s in UTF-8 or in
// UTF-16LE, in the clear or inside a compressed value of a project file.
func canaryHits(t *testing.T, dir, s string) []string {
	t.Helper()
	u16 := utf16.Encode([]rune(s))
	le := make([]byte, 2*len(u16))
	for i, c := range u16 {
		binary.LittleEndian.PutUint16(le[2*i:], c)
	}
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		// The index merges segments in the background and removes the old
		// ones; a file gone between listing and reading holds nothing.
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		b = zvalue.Reveal(b)
		if bytes.Contains(b, []byte(s)) {
			out = append(out, p+" (UTF-8)")
		}
		if bytes.Contains(b, le) {
			out = append(out, p+" (UTF-16LE)")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// canaryProject makes a project with backups on, two protocols (one with
// the canary, edited twice so that old versions sit in free pages and
// command images) and a recording, indexed and backed up.
func canaryProject(t *testing.T, canary string) (string, wire.Options) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "p")
	o := wire.Options{User: "mara", IDs: &seqIDs{n: 2000}, Store: store.Options{Now: tick()}}
	if err := initProject(t, dir, "Canary", o); err != nil {
		t.Fatal(err)
	}
	s, err := wire.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err = s.ImportGuideline(testGuideline(), study.ImportOptions{})
	must(err)
	_, err = s.AddCase(study.NewCase{Name: "JC-07", Kind: qda.CaseJobCentre})
	must(err)
	iv := func(who string) study.NewInterview {
		return study.NewInterview{Guideline: "A.1.1", Role: "GF", Case: "JC-07", Interviewee: who, Consent: qda.Consent{Recording: true}}
	}
	res, err := s.ImportProtocol(iv("GF-07"), []qda.ProtocolBlock{{QuestionID: "1.1", Body: "Die Gründe: " + canary + " und mehr."}}, "Protokoll GF-07", "gf.md")
	must(err)
	_, err = s.ImportProtocol(iv("GF-08"), []qda.ProtocolBlock{{QuestionID: "1.1", Body: "Andere Gründe, ohne Geheimnis."}}, "Protokoll GF-08", "gf8.md")
	must(err)
	_, text, _, err := s.DocumentWithText(res.Document.GUID)
	must(err)
	_, err = s.EditText(res.Document.GUID, text+"\n\nNachtrag: "+canary+" erneut.", false)
	must(err)
	_, err = s.EditText(res.Document.GUID, text+"\n\nNachtrag gekürzt.", false)
	must(err)
	rec := filepath.Join(t.TempDir(), "gf07.m4a")
	must(os.WriteFile(rec, []byte("\x00\x00\x00\x18ftypM4A audio "+canary), 0o600))
	_, err = s.AttachRecording("GF-07", rec, 0)
	must(err)
	_, err = s.Backup()
	must(err)
	if r, err := s.Search(qda.SearchRequest{Query: canary}); err != nil || r.Total == 0 {
		t.Fatalf("canary not indexed: %+v %v", r, err)
	}
	must(s.Close())
	return dir, o
}

// TestPurge_Canary: after purging the interview, no file under the project
// folder holds the canary, in UTF-8 or UTF-16LE.
func TestPurge_Canary(t *testing.T) {
	const canary = "Zyprotaxwunderblau"
	dir, o := canaryProject(t, canary)
	s, err := wire.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	if hits := canaryHits(t, dir, canary); len(hits) < 3 || !slices.Contains(hits, filepath.Join(dir, store.DBFile)+" (UTF-8)") {
		t.Fatalf("the canary should be in the store, the backups and the recording before the purge: %q", hits)
	}
	rep, err := s.PurgeInterview("GF-07")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("purge: %+v", rep)
	if rep.Documents != 1 || rep.Recordings != 1 || rep.Scrubbed == 0 || len(rep.BackupsRewritten) == 0 || !rep.IndexRebuilt {
		t.Errorf("report %+v", rep)
	}
	if hits := canaryHits(t, dir, canary); len(hits) > 0 {
		t.Errorf("canary still on disk while open: %q", hits)
	}
	if st, err := s.UndoState(); err != nil || (st.Undo != nil && (st.Undo.Kind == "purge" || st.Undo.Kind == "document.edit")) {
		t.Errorf("undo would revert %+v (%v); the purge and the purged edits are not undoable", st.Undo, err)
	}
	if r, err := s.Search(qda.SearchRequest{Query: "Geheimnis"}); err != nil || r.Total != 1 {
		t.Errorf("the other protocol is no longer found: %+v %v", r, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if hits := canaryHits(t, dir, canary); len(hits) > 0 {
		t.Errorf("canary still on disk: %q", hits)
	}
	// The project still opens, keeps the other protocol and logs the purge.
	s, err = wire.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Interview("GF-07"); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("purged interview: %v", err)
	}
	if _, err := s.Interview("GF-08"); err != nil {
		t.Error(err)
	}
	log, err := s.Audit(privacy.AuditFilter{Kind: "purge"})
	if err != nil || len(log) != 1 || log[0].User != "mara" {
		t.Errorf("audit %+v %v", log, err)
	}
}

// TestPurgeAll_Canary purges every protocol at the end of the study.
func TestPurgeAll_Canary(t *testing.T) {
	const canary = "Blindschleichenorakel"
	dir, o := canaryProject(t, canary)
	s, err := wire.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.PurgeAll(privacy.KeyDisposal{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Interviews != 2 || rep.Documents != 2 {
		t.Errorf("report %+v", rep)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if hits := canaryHits(t, dir, canary); len(hits) > 0 {
		t.Errorf("canary still on disk: %q", hits)
	}
	if hits := canaryHits(t, dir, "ohne Geheimnis"); len(hits) > 0 {
		t.Errorf("second protocol still on disk: %q", hits)
	}
}

// TestPurge_Site: purging a site erases every interview of it (both
// protocols, the canary with them) and keeps the site.
func TestPurge_Site(t *testing.T) {
	const canary = "Zyprotaxwunderblau"
	dir, o := canaryProject(t, canary)
	s, err := wire.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rep, err := s.PurgeSite("JC-07")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Interviews != 2 || rep.Documents != 2 || rep.Recordings != 1 {
		t.Errorf("report %+v", rep)
	}
	if hits := canaryHits(t, dir, canary); len(hits) > 0 {
		t.Errorf("canary still on disk: %q", hits)
	}
	ivs, err := s.Interviews()
	if err != nil || len(ivs) != 0 {
		t.Errorf("interviews left: %d %v", len(ivs), err)
	}
	if _, err := s.Case("JC-07"); err != nil {
		t.Errorf("the site itself should stay: %v", err)
	}
	if _, err := s.PurgeSite("JC-07"); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("second purge: %v, want a conflict (nothing to purge)", err)
	}
}
