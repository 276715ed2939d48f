package store

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// checkSlices fails unless sliceJSONString agrees with slicing the whole
// decoded string wherever it answers; want says it must answer. raw must
// be valid JSON wherever the walk counts without looking (see
// TestSliceJSONString's damaged values).
func checkSlices(t *testing.T, raw []byte, rs []qda.Range, want bool) {
	t.Helper()
	got, ok := sliceJSONString(raw, rs)
	if !ok {
		if want {
			t.Errorf("sliceJSONString(%q, %v) did not answer", raw, rs)
		}
		return
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("sliceJSONString(%q) answered, json.Unmarshal fails: %v", raw, err)
	}
	n := qda.RuneLen(s)
	for i, r := range rs {
		if r.End > n {
			t.Fatalf("sliceJSONString(%q) answered for %v beyond the text (%d runes)", raw, r, n)
		}
		if w := qda.Slice(s, r.Start, r.End); got[i] != w {
			t.Errorf("sliceJSONString(%q) %v = %q, want %q", raw, r, got[i], w)
		}
	}
}

// sampleRanges returns ranges of a text of n runes: from about every
// twenty-third rune, of 0, 1, 9 and 130 runes and to the text's end.
func sampleRanges(n int) []qda.Range {
	var rs []qda.Range
	for a := 0; a <= n; a += 1 + n/23 {
		for _, b := range []int{a, a + 1, a + 9, a + 130, n} {
			if b <= n {
				rs = append(rs, qda.Range{Start: a, End: b})
			}
		}
	}
	return rs
}

func TestSliceJSONString(t *testing.T) {
	texts := []string{
		"", "a", "Größe Straße", "Zeile\nZeile\tTab \"zitat\" \\ / <b>&</b> \x01",
		"🙂 emoji \u2028 \u2029 ende", strings.Repeat("Arbeitgeberservice über Größe\n", 40),
		strings.Repeat("ä", 70) + strings.Repeat("🙂x", 30),
	}
	for _, text := range texts {
		raw, err := json.Marshal(text)
		if err != nil {
			t.Fatal(err)
		}
		n := qda.RuneLen(text)
		rs := sampleRanges(n)
		checkSlices(t, raw, rs, true)
		for _, r := range rs { // one at a time, too
			checkSlices(t, raw, []qda.Range{r}, true)
		}
		checkSlices(t, raw, []qda.Range{{Start: 0, End: n + 1}}, false)
	}
	// What the walk leaves to the whole decoding (or decodes the same).
	for _, raw := range []string{`"\ud83d\ude42 x"`, `"a\ud83dx"`, `"\x"`, `"a"b"`, `"a`, `1`, `"` + "\xff" + `abc"`} {
		checkSlices(t, []byte(raw), []qda.Range{{Start: 0, End: 1}, {Start: 1, End: 2}}, false)
	}
	// Damage the store never writes (a quote or control byte not escaped,
	// invalid UTF-8) is refused in a piece; outside the pieces the walk
	// counts it as the one rune it is.
	for _, tc := range []struct {
		raw    string
		r      qda.Range
		answer string // "": none
	}{
		{`"ab"cdefghijklm"`, qda.Range{Start: 2, End: 3}, ""},
		{`"ab"cdefghijklm"`, qda.Range{Start: 9, End: 13}, "ijkl"},
		{"\"a\x01bcdefghijk\"", qda.Range{Start: 0, End: 3}, ""},
		{"\"a\x01bcdefghijk\"", qda.Range{Start: 8, End: 12}, "hijk"},
		{"\"a\xffbcdefghijk\"", qda.Range{Start: 1, End: 2}, ""},
		{"\"a\xffbcdefghijk\"", qda.Range{Start: 9, End: 12}, "ijk"},
	} {
		got, ok := sliceJSONString([]byte(tc.raw), []qda.Range{tc.r})
		if tc.answer == "" && ok || tc.answer != "" && (!ok || got[0] != tc.answer) {
			t.Errorf("sliceJSONString(%q, %v) = %q, %v; want %q", tc.raw, tc.r, got, ok, tc.answer)
		}
	}
}

func FuzzSliceJSONString(f *testing.F) {
	f.Add("Größe\nStraße 🙂 \"x\"", 1, 5)
	f.Fuzz(func(t *testing.T, s string, a, b int) {
		raw, _ := json.Marshal(s)
		n := qda.RuneLen(s)
		if a < 0 || b < a || b > n {
			return
		}
		checkSlices(t, raw, []qda.Range{{Start: a, End: b}, {Start: 0, End: a}, {Start: b, End: n}}, isValidUTF8(s))
	})
}

func isValidUTF8(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func TestSlicePieces_UTF8(t *testing.T) {
	for _, text := range []string{
		"", "a", "Größe Straße", "Zeile\nZeile\tTab \"zitat\" \\ / <b>&</b> \x01 \\u00e4",
		"🙂 emoji \u2028 \u2029 ende", strings.Repeat("Arbeitgeberservice über Größe\n", 40),
		strings.Repeat("ä", 70) + strings.Repeat("🙂x", 30), strings.Repeat("Größe 🙂 ", 300), strings.Repeat("a", 2*markRunes),
	} {
		n := qda.RuneLen(text)
		rs := sampleRanges(n)
		checkUTF8Slices(t, text, rs)
		if got, ok := slicePieces([]byte(text), nil, []qda.Range{{Start: 0, End: n + 1}}, true); ok {
			t.Errorf("%q: answered %q beyond the text", text, got)
		}
	}
}

// checkUTF8Slices fails unless slicePieces cuts rs out of text as
// qda.Slice does, with the text's marks and without.
func checkUTF8Slices(t *testing.T, text string, rs []qda.Range) {
	t.Helper()
	marks, rest, ok := splitMarks(append(appendMarks(nil, text), text...))
	if !ok || string(rest) != text {
		t.Fatalf("marks of %q do not split off", text)
	}
	for _, m := range [][]byte{nil, marks} {
		got, ok := slicePieces([]byte(text), m, rs, true)
		if !ok {
			t.Fatalf("slicePieces(%q, %v) did not answer (marks %v)", text, rs, m)
		}
		for i, r := range rs {
			if w := qda.Slice(text, r.Start, r.End); got[i] != w {
				t.Errorf("slicePieces(%q) %v = %q, want %q (marks %v)", text, r, got[i], w, m)
			}
		}
	}
}

func FuzzSlicePieces_UTF8(f *testing.F) {
	f.Add("Größe\nStraße 🙂 \"x\" \\", 1, 5)
	f.Fuzz(func(t *testing.T, s string, a, b int) {
		s = strings.ToValidUTF8(s, "\uFFFD") // the store keeps valid UTF-8 only
		n := qda.RuneLen(s)
		if a < 0 || b < a || b > n {
			return
		}
		checkUTF8Slices(t, s, []qda.Range{{Start: a, End: b}, {Start: 0, End: a}, {Start: b, End: n}})
	})
}

func TestTx_TextPieces(t *testing.T) {
	for _, form := range []string{"UTF-8", "JSON string (schema 9)"} {
		t.Run(form, func(t *testing.T) { testTextPieces(t, form != "UTF-8") })
	}
}

func testTextPieces(t *testing.T, asJSON bool) {
	db, _ := mustOpen(t, Options{NoBackup: true})
	putAll(t, db)
	_, _, _, _, _, _, d, text, _, _ := sampleEntities()
	long := d
	long.GUID = guid(77)
	longText := strings.Repeat("Zeile mit \"Zitat\" und Größe 🙂\n", 200)
	putDocText(t, db, "test.long", &long, longText)
	if asJSON && jsonTextVersions(t, db.bolt) != 2 {
		t.Fatal("test premise: two text versions")
	}
	n := qda.RuneLen(text)
	tests := []struct {
		name string
		doc  qda.GUID
		rs   []qda.Range
		code string // of the error, "" for none
	}{
		{"pieces in any order", d.GUID, []qda.Range{{Start: 20, End: n}, {Start: 0, End: 5}, {Start: 3, End: 3}, {Start: 0, End: n}}, ""},
		{"empty at the edges", d.GUID, []qda.Range{{Start: 0, End: 0}, {Start: n, End: n}}, ""},
		{"none", d.GUID, nil, ""},
		{"beyond the text", d.GUID, []qda.Range{{Start: 0, End: 2}, {Start: n - 1, End: n + 1}}, qda.EInvalid},
		{"backwards", d.GUID, []qda.Range{{Start: 4, End: 2}}, qda.EInvalid},
		{"a long text with escapes", long.GUID, []qda.Range{{Start: 4000, End: 4100}, {Start: 9, End: 17}, {Start: 33, End: 6000}}, ""},
	}
	texts := map[qda.GUID]string{d.GUID: text, long.GUID: longText}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.View(func(tx *Tx) error {
				if got, err := tx.Text(tt.doc); err != nil || got != texts[tt.doc] {
					t.Errorf("Text: %.40q, %v", got, err)
				}
				got, err := tx.TextPieces(tt.doc, tt.rs, nil)
				if err != nil {
					return err
				}
				for i, r := range tt.rs {
					if w := qda.Slice(texts[tt.doc], r.Start, r.End); got[i] != w {
						t.Errorf("%v: %q, want %q", r, got[i], w)
					}
				}
				return nil
			})
			if qda.ErrorCode(err) != tt.code || (tt.code == "" && err != nil) {
				t.Errorf("error %v, want code %q", err, tt.code)
			}
		})
	}
	err := db.View(func(tx *Tx) error {
		_, err := tx.TextPieces(guid(99), []qda.Range{{Start: 0, End: 1}}, nil)
		return err
	})
	if qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("a missing text: %v, want not found", err)
	}
}
