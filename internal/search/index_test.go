package search

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestNewMapping_Validate(t *testing.T) {
	if err := NewMapping().Validate(); err != nil {
		t.Fatalf("mapping does not validate: %v", err)
	}
}

func TestIndex_Stamp(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := x.Stamp(); err != nil || st != (Stamp{}) {
		t.Fatalf("new index stamp %+v, %v; want zero", st, err)
	}
	want := Stamp{Seq: 42, Documents: 3, Passages: 17}
	if err := x.SetStamp(want); err != nil {
		t.Fatal(err)
	}
	if st, _ := x.Stamp(); st != want {
		t.Errorf("stamp %+v, want %+v", st, want)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := x.Stamp(); err == nil {
		t.Error("stamp of a closed index: no error")
	}
	x, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if st, _ := x.Stamp(); st != want {
		t.Errorf("stamp after reopen %+v, want %+v", st, want)
	}
}

func TestOpen_MappingVersionMismatch(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(t *testing.T, x *Index, dir string)
	}{
		{"older mapping version", func(t *testing.T, x *Index, dir string) {
			if err := x.idx.SetInternal(keyMapping, []byte(strconv.Itoa(MappingVersion-1))); err != nil {
				t.Fatal(err)
			}
		}},
		{"stamp of another version", func(t *testing.T, x *Index, dir string) {
			b := []byte(fmt.Sprintf(`{"seq":9,"documents":1,"passages":1,"mapping_version":%d}`, MappingVersion+1))
			if err := x.idx.SetInternal(keyStamp, b); err != nil {
				t.Fatal(err)
			}
		}},
		{"unreadable folder", func(t *testing.T, x *Index, dir string) {
			_ = x.Close()
			if err := os.WriteFile(filepath.Join(dir, "index_meta.json"), []byte("{broken"), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "idx")
			x, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			mustAdd(t, x, psg(1, 0, "Der Arbeitgeberservice berät."))
			if err := x.SetStamp(Stamp{Seq: 5, Documents: 1, Passages: 1}); err != nil {
				t.Fatal(err)
			}
			tt.spoil(t, x, dir)
			_ = x.Close()
			x, err = Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			if st, err := x.Stamp(); err != nil || st != (Stamp{}) {
				t.Errorf("stamp %+v, %v; want zero", st, err)
			}
			if tt.name == "stamp of another version" {
				return // the index itself is of this version and kept
			}
			if res := search(t, x, qda.SearchRequest{Query: "Arbeitgeberservice"}); res.Total != 0 {
				t.Errorf("recreated index still has %d hits", res.Total)
			}
		})
	}
}

func TestIndex_Update(t *testing.T) {
	x := newIndex(t)
	mustAdd(t, x, psg(1, 0, "Die Vermittlung läuft gut."), psg(1, 30, "Zweiter Absatz über Vermittlung."),
		psg(2, 0, "Andere Vermittlung."))
	// Document 1 is edited: it now has one passage with other words.
	if err := x.Update([]qda.GUID{docGUID(1)}, []qda.IndexPassage{psg(1, 0, "Die Beratung läuft gut.")}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		want  []string
	}{
		{"Vermittlung", []string{"Andere Vermittlung."}},
		{"Beratung", []string{"Die Beratung läuft gut."}},
		{"Absatz", nil},
	}
	for _, tt := range tests {
		res := search(t, x, qda.SearchRequest{Query: tt.query})
		if got := hitTexts(res); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s: %q, want %q", tt.query, got, tt.want)
		}
	}
	// Removing a document that was never indexed is fine.
	if err := x.Update([]qda.GUID{docGUID(99)}, nil); err != nil {
		t.Fatal(err)
	}
}

// canary is a word found nowhere else; it is not repetitive, so snappy
// keeps it literally in the stored-field chunks and a byte scan finds it.
const canary = "Quorvexlimbantrudel"

func TestIndex_UpdateDeletesFromDisk(t *testing.T) {
	tests := []struct {
		name    string
		batches int
		remove  []qda.GUID
		add     []qda.IndexPassage
	}{
		{"document deleted", 4, []qda.GUID{docGUID(1)}, nil},
		{"document deleted from a single segment", 1, []qda.GUID{docGUID(1)}, nil},
		{"text edited", 4, []qda.GUID{docGUID(1)}, []qda.IndexPassage{psg(1, 0, "Geschwärzter Absatz.")}},
		{"case renamed", 4, []qda.GUID{docGUID(1)}, []qda.IndexPassage{psg(1, 0, "Ein harmloser Absatz.", meta("", 0, "JC-01", "", ""))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := newIndex(t)
			secret := psg(1, 0, "Herr "+canary+" sagte etwas.")
			if tt.name == "case renamed" {
				secret = psg(1, 0, "Ein harmloser Absatz.", meta("", 0, canary, "", ""))
			}
			// Batches make segments; the canary is in the oldest.
			all := []qda.IndexPassage{secret, psg(2, 0, "Erster anderer Text.")}
			for i := 3; i < 6; i++ {
				all = append(all, psg(i, 0, fmt.Sprintf("Weiterer Text Nummer %d.", i)))
			}
			if tt.batches == 1 {
				mustAdd(t, x, all...)
			} else {
				mustAdd(t, x, all[:2]...)
				for _, p := range all[2:] {
					mustAdd(t, x, p)
				}
			}
			mustFlush(t, x) // batches are written in the background (persist.go)
			if len(filesContaining(t, x.Path(), canary)) == 0 {
				t.Fatal("the canary is not found before deletion: the scan proves nothing")
			}
			if err := x.Update(tt.remove, tt.add); err != nil {
				t.Fatal(err)
			}
			if files := filesContaining(t, x.Path(), canary); len(files) > 0 {
				t.Errorf("after deletion the canary is still in %v", files)
			}
			if x.rewrites != 0 {
				t.Errorf("purge fell back to rewriting the index %d time(s)", x.rewrites)
			}
			if res := search(t, x, qda.SearchRequest{Query: "Text"}); res.Total != 4 {
				t.Errorf("other passages: %d hits, want 4", res.Total)
			}
		})
	}
}

func TestIndex_UpdatePurgeTimeout(t *testing.T) {
	// Whether purge gets there by merging or, past its timeout, by
	// rewriting the index, the text is gone from disk and the rest stays.
	// (Which way it went depends on the clock, so it is not asserted.)
	x := newIndex(t)
	x.purgeTimeout = time.Nanosecond
	mustAdd(t, x, psg(1, 0, "Herr "+canary+" sagte etwas."), psg(2, 0, "Erster anderer Text."))
	mustAdd(t, x, psg(3, 0, "Zweiter anderer Text."))
	if err := x.Update([]qda.GUID{docGUID(1)}, nil); err != nil {
		t.Fatal(err)
	}
	if files := filesContaining(t, x.Path(), canary); len(files) > 0 {
		t.Errorf("after deletion the canary is still in %v", files)
	}
	if res := search(t, x, qda.SearchRequest{Query: "Text"}); res.Total != 2 {
		t.Errorf("other passages: %d hits, want 2", res.Total)
	}
}

func TestIndex_Reset(t *testing.T) {
	x := newIndex(t)
	mustAdd(t, x, psg(1, 0, "Herr "+canary+" sagte etwas."))
	if err := x.SetStamp(Stamp{Seq: 3, Documents: 1, Passages: 1}); err != nil {
		t.Fatal(err)
	}
	if err := x.Reset(); err != nil {
		t.Fatal(err)
	}
	if files := filesContaining(t, x.Path(), canary); len(files) > 0 {
		t.Errorf("after Reset the canary is still in %v", files)
	}
	if st, _ := x.Stamp(); st != (Stamp{}) {
		t.Errorf("stamp after Reset %+v", st)
	}
	if res := search(t, x, qda.SearchRequest{}); res.Total != 0 {
		t.Errorf("after Reset %d passages", res.Total)
	}
	mustAdd(t, x, psg(2, 0, "Neu nach dem Zurücksetzen."))
	if res := search(t, x, qda.SearchRequest{Query: "zurücksetzen"}); res.Total != 1 {
		t.Errorf("index unusable after Reset: %d hits", res.Total)
	}
}

func TestIndex_Rewrite(t *testing.T) {
	// The fallback compaction keeps every passage and the stamp.
	x := newIndex(t)
	mustAdd(t, x, psg(1, 0, "Erster Absatz.", codes("5.1", "Kooperation")), psg(2, 0, "Zweiter Absatz."))
	if err := x.SetStamp(Stamp{Seq: 7, Documents: 2, Passages: 2}); err != nil {
		t.Fatal(err)
	}
	x.mu.Lock()
	err := x.rewrite()
	x.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := x.Stamp(); st.Seq != 7 {
		t.Errorf("stamp after rewrite %+v", st)
	}
	res := search(t, x, qda.SearchRequest{Query: `code:"5.1"`})
	if res.Total != 1 || res.Hits[0].Text != "Erster Absatz." {
		t.Errorf("after rewrite: %q", hitTexts(res))
	}
}

func TestIndex_Close(t *testing.T) {
	tests := []struct {
		name    string
		batches int
	}{
		{"one batch", 1},
		{"many batches", 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "idx")
			x, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			for i := 1; i <= tt.batches; i++ {
				// Searchable as soon as Update returns, before it is on disk.
				p := psg(i, 0, fmt.Sprintf("Vermittlung Nummer %d.", i))
				if err := x.UpdateStamped(nil, []qda.IndexPassage{p}, Stamp{Seq: uint64(i), Documents: i, Passages: i}); err != nil {
					t.Fatal(err)
				}
				if res := search(t, x, qda.SearchRequest{Query: "Vermittlung"}); res.Total != uint64(i) {
					t.Fatalf("after batch %d: %d hits, want %d", i, res.Total, i)
				}
			}
			if err := x.Close(); err != nil {
				t.Fatal(err)
			}
			// Close wrote everything: reopened, the index has it all.
			x, err = Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			want := Stamp{Seq: uint64(tt.batches), Documents: tt.batches, Passages: tt.batches}
			if st, err := x.Stamp(); err != nil || st != want {
				t.Errorf("stamp %+v, %v; want %+v", st, err, want)
			}
			if res := search(t, x, qda.SearchRequest{Query: "Vermittlung"}); res.Total != uint64(tt.batches) {
				t.Errorf("reopened: %d hits, want %d", res.Total, tt.batches)
			}
		})
	}
}
