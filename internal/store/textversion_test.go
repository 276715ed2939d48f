package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
)

// textChange returns the change of the text of doc in cmd.
func textChange(tb testing.TB, cmd *qda.Command, doc qda.GUID) qda.Change {
	tb.Helper()
	for _, c := range cmd.Changes {
		if c.Entity == "text" && c.Key == string(doc) {
			return c
		}
	}
	tb.Fatalf("command %d (%s) has no change of text %s: %+v", cmd.Seq, cmd.Kind, doc, cmd.Changes)
	return qda.Change{}
}

// commandsOf returns the command records, images inline.
func commandsOf(tb testing.TB, db *DB) []qda.Command {
	tb.Helper()
	var out []qda.Command
	err := db.View(func(tx *Tx) error {
		return tx.Commands(1, func(c *qda.Command) error { out = append(out, *c); return nil })
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// bucketValues returns the plain values of a bucket.
func bucketValues(tb testing.TB, db *DB, bucket []byte) [][]byte {
	tb.Helper()
	var out [][]byte
	err := db.bolt.View(func(btx *bolt.Tx) error {
		return btx.Bucket(bucket).ForEach(func(_, v []byte) error {
			plain, err := db.opts.Codec.Open(v)
			if err != nil {
				return err
			}
			out = append(out, bytes.Clone(plain))
			return nil
		})
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// holding counts the values that hold s.
func holding(values [][]byte, s string) int {
	n := 0
	for _, v := range values {
		if bytes.Contains(v, []byte(s)) {
			n++
		}
	}
	return n
}

// checkVersions fails the test if verify's check of the text versions
// finds anything.
func checkVersions(tb testing.TB, db *DB) {
	tb.Helper()
	problems, err := db.CheckTextVersions()
	if err != nil || len(problems) > 0 {
		tb.Errorf("text versions: %v, %v", problems, err)
	}
}

func TestTx_TextVersionsUndo(t *testing.T) {
	tests := []struct {
		name  string
		texts []string // the document's text, then each edit
		// versions is how many distinct texts the history holds.
		versions int
	}{
		{"two edits", []string{"Erste Fassung MARKE.", "Zweite Fassung MARKE.", "Dritte Fassung MARKE."}, 3},
		{"escapes and umlauts", []string{"Größe \"zitiert\" MARKE\nzweiter Absatz 🙂", "Straße <b> & MARKE\n\tEinzug", "ß MARKE"}, 3},
		{"back to the first", []string{"Hin MARKE.", "Her MARKE.", "Hin MARKE."}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := mustOpen(t, Options{NoBackup: true})
			doc := qda.Document{GUID: guid(40), Name: "Protokoll", Kind: qda.KindOther, Created: t0, Modified: t0}
			var cmds []*qda.Command
			for i, text := range tt.texts {
				d := doc
				cmds = append(cmds, putDocText(t, db, fmt.Sprintf("text.%d", i), &d, text))
			}
			// Each text is stored once: no command record nor the live
			// text holds it, one version per distinct text.
			if n := holding(bucketValues(t, db, bucketCommands), "MARKE"); n != 0 {
				t.Errorf("%d command records hold the text", n)
			}
			if n := holding(bucketValues(t, db, bucketTexts), "MARKE"); n != 0 {
				t.Errorf("%d live texts hold the text instead of a reference", n)
			}
			if n := holding(bucketValues(t, db, bucketTextVersions), "MARKE"); n != tt.versions {
				t.Errorf("%d text versions hold the text, want %d", n, tt.versions)
			}
			checkVersions(t, db)
			// The log shows the images inline, as they were written.
			stored := commandsOf(t, db)
			for i, text := range tt.texts {
				want, _ := json.Marshal(text)
				c := textChange(t, &stored[i], doc.GUID)
				if !bytes.Equal(c.After, want) {
					t.Errorf("command %d after image %s, want %s", i, c.After, want)
				}
				if i > 0 {
					prev, _ := json.Marshal(tt.texts[i-1])
					if !bytes.Equal(c.Before, prev) {
						t.Errorf("command %d before image %s, want %s", i, c.Before, prev)
					}
				}
			}
			// Undo the edits one by one, newest first, as the app does:
			// the before images in a new command each.
			for i := len(tt.texts) - 1; i >= 1; i-- {
				undo := stored[i]
				mustUpdate(t, db, "undo", func(tx *Tx) error {
					cur, err := tx.RawImage("text", string(doc.GUID))
					if err != nil {
						return err
					}
					if want := textChange(t, &undo, doc.GUID).After; !bytes.Equal(cur, want) {
						return fmt.Errorf("text before undo %s, want %s", cur, want)
					}
					return tx.ApplyImages(undo.Changes, true)
				})
				err := db.View(func(tx *Tx) error {
					got, err := tx.Text(doc.GUID)
					if err != nil {
						return err
					}
					if got != tt.texts[i-1] {
						t.Errorf("after undoing edit %d: %q, want %q", i, got, tt.texts[i-1])
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			if n := holding(bucketValues(t, db, bucketTextVersions), "MARKE"); n != tt.versions {
				t.Errorf("after undo %d text versions hold the text, want %d (undo reuses them)", n, tt.versions)
			}
			checkVersions(t, db)
		})
	}
}

func TestTx_ApplyImagesRefusesTextThatIsNoString(t *testing.T) {
	tests := []struct {
		name string
		img  string
	}{
		{"a reference", `{"textversion":"` + strings.Repeat("0", 64) + `"}`},
		{"a number", `42`},
		{"an array", `["a"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := mustOpen(t, Options{NoBackup: true})
			cmd := &qda.Command{GUID: guid(900), Time: t0, Kind: "remote"}
			err := db.Update(cmd, func(tx *Tx) error {
				return tx.ApplyImages([]qda.Change{{Entity: "text", Key: string(guid(40)), After: json.RawMessage(tt.img)}}, false)
			})
			if qda.ErrorCode(err) != qda.EInvalid {
				t.Fatalf("apply %s: %v, want invalid", tt.img, err)
			}
			err = db.View(func(tx *Tx) error {
				if _, err := tx.Text(guid(40)); qda.ErrorCode(err) != qda.ENotFound {
					t.Errorf("text after the refused write: %v", err)
				}
				if n := tx.LastCommandSeq(); n != 0 {
					t.Errorf("%d commands after the refused write", n)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// editSecret edits the canary document's text twice (both versions hold
// the canary) and takes a backup, so that the log and the backup hold
// three versions of it.
func editSecret(tb testing.TB, db *DB) {
	tb.Helper()
	for i, text := range []string{"Herr " + canary + " sagte mehr.", "Herr " + canary + " sagte noch mehr."} {
		mustUpdate(tb, db, fmt.Sprintf("text.edit.%d", i), func(tx *Tx) error {
			d, err := tx.Document(guid(30))
			if err != nil {
				return err
			}
			d.Length = qda.RuneLen(text)
			if err := tx.PutDocument(d); err != nil {
				return err
			}
			return tx.PutText(d.GUID, text)
		})
	}
	if _, err := db.Backup("edits"); err != nil {
		tb.Fatal(err)
	}
}

func TestDB_EraseRemovesTextVersions(t *testing.T) {
	tests := []struct {
		name string
		run  func(db *DB) (EraseReport, error)
		// text is the secret document's text afterwards, "" if erased.
		text string
	}{
		{"purge", eraseSecret, ""},
		{"anonymise", anonymiseSecret, "Herr [Person 1] sagte etwas."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := canaryProject(t)
			db, err := Open(dir, Options{NoBackup: true})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			editSecret(t, db)
			if n := holding(bucketValues(t, db, bucketTextVersions), canary); n != 3 {
				t.Fatalf("test premise: 3 text versions hold the canary, found %d", n)
			}
			if _, err := tt.run(db); err != nil {
				t.Fatal(err)
			}
			var hits []string
			for _, h := range canaryFiles(t, dir) {
				if h != filepath.Join(IndexDir, "seg1.zap") && !strings.HasPrefix(h, "recordings") {
					hits = append(hits, h)
				}
			}
			if len(hits) > 0 {
				t.Errorf("the canary is still in %v", hits)
			}
			if n := holding(bucketValues(t, db, bucketTextVersions), canary); n != 0 {
				t.Errorf("%d text versions still hold the canary", n)
			}
			checkVersions(t, db)
			err = db.View(func(tx *Tx) error {
				got, err := tx.Text(guid(30))
				switch {
				case tt.text == "" && qda.ErrorCode(err) != qda.ENotFound:
					t.Errorf("purged text: %q, %v", got, err)
				case tt.text != "" && (err != nil || got != tt.text):
					t.Errorf("anonymised text: %q, %v", got, err)
				}
				if kept, err := tx.Text(guid(31)); err != nil || kept != "bleibt" {
					t.Errorf("kept text: %q, %v", kept, err)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			list, err := Backups(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range list {
				checkBackupVersions(t, b.Path)
			}
		})
	}
}

// checkBackupVersions opens a backup and checks its text versions.
func checkBackupVersions(tb testing.TB, path string) {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "backup")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	copyTestFile(tb, path, filepath.Join(dir, DBFile))
	db, err := Open(dir, Options{NoBackup: true})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	checkVersions(tb, db)
}

func TestDB_AnonymiseSealsSharedVersions(t *testing.T) {
	dir := canaryProject(t)
	db, err := Open(dir, Options{NoBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	editSecret(t, db)
	// A seal with a nonce, as the pseudonym key's: equal images seal to
	// different bytes unless the erasure remembers them.
	nonce := byte(0)
	seal := func(plain []byte) ([]byte, error) {
		nonce++
		out := []byte{nonce}
		for i := len(plain) - 1; i >= 0; i-- {
			out = append(out, plain[i])
		}
		return json.Marshal(out)
	}
	cmd := &qda.Command{GUID: guid(902), Time: t0, Kind: "anon.replace"}
	_, err = db.Erase(cmd, func(tx *Tx) error { return tx.PutText(guid(30), "Herr [Person 1] sagte etwas.") },
		EraseSpec{Needles: []string{canary}, Seal: seal})
	if err != nil {
		t.Fatal(err)
	}
	var secret []qda.Change
	for _, c := range commandsOf(t, db) {
		for _, ch := range c.Changes {
			if ch.Entity == "text" && ch.Key == string(guid(30)) {
				secret = append(secret, ch)
			}
		}
	}
	if len(secret) != 4 {
		t.Fatalf("%d changes of the secret text, want the import, two edits and the anonymisation", len(secret))
	}
	for i, ch := range secret {
		if !ch.Sealed {
			t.Errorf("change %d of the secret text is not sealed", i)
		}
		if i > 0 && !bytes.Equal(ch.Before, secret[i-1].After) {
			t.Errorf("change %d's sealed before image differs from the previous after image: they no longer share a version", i)
		}
	}
	// The sealed image opens to the text it replaced.
	var sealed []byte
	if err := json.Unmarshal(secret[3].Before, &sealed); err != nil {
		t.Fatal(err)
	}
	before := sealed[1:]
	for i, j := 0, len(before)-1; i < j; i, j = i+1, j-1 {
		before[i], before[j] = before[j], before[i]
	}
	if want, _ := json.Marshal("Herr " + canary + " sagte noch mehr."); !bytes.Equal(before, want) {
		t.Errorf("the sealed before image opens to %s, want %s", before, want)
	}
	// Four sealed versions of the secret text (import, two edits, the
	// anonymisation's after image), the live one, "bleibt" and the
	// sample text.
	if n := len(bucketValues(t, db, bucketTextVersions)); n != 7 {
		t.Errorf("%d text versions, want 7", n)
	}
	checkVersions(t, db)
}

func TestTx_CheckTextVersions(t *testing.T) {
	tests := []struct {
		name   string
		damage func(b *bolt.Bucket) error
		want   string
	}{
		{"sound", func(*bolt.Bucket) error { return nil }, ""},
		{"missing version", func(b *bolt.Bucket) error {
			return b.Delete(versionKey([]byte(`"bleibt"`)))
		}, "refers to a missing text version"},
		{"version nothing refers to", func(b *bolt.Bucket) error {
			img := []byte(`"verwaist"`)
			return b.Put(versionKey(img), append([]byte{FormatJSON}, img...))
		}, "referred to by nothing"},
		{"damaged version", func(b *bolt.Bucket) error {
			return b.Put(versionKey([]byte(`"bleibt"`)), append([]byte{FormatJSON}, `"bleibT"`...))
		}, "does not hold what its key names"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := canaryProject(t)
			db, err := Open(dir, Options{NoBackup: true})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			err = db.bolt.Update(func(btx *bolt.Tx) error { return tt.damage(btx.Bucket(bucketTextVersions)) })
			if err != nil {
				t.Fatal(err)
			}
			problems, err := db.CheckTextVersions()
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(problems, "\n")
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("problems %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRefKey(t *testing.T) {
	k := versionKey([]byte(`"Text"`))
	hexKey := fmt.Sprintf("%x", k)
	tests := []struct {
		name, ref string
		ok        bool
	}{
		{"as written", string(refOf(k)), true},
		{"with spaces", `{ "textversion" : "` + hexKey + `" }`, true},
		{"upper case hex", `{"textversion":"` + strings.ToUpper(hexKey) + `"}`, true},
		{"short", `{"textversion":"abcd"}`, false},
		{"not hex", `{"textversion":"` + strings.Repeat("x", 64) + `"}`, false},
		{"no object", `"` + hexKey + `"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := refKey([]byte(tt.ref))
			if (err == nil) != tt.ok || tt.ok && !bytes.Equal(got, k) {
				t.Errorf("refKey(%s) = %x, %v; want ok %v", tt.ref, got, err, tt.ok)
			}
		})
	}
}

// versionKeys returns the keys of the text versions of a closed project.
func versionKeys(tb testing.TB, dir string) map[string]bool {
	tb.Helper()
	bdb, err := bolt.Open(filepath.Join(dir, DBFile), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		tb.Fatal(err)
	}
	defer bdb.Close()
	keys := map[string]bool{}
	err = bdb.View(func(btx *bolt.Tx) error {
		return btx.Bucket(bucketTextVersions).ForEach(func(k, _ []byte) error { keys[fmt.Sprintf("%x", k)] = true; return nil })
	})
	if err != nil {
		tb.Fatal(err)
	}
	return keys
}

func TestProtect_RekeysTextVersions(t *testing.T) {
	db, dir := mustOpen(t, Options{NoBackup: true})
	putAll(t, db)
	const text = "Geheimer Text MARKE"
	doc := qda.Document{GUID: guid(40), Name: "Protokoll", Kind: qda.KindOther, Created: t0, Modified: t0}
	putDocText(t, db, "text", &doc, text)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	img, _ := json.Marshal(text)
	plainKey := fmt.Sprintf("%x", versionKey(img))
	if !versionKeys(t, dir)[plainKey] {
		t.Fatal("test premise: the plain project keys the version by the SHA-256 of its image")
	}
	pass := []byte("lange Passphrase")
	opts := Options{NoBackup: true, KDF: KDFParams{Time: 1, Memory: 64, Threads: 1}}
	tests := []struct {
		name      string
		change    func() error
		passphase []byte
		plainKeys bool
	}{
		{"protect", func() error { _, err := Protect(dir, pass, opts); return err }, pass, false},
		{"unprotect", func() error { _, err := Unprotect(dir, pass, opts); return err }, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.change(); err != nil {
				t.Fatal(err)
			}
			if got := versionKeys(t, dir)[plainKey]; got != tt.plainKeys {
				t.Errorf("a version keyed by the SHA-256 of its text: %v, want %v", got, tt.plainKeys)
			}
			o := opts
			o.Passphrase = tt.passphase
			db, err := Open(dir, o)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			checkVersions(t, db)
			err = db.View(func(tx *Tx) error {
				if got, err := tx.Text(doc.GUID); err != nil || got != text {
					t.Errorf("text %q, %v", got, err)
				}
				return tx.Commands(1, func(c *qda.Command) error {
					for _, ch := range c.Changes {
						if ch.Entity == "text" && ch.Key == string(doc.GUID) && !bytes.Equal(ch.After, img) {
							t.Errorf("command image %s, want %s", ch.After, img)
						}
					}
					return nil
				})
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
