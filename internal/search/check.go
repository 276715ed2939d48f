package search

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
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
func checkSegments(path string) error {
	dir := filepath.Join(path, "store")
	ents, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	} else if err != nil {
		return err
	}
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".zap") || !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		if len(b) < 4 || crc32.ChecksumIEEE(b[:len(b)-4]) != binary.BigEndian.Uint32(b[len(b)-4:]) {
			return fmt.Errorf("segment %s is damaged (checksum mismatch)", e.Name())
		}
	}
	return nil
}

// openExisting opens the bleve index at path after checking its segments
// and that it was built with this MappingVersion. A panic inside bleve
// (which some damaged files cause) is returned as an error.
func openExisting(path string) (idx bleve.Index, err error) {
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
	if idx, err = bleve.Open(path); err != nil {
		return nil, err
	}
	v, err := idx.GetInternal(keyMapping)
	if err == nil && string(v) != strconv.Itoa(MappingVersion) {
		err = fmt.Errorf("search index %s has mapping version %q, not %d", path, v, MappingVersion)
	}
	return idx, err
}
