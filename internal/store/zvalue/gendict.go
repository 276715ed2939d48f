//go:build ignore

// gendict trains the dictionary of the small values (dict1.zdict) from a
// project file of schema 7 (plain JSON values), such as the corpus of
// `protocoder-cli bench --docs 3000 --keep DIR`:
//
//	go run gendict.go -db DIR/project.db -out dict1.zdict
//
// It samples the records whose structure repeats (codings, interviews,
// documents, cases, codes, members, attributes and the commands that
// write them), replaces every GUID by a fresh random one, so that the
// dictionary learns the structure and no project's identifiers, and
// leaves out the records that hold the study's prose (guidelines, plans,
// summaries, memos, texts). A dictionary is never changed once files use
// it: a new one gets a new ID and the old one stays in the binary.
package main

import (
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"regexp"

	"github.com/klauspost/compress/dict"
	"github.com/klauspost/compress/zstd"
	bolt "go.etcd.io/bbolt"
)

func main() {
	dbPath := flag.String("db", "", "project file (schema 7) to sample")
	out := flag.String("out", "dict1.zdict", "dictionary file to write")
	id := flag.Uint("id", 1, "dictionary ID")
	size := flag.Int("size", 16<<10, "largest dictionary size")
	flag.Parse()
	db, err := bolt.Open(*dbPath, 0o400, &bolt.Options{ReadOnly: true})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	guid := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	fresh := func([]byte) []byte {
		var b [16]byte
		_, _ = rand.Read(b[:])
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
		return fmt.Appendf(nil, "%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
	}
	var samples [][]byte
	add := func(v []byte) {
		if len(v) < 2 || v[0] != 1 || len(v) > 16<<10 {
			return // not plain JSON, or too large to be a small value
		}
		samples = append(samples, guid.ReplaceAllFunc(v[1:], fresh))
	}
	structural := map[string]bool{"coding.add": true, "protocol.import": true, "case.add": true, "code.add": true,
		"attribute.add": true, "member.add": true, "document.add": true, "case.change": true}
	err = db.View(func(tx *bolt.Tx) error {
		for _, b := range []string{"codings", "interviews", "documents", "cases", "codes", "users", "attrdefs"} {
			n := 0
			err := tx.Bucket([]byte(b)).ForEach(func(_, v []byte) error {
				if n%10 == 0 {
					add(v)
				}
				n++
				return nil
			})
			if err != nil {
				return err
			}
		}
		perKind := map[string]int{}
		return tx.Bucket([]byte("commands")).ForEach(func(_, v []byte) error {
			var c struct{ Kind string }
			if len(v) < 2 || json.Unmarshal(v[1:], &c) != nil || !structural[c.Kind] {
				return nil
			}
			if perKind[c.Kind]++; perKind[c.Kind]%10 == 1 {
				add(v)
			}
			return nil
		})
	})
	if err != nil {
		log.Fatal(err)
	}
	d, err := dict.BuildZstdDict(samples, dict.Options{MaxDictSize: *size, HashBytes: 6, ZstdDictID: uint32(*id), ZstdLevel: zstd.SpeedFastest})
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, d, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d samples, dictionary of %d bytes in %s\n", len(samples), len(d), *out)
}
