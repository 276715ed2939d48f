package search

import (
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"

	"github.com/protocoder/protocoder/internal/qda"
)

// TimeIndexing indexes passages into a new index in the folder dir (which
// must not exist) in batches of batch passages and returns the time it
// took, closing included (the last segment is persisted). With stock it
// uses bleve's default mapping with its German analyzer on the text
// alone, the yardstick for this package's mapping (protocoder-cli bench);
// otherwise this package's Index, as Update fills it.
func TimeIndexing(dir string, passages []qda.IndexPassage, batch int, stock bool) (time.Duration, error) {
	if batch < 1 {
		batch = 1
	}
	start := time.Now()
	if stock {
		m := bleve.NewIndexMapping()
		m.DefaultAnalyzer = de.AnalyzerName
		idx, err := bleve.New(dir, m)
		if err != nil {
			return 0, fmt.Errorf("stock index: %w", err)
		}
		for i := 0; i < len(passages); i += batch {
			b := idx.NewBatch()
			for j := i; j < min(len(passages), i+batch); j++ {
				if err := b.Index(passageID(&passages[j]), map[string]interface{}{"text": passages[j].Text}); err != nil {
					_ = idx.Close()
					return 0, err
				}
			}
			if err := idx.Batch(b); err != nil {
				_ = idx.Close()
				return 0, fmt.Errorf("stock index: %w", err)
			}
		}
		if err := idx.Close(); err != nil {
			return 0, err
		}
		return time.Since(start), nil
	}
	x, err := Open(dir)
	if err != nil {
		return 0, err
	}
	for i := 0; i < len(passages); i += batch {
		if err := x.Update(nil, passages[i:min(len(passages), i+batch)]); err != nil {
			_ = x.Close()
			return 0, err
		}
	}
	if err := x.Close(); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}
