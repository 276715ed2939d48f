package qdpx

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// FuzzRead feeds the QDPX reader arbitrary archives. It must never panic,
// and what it accepts must be a consistent snapshot: canonical texts, valid
// entities, every coding inside its text and pointing to a code and a
// document of the snapshot. Seeds: testdata/fuzz/FuzzRead plus the fixtures,
// the ATLAS.ti samples and a protocoder export.
func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	if err := Write(&buf, sample(), WriteOptions{}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(dirZip(f, "nvivo-style"))
	f.Add(dirZip(f, "maxqda-style"))
	f.Add(makeZip(f, "project.qde", qde("internal://a.txt", okCode), "sources/a.txt", "a\r\nb🙂c"))
	if files, _ := filepath.Glob(filepath.Join(refiDir(f), "samples", "*.qdpx")); len(files) > 0 {
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		snap, rep, err := Read(data, ReadOptions{MaxTotal: 8 << 20, MaxEntry: 4 << 20})
		if err != nil {
			if qda.ErrorCode(err) != qda.EInvalid {
				t.Fatalf("error without a code: %v", err)
			}
			return
		}
		if rep == nil {
			t.Fatal("no report")
		}
		checkSnapshot(t, snap)
	})
}

// checkSnapshot fails on any inconsistency of a snapshot read from a file.
func checkSnapshot(t *testing.T, s *qda.Snapshot) {
	t.Helper()
	codes, docs := map[qda.GUID]bool{}, map[qda.GUID]int{}
	for _, c := range s.Codes {
		if err := c.Validate(); err != nil {
			t.Fatalf("code: %v", err)
		}
		codes[c.GUID] = true
	}
	for _, u := range s.Users {
		if err := u.Validate(); err != nil {
			t.Fatalf("user: %v", err)
		}
	}
	for _, c := range s.Cases {
		if err := c.Validate(); err != nil {
			t.Fatalf("case: %v", err)
		}
	}
	for _, d := range s.Documents {
		if err := d.Validate(); err != nil {
			t.Fatalf("document: %v", err)
		}
		text := s.Texts[d.GUID]
		if err := qda.CheckCanonical(text); err != nil || qda.RuneLen(text) != d.Length {
			t.Fatalf("document %s: text %q not canonical or length %d wrong: %v", d.GUID, text, d.Length, err)
		}
		docs[d.GUID] = d.Length
	}
	for _, c := range s.Codings {
		n, ok := docs[c.Document]
		if !ok || !codes[c.Code] {
			t.Fatalf("coding %s refers to a missing document or code", c.GUID)
		}
		if err := c.Range.Check(n); err != nil {
			t.Fatalf("coding %s: %v", c.GUID, err)
		}
	}
	for _, m := range s.Memos {
		if err := m.Validate(); err != nil {
			t.Fatalf("memo: %v", err)
		}
	}
}
