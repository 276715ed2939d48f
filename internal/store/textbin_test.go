package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store/zvalue"
)

func TestPackText(t *testing.T) {
	z := zvalue.New()
	long := longText("Westermann")
	tests := []struct {
		name string
		img  string
		kind int // textRaw, textZstd, or -1: not packed
	}{
		{"a long text", mustJSON(t, long), int(textMarked)},
		{"a short text", mustJSON(t, "Größe"), int(textRaw)},
		{"the empty text", `""`, int(textRaw)},
		{"escapes json.Marshal writes", mustJSON(t, "a\n\"b\" <c> & \\ \u2028 \x01 🙂"), int(textRaw)},
		{"a long text with escapes", mustJSON(t, strings.ReplaceAll(long, ". ", ".\n\"")), int(textMarked)},
		{"a long text of long runes", mustJSON(t, strings.Repeat("Größe 🙂 ", 300)), int(textMarked)},
		{"a text of exactly two marks' runes", mustJSON(t, strings.Repeat("ab", markRunes-1)+"cß"), int(textMarked)},
		{"an escape json.Marshal does not write", `"a\/b"`, -1},
		{"a letter escaped", `"Gr\u00f6\u00dfe"`, -1},
		{"a surrogate pair", `"\ud83d\ude42"`, -1},
		{"invalid UTF-8", "\"a\xffb\"", -1},
		{"space after the string", `"abc" `, -1},
		{"an object", `{"a":"b"}`, -1},
		{"a text reference", string(refOf(versionKey([]byte(`"x"`)))), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := packText(z, []byte(tt.img))
			if err != nil {
				t.Fatal(err)
			}
			if tt.kind < 0 {
				if b != nil {
					t.Fatalf("packed as %q", b)
				}
				return
			}
			if b == nil || int(b[0]) != tt.kind {
				t.Fatalf("form %q, want kind %d", b[:min(len(b), 1)], tt.kind)
			}
			var want string
			if err := json.Unmarshal([]byte(tt.img), &want); err != nil {
				t.Fatal(err)
			}
			text, marks, err := textUTF8(z, b, nil)
			if err != nil || string(text) != want {
				t.Errorf("textUTF8 = %.40q, %v; want %.40q", text, err, want)
			}
			// A mark at every markRunes-th rune.
			var wantMarks []int
			for n, i := 0, 0; i < len(want); n++ {
				if n > 0 && n%markRunes == 0 {
					wantMarks = append(wantMarks, i)
				}
				_, size := utf8.DecodeRuneInString(want[i:])
				i += size
			}
			var got []int
			for at := 0; len(marks) > 0; {
				d, k := binary.Uvarint(marks)
				at, marks = at+int(d), marks[k:]
				got = append(got, at)
			}
			if !slices.Equal(got, wantMarks) {
				t.Errorf("marks %v, want %v", got, wantMarks)
			}
			if img, err := textJSON(z, b); err != nil || string(img) != tt.img {
				t.Errorf("textJSON = %.40q, %v; want %.40q", img, err, tt.img)
			}
			if tt.kind == int(textMarked) && (len(b) >= len(tt.img) || bytes.Contains(b, []byte("Westermann"))) {
				t.Errorf("a long text is not compressed: %d bytes of %d", len(b), len(tt.img))
			}
		})
	}
}

func mustJSON(tb testing.TB, s string) string {
	tb.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func TestTextUTF8_Damaged(t *testing.T) {
	z := zvalue.New()
	packed, err := packText(z, []byte(mustJSON(t, longText("x"))))
	if err != nil {
		t.Fatal(err)
	}
	damaged := bytes.Clone(packed)
	damaged[len(damaged)/2] ^= 0xff
	for name, b := range map[string][]byte{
		"empty":                 nil,
		"an unknown kind":       {7, 'a'},
		"invalid UTF-8":         {textRaw, 'a', 0xff},
		"a damaged frame":       damaged,
		"a frame, not zstd":     {textZstd, 'a', 'b'},
		"a frame cut in halves": packed[:len(packed)/2],
	} {
		if got, _, err := textUTF8(z, b, nil); err == nil {
			t.Errorf("%s: decoded to %.40q", name, got)
		}
	}
	if _, _, err := textUTF8(nil, packed, nil); err == nil {
		t.Error("decoded a frame without a packer")
	}
	// Marks that do not parse.
	bad, err := z.Pack([]byte{textMarked}, bytes.Repeat([]byte{0x80}, 64)) // a count that never ends
	if err != nil || bad == nil {
		t.Fatalf("test premise: %v", err)
	}
	if got, _, err := textUTF8(z, bad, nil); err == nil {
		t.Errorf("damaged marks: decoded to %q", got)
	}
}

func TestTextUTF8_Unmarked(t *testing.T) {
	// The first form of schema 10, a frame of the text alone, reads
	// without marks.
	z := zvalue.New()
	want := longText("x")
	b, err := z.Pack([]byte{textZstd}, []byte(want))
	if err != nil || b == nil {
		t.Fatalf("test premise: %v", err)
	}
	text, marks, err := textUTF8(z, b, nil)
	if err != nil || string(text) != want || marks != nil {
		t.Errorf("textUTF8 = %.40q, %q, %v", text, marks, err)
	}
	if img, err := textJSON(z, b); err != nil || string(img) != mustJSON(t, want) {
		t.Errorf("textJSON = %.40q, %v", img, err)
	}
}

func FuzzPackText(f *testing.F) {
	f.Add([]byte(`"Größe \n \"x\" 🙂"`))
	f.Add([]byte(`"a\/b"`))
	z := zvalue.New()
	f.Fuzz(func(t *testing.T, img []byte) {
		// Whatever packs gives its image back byte for byte …
		if b, err := packText(z, img); err != nil {
			t.Fatal(err)
		} else if b != nil {
			if got, err := textJSON(z, b); err != nil || !bytes.Equal(got, img) {
				t.Fatalf("%q: %q, %v", img, got, err)
			}
		}
		// … and every image json.Marshal writes of valid UTF-8 (the
		// store's texts are canonical) packs.
		again, _ := json.Marshal(strings.ToValidUTF8(string(img), "\uFFFD"))
		if b, err := packText(z, again); err != nil || b == nil {
			t.Fatalf("json.Marshal's %q does not pack: %v", again, err)
		}
	})
}

// jsonTextVersions stores every text version of a project file as
// schema 9 did (a zstd frame of the JSON string, or the JSON string if
// too short to compress; plain projects only) and returns how many it
// rewrote.
func jsonTextVersions(tb testing.TB, bdb *bolt.DB) int {
	tb.Helper()
	z := zvalue.New()
	n := 0
	err := bdb.Update(func(tx *bolt.Tx) error {
		return rewriteBucket(tx.Bucket(bucketTextVersions), func(k, v []byte) ([]byte, error) {
			plain, err := NewJSONCodec().Open(v)
			if err != nil {
				return nil, err
			}
			frame, err := z.Pack([]byte{FormatZstd}, plain)
			if err != nil {
				return nil, err
			}
			n++
			if frame == nil { // too short to compress
				return append([]byte{FormatJSON}, plain...), nil
			}
			return frame, nil
		})
	})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

func TestMigrate_FromV9StoresTextsAsUTF8(t *testing.T) {
	opts := Options{NoBackup: true}
	db, dir := mustOpen(t, opts)
	putAll(t, db)
	_, _, _, _, _, _, d, _, _, _ := sampleEntities()
	long := longText("Westermann") + "\n\"Zitat\" 🙂"
	putDocText(t, db, "test.edit", &d, long)
	var texts []string
	var images [][]byte
	readAll := func(db *DB) {
		texts, images = nil, nil
		err := db.View(func(tx *Tx) error {
			s, err := tx.Text(d.GUID)
			texts = append(texts, s)
			if err != nil {
				return err
			}
			return tx.Commands(0, func(c *qda.Command) error {
				for _, ch := range c.Changes {
					if ch.Entity == "text" {
						images = append(images, ch.Before, ch.After)
					}
				}
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	readAll(db)
	wantTexts, wantImages := texts, images
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	bdb, err := bolt.Open(dir+"/"+DBFile, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := jsonTextVersions(t, bdb); n != 2 {
		t.Fatalf("test premise: %d text versions, want 2", n)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error { return putSchema(tx, 9) }); err != nil {
		t.Fatal(err)
	}
	bdb.Close()

	db, err = Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if db.MigratedFrom != 9 {
		t.Errorf("MigratedFrom = %d, want 9", db.MigratedFrom)
	}
	n := 0
	for k, v := range storedValues(t, db) {
		if strings.HasPrefix(k, string(bucketTextVersions)+"/") {
			n++
			if !isText(v) {
				t.Errorf("%x: format %d, want the UTF-8 form", k, v[0])
			}
		}
	}
	if n != 2 {
		t.Errorf("%d text versions after the migration, want 2", n)
	}
	readAll(db)
	if !slices.Equal(texts, wantTexts) || len(images) != len(wantImages) {
		t.Fatalf("texts %.40q, want %.40q; %d images, want %d", texts, wantTexts, len(images), len(wantImages))
	}
	for i := range images {
		if !bytes.Equal(images[i], wantImages[i]) {
			t.Errorf("image %d: %.40q, want %.40q", i, images[i], wantImages[i])
		}
	}
	if problems, err := db.CheckTextVersions(); err != nil || len(problems) > 0 {
		t.Errorf("verify: %v %v", problems, err)
	}
}
