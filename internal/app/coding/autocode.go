package coding

import (
	"errors"
	"fmt"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// KindAutocode is the command kind of Autocode.
const KindAutocode = "coding.autocode"

// PassageRef names a passage (or any range) of a document.
type PassageRef struct {
	Document qda.GUID `json:"document"`
	Start    int      `json:"start"`
	End      int      `json:"end"`
}

// AutocodeRequest says which passages to code with which code.
type AutocodeRequest struct {
	// Code is the code to apply.
	Code qda.GUID
	// Passages, if not empty, are the passages to code (the hits the user
	// selected).
	Passages []PassageRef
	// Search is used when Passages is empty: every hit of it is coded (its
	// Limit and Offset are ignored).
	Search qda.SearchRequest
	// Limit codes only the first Limit hits of Search (0: all of them, but
	// a search with more than MaxResultHits hits is refused).
	Limit int
}

// AutocodeResult tells what Autocode did.
type AutocodeResult struct {
	// Coded is the number of codings made.
	Coded int `json:"coded"`
	// Skipped counts passages the acting coder had already coded with the
	// code (and duplicates in the request).
	Skipped int `json:"skipped"`
	// Command is the GUID of the command; undoing it removes every coding.
	Command qda.GUID `json:"command,omitempty"`
}

// Autocode codes passages with a code as one command, so one undo removes
// them all. The codings are by the acting user, with origin "autocode".
// Passages the user has already coded with the code are skipped. Nothing
// is written when a passage is not inside its document.
func (s *Service) Autocode(r AutocodeRequest) (*AutocodeResult, error) {
	if r.Code == "" {
		return nil, qda.Errorf(qda.EInvalid, "autocode needs a code")
	}
	if r.Limit < 0 {
		return nil, qda.Errorf(qda.EInvalid, "autocode: the limit must not be negative")
	}
	refs := append([]PassageRef(nil), r.Passages...)
	if len(refs) == 0 {
		max := app.MaxResultHits
		if r.Limit > 0 {
			max = min(r.Limit, app.MaxResultHits)
		}
		req := r.Search
		req.NoFacets, req.NoHighlight = true, true
		total, err := s.EachHit(req, max, func(h *qda.SearchHit) error {
			refs = append(refs, PassageRef{Document: h.Document, Start: h.Start, End: h.End})
			return nil
		})
		if err != nil {
			return nil, err
		}
		if r.Limit == 0 && total > uint64(app.MaxResultHits) {
			return nil, qda.Errorf(qda.EInvalid, "autocode: the search finds %d passages, more than %d; narrow it or give a limit", total, app.MaxResultHits)
		}
	}
	res := &AutocodeResult{}
	if len(refs) == 0 {
		return res, nil
	}
	if _, err := s.ActingMember(); err != nil {
		return nil, err
	}
	ids := make([]qda.GUID, len(refs))
	for i := range ids {
		id, err := s.NewGUID()
		if err != nil {
			return nil, err
		}
		ids[i] = id
	}
	now := s.Now().UTC()
	cmd := &qda.Command{Kind: KindAutocode}
	err := s.WriteCmd(cmd, func(tx app.Tx) error {
		code, err := tx.Code(r.Code)
		if err != nil {
			return err
		}
		res.Coded, res.Skipped = 0, 0
		planned, err := s.planAutocode(tx, r.Code, refs)
		if err != nil {
			return err
		}
		for i, ref := range planned {
			if ref.skip {
				res.Skipped++
				continue
			}
			c := &qda.Coding{GUID: ids[i], Document: ref.Document, Range: qda.Range{Start: ref.Start, End: ref.End},
				Code: r.Code, Coder: s.Actor(), Created: now, Origin: qda.OriginAuto}
			if err := tx.PutCoding(c); err != nil {
				return err
			}
			res.Coded++
		}
		if res.Coded == 0 {
			return errNothingToCode
		}
		cmd.Summary = fmt.Sprintf("autocode %d passage(s) with %s", res.Coded, code.Name)
		return nil
	})
	if errors.Is(err, errNothingToCode) {
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	res.Command = cmd.GUID
	return res, nil
}

// errNothingToCode rolls back an autocode whose passages are all coded.
var errNothingToCode = qda.Errorf(qda.EConflict, "autocode: every passage is coded already")

type plannedRef struct {
	PassageRef
	skip bool
}

// planAutocode checks every range against its document and marks the
// passages the acting user already coded with the code (or that repeat).
func (s *Service) planAutocode(tx app.Tx, code qda.GUID, refs []PassageRef) ([]plannedRef, error) {
	out := make([]plannedRef, len(refs))
	lengths := map[qda.GUID]int{}
	have := map[PassageRef]bool{}
	codeOf := map[qda.GUID][]qda.Coding{}
	for i, ref := range refs {
		out[i].PassageRef = ref
		n, ok := lengths[ref.Document]
		if !ok {
			d, err := tx.Document(ref.Document)
			if err != nil {
				return nil, err
			}
			t, err := tx.Text(ref.Document)
			if err != nil {
				return nil, err
			}
			n = qda.RuneLen(t)
			lengths[d.GUID] = n
			cs, err := tx.CodingsOfDocument(ref.Document)
			if err != nil {
				return nil, err
			}
			codeOf[ref.Document] = cs
		}
		if err := (qda.Range{Start: ref.Start, End: ref.End}).Check(n); err != nil {
			return nil, fmt.Errorf("autocode %s: %w", ref.Document, err)
		}
		if have[ref] {
			out[i].skip = true
			continue
		}
		have[ref] = true
		for _, c := range codeOf[ref.Document] {
			if c.Coder == s.Actor() && c.Start <= ref.Start && ref.End <= c.End && c.Code == code {
				out[i].skip = true
			}
		}
	}
	return out, nil
}
