package exchange

import (
	"slices"
	"strings"

	"github.com/protocoder/protocoder/internal/qda"
)

// matchByName maps entities of the source whose GUID this project does not
// know to entities of this project with the same name (users, attributes,
// cases, codes under the same parent, documents with the same name and
// text). Tools such as ATLAS.ti re-mint GUIDs on export; without this an
// import of a round trip through them would duplicate everything. The
// source is copied before it is rewritten.
func (m *merger) matchByName() error {
	src := m.src
	remap := map[qda.GUID]qda.GUID{}
	known := map[qda.GUID]bool{} // every GUID the source uses for these kinds
	for _, u := range src.Users {
		known[u.GUID] = true
	}
	for _, a := range src.AttributeDefs {
		known[a.GUID] = true
	}
	for _, c := range src.Cases {
		known[c.GUID] = true
	}
	for _, c := range src.Codes {
		known[c.GUID] = true
	}
	for _, d := range src.Documents {
		known[d.GUID] = true
	}
	match := func(kind, key, name string, theirs qda.GUID, ours map[string]qda.GUID, have map[qda.GUID]bool) {
		if have[theirs] {
			return
		}
		if g, ok := ours[strings.ToLower(strings.TrimSpace(key))]; ok && !known[g] {
			remap[theirs] = g
			m.rep.Matched = append(m.rep.Matched, kind+" "+name)
		}
	}
	users, err := m.tx.Users()
	if err != nil {
		return err
	}
	byName, have := map[string]qda.GUID{}, map[qda.GUID]bool{}
	for _, u := range users {
		byName[strings.ToLower(u.Name)], have[u.GUID] = u.GUID, true
	}
	for _, u := range src.Users {
		match("user", u.Name, u.Name, u.GUID, byName, have)
	}
	defs, err := m.tx.AttributeDefs()
	if err != nil {
		return err
	}
	byName, have = map[string]qda.GUID{}, map[qda.GUID]bool{}
	for _, d := range defs {
		byName[strings.ToLower(string(d.Scope)+"/"+d.Name)], have[d.GUID] = d.GUID, true
	}
	for _, d := range src.AttributeDefs {
		match("attribute", string(d.Scope)+"/"+d.Name, d.Name, d.GUID, byName, have)
	}
	cases, err := m.tx.Cases()
	if err != nil {
		return err
	}
	byName, have = map[string]qda.GUID{}, map[qda.GUID]bool{}
	for _, c := range cases {
		byName[strings.ToLower(c.Name)], have[c.GUID] = c.GUID, true
	}
	for _, c := range src.Cases {
		match("case", c.Name, c.Name, c.GUID, byName, have)
	}
	if err := m.matchCodes(remap, match); err != nil {
		return err
	}
	if err := m.matchDocuments(remap, known); err != nil {
		return err
	}
	if len(remap) > 0 {
		m.src = rewrite(src, remap)
	}
	return nil
}

// matchCodes matches codes by name under the same (matched) parent, parents
// first.
func (m *merger) matchCodes(remap map[qda.GUID]qda.GUID,
	match func(kind, key, name string, theirs qda.GUID, ours map[string]qda.GUID, have map[qda.GUID]bool)) error {
	codes, err := m.tx.Codes()
	if err != nil {
		return err
	}
	byName, have := map[string]qda.GUID{}, map[qda.GUID]bool{}
	for _, c := range codes {
		byName[strings.ToLower(string(c.Parent)+"/"+c.Name)], have[c.GUID] = c.GUID, true
	}
	kids := map[qda.GUID][]qda.Code{}
	for _, c := range m.src.Codes {
		kids[c.Parent] = append(kids[c.Parent], c)
	}
	var walk func(parent qda.GUID, depth int)
	walk = func(parent qda.GUID, depth int) {
		if depth > 1000 {
			return
		}
		for _, c := range kids[parent] {
			p := c.Parent
			if g, ok := remap[p]; ok {
				p = g
			}
			match("code", string(p)+"/"+c.Name, c.Name, c.GUID, byName, have)
			walk(c.GUID, depth+1)
		}
	}
	walk("", 0)
	return nil
}

// matchDocuments matches documents with the same name and the same text.
func (m *merger) matchDocuments(remap map[qda.GUID]qda.GUID, known map[qda.GUID]bool) error {
	docs, err := m.tx.Documents()
	if err != nil {
		return err
	}
	byName, have := map[string][]qda.GUID{}, map[qda.GUID]bool{}
	for _, d := range docs {
		byName[d.Name] = append(byName[d.Name], d.GUID)
		have[d.GUID] = true
	}
	for _, d := range m.src.Documents {
		if have[d.GUID] {
			continue
		}
		for _, g := range byName[d.Name] {
			if known[g] {
				continue
			}
			text, err := m.tx.Text(g)
			if err != nil {
				return err
			}
			if text == m.src.Texts[d.GUID] {
				remap[d.GUID] = g
				m.rep.Matched = append(m.rep.Matched, "document "+d.Name)
				break
			}
		}
	}
	return nil
}

// rewrite returns a copy of src with GUIDs replaced by remap.
func rewrite(src *qda.Snapshot, remap map[qda.GUID]qda.GUID) *qda.Snapshot {
	g := func(id qda.GUID) qda.GUID {
		if n, ok := remap[id]; ok {
			return n
		}
		return id
	}
	attrs := func(m map[qda.GUID]string) map[qda.GUID]string {
		if m == nil {
			return nil
		}
		out := make(map[qda.GUID]string, len(m))
		for k, v := range m {
			out[g(k)] = v
		}
		return out
	}
	out := *src
	out.Users = slices.Clone(src.Users)
	for i := range out.Users {
		out.Users[i].GUID = g(out.Users[i].GUID)
	}
	out.AttributeDefs = slices.Clone(src.AttributeDefs)
	for i := range out.AttributeDefs {
		out.AttributeDefs[i].GUID = g(out.AttributeDefs[i].GUID)
	}
	out.Cases = slices.Clone(src.Cases)
	for i := range out.Cases {
		c := &out.Cases[i]
		c.GUID, c.Attributes = g(c.GUID), attrs(c.Attributes)
	}
	out.Codes = slices.Clone(src.Codes)
	for i := range out.Codes {
		c := &out.Codes[i]
		c.GUID, c.Parent = g(c.GUID), g(c.Parent)
	}
	out.Interviews = slices.Clone(src.Interviews)
	for i := range out.Interviews {
		iv := &out.Interviews[i]
		iv.Case, iv.Interviewer, iv.Attributes = g(iv.Case), g(iv.Interviewer), attrs(iv.Attributes)
	}
	out.Documents = slices.Clone(src.Documents)
	out.Texts = make(map[qda.GUID]string, len(src.Texts))
	for k, v := range src.Texts {
		out.Texts[g(k)] = v
	}
	for i := range out.Documents {
		d := &out.Documents[i]
		d.GUID, d.Case = g(d.GUID), g(d.Case)
	}
	out.Codings = slices.Clone(src.Codings)
	for i := range out.Codings {
		c := &out.Codings[i]
		c.Document, c.Code, c.Coder = g(c.Document), g(c.Code), g(c.Coder)
	}
	out.Memos = slices.Clone(src.Memos)
	for i := range out.Memos {
		mm := &out.Memos[i]
		mm.Author, mm.Target = g(mm.Author), g(mm.Target)
	}
	if src.Plan != nil {
		p := *src.Plan
		p.Rows = slices.Clone(p.Rows)
		for i := range p.Rows {
			p.Rows[i].Case = g(p.Rows[i].Case)
		}
		out.Plan = &p
	}
	if src.History != nil {
		out.History = make(map[string][]qda.Touch, len(src.History))
		for k, v := range src.History {
			kind, key, _ := strings.Cut(k, "/")
			out.History[qda.EntityKey(kind, string(g(qda.GUID(key))))] = v
		}
	}
	return &out
}
