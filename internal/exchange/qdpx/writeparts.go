package qdpx

import (
	"sort"
	"strconv"

	"github.com/protocoder/protocoder/internal/qda"
)

// refiType maps an attribute type to a REFI-QDA variable type.
func refiType(t qda.AttrType) string {
	switch t {
	case qda.AttrNumber:
		return "Float"
	case qda.AttrDate:
		return "Date"
	}
	return "Text"
}

// varValue returns a VariableValue of the given REFI-QDA type; a value that
// does not fit the type is written as text.
func varValue(id qda.GUID, typ, v string) xVarValue {
	out := xVarValue{Ref: xRef{Target: string(id)}}
	switch typ {
	case "Float":
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			s := strconv.FormatFloat(f, 'f', -1, 64)
			out.Float = &s
			return out
		}
	case "Integer":
		if _, err := strconv.Atoi(v); err == nil {
			out.Integer = &v
			return out
		}
	case "Date":
		if len(v) == 10 {
			out.Date = &v
			return out
		}
	}
	out.Text = &v
	return out
}

// variables declares the attributes and the interview metadata.
func (b *builder) variables() *xVariables {
	defs := append([]qda.AttributeDef(nil), b.s.AttributeDefs...)
	sort.Slice(defs, func(i, j int) bool { return defs[i].GUID < defs[j].GUID })
	v := &xVariables{}
	for _, d := range defs {
		v.Variables = append(v.Variables, xVariable{GUID: string(d.GUID), Name: d.Name, Type: refiType(d.Type), Description: d.Description})
	}
	if len(b.docs) > 0 {
		for _, m := range metaVariables {
			v.Variables = append(v.Variables, xVariable{GUID: string(metaGUID(m.key)), Name: m.name, Type: m.typ})
		}
	}
	if len(v.Variables) == 0 {
		return nil
	}
	return v
}

// attrValues returns VariableValues for attribute values, by variable GUID.
func (b *builder) attrValues(m map[qda.GUID]string) []xVarValue {
	ids := make([]qda.GUID, 0, len(m))
	for id := range m {
		if _, ok := b.attrs[id]; ok {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	var out []xVarValue
	for _, id := range ids {
		out = append(out, varValue(id, refiType(b.attrs[id].Type), m[id]))
	}
	return out
}

// xcases writes the cases with their attributes and their documents.
func (b *builder) xcases() *xCases {
	cases := append([]qda.Case(nil), b.s.Cases...)
	sort.Slice(cases, func(i, j int) bool { return cases[i].GUID < cases[j].GUID })
	if len(cases) == 0 {
		return nil
	}
	out := &xCases{}
	for _, c := range cases {
		xc := xCase{GUID: string(c.GUID), Name: c.Name, Description: c.Description, Values: b.attrValues(c.Attributes)}
		for _, d := range b.docs {
			if b.caseOf(d) == c.GUID {
				xc.SourceRefs = append(xc.SourceRefs, xRef{Target: string(d.GUID)})
			}
		}
		out.Cases = append(out.Cases, xc)
	}
	return out
}

// caseOf returns the case of a document: its own or its interview's.
func (b *builder) caseOf(d qda.Document) qda.GUID {
	if d.Case != "" {
		return d.Case
	}
	return b.ivs[d.Interview].Case
}

// source builds a TextSource with its selections and the encoded text.
func (b *builder) source(d qda.Document) (xTextSource, []byte) {
	data, pos := encodeText(b.s.Texts[d.GUID], b.o.Dialect)
	src := xTextSource{GUID: string(d.GUID), Name: d.Name, PlainTextPath: "internal://" + string(d.GUID) + ".txt",
		Created: stamp(d.Created), Modified: stamp(d.Modified)}
	n := qda.RuneLen(b.s.Texts[d.GUID])
	for _, c := range b.codingsOf[d.GUID] {
		if c.Range.Check(n) != nil {
			continue // a broken coding (verify reports it) is not exported
		}
		var own []qda.GUID
		if c.Memo != "" {
			own = append(own, memoNoteGUID(c.GUID))
		}
		src.Selections = append(src.Selections, xSelection{GUID: string(selectionGUID(c.GUID)),
			Start: int64(pos(c.Start)), End: int64(pos(c.End)), CreatingUser: string(c.Coder), Created: stamp(c.Created),
			Codings: []xCoding{{GUID: string(c.GUID), CreatingUser: string(c.Coder), Created: stamp(c.Created),
				CodeRef: xRef{Target: string(c.Code)}, NoteRefs: b.refs(c.GUID, own...)}}})
	}
	src.NoteRefs = b.refs(d.GUID)
	meta := map[string]string{"kind": string(d.Kind)}
	if iv, ok := b.ivs[d.Interview]; ok {
		meta["guideline"] = b.guides[iv.Guideline].Key
		meta["level"] = string(iv.Level)
		meta["wave"] = strconv.Itoa(iv.Wave)
		meta["case"] = b.cases[iv.Case].Name
		meta["role"] = iv.Role
		meta["interviewee"] = iv.Interviewee
		meta["interviewer"] = b.users[iv.Interviewer].Name
		if !iv.Date.IsZero() {
			meta["date"] = iv.Date.Format("2006-01-02")
		}
		meta["status"] = string(iv.Status)
		src.Values = b.attrValues(iv.Attributes)
	}
	for _, m := range metaVariables {
		if v := meta[m.key]; v != "" {
			src.Values = append(src.Values, varValue(metaGUID(m.key), m.typ, v))
		}
	}
	return src, data
}

// notes writes the memos, then the memo texts of codes and codings.
func (b *builder) notes() *xNotes {
	out := &xNotes{}
	memos := append([]qda.Memo(nil), b.s.Memos...)
	sort.Slice(memos, func(i, j int) bool { return memos[i].GUID < memos[j].GUID })
	for _, m := range memos {
		text := m.Text
		created := b.noteStamp(m.Created, m.Modified)
		out.Notes = append(out.Notes, xTextSource{GUID: string(m.GUID), Name: m.Title, CreatingUser: string(m.Author),
			Created: created, Modified: b.noteStamp(m.Modified, m.Created), Content: &text})
	}
	codes := append([]qda.Code(nil), b.s.Codes...)
	sort.Slice(codes, func(i, j int) bool { return codes[i].GUID < codes[j].GUID })
	for _, c := range codes {
		if c.Memo != "" {
			text := c.Memo
			out.Notes = append(out.Notes, xTextSource{GUID: string(memoNoteGUID(c.GUID)), Name: "Memo: " + b.names.name(c),
				Created: b.noteStamp(), Modified: b.noteStamp(), Content: &text})
		}
	}
	for _, d := range b.docs {
		for _, c := range b.codingsOf[d.GUID] {
			if c.Memo != "" {
				text := c.Memo
				out.Notes = append(out.Notes, xTextSource{GUID: string(memoNoteGUID(c.GUID)), Name: "Memo",
					CreatingUser: string(c.Coder), Created: b.noteStamp(c.Created), Modified: b.noteStamp(c.Created), Content: &text})
			}
		}
	}
	if len(out.Notes) == 0 {
		return nil
	}
	return out
}

// sets writes one set per guideline with the codes derived from it.
func (b *builder) sets() *xSets {
	gs := append([]qda.Guideline(nil), b.s.Guidelines...)
	sort.Slice(gs, func(i, j int) bool { return gs[i].Key < gs[j].Key })
	out := &xSets{}
	for _, g := range gs {
		set := xSet{GUID: string(setGUID(g.GUID)), Name: "Leitfaden " + g.Key, Description: g.Title}
		var walk func(parent qda.GUID)
		walk = func(parent qda.GUID) {
			for _, c := range b.kids[parent] {
				if c.Ref != nil && c.Ref.Guideline == g.GUID {
					set.MemberCodes = append(set.MemberCodes, xRef{Target: string(c.GUID)})
				}
				walk(c.GUID)
			}
		}
		walk("")
		if len(set.MemberCodes) > 0 {
			out.Sets = append(out.Sets, set)
		}
	}
	if len(out.Sets) == 0 {
		return nil
	}
	return out
}

// extension collects what the XML cannot hold.
func (b *builder) extension() *extension {
	e := &extension{Format: extensionFormat, Project: b.s.Project, Guidelines: b.s.Guidelines, Interviews: b.s.Interviews,
		Plan: b.s.Plan, Attributes: b.s.AttributeDefs, Users: map[qda.GUID]userExtra{}, Cases: map[qda.GUID]caseExtra{},
		Codes: map[qda.GUID]codeExtra{}, Documents: map[qda.GUID]docExtra{}, Memos: map[qda.GUID]memoExtra{},
		Codings: map[qda.GUID]codingExtra{}}
	for _, u := range b.s.Users {
		created := exact(u.Created)
		if created == "" {
			created = stamp(u.Created)
		}
		e.Users[u.GUID] = userExtra{FullName: u.FullName, Initials: u.Initials, Roles: u.Roles, Placeholder: u.Placeholder, Created: created}
	}
	for _, c := range b.s.Cases {
		e.Cases[c.GUID] = caseExtra{Kind: c.Kind}
	}
	for _, c := range b.s.Codes {
		e.Codes[c.GUID] = codeExtra{Order: c.Order, Ref: c.Ref}
	}
	for _, d := range b.s.Documents {
		e.Documents[d.GUID] = docExtra{Kind: d.Kind, Interview: d.Interview, Source: d.Source,
			Created: exact(d.Created), Modified: exact(d.Modified)}
	}
	for _, m := range b.s.Memos {
		e.Memos[m.GUID] = memoExtra{Target: m.Target, Created: exact(m.Created), Modified: exact(m.Modified)}
	}
	for _, c := range b.s.Codings {
		if x := (codingExtra{Origin: c.Origin, Created: exact(c.Created)}); x != (codingExtra{}) {
			e.Codings[c.GUID] = x
		}
	}
	return e
}
