package exchange

import (
	"fmt"
	"sort"

	"github.com/protocoder/protocoder/internal/qda"
)

// codings merges the codings. Codings are matched by GUID only, so the
// codings of different coders on the same passage are all kept; a coding of
// the source that this project holds under another GUID (same document,
// passage, code and coder) is counted as a duplicate. Codings anchored to a
// text that changed in the merge are re-anchored onto the final text.
func (m *merger) codings() error {
	m.offsets, m.skipped = map[string]*qda.OffsetMap{}, map[string]int{}
	var ours []qda.Coding
	if err := m.tx.EachCoding(func(c *qda.Coding) error { ours = append(ours, *c); return nil }); err != nil {
		return err
	}
	have := map[string]qda.GUID{}
	key := func(c *qda.Coding) string {
		return fmt.Sprintf("%s/%d/%d/%s/%s", c.Document, c.Start, c.End, c.Code, c.Coder)
	}
	for i := range ours {
		have[key(&ours[i])] = ours[i].GUID
	}
	om := map[qda.GUID]*qda.Coding{}
	for i := range ours {
		om[ours[i].GUID] = &ours[i]
	}
	vs, err := mergeKind(m, "coding", ours, m.src.Codings, func(c *qda.Coding) qda.GUID { return c.GUID },
		func(c *qda.Coding) string {
			return fmt.Sprintf("[%d, %d) of %s", c.Start, c.End, m.docName(c.Document))
		},
		func(c *qda.Coding) error {
			cp := *c
			if !m.move(&cp, false) {
				m.skipped["their passage is gone from this project's version of the text"]++
				return &skipError{}
			}
			if g, dup := have[key(&cp)]; dup && g != cp.GUID {
				m.rep.Duplicates++
				return &skipError{}
			}
			if reason := m.codingRefs(&cp); reason != "" {
				m.skipped[reason]++
				return &skipError{}
			}
			have[key(&cp)] = cp.GUID
			return m.tx.PutCoding(&cp)
		}, func(id qda.GUID) error { return m.tx.DeleteCoding(id) })
	if err != nil {
		return err
	}
	// This project's codings of a document whose text changed move along.
	for i := range ours {
		o := &ours[i]
		switch vs[o.GUID] {
		case vTake, vDelete, vRestore, vAdd:
			continue
		}
		if dt := m.texts[o.Document]; dt != nil && dt.final != dt.ours {
			cp := *o
			if !m.move(&cp, true) {
				return qda.Errorf(qda.EInternal, "coding %s lost its passage in the merge", o.GUID)
			}
			if err := m.tx.PutCoding(&cp); err != nil {
				return err
			}
		}
	}
	reasons := make([]string, 0, len(m.skipped))
	for r := range m.skipped {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		m.rep.note("%d coding(s) of the source are left out: %s", m.skipped[r], r)
	}
	return nil
}

// move maps a coding's range from the text its side anchors it to onto the
// document's final text; false when its passage is gone.
func (m *merger) move(c *qda.Coding, ours bool) bool {
	dt := m.texts[c.Document]
	if dt == nil {
		return true // no such document: codingRefs reports it
	}
	from := dt.theirs
	if ours {
		from = dt.ours
	}
	if from == dt.final {
		return true
	}
	k := fmt.Sprintf("%s/%t", c.Document, ours)
	om := m.offsets[k]
	if om == nil {
		om = qda.DiffOffsets(from, dt.final)
		m.offsets[k] = om
	}
	r, ok := om.MapRange(c.Range)
	if ok {
		c.Range = r
	}
	return ok
}

// codingRefs checks what a coding refers to; "" when it can come in.
func (m *merger) codingRefs(c *qda.Coding) string {
	d, err := m.tx.Document(c.Document)
	if err != nil {
		return "their document is not in this project"
	}
	if _, err := m.tx.Code(c.Code); err != nil {
		return "their code is not in this project"
	}
	if c.Coder == "" {
		// The acting member; in a project that had no members, the one
		// the import brought along.
		if c.Coder = m.s.Actor(); c.Coder == "" {
			c.Coder, _ = m.s.CurrentUser(m.tx)
		}
	}
	if _, err := m.tx.User(c.Coder); err != nil {
		return "their coder is not in this project"
	}
	if c.Created.IsZero() {
		c.Created = m.s.Now().UTC()
	}
	if c.Range.Check(d.Length) != nil {
		return "their passage lies outside the text"
	}
	return ""
}

// docName returns a document's name for the report.
func (m *merger) docName(id qda.GUID) string {
	if d, err := m.tx.Document(id); err == nil {
		return d.Name
	}
	return string(id)
}
