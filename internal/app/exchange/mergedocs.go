package exchange

import (
	"fmt"

	"github.com/protocoder/protocoder/internal/qda"
)

// docTexts holds, per document, the text each side anchors its codings to
// and the text the project ends with.
type docTexts struct {
	ours, theirs, final string
	hasOurs, hasTheirs  bool
}

// documents merges document records and texts. A text changed only in the
// source is taken when every coding of this project re-anchors onto it;
// otherwise, and when both sides changed it, this project's text is kept
// and the conflict reported.
func (m *merger) documents() error {
	ours, err := m.tx.Documents()
	if err != nil {
		return err
	}
	m.texts = map[qda.GUID]*docTexts{}
	om := map[qda.GUID]*qda.Document{}
	var keys []qda.GUID
	for i := range ours {
		d := &ours[i]
		om[d.GUID] = d
		keys = append(keys, d.GUID)
		t, err := m.tx.Text(d.GUID)
		if err != nil {
			return err
		}
		m.texts[d.GUID] = &docTexts{ours: t, final: t, hasOurs: true}
	}
	tm := map[qda.GUID]*qda.Document{}
	for i := range m.src.Documents {
		d := &m.src.Documents[i]
		text, ok := m.src.Texts[d.GUID]
		if !ok {
			m.rep.note("document %q of the source has no text; it is left out", d.Name)
			continue
		}
		if _, dup := tm[d.GUID]; dup {
			continue
		}
		tm[d.GUID] = d
		dt := m.texts[d.GUID]
		if dt == nil {
			dt = &docTexts{}
			m.texts[d.GUID] = dt
			keys = append(keys, d.GUID)
		}
		dt.theirs, dt.hasTheirs = text, true
	}
	for _, k := range keys {
		if err := m.document(k, om[k], tm[k]); err != nil {
			return err
		}
	}
	return nil
}

// document merges one document.
func (m *merger) document(k qda.GUID, o, t *qda.Document) error {
	dt := m.texts[k]
	if t == nil && !m.hist {
		return nil
	}
	if o != nil && t != nil && dt.ours != dt.theirs {
		switch m.decide("text", string(k), image(&dt.ours), image(&dt.theirs)) {
		case vTake:
			if lost := m.lostCodings(k, dt.ours, dt.theirs); lost > 0 {
				m.rep.Conflicts = append(m.rep.Conflicts, Conflict{Entity: "text", GUID: k, Name: o.Name,
					Fields:     []FieldDiff{textDiff(dt.ours, dt.theirs)},
					Resolution: fmt.Sprintf("the source changed the text, but %d coding(s) of this project would lose their passage: this project's text was kept", lost)})
			} else {
				dt.final = dt.theirs
				m.rep.Updated["text"]++
			}
		case vConflict:
			m.rep.Conflicts = append(m.rep.Conflicts, Conflict{Entity: "text", GUID: k, Name: o.Name,
				Fields: []FieldDiff{textDiff(dt.ours, dt.theirs)}, Resolution: "changed on both sides: this project's text was kept; the source's codings were re-anchored onto it"})
		}
	}
	name := ""
	if t != nil {
		name = t.Name
	} else {
		name = o.Name
	}
	put := func() error {
		d := *t
		if d.Case != "" {
			if _, err := m.tx.Case(d.Case); err != nil {
				d.Case = ""
			}
		}
		if d.Interview != "" {
			if _, err := m.tx.Interview(d.Interview); err != nil {
				m.rep.note("document %q: its interview is not in this project; it comes in without one", d.Name)
				d.Interview = ""
			}
		}
		if o == nil {
			dt.final = dt.theirs
		}
		d.Length = qda.RuneLen(dt.final)
		if d.Created.IsZero() {
			d.Created = m.s.Now().UTC()
		}
		if d.Modified.IsZero() {
			d.Modified = d.Created
		}
		if err := d.Validate(); err != nil {
			return skipf("%s", qda.ErrorMessage(err))
		}
		if err := m.tx.PutDocument(&d); err != nil {
			return err
		}
		if o == nil {
			return m.tx.PutText(d.GUID, dt.final)
		}
		return nil
	}
	oi, ti := image(o), image(t)
	tookMeta := false
	if o != nil && t != nil && m.decide("document", string(k), oi, ti) == vConflict && onlyFields(diffFields(oi, ti), "length", "modified") {
		// Only the text differs: reported as a text conflict above.
	} else {
		v, err := m.apply("document", k, name, oi, ti, put, nil)
		if err != nil {
			return err
		}
		tookMeta = v == vAdd || v == vTake || v == vRestore
	}
	if o == nil || dt.final == dt.ours {
		return nil
	}
	if !tookMeta {
		d := *o
		d.Length = qda.RuneLen(dt.final)
		if t != nil && t.Modified.After(d.Modified) {
			d.Modified = t.Modified
		}
		if err := m.tx.PutDocument(&d); err != nil {
			return err
		}
	}
	return m.tx.PutText(k, dt.final)
}

// onlyFields reports whether every diff is in one of the fields.
func onlyFields(ds []FieldDiff, fields ...string) bool {
	for _, d := range ds {
		ok := false
		for _, f := range fields {
			ok = ok || d.Field == f
		}
		if !ok {
			return false
		}
	}
	return true
}

// lostCodings counts this project's codings of a document that would lose
// their passage if its text changed from old to new.
func (m *merger) lostCodings(doc qda.GUID, old, new string) int {
	cs, err := m.tx.CodingsOfDocument(doc)
	if err != nil {
		return len(cs) + 1
	}
	_, lost := qda.Reanchor(old, new, cs)
	return len(lost)
}

// textDiff shows where two texts differ, with some context.
func textDiff(a, b string) FieldDiff {
	ra, rb := []rune(a), []rune(b)
	p := 0
	for p < len(ra) && p < len(rb) && ra[p] == rb[p] {
		p++
	}
	s := 0
	for s < len(ra)-p && s < len(rb)-p && ra[len(ra)-1-s] == rb[len(rb)-1-s] {
		s++
	}
	from := max(p-40, 0)
	cut := func(r []rune) string {
		end := min(len(r)-s+40, len(r))
		if end-from > 240 {
			end = from + 240
		}
		return string(r[from:end])
	}
	return FieldDiff{Field: fmt.Sprintf("text at %d", p), Ours: cut(ra), Theirs: cut(rb)}
}
