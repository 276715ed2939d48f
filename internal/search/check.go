package search

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
)

// checkSegments verifies the CRC-32 that closes every segment file of the
// index (scorch's zap format: the last four bytes are the CRC of all bytes
// before them), so that a segment whose contents were damaged is found
// when the index is opened rather than by a failing search later. A
// missing store folder is not an error (bleve reports it).
//
// Segment files never change once written, so a segment that passed with
// the same size and modification time (recorded in path+".checked") is
// not read again: a large project's index is gigabytes.
func checkSegments(path string) error {
	dir := filepath.Join(path, "store")
	ents, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	} else if err != nil {
		return err
	}
	passed := readChecked(path)
	now := map[string]fileStamp{}
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".zap") || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		st := fileStamp{Size: info.Size(), MTime: info.ModTime().UnixNano()}
		if passed[e.Name()] == st {
			now[e.Name()] = st
			continue
		}
		ok, err := segmentOK(filepath.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("segment %s is damaged (checksum mismatch)", e.Name())
		}
		now[e.Name()] = st
	}
	writeChecked(path, now)
	return nil
}

// fileStamp identifies the contents of a segment file that passed.
type fileStamp struct {
	Size  int64 `json:"size"`
	MTime int64 `json:"mtime_ns"`
}

// readChecked returns the segments recorded as passed; nothing if the
// record is missing or unreadable.
func readChecked(path string) map[string]fileStamp {
	var m map[string]fileStamp
	if b, err := os.ReadFile(path + ".checked"); err == nil {
		_ = json.Unmarshal(b, &m)
	}
	return m
}

// writeChecked records the segments that passed (through a temporary
// file; a lost record only costs reading the segments again).
func writeChecked(path string, m map[string]fileStamp) {
	b, err := json.Marshal(m)
	if err != nil {
		return
	}
	tmp := path + ".checked.tmp"
	if os.WriteFile(tmp, b, 0o600) != nil || os.Rename(tmp, path+".checked") != nil {
		_ = os.Remove(tmp)
	}
}

// segmentOK streams a segment file through CRC-32 and compares the sum
// with its last four bytes. Streaming keeps memory flat: a merged segment
// of a large project is hundreds of megabytes.
func segmentOK(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return false, err
	}
	if st.Size() < 4 {
		return false, nil
	}
	h := crc32.NewIEEE()
	if _, err := io.CopyN(h, bufio.NewReaderSize(f, 1<<20), st.Size()-4); err != nil {
		return false, err
	}
	var tail [4]byte
	if _, err := f.ReadAt(tail[:], st.Size()-4); err != nil {
		return false, err
	}
	return h.Sum32() == binary.BigEndian.Uint32(tail[:]), nil
}

// openExisting opens the bleve index at path after checking its segments
// and that it was built with this MappingVersion. A panic inside bleve
// (which some damaged files cause) is returned as an error.
func openExisting(path string, cfg map[string]interface{}) (idx bleve.Index, err error) {
	if err := checkSegments(path); err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("search index %s cannot be read: %v", path, r)
		}
		if err != nil && idx != nil {
			func() {
				defer func() { _ = recover() }() // a damaged index may fail to close, too
				_ = idx.Close()
			}()
			idx = nil
		}
	}()
	if idx, err = bleve.OpenUsing(path, cfg); err != nil {
		return nil, err
	}
	v, err := idx.GetInternal(keyMapping)
	if err == nil && string(v) != strconv.Itoa(MappingVersion) {
		err = fmt.Errorf("search index %s has mapping version %q, not %d", path, v, MappingVersion)
	}
	return idx, err
}
