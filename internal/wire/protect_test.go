package wire_test

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
	"github.com/protocoder/protocoder/internal/wire"
)

// cheapKDF keeps tests fast; real projects use store.DefaultKDF.
var cheapKDF = store.KDFParams{Time: 1, Memory: 64, Threads: 1}

// folderHash fingerprints every file under dir (names and contents).
func folderHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		fmt.Fprintf(h, "%s\x00%x\x00", p, sha256.Sum256(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestProtect_Canary encrypts a project with plain-text content, backups
// and index, adds more content, and scans the folder: no plain text.
func TestProtect_Canary(t *testing.T) {
	const canary, canary2 = "Zyprotaxwunderblau", "Kaltgrünerspiegelsaal"
	dir, o := canaryProject(t, canary)
	for _, f := range mustGlob(t, filepath.Join(dir, "recordings", "*")) {
		_ = os.Remove(f) // recordings are audio files the project does not encrypt
	}
	o.Store.KDF = cheapKDF
	pass := []byte("Schutz der Befragten")
	rep, err := wire.Protect(dir, pass, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.BackupsDeleted) == 0 || !rep.IndexRemoved || rep.Backup == "" {
		t.Errorf("report %+v", rep)
	}
	if hits := canaryHits(t, dir, canary); len(hits) > 0 {
		t.Fatalf("plain text after protect: %q", hits)
	}
	if _, err := wire.Protect(dir, pass, o); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("second protect: %v", err)
	}
	// Without or with a wrong passphrase: a clear error, nothing changed.
	before := folderHash(t, dir)
	if _, err := wire.Open(dir, o); qda.ErrorCode(err) != qda.EProtected {
		t.Errorf("open without passphrase: %v", err)
	}
	bad := o
	bad.Store.Passphrase = []byte("falsche Passphrase")
	if _, err := wire.Open(dir, bad); qda.ErrorCode(err) != qda.EProtected || !strings.Contains(err.Error(), "wrong passphrase") {
		t.Errorf("open with a wrong passphrase: %v", err)
	}
	if folderHash(t, dir) != before {
		t.Error("a failed open changed the project folder")
	}
	o.Store.Passphrase = pass
	s, err := wire.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnsureIndex(nil); err != nil {
		t.Fatal(err)
	}
	if r, err := s.Search(qda.SearchRequest{Query: canary}); err != nil || r.Total == 0 {
		t.Fatalf("search in the in-memory index: %+v %v", r, err)
	}
	res, err := s.ImportProtocol(study.NewInterview{Guideline: "A.1.1", Role: "GF", Case: "JC-07", Interviewee: "GF-09"},
		[]qda.ProtocolBlock{{QuestionID: "1.1", Body: "Neu: " + canary2 + "."}}, "Protokoll GF-09", "gf9.md")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.EditText(res.Document.GUID, "Geändert, "+canary2+" bleibt.", true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Backup(); err != nil {
		t.Fatal(err)
	}
	if r, err := s.Search(qda.SearchRequest{Query: canary2}); err != nil || r.Total != 1 {
		t.Errorf("search new text: %+v %v", r, err)
	}
	if hits := canaryHits(t, dir, canary2); len(hits) > 0 {
		t.Errorf("plain text while open: %q", hits)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{canary, canary2, "Geändert", "Protokoll GF-09", "Strategische Bedeutung"} {
		if hits := canaryHits(t, dir, c); len(hits) > 0 {
			t.Errorf("plain text %q on disk: %q", c, hits)
		}
	}
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func mustGlob(t *testing.T, pattern string) []string {
	t.Helper()
	m, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestProtect_UnlockTime measures opening a protected project with 1,000
// protocols and rebuilding its in-memory index (set PROTOCODER_UNLOCK_N to
// measure another size). It logs the figures; it asserts nothing about time.
func TestProtect_UnlockTime(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	n := 1000
	if v := os.Getenv("PROTOCODER_UNLOCK_N"); v != "" {
		fmt.Sscan(v, &n)
	}
	dir := filepath.Join(t.TempDir(), "p")
	o := wire.Options{User: "mara", IDs: &seqIDs{n: 5000}, Store: store.Options{NoBackup: true, NoSync: true, KDF: store.DefaultKDF}}
	if err := initProject(t, dir, "Unlock", o); err != nil {
		t.Fatal(err)
	}
	if _, err := wire.Protect(dir, []byte("Schutz der Befragten"), o); err != nil {
		t.Fatal(err)
	}
	o.Store.Passphrase = []byte("Schutz der Befragten")
	s, err := wire.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportGuideline(testGuideline(), study.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCase(study.NewCase{Name: "JC-07", Kind: qda.CaseJobCentre}); err != nil {
		t.Fatal(err)
	}
	para := strings.Repeat("Die Integrationsfachkraft schildert die Zusammenarbeit mit dem Arbeitgeberservice und die Kontaktdichte. ", 8)
	body := strings.Repeat(para+"\n\n", 5) // about 4,300 characters
	for i := 0; i < n; i++ {
		_, err := s.ImportProtocol(study.NewInterview{Guideline: "A.1.1", Role: "GF", Case: "JC-07", Interviewee: fmt.Sprintf("GF-%04d", i)},
			[]qda.ProtocolBlock{{QuestionID: "1.1", Body: body}}, fmt.Sprintf("Protokoll %04d", i), "x.md")
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(filepath.Join(dir, store.DBFile))
	c0 := cpuTime()
	t0 := time.Now()
	s, err = wire.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	t1, c1 := time.Now(), cpuTime()
	if _, err := s.EnsureIndex(nil); err != nil {
		t.Fatal(err)
	}
	t2, c2 := time.Now(), cpuTime()
	defer s.Close()
	r, err := s.Search(qda.SearchRequest{Query: "Arbeitgeberservice"})
	if err != nil || r.Total == 0 {
		t.Fatalf("search: %+v %v", r, err)
	}
	t.Logf("protected project, %d protocols (%d MB file): open with Argon2id key derivation %v, in-memory index rebuild %v, total unlock %v",
		n, st.Size()>>20, t1.Sub(t0).Round(time.Millisecond), t2.Sub(t1).Round(time.Millisecond), t2.Sub(t0).Round(time.Millisecond))
	t.Logf("CPU time (all threads): open %v, index rebuild %v", (c1 - c0).Round(time.Millisecond), (c2 - c1).Round(time.Millisecond))
}
