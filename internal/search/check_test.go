package search

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpen_DamagedSegment flips bytes inside a segment file: Open finds
// the checksum mismatch and recreates the index empty (zero stamp), so
// the app rebuilds it instead of searching a damaged one.
func TestOpen_DamagedSegment(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index", "passages")
	x, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, x, psg(1, 0, "Der Arbeitgeberservice berät Betriebe."), psg(2, 0, "Vorschläge zur Größe."))
	if err := x.SetStamp(Stamp{Seq: 7, Documents: 2, Passages: 2}); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if err := checkSegments(path); err != nil {
		t.Fatalf("intact index: %v", err)
	}
	segs, _ := filepath.Glob(filepath.Join(path, "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no segment written")
	}
	if rec := readChecked(path); len(rec) != len(segs) {
		t.Errorf("record of passed segments %v, want %d", rec, len(segs))
	}
	b, err := os.ReadFile(segs[0])
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0xff
	if err := os.WriteFile(segs[0], b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := checkSegments(path); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("checkSegments of a damaged segment: %v", err)
	}
	x, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = x.Close() }()
	if st, err := x.Stamp(); err != nil || st != (Stamp{}) {
		t.Errorf("stamp of the recreated index %+v, %v; want zero", st, err)
	}
	if rec := readChecked(path); len(rec) != 0 {
		t.Errorf("the recreated index kept the old record %v", rec)
	}
}
