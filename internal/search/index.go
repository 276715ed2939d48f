package search

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/protocoder/protocoder/internal/qda"
)

// Keys of the values kept with bleve's SetInternal.
var (
	keyMapping = []byte("protocoder.mapping_version")
	keyStamp   = []byte("protocoder.stamp")
)

// Stamp ties the index to a state of the store (the app's IndexStamp,
// without importing the app).
type Stamp struct {
	// Seq is the newest command the index reflects.
	Seq uint64 `json:"seq"`
	// Documents and Passages count what is indexed.
	Documents int `json:"documents"`
	Passages  int `json:"passages"`
}

// storedStamp is the stamp as kept in the index.
type storedStamp struct {
	Stamp
	MappingVersion int `json:"mapping_version"`
}

// Index is the on-disk full-text index of a project's passages. It is safe
// for concurrent use: searches run in parallel, writes one at a time.
type Index struct {
	mu   sync.RWMutex
	path string
	idx  bleve.Index
	// purgeTimeout bounds how long purge waits for the index to settle
	// before it rewrites it instead; 0 waits as long as it takes.
	purgeTimeout time.Duration
	// rewrites counts fallback compactions (see purge), for tests.
	rewrites int
	// columns caches the segments' facet columns (see columns.go).
	columns columnCache
	// vocab holds the folded terms, for compound parts (see vocab.go).
	vocab vocabulary
	// arenas keeps the engine's scratch memory between searches.
	arenas arenas
	// noEngine makes every search go through bleve's searchers (tests
	// compare both).
	noEngine bool
	// twin analyses a passage's text once for both text fields (twin.go).
	twin *twinAnalyzers
	// cfg is scorch's configuration (runtimeConfig).
	cfg map[string]interface{}
}

// Open opens the index in the folder path, creating it if it does not
// exist. An index that cannot be read, has a segment whose checksum does
// not match or was built with another MappingVersion is recreated empty;
// its Stamp is then the zero Stamp (and the app rebuilds it).
func Open(path string) (*Index, error) { return open(path, runtimeConfig()) }

// open is Open with scorch's configuration cfg (tests keep scorch's own
// merges out of what they count).
func open(path string, cfg map[string]interface{}) (*Index, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("search index folder: %w", err)
	}
	twin, err := newTwinAnalyzers()
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	x := &Index{path: path, purgeTimeout: defaultPurgeTimeout, twin: twin, cfg: cfg}
	// An index that is missing, unreadable, damaged or of another mapping
	// version is recreated: it is a cache of the store.
	if idx, err := openExisting(path, cfg); err == nil {
		x.idx = idx
		return x, nil
	}
	if err := x.create(); err != nil {
		return nil, err
	}
	return x, nil
}

// create replaces whatever is at x.path by a new, empty index.
func (x *Index) create() error {
	if err := os.RemoveAll(x.path); err != nil {
		return fmt.Errorf("remove old search index: %w", err)
	}
	if err := os.Remove(x.path + ".checked"); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("remove old search index: %w", err)
	}
	idx, err := bleve.NewUsing(x.path, NewMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, x.cfg)
	if err != nil {
		return fmt.Errorf("create search index: %w", err)
	}
	if err := idx.SetInternal(keyMapping, []byte(strconv.Itoa(MappingVersion))); err != nil {
		_ = idx.Close()
		return fmt.Errorf("create search index: %w", err)
	}
	x.idx = idx
	return nil
}

// Path returns the index's folder.
func (x *Index) Path() string { return x.path }

// Close closes the index.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.idx == nil {
		return nil
	}
	// Everything on disk, the small segments merged, and the merged
	// snapshot on disk too.
	err := x.flush()
	if err == nil {
		err = x.mergeSmall(smallSegmentPassages)
	}
	if err == nil {
		err = x.flush()
	}
	if cerr := x.idx.Close(); err == nil {
		err = cerr
	}
	x.idx = nil
	x.columns.clear()
	x.vocab.clear()
	return err
}

// errClosed is returned by every method after Close.
var errClosed = qda.Errorf(qda.EInternal, "the search index is closed")

// Stamp returns the stamp last set, or the zero Stamp for an index that was
// never stamped or was made for another MappingVersion.
func (x *Index) Stamp() (Stamp, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.idx == nil {
		return Stamp{}, errClosed
	}
	b, err := x.idx.GetInternal(keyStamp)
	if err != nil || b == nil {
		return Stamp{}, err
	}
	var st storedStamp
	if err := json.Unmarshal(b, &st); err != nil || st.MappingVersion != MappingVersion {
		return Stamp{}, nil
	}
	return st.Stamp, nil
}

// SetStamp records the store state the index now reflects.
func (x *Index) SetStamp(s Stamp) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.idx == nil {
		return errClosed
	}
	b, err := json.Marshal(storedStamp{Stamp: s, MappingVersion: MappingVersion})
	if err != nil {
		return err
	}
	return x.idx.SetInternal(keyStamp, b)
}

// Reset empties the index: it deletes the index's files and creates a new,
// empty index in their place, so nothing of the old content stays on disk.
func (x *Index) Reset() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.reset()
}

func (x *Index) reset() error {
	if x.idx != nil {
		_ = x.idx.Close()
		x.idx = nil
	}
	x.columns.clear()
	x.vocab.clear()
	return x.create()
}

// Update removes every passage of the documents in remove, then adds the
// passages in add, as one batch. When removed text or descriptive metadata
// (document name, case, role, interviewer) is not added back, the index is
// compacted so that it is gone from the files on disk (see purge).
func (x *Index) Update(remove []qda.GUID, add []qda.IndexPassage) error {
	return x.update(remove, add, nil)
}

// UpdateStamped is Update with SetStamp in the same batch: the stamp is
// persisted with the passages it describes, never before or after them.
func (x *Index) UpdateStamped(remove []qda.GUID, add []qda.IndexPassage, s Stamp) error {
	return x.update(remove, add, &s)
}

func (x *Index) update(remove []qda.GUID, add []qda.IndexPassage, stamp *Stamp) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.idx == nil {
		return errClosed
	}
	old, err := x.storedPassages(documentsQuery(remove))
	if err != nil {
		return fmt.Errorf("search index: find old passages: %w", err)
	}
	b := x.idx.NewBatch()
	for _, p := range old {
		b.Delete(passageID(&p))
	}
	kept := map[string]bool{} // only needed when passages are replaced
	for i := range add {
		if err := x.indexPassage(b, &add[i]); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		if len(old) > 0 {
			kept[signature(&add[i])] = true
		}
	}
	purge := false
	for i := range old {
		if !kept[signature(&old[i])] {
			purge = true
			break
		}
	}
	if purge {
		// A new segment, so that the merge has at least two to work on
		// even when the batch only deletes.
		if err := b.Index(markerID, map[string]interface{}{}); err != nil {
			return err
		}
	}
	if stamp != nil {
		v, err := json.Marshal(storedStamp{Stamp: *stamp, MappingVersion: MappingVersion})
		if err != nil {
			return err
		}
		b.SetInternal(keyStamp, v)
	}
	if b.Size() == 0 {
		return nil
	}
	if !purge {
		// Searchable when Batch returns; on disk soon after (persist.go).
		if err := x.idx.Batch(b); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		return nil
	}
	if err := x.batchPersisted(b); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return x.purge()
}

// indexPassage adds passage p to b.
func (x *Index) indexPassage(b *bleve.Batch, p *qda.IndexPassage) error {
	return b.IndexAdvanced(x.twin.passageDocument(p))
}

// markerID is the id of an empty document written to force a segment.
const markerID = "\x00purge-marker"

// signature is what of a passage must not outlive its removal.
func signature(p *qda.IndexPassage) string {
	return fmt.Sprintf("%s\x1f%s\x1f%s\x1f%s\x1f%s", p.Text, p.DocName, p.Case, p.Role, p.Interviewer)
}

// documentsQuery matches the passages of the given documents (nil for none).
func documentsQuery(docs []qda.GUID) query.Query {
	if len(docs) == 0 {
		return nil
	}
	qs := make([]query.Query, len(docs))
	for i, d := range docs {
		tq := bleve.NewTermQuery(string(d))
		tq.SetField(FieldDocument)
		qs[i] = tq
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// allPassages matches every passage (and nothing else the index holds):
// every passage has a kind (the purge marker has no field).
func allPassages() query.Query {
	q := bleve.NewPrefixQuery("")
	q.SetField(FieldKind)
	return q
}

// storedPassages returns the stored passages q matches, in id order.
func (x *Index) storedPassages(q query.Query) ([]qda.IndexPassage, error) {
	if q == nil {
		return nil, nil
	}
	const page = 1000
	var out []qda.IndexPassage
	for from := 0; ; from += page {
		req := bleve.NewSearchRequestOptions(q, page, from, false)
		req.Fields = storedFields
		req.SortBy([]string{"_id"})
		res, err := x.idx.Search(req)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			out = append(out, passageOfFields(h.Fields))
		}
		if len(res.Hits) < page {
			return out, nil
		}
	}
}
