package store

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/protocoder/protocoder/internal/qda"
)

// SchemaVersion is the schema this code reads and writes.
const SchemaVersion = 10

// textVersionsSchema is the first schema that stores each text image once
// (textversion.go).
const textVersionsSchema = 7

// compressedSchema is the first schema whose values are compressed where
// that makes them smaller (compress.go).
const compressedSchema = 8

// utf8TextsSchema is the first schema that stores texts as their UTF-8
// (textbin.go).
const utf8TextsSchema = 10

// Bucket names. Entity buckets map a GUID to the entity's encoded form.
var (
	bucketMeta        = []byte("meta")        // schema version, project record
	bucketUsers       = []byte("users")       // GUID → qda.User
	bucketAttrDefs    = []byte("attrdefs")    // GUID → qda.AttributeDef
	bucketCases       = []byte("cases")       // GUID → qda.Case
	bucketGuidelines  = []byte("guidelines")  // GUID → qda.Guideline (whole tree)
	bucketCodes       = []byte("codes")       // GUID → qda.Code
	bucketInterviews  = []byte("interviews")  // GUID → qda.Interview
	bucketDocuments   = []byte("documents")   // GUID → qda.Document (metadata)
	bucketTexts       = []byte("texts")       // document GUID → text (v7: a reference to its text version)
	bucketCodings     = []byte("codings")     // GUID → qda.Coding
	bucketMemos       = []byte("memos")       // GUID → qda.Memo
	bucketCommands    = []byte("commands")    // 8-byte big-endian seq → qda.Command (v7: text images as references)
	bucketCodingsDoc  = []byte("codings_doc") // v2: docGUID "/" codingGUID → empty
	bucketCodingsCod  = []byte("codings_cod") // v2: codeGUID "/" codingGUID → empty
	bucketPlan        = []byte("plan")        // v3: "plan" → qda.Plan
	bucketSummaries   = []byte("summaries")   // v4: target "/" code → qda.Summary
	bucketReports     = []byte("reports")     // v4: case "/" level → qda.ReportSource
	bucketAnonIgnores = []byte("anonignores") // v5: GUID → qda.AnonIgnore
	// v7: SHA-256 of a text image → the image (a JSON string), stored once
	// for the live text and every command that holds it (textversion.go).
	bucketTextVersions = []byte("textversions")
)

// Keys in bucketMeta.
var (
	keySchema  = []byte("schema")  // 8-byte big-endian schema version, not encoded
	keyProject = []byte("project") // qda.Project
)

// Entity names used in command change records, mapped to their buckets.
var entityBuckets = map[string][]byte{
	"project":    bucketMeta,
	"user":       bucketUsers,
	"attribute":  bucketAttrDefs,
	"case":       bucketCases,
	"guideline":  bucketGuidelines,
	"code":       bucketCodes,
	"interview":  bucketInterviews,
	"document":   bucketDocuments,
	"text":       bucketTexts,
	"coding":     bucketCodings,
	"memo":       bucketMemos,
	"plan":       bucketPlan,
	"summary":    bucketSummaries,
	"report":     bucketReports,
	"anonignore": bucketAnonIgnores,
}

// migration moves a database from version From to From+1.
type migration struct {
	From  int
	Apply func(tx *bolt.Tx, c Codec) error
}

// migrations lead from an empty file (version 0) to SchemaVersion. They run
// step by step in one transaction, so a failure leaves the file as it was.
var migrations = []migration{
	{From: 0, Apply: func(tx *bolt.Tx, _ Codec) error {
		for _, b := range [][]byte{bucketMeta, bucketUsers, bucketAttrDefs, bucketCases,
			bucketGuidelines, bucketCodes, bucketInterviews, bucketDocuments, bucketTexts,
			bucketCodings, bucketMemos, bucketCommands} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return fmt.Errorf("create bucket %s: %w", b, err)
			}
		}
		return nil
	}},
	{From: 1, Apply: func(tx *bolt.Tx, c Codec) error {
		// Version 2 adds the coding indexes by document and by code.
		byDoc, err := tx.CreateBucketIfNotExists(bucketCodingsDoc)
		if err != nil {
			return err
		}
		byCode, err := tx.CreateBucketIfNotExists(bucketCodingsCod)
		if err != nil {
			return err
		}
		return tx.Bucket(bucketCodings).ForEach(func(k, v []byte) error {
			var cd qda.Coding
			if err := c.Decode(v, &cd); err != nil {
				return fmt.Errorf("index coding %s: %w", k, err)
			}
			doc, code := string(cd.Document), string(cd.Code)
			if err := byDoc.Put(indexKey(doc, string(k)), nil); err != nil {
				return err
			}
			return byCode.Put(indexKey(code, string(k)), nil)
		})
	}},
	{From: 2, Apply: func(tx *bolt.Tx, _ Codec) error {
		// Version 3 adds the fieldwork plan.
		_, err := tx.CreateBucketIfNotExists(bucketPlan)
		return err
	}},
	{From: 3, Apply: func(tx *bolt.Tx, _ Codec) error {
		// Version 4 adds the summaries of the summary grid and the records
		// of generated case reports.
		for _, b := range [][]byte{bucketSummaries, bucketReports} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	}},
	{From: 4, Apply: func(tx *bolt.Tx, _ Codec) error {
		// Version 5 adds the reviewed-and-ignored anonymization findings.
		_, err := tx.CreateBucketIfNotExists(bucketAnonIgnores)
		return err
	}},
	{From: 5, Apply: migrateMembers},
	{From: 6, Apply: migrateTextVersions},
	{From: 7, Apply: migrateCompressed},
	{From: 8, Apply: migrateRecords},
	{From: 9, Apply: migrateTexts},
}

// schemaVersion reads the version of an open transaction's file; 0 for an
// empty file.
func schemaVersion(tx *bolt.Tx) (int, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0, nil
	}
	v := meta.Get(keySchema)
	if len(v) != 8 {
		return 0, fmt.Errorf("schema version is missing or malformed")
	}
	return int(binary.BigEndian.Uint64(v)), nil
}

// migrate brings the file to SchemaVersion. It refuses files written by a
// newer version of protocoder.
func migrate(tx *bolt.Tx, c Codec) (from int, err error) {
	from, err = schemaVersion(tx)
	if err != nil {
		return 0, err
	}
	if from > SchemaVersion {
		return from, fmt.Errorf("the project was written by a newer protocoder (schema %d, this version reads up to %d)", from, SchemaVersion)
	}
	for _, m := range migrations {
		if m.From < from {
			continue
		}
		if err := m.Apply(tx, c); err != nil {
			return from, fmt.Errorf("migrate schema %d to %d: %w", m.From, m.From+1, err)
		}
		if err := putSchema(tx, m.From+1); err != nil {
			return from, err
		}
	}
	return from, nil
}

func putSchema(tx *bolt.Tx, v int) error {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(v))
	return tx.Bucket(bucketMeta).Put(keySchema, b[:])
}

// indexKey is the key of a coding index entry (codings_doc, codings_cod):
// since schema 8 a zero byte and the 16 bytes of each GUID (33 bytes, where
// the text form took 73); a GUID that is not canonical keeps the text form
// a "/" b, which never starts with a zero byte.
func indexKey(a, b string) []byte {
	k := make([]byte, 1, 33)
	k, okA := appendGUID(k, qda.GUID(a))
	k, okB := appendGUID(k, qda.GUID(b))
	if okA && okB {
		return k
	}
	return []byte(a + "/" + b)
}

// indexKeyText is an index key as text, for messages.
func indexKeyText(k []byte) string {
	if len(k) == 33 && k[0] == 0 {
		return string(guidOf(k[1:17])) + "/" + string(guidOf(k[17:]))
	}
	return string(k)
}

func seqKey(seq uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seq)
	return b[:]
}

// indexScan calls fn with the second part of every index key whose first
// part is prefix, in both forms of indexKey.
func indexScan(b *bolt.Bucket, prefix string, fn func(id string) error) error {
	c := b.Cursor()
	if p, ok := appendGUID([]byte{0}, qda.GUID(prefix)); ok {
		for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
			if len(k) == 33 {
				if err := fn(string(guidOf(k[17:]))); err != nil {
					return err
				}
			}
		}
	}
	p := []byte(prefix + "/")
	for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
		if err := fn(string(k[len(p):])); err != nil {
			return err
		}
	}
	return nil
}

// migrateMembers brings a project to version 6, where users are team
// members with roles and every command names a member:
//   - every user keeps its GUID and name and gets the roles its recorded
//     work implies (qda.DeriveRoles: interviewer of an interview, coder of a
//     coding, lead when neither, since such users set the project up);
//   - commands recorded without a user are attributed to one placeholder
//     member "unrecorded" ("user not recorded (before members)"), and
//     commands of a user that no longer exists to a placeholder with that
//     user's GUID, so the audit log never shows an empty user. Nobody can
//     act as a placeholder.
//
// Old "user.auto" commands stay as they are (they remain readable).
func migrateMembers(tx *bolt.Tx, c Codec) error {
	interviewed, coded := map[qda.GUID]bool{}, map[qda.GUID]bool{}
	err := tx.Bucket(bucketInterviews).ForEach(func(k, v []byte) error {
		var iv qda.Interview
		if err := decodeValue(c, v, &iv); err != nil {
			return fmt.Errorf("interview %s: %w", k, err)
		}
		interviewed[iv.Interviewer] = true
		return nil
	})
	if err != nil {
		return err
	}
	err = tx.Bucket(bucketCodings).ForEach(func(k, v []byte) error {
		var cd qda.Coding
		if err := decodeValue(c, v, &cd); err != nil {
			return fmt.Errorf("coding %s: %w", k, err)
		}
		coded[cd.Coder] = true
		return nil
	})
	if err != nil {
		return err
	}
	users := tx.Bucket(bucketUsers)
	names := map[string]bool{}
	var updated []qda.User
	err = users.ForEach(func(k, v []byte) error {
		var u qda.User
		if err := c.Decode(v, &u); err != nil {
			return fmt.Errorf("user %s: %w", k, err)
		}
		names[strings.ToLower(u.Name)] = true
		if len(u.Roles) == 0 && !u.Placeholder {
			u.Roles = qda.DeriveRoles(interviewed[u.GUID], coded[u.GUID])
			updated = append(updated, u)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := range updated {
		if err := putMigrated(users, c, &updated[i]); err != nil {
			return err
		}
	}
	// Attribute commands without a (known) user to placeholders.
	cmds := tx.Bucket(bucketCommands)
	var unrecorded qda.GUID
	placeholder := func(id qda.GUID, name, full string) error {
		base, n := name, 2
		for names[strings.ToLower(name)] {
			name = fmt.Sprintf("%s-%d", base, n)
			n++
		}
		names[strings.ToLower(name)] = true
		return putMigrated(users, c, &qda.User{GUID: id, Name: name, FullName: full, Placeholder: true})
	}
	type rewrite struct {
		key []byte
		cmd qda.Command
	}
	var rewrites []rewrite
	err = cmds.ForEach(func(k, v []byte) error {
		var cmd qda.Command
		if err := c.Decode(v, &cmd); err != nil {
			return fmt.Errorf("command %x: %w", k, err)
		}
		switch {
		case cmd.User == "":
			if unrecorded == "" {
				id, err := qda.NewGUID(rand.Reader)
				if err != nil {
					return err
				}
				if err := placeholder(id, qda.UnrecordedName, qda.UnrecordedFullName); err != nil {
					return err
				}
				unrecorded = id
			}
			cmd.User = unrecorded
			rewrites = append(rewrites, rewrite{append([]byte(nil), k...), cmd})
		case users.Get([]byte(cmd.User)) == nil:
			short := string(cmd.User)
			if len(short) > 8 {
				short = short[:8]
			}
			if err := placeholder(cmd.User, qda.UnrecordedName+"-"+short, "user no longer in the project (before members)"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range rewrites {
		v, err := c.Encode(&r.cmd)
		if err != nil {
			return err
		}
		if err := cmds.Put(r.key, v); err != nil {
			return err
		}
	}
	return nil
}

// putMigrated writes a migrated user. It does not apply today's rules for
// names: an old name that breaks them stays readable rather than stop the
// project from opening.
func putMigrated(users *bolt.Bucket, c Codec, u *qda.User) error {
	plain, err := json.Marshal(u)
	if err != nil {
		return err
	}
	v, err := c.Seal(plain)
	if err != nil {
		return err
	}
	return users.Put([]byte(u.GUID), v)
}
