package qdpx

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

// bigSnapshot is a project of docs documents of about 10 KB with 25
// codings each.
func bigSnapshot(docs int) *qda.Snapshot {
	s := sample()
	para := "Die Größe der Teams 🙂 zählt, sagt die Geschäftsführung; Straße und Maß.\n\n"
	text := strings.Repeat(para, 10_000/len(para))
	n := qda.RuneLen(text)
	for i := 0; i < docs; i++ {
		id := qda.NameGUID(g(40), fmt.Sprint("doc", i))
		s.Documents = append(s.Documents, qda.Document{GUID: id, Name: fmt.Sprintf("Protokoll %03d", i), Kind: qda.KindOther, Length: n,
			Created: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		s.Texts[id] = text
		for k := 0; k < 25; k++ {
			start := (k * 311) % (n - 80)
			s.Codings = append(s.Codings, qda.Coding{GUID: qda.NameGUID(id, fmt.Sprint(k)), Document: id,
				Range: qda.Range{Start: start, End: start + 75}, Code: s.Codes[k%len(s.Codes)].GUID, Coder: s.Users[k%2].GUID})
		}
	}
	return s
}

// BenchmarkWrite reports the time to write a QDPX of 200 documents (2 MB
// of text, 5,000 codings).
func BenchmarkWrite(b *testing.B) {
	s := bigSnapshot(200)
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := Write(&buf, s, WriteOptions{}); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1e6, "MB/file")
}

// BenchmarkRead reports the time to read it back, in the NVivo dialect
// (every position converted from UTF-16 units).
func BenchmarkRead(b *testing.B) {
	var buf bytes.Buffer
	if err := Write(&buf, bigSnapshot(200), WriteOptions{Dialect: DialectNVivo}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		snap, _, err := Read(buf.Bytes(), ReadOptions{Dialect: DialectNVivo})
		if err != nil || len(snap.Codings) < 5000 {
			b.Fatal(err)
		}
	}
}
