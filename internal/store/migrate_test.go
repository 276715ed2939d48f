package store

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
)

type boltTx = bolt.Tx

var update = flag.Bool("update", false, "rewrite testdata fixtures")

const v1Fixture = "testdata/schema-v1.db"

// writeV1Fixture writes a project as schema version 1 wrote it: the base
// buckets, no coding indexes.
func writeV1Fixture(tb testing.TB, path string) {
	tb.Helper()
	_ = os.Remove(path)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	u, _, _, _, code, _, d, text, cd, _ := sampleEntities()
	d.Interview, d.Case = "", ""
	c := JSONCodec{}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := migrations[0].Apply(tx, c); err != nil {
			return err
		}
		if err := putSchema(tx, 1); err != nil {
			return err
		}
		for _, kv := range []struct {
			bucket []byte
			key    string
			v      any
		}{
			{bucketMeta, string(keyProject), qda.Project{GUID: guid(1), Name: "Altprojekt", Created: t0}},
			{bucketUsers, string(u.GUID), u},
			{bucketCodes, string(code.GUID), qda.Code{GUID: code.GUID, Name: code.Name, Color: code.Color}},
			{bucketDocuments, string(d.GUID), d},
			{bucketTexts, string(d.GUID), text},
			{bucketCodings, string(cd.GUID), cd},
		} {
			b, err := c.Encode(kv.v)
			if err != nil {
				return err
			}
			if err := tx.Bucket(kv.bucket).Put([]byte(kv.key), b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func TestMigrate_FromV1Fixture(t *testing.T) {
	if *update {
		writeV1Fixture(t, v1Fixture)
	}
	dir := filepath.Join(t.TempDir(), "old")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	copyTestFile(t, v1Fixture, filepath.Join(dir, DBFile))
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("open v1 project: %v", err)
	}
	defer db.Close()
	if db.MigratedFrom != 1 {
		t.Errorf("MigratedFrom = %d, want 1", db.MigratedFrom)
	}
	_, _, _, _, _, _, d, _, cd, _ := sampleEntities()
	err = db.View(func(tx *Tx) error {
		if v, _ := tx.SchemaVersion(); v != SchemaVersion {
			t.Errorf("schema after migration = %d, want %d", v, SchemaVersion)
		}
		cs, err := tx.CodingsOfDocument(d.GUID)
		if err != nil || len(cs) != 1 || cs[0].GUID != cd.GUID {
			t.Errorf("migrated coding index by document: %v, %v", cs, err)
		}
		if p, err := tx.CheckCodingIndexes(); err != nil || len(p) != 0 {
			t.Errorf("indexes after migration: %v, %v", p, err)
		}
		p, err := tx.Project()
		if err != nil || p.Name != "Altprojekt" {
			t.Errorf("project after migration: %+v, %v", p, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wantPreMigrationBackup(t, dir, 1)
}

func copyTestFile(tb testing.TB, src, dst string) {
	tb.Helper()
	in, err := os.Open(src)
	if err != nil {
		tb.Fatalf("fixture: %v (run go test -run TestMigrate -update to create it)", err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		tb.Fatal(err)
	}
	defer out.Close()
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
}

const v5Fixture = "testdata/schema-v5.db"

// writeV5Fixture writes a project as schema version 5 wrote it: users
// without roles (anna interviewed, ben coded, carl did neither, and one
// is called "unrecorded"), commands without a user, one of a user that no
// longer exists and an old user.auto registration.
func writeV5Fixture(tb testing.TB, path string) {
	tb.Helper()
	_ = os.Remove(path)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	_, _, cs, g, code, iv, d, text, cd, _ := sampleEntities()
	anna := qda.User{GUID: guid(10), Name: "anna", FullName: "Anna Beispiel", Created: t0}
	ben := qda.User{GUID: guid(30), Name: "ben", Created: t0}
	carl := qda.User{GUID: guid(31), Name: "carl", Created: t0}
	clash := qda.User{GUID: guid(32), Name: "unrecorded", Created: t0}
	cd.Coder = ben.GUID
	c := JSONCodec{}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, m := range migrations[:5] {
			if err := m.Apply(tx, c); err != nil {
				return err
			}
		}
		if err := putSchema(tx, 5); err != nil {
			return err
		}
		cmd := func(seq int, user qda.GUID, kind string) qda.Command {
			return qda.Command{GUID: guid(900 + seq), Seq: uint64(seq), User: user, Time: t0, Kind: kind}
		}
		kvs := []struct {
			bucket []byte
			key    string
			v      any
		}{
			{bucketMeta, string(keyProject), qda.Project{GUID: guid(1), Name: "Projekt v5", Created: t0}},
			{bucketUsers, string(anna.GUID), anna},
			{bucketUsers, string(ben.GUID), ben},
			{bucketUsers, string(carl.GUID), carl},
			{bucketUsers, string(clash.GUID), clash},
			{bucketCases, string(cs.GUID), cs},
			{bucketGuidelines, string(g.GUID), g},
			{bucketCodes, string(code.GUID), code},
			{bucketInterviews, string(iv.GUID), iv},
			{bucketDocuments, string(d.GUID), d},
			{bucketTexts, string(d.GUID), text},
			{bucketCodings, string(cd.GUID), cd},
		}
		for i, c := range []qda.Command{cmd(1, anna.GUID, "user.auto"), cmd(2, "", "interview.status"),
			cmd(3, guid(99), "code.add"), cmd(4, ben.GUID, "coding.add"), cmd(5, "", "interview.add")} {
			kvs = append(kvs, struct {
				bucket []byte
				key    string
				v      any
			}{bucketCommands, string(seqKey(uint64(i + 1))), c})
		}
		for _, kv := range kvs {
			b, err := c.Encode(kv.v)
			if err != nil {
				return err
			}
			if err := tx.Bucket(kv.bucket).Put([]byte(kv.key), b); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketCommands).SetSequence(5)
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func TestMigrate_FromV5KeepsUsersAsMembers(t *testing.T) {
	if *update {
		writeV5Fixture(t, v5Fixture)
	}
	dir := filepath.Join(t.TempDir(), "old")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	copyTestFile(t, v5Fixture, filepath.Join(dir, DBFile))
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("open v5 project: %v", err)
	}
	defer db.Close()
	if db.MigratedFrom != 5 {
		t.Errorf("MigratedFrom = %d, want 5", db.MigratedFrom)
	}
	err = db.View(func(tx *Tx) error {
		users, err := tx.Users()
		if err != nil {
			return err
		}
		byName := map[string]qda.User{}
		for _, u := range users {
			byName[u.Name] = u
		}
		for _, tt := range []struct {
			name        string
			guid        qda.GUID
			roles       []qda.MemberRole
			placeholder bool
		}{
			{"anna", guid(10), []qda.MemberRole{qda.MemberInterviewer}, false},
			{"ben", guid(30), []qda.MemberRole{qda.MemberCoder}, false},
			{"carl", guid(31), []qda.MemberRole{qda.MemberLead}, false},
			{"unrecorded", guid(32), []qda.MemberRole{qda.MemberLead}, false},
			{"unrecorded-00000000", guid(99), nil, true},
		} {
			u, ok := byName[tt.name]
			if !ok {
				t.Errorf("no member %q after migration among %v", tt.name, users)
				continue
			}
			if u.GUID != tt.guid || !slicesEqualRoles(u.Roles, tt.roles) || u.Placeholder != tt.placeholder {
				t.Errorf("member %q = %+v, want GUID %s, roles %v, placeholder %v", tt.name, u, tt.guid, tt.roles, tt.placeholder)
			}
			if err := u.Validate(); err != nil {
				t.Errorf("member %q does not validate: %v", tt.name, err)
			}
		}
		// The placeholder for commands without a user avoids the name
		// "unrecorded", which a real user holds.
		un, ok := byName["unrecorded-2"]
		if !ok || !un.Placeholder || un.FullName != qda.UnrecordedFullName {
			t.Fatalf("placeholder for commands without a user: %+v (found %v)", un, ok)
		}
		want := map[uint64]qda.GUID{1: guid(10), 2: un.GUID, 3: guid(99), 4: guid(30), 5: un.GUID}
		return tx.Commands(1, func(c *qda.Command) error {
			if c.User != want[c.Seq] {
				t.Errorf("command %d (%s) user = %q, want %q", c.Seq, c.Kind, c.User, want[c.Seq])
			}
			if _, err := tx.User(c.User); err != nil {
				t.Errorf("command %d names no member: %v", c.Seq, err)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func slicesEqualRoles(a, b []qda.MemberRole) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

const v6Fixture = "testdata/schema-v6.db"

// v6Texts are the texts of the v6 fixture's document: imported, then
// edited.
var v6Texts = []string{"Erste Fassung MARKE: Größe \"zitiert\"\nzweiter Absatz 🙂", "Zweite Fassung MARKE: Straße <b> & mehr"}

// v6Sealed is a sealed image (of text that an anonymisation replaced) as
// schema 6 kept it: inline in the command.
var v6Sealed = json.RawMessage(`"c2VhbGVkIE1BUktF"`)

// writeV6Fixture writes a project as schema version 6 wrote it: texts and
// the command log's text images inline (a document imported and edited
// once, another one's text anonymised with sealed images).
func writeV6Fixture(tb testing.TB, path string) {
	tb.Helper()
	_ = os.Remove(path)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	u, _, _, _, _, _, _, _, _, _ := sampleEntities()
	doc := qda.Document{GUID: guid(40), Name: "Protokoll", Kind: qda.KindOther, Length: qda.RuneLen(v6Texts[1]), Created: t0, Modified: t0}
	anon := qda.Document{GUID: guid(41), Name: "Anonymisiert", Kind: qda.KindOther, Length: qda.RuneLen("[Person 1]"), Created: t0, Modified: t0}
	img := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	c := JSONCodec{}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, m := range migrations[:6] {
			if err := m.Apply(tx, c); err != nil {
				return err
			}
		}
		if err := putSchema(tx, 6); err != nil {
			return err
		}
		cmds := []qda.Command{
			{GUID: guid(901), Seq: 1, User: u.GUID, Time: t0, Kind: "protocol.import", Changes: []qda.Change{
				{Entity: "document", Key: string(doc.GUID), After: img(doc)},
				{Entity: "text", Key: string(doc.GUID), After: img(v6Texts[0])}}},
			{GUID: guid(902), Seq: 2, User: u.GUID, Time: t0, Kind: "text.edit", Changes: []qda.Change{
				{Entity: "text", Key: string(doc.GUID), Before: img(v6Texts[0]), After: img(v6Texts[1])}}},
			{GUID: guid(903), Seq: 3, User: u.GUID, Time: t0, Kind: "anon.replace", Changes: []qda.Change{
				{Entity: "text", Key: string(anon.GUID), Before: v6Sealed, After: v6Sealed, Sealed: true}}},
		}
		kvs := []struct {
			bucket []byte
			key    string
			v      any
		}{
			{bucketMeta, string(keyProject), qda.Project{GUID: guid(1), Name: "Projekt v6", Created: t0}},
			{bucketUsers, string(u.GUID), u},
			{bucketDocuments, string(doc.GUID), doc},
			{bucketTexts, string(doc.GUID), v6Texts[1]},
			{bucketDocuments, string(anon.GUID), anon},
			{bucketTexts, string(anon.GUID), "[Person 1]"},
		}
		for i := range cmds {
			kvs = append(kvs, struct {
				bucket []byte
				key    string
				v      any
			}{bucketCommands, string(seqKey(cmds[i].Seq)), cmds[i]})
		}
		for _, kv := range kvs {
			b, err := c.Encode(kv.v)
			if err != nil {
				return err
			}
			if err := tx.Bucket(kv.bucket).Put([]byte(kv.key), b); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketCommands).SetSequence(uint64(len(cmds)))
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func TestMigrate_FromV6StoresTextsOnce(t *testing.T) {
	if *update {
		writeV6Fixture(t, v6Fixture)
	}
	dir := filepath.Join(t.TempDir(), "old")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	copyTestFile(t, v6Fixture, filepath.Join(dir, DBFile))
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("open v6 project: %v", err)
	}
	defer db.Close()
	if db.MigratedFrom != 6 {
		t.Errorf("MigratedFrom = %d, want 6", db.MigratedFrom)
	}
	if n := holding(bucketValues(t, db, bucketCommands), "MARKE"); n != 0 {
		t.Errorf("%d command records still hold a text", n)
	}
	if n := holding(bucketValues(t, db, bucketCommands), string(v6Sealed)); n != 0 {
		t.Errorf("%d command records still hold a sealed image", n)
	}
	if n := holding(bucketValues(t, db, bucketTexts), "MARKE"); n != 0 {
		t.Errorf("%d live texts still hold the text", n)
	}
	// Versions: the two texts, the sealed image, "[Person 1]".
	if n := len(bucketValues(t, db, bucketTextVersions)); n != 4 {
		t.Errorf("%d text versions, want 4", n)
	}
	checkVersions(t, db)
	img := func(s string) []byte { b, _ := json.Marshal(s); return b }
	wantImages := []struct{ before, after []byte }{{nil, img(v6Texts[0])}, {img(v6Texts[0]), img(v6Texts[1])}, {v6Sealed, v6Sealed}}
	cmds := commandsOf(t, db)
	if len(cmds) != len(wantImages) {
		t.Fatalf("%d commands after migration, want %d", len(cmds), len(wantImages))
	}
	for i, w := range wantImages {
		c := cmds[i].Changes[len(cmds[i].Changes)-1]
		if !bytes.Equal(c.Before, w.before) || !bytes.Equal(c.After, w.after) {
			t.Errorf("command %d images %s → %s, want %s → %s", i+1, c.Before, c.After, w.before, w.after)
		}
	}
	if !cmds[2].Changes[0].Sealed {
		t.Error("the sealed change lost its mark")
	}
	// Undo the edit from the migrated log.
	mustUpdate(t, db, "undo", func(tx *Tx) error { return tx.ApplyImages(cmds[1].Changes, true) })
	err = db.View(func(tx *Tx) error {
		if v, _ := tx.SchemaVersion(); v != SchemaVersion {
			t.Errorf("schema after migration = %d, want %d", v, SchemaVersion)
		}
		text, err := tx.Text(guid(40))
		if err != nil || text != v6Texts[0] {
			t.Errorf("text after undoing the migrated edit: %q, %v", text, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wantPreMigrationBackup(t, dir, 6)
}

// wantPreMigrationBackup fails the test if dir has no backup taken before
// migrating from schema from.
func wantPreMigrationBackup(tb testing.TB, dir string, from int) {
	tb.Helper()
	list, err := Backups(dir)
	if err != nil {
		tb.Fatal(err)
	}
	suffix := fmt.Sprintf("pre-migration-v%d.db", from)
	for _, b := range list {
		if strings.HasSuffix(b.Name, suffix) {
			return
		}
	}
	tb.Errorf("no backup %s among %v", suffix, list)
}
