package qdpx

import (
	"testing"
)

func TestSourceText_Span(t *testing.T) {
	for _, tc := range []struct {
		name       string
		raw        string
		d          Dialect
		start, end int64
		canonical  string
		want       string
	}{
		{"code points", "Größe 🙂 ß\nEnde", DialectREFI, 6, 7, "Größe 🙂 ß\nEnde", "🙂"},
		{"code points after emoji", "Größe 🙂 ß\nEnde", DialectREFI, 8, 9, "Größe 🙂 ß\nEnde", "ß"},
		{"nvivo after emoji", "Größe 🙂 ß\nEnde", DialectNVivo, 9, 10, "Größe 🙂 ß\nEnde", "ß"},
		{"nvivo emoji", "Größe 🙂 ß\nEnde", DialectNVivo, 6, 8, "Größe 🙂 ß\nEnde", "🙂"},
		{"nvivo half a surrogate pair widens", "a🙂b", DialectNVivo, 2, 4, "a🙂b", "🙂b"},
		{"nvivo end inside a surrogate pair widens", "a🙂b", DialectNVivo, 0, 2, "a🙂b", "a🙂"},
		{"maxqda crlf counted twice", "Zeile 1\r\nStraße\r\n", DialectMAXQDA, 9, 15, "Zeile 1\nStraße\n", "Straße"},
		{"maxqda across line end", "ä\r\nö", DialectMAXQDA, 0, 4, "ä\nö", "ä\nö"},
		{"atlas crlf counted once", "Zeile 1\r\nStraße\r\n", DialectATLAS, 8, 14, "Zeile 1\nStraße\n", "Straße"},
		{"atlas across line end", "ä\r\nö", DialectATLAS, 0, 3, "ä\nö", "ä\nö"},
		{"lone cr", "a\rb", DialectREFI, 2, 3, "a\nb", "b"},
		{"bom and nul dropped", "\uFEFFx\x00yz", DialectREFI, 2, 3, "xyz", "y"},
		{"qualcoder writes a bom no position counts", "\uFEFFx\x00yz", DialectQualCoder, 2, 3, "xyz", "y"},
		{"decomposed umlaut composed", "Gro\u0308ße", DialectREFI, 0, 6, "Größe", "Größe"},
		{"selection inside a composed character widens", "Gro\u0308ße", DialectREFI, 3, 4, "Größe", "ö"},
		{"after a composed character", "Gro\u0308ße", DialectREFI, 4, 6, "Größe", "ße"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := []byte(tc.raw)
			st, ok := readText(b, tc.d)
			if !ok {
				t.Fatal("not readable")
			}
			if st.canonical != tc.canonical {
				t.Fatalf("canonical %q, want %q", st.canonical, tc.canonical)
			}
			s, e, ok := st.span(tc.start, tc.end)
			if !ok {
				t.Fatalf("span(%d, %d) not ok", tc.start, tc.end)
			}
			if got := string([]rune(st.canonical)[s:e]); got != tc.want {
				t.Errorf("span(%d, %d) = [%d, %d) %q, want %q", tc.start, tc.end, s, e, got, tc.want)
			}
		})
	}
}

func TestSourceText_SpanOutside(t *testing.T) {
	st, _ := readText([]byte("abc"), DialectREFI)
	for _, r := range [][2]int64{{-1, 2}, {0, 4}, {2, 2}, {3, 1}} {
		if _, _, ok := st.span(r[0], r[1]); ok {
			t.Errorf("span%v accepted", r)
		}
	}
}

func TestEncodeText_Positions(t *testing.T) {
	canon := "Größe 🙂\nß"
	for _, tc := range []struct {
		d        Dialect
		text     string
		at8, end int // position of "ß" (rune 8) and of the end (rune 9)
	}{
		{DialectREFI, canon, 8, 9},
		{DialectNVivo, canon, 9, 10},
		{DialectMAXQDA, "Größe 🙂\r\nß", 9, 10},
		{DialectATLAS, "Größe 🙂\r\nß", 8, 9},
		{DialectQualCoder, canon, 8, 9},
	} {
		data, pos := encodeText(canon, tc.d)
		if string(data) != tc.text || pos(8) != tc.at8 || pos(9) != tc.end {
			t.Errorf("%s: %q, ß at %d, end %d", tc.d, data, pos(8), pos(9))
		}
		// And back: reading what was written finds ß again.
		st, _ := readText(data, tc.d)
		if s, e, ok := st.span(int64(pos(8)), int64(pos(9))); !ok || s != 8 || e != 9 {
			t.Errorf("%s: read back [%d, %d) %v", tc.d, s, e, ok)
		}
	}
}

func TestReadText_UTF16(t *testing.T) {
	le := []byte{0xFF, 0xFE, 'G', 0, 0xF6, 0, 0x3D, 0xD8, 0x42, 0xDE, '\r', 0, '\n', 0}
	st, ok := readText(le, DialectNVivo)
	if !ok || st.canonical != "Gö🙂\n" {
		t.Fatalf("utf-16: %q %v", st.canonical, ok)
	}
	if _, ok := readText([]byte{0xff, 0x41, 0x42}, DialectREFI); ok {
		t.Error("invalid UTF-8 accepted")
	}
}

func TestDetectDialect(t *testing.T) {
	for in, want := range map[string]Dialect{
		"ATLAS.ti for Windows 23.2.3.27778": DialectATLAS, "NVivo 14": DialectNVivo, "MAXQDA 2022": DialectMAXQDA,
		"QualCoder 3.5": DialectQualCoder, "protocoder": DialectREFI, "": DialectREFI,
	} {
		if got := DetectDialect(in); got != want {
			t.Errorf("%q: %s, want %s", in, got, want)
		}
	}
}
