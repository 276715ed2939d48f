package cli

import (
	"fmt"
	"time"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/bench"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// addCodingRuns is how many codings addOneCoding adds, one at a time.
const addCodingRuns = 7

// addOneCoding adds codings of a new code to the newest documents, one at
// a time, each timed until the store commit and until a search for the
// code finds the coded passage (a search waits for the index to reach
// the store's newest command, so it is the moment a user sees the coding
// in search), and adds the medians. The code is new, so nothing but the
// codings added here carries it: a search that finds one has seen it.
func addOneCoding(s *project.Project, r *bench.Report) error {
	docs, err := s.Documents()
	if err != nil || len(docs) == 0 {
		return fmt.Errorf("no document to code (%v)", err)
	}
	// A name of its own each run: a corpus measured again (bench --corpus)
	// has the codes of the runs before.
	code, err := s.AddCode(coding.NewCode{Name: "Bench: one coding " + time.Now().UTC().Format("2006-01-02 15:04:05.000000")})
	if err != nil {
		return err
	}
	if err := s.WaitIndex(); err != nil {
		return err
	}
	n := min(addCodingRuns, len(docs))
	var committed, visible []time.Duration
	for i := range n {
		d := docs[len(docs)-1-i]
		t0 := time.Now()
		c, err := s.AddCoding(coding.NewCoding{Document: d.GUID, Start: 0, End: min(d.Length, 40), Code: code.GUID})
		if err != nil {
			return err
		}
		committed = append(committed, time.Since(t0))
		res, err := s.Search(qda.SearchRequest{Filters: map[string][]string{"code": {string(code.GUID)}},
			Limit: 100, NoFacets: true, NoHighlight: true})
		if err != nil {
			return err
		}
		visible = append(visible, time.Since(t0))
		found, coded := false, map[qda.GUID]bool{}
		for _, h := range res.Hits {
			coded[h.Document] = true
			found = found || (h.Document == c.Document && h.Start < c.End && c.Start < h.End)
		}
		if !found || len(coded) != i+1 {
			return fmt.Errorf("a search for the new code finds passages of %d documents, not the %d coded", len(coded), i+1)
		}
	}
	r.Add("add one coding (store commit)", ms(bench.Percentile(committed, 50)), "ms", "")
	r.Add("add one coding (store + index visible)", ms(bench.Percentile(visible, 50)), "ms", "<=10")
	r.Notef("add one coding: median of %d codings of a new code, each in another document; visible is when a search for the code finds the coded passage", n)
	return nil
}
