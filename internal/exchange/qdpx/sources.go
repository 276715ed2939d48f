package qdpx

import (
	"path"
	"sort"
	"strings"

	"github.com/protocoder/protocoder/internal/qda"
)

// sources reads the text sources with their selections and codings. Only
// an unsafe path is an error; everything else that cannot be read is left
// out with a warning.
func (r *reader) sources() error {
	if r.p.Sources == nil {
		return nil
	}
	s := r.p.Sources
	for i := range s.Text {
		if err := r.source(&s.Text[i], ""); err != nil {
			return err
		}
	}
	for _, p := range s.PDF {
		if p.Representation == nil {
			r.rep.warn("source", "PDF source %q is not kept: it has no text representation", p.Name)
			continue
		}
		rep := *p.Representation
		if strings.TrimSpace(rep.Name) == "" {
			rep.Name = p.Name
		}
		if err := r.source(&rep, "PDF"); err != nil {
			return err
		}
		r.rep.warn("source", "PDF source %q came in as its text representation; its page areas are not kept", p.Name)
	}
	for _, x := range []struct {
		what string
		list []xGUIDOnly
	}{{"picture", s.Picture}, {"audio", s.Audio}, {"video", s.Video}} {
		for _, e := range x.list {
			r.rep.warn("source", "%s source %q is not kept: protocoder holds text only (its selections and codings are left out too)", x.what, e.Name)
		}
	}
	return nil
}

// sourcePath resolves a plainTextPath to an archive entry name; external
// is set for a file outside the archive.
func sourcePath(p string) (name string, external bool, err error) {
	rest, ok := strings.CutPrefix(p, "internal://")
	if !ok {
		if strings.Contains(p, "://") || strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) || len(p) >= 2 && p[1] == ':' {
			return "", true, nil
		}
		rest = p
	}
	if unsafeName(rest) {
		return "", false, qda.Errorf(qda.EInvalid, "a source path %q leads out of the archive; nothing was imported", p)
	}
	return path.Join("sources", strings.ReplaceAll(rest, `\`, "/")), false, nil
}

// text returns the raw bytes of a source or note; ok is false (with a
// warning) when there are none to read.
func (r *reader) text(x *xTextSource, what string) ([]byte, bool, error) {
	if x.Content != nil {
		return []byte(*x.Content), true, nil
	}
	if x.PlainTextPath == "" {
		if x.RichTextPath != "" {
			r.rep.warn("source", "%s %q has only a rich text file (%s), which is not read; it is left out", what, x.Name, x.RichTextPath)
		} else {
			r.rep.warn("source", "%s %q has no text; it is left out", what, x.Name)
		}
		return nil, false, nil
	}
	name, external, err := sourcePath(x.PlainTextPath)
	if err != nil {
		return nil, false, err
	}
	if external {
		r.rep.warn("source", "%s %q refers to a file outside the archive (%s), which is not read; it is left out", what, x.Name, x.PlainTextPath)
		return nil, false, nil
	}
	f := r.a.file(path.Join(r.base, name))
	if f == nil {
		r.rep.warn("source", "%s %q: its text %s is missing from the archive; it is left out with its codings", what, x.Name, x.PlainTextPath)
		return nil, false, nil
	}
	data, err := r.a.read(f)
	return data, err == nil, err
}

// source converts one text source.
func (r *reader) source(x *xTextSource, label string) error {
	id := r.guid(x.GUID)
	name := strings.TrimSpace(x.Name)
	if name == "" {
		name = fileName(x, id)
	}
	if r.docs[id] {
		r.rep.warn("source", "source %q repeats GUID %s; it is left out", name, x.GUID)
		return nil
	}
	raw, ok, err := r.text(x, "source")
	if err != nil || !ok {
		return err
	}
	st, ok := readText(raw, r.rep.Dialect)
	if !ok {
		r.rep.warn("source", "source %q is not UTF-8 or UTF-16 text; it is left out", name)
		return nil
	}
	r.docs[id] = true
	doc := qda.Document{GUID: id, Name: name, Kind: qda.KindOther, Case: r.docCase[id], Length: st.runes,
		Created: r.when(x.Created), Modified: r.when(x.Modified), Source: "QDPX"}
	if r.rep.Origin != "" {
		doc.Source = "QDPX: " + r.rep.Origin
	}
	if label != "" {
		doc.Source += " (" + label + ")"
	}
	if r.ext != nil {
		if e, ok := r.ext.Documents[id]; ok {
			doc.Kind, doc.Interview, doc.Source = e.Kind, e.Interview, e.Source
			doc.Created, doc.Modified = exactOr(e.Created, doc.Created), exactOr(e.Modified, doc.Modified)
			if doc.Interview != "" {
				doc.Case = ""
			}
		}
	}
	if x.RichTextPath != "" && x.PlainTextPath != "" {
		r.rep.warn("source", "source %q: its rich text copy %s (formatting, pictures) is not kept; the text comes from its plain text %s",
			name, x.RichTextPath, x.PlainTextPath)
	}
	r.snap.Documents = append(r.snap.Documents, doc)
	r.snap.Texts[id] = st.canonical
	for _, n := range x.NoteRefs {
		r.attach(r.guid(n.Target), id)
	}
	r.values(x.Values, qda.ScopeInterview, "source "+name)
	if strings.TrimSpace(x.Description) != "" {
		r.rep.warn("source", "the description of source %q is not kept", name)
	}
	for _, c := range x.Codings {
		r.coding(c, doc, 0, st.runes, "", "")
	}
	for _, sel := range x.Selections {
		start, end, ok := st.span(sel.Start, sel.End)
		if !ok {
			r.rep.warn("selection", "source %q: selection [%d, %d) lies outside the text of %d positions or is empty; it and its %d coding(s) are left out",
				name, sel.Start, sel.End, st.units[len(st.units)-1], len(sel.Codings))
			continue
		}
		first := qda.GUID("")
		for _, c := range sel.Codings {
			if g := r.coding(c, doc, start, end, sel.CreatingUser, sel.Created); first == "" {
				first = g
			}
		}
		owner := first
		if owner == "" {
			owner = id
		}
		for _, n := range sel.NoteRefs {
			r.attach(r.guid(n.Target), owner)
		}
		if len(sel.Codings) == 0 && len(sel.NoteRefs) == 0 {
			r.rep.warn("selection", "source %q: selection [%d, %d) carries no code; it is not kept", name, sel.Start, sel.End)
		}
		if strings.TrimSpace(sel.Description) != "" {
			r.rep.warn("selection", "source %q: the description of selection [%d, %d) is not kept", name, sel.Start, sel.End)
		}
	}
	return nil
}

// fileName names a source without a name after its file (qc writes
// plainTextPath="board_2017.txt" and no name), without the extension; a
// file named after the source's GUID gives "Quelle <first 8 digits>".
func fileName(x *xTextSource, id qda.GUID) string {
	for _, p := range []string{x.PlainTextPath, x.RichTextPath} {
		p = strings.TrimPrefix(p, "internal://")
		base := path.Base(strings.ReplaceAll(p, `\`, "/"))
		stem := strings.TrimSpace(strings.TrimSuffix(base, path.Ext(base)))
		if p == "" || stem == "" || stem == "." || stem == "/" || strings.EqualFold(stem, string(id)) ||
			strings.EqualFold(strings.Trim(stem, "{}"), strings.TrimSpace(strings.Trim(x.GUID, "{} "))) {
			continue
		}
		return stem
	}
	return "Quelle " + string(id)[:8]
}

// coding converts one coding of [start, end) and returns its GUID, "" when
// it is left out.
func (r *reader) coding(c xCoding, doc qda.Document, start, end int, selUser, selCreated string) qda.GUID {
	id := r.guid(c.GUID)
	code := r.guid(c.CodeRef.Target)
	switch {
	case end <= start:
		r.rep.warn("coding", "source %q: a coding of the empty text is left out", doc.Name)
		return ""
	case !r.codes[code]:
		r.rep.warn("coding", "source %q: coding %s refers to code %s, which the codebook does not hold; it is left out", doc.Name, c.GUID, c.CodeRef.Target)
		return ""
	case r.codingIDs[id]:
		r.rep.warn("coding", "source %q: coding GUID %s appears twice; the second is left out", doc.Name, c.GUID)
		return ""
	}
	r.codingIDs[id] = true
	userRef := c.CreatingUser
	if userRef == "" {
		userRef = selUser
	}
	if userRef == "" {
		userRef = r.p.CreatingUser
	}
	created := c.Created
	if created == "" {
		created = selCreated
	}
	if created == "" {
		created = r.p.Modified
	}
	cd := qda.Coding{GUID: id, Document: doc.GUID, Range: qda.Range{Start: start, End: end}, Code: code,
		Coder: r.user(userRef), Created: r.when(created), Origin: qda.OriginImport}
	if r.ext != nil {
		x := r.ext.Codings[id]
		cd.Origin, cd.Created = x.Origin, exactOr(x.Created, cd.Created)
	}
	for _, n := range c.NoteRefs {
		r.attach(r.guid(n.Target), id)
	}
	r.snap.Codings = append(r.snap.Codings, cd)
	return id
}

// memos turns notes into memos, or into the memo text of the code or
// coding whose memo note they are.
func (r *reader) memos() error {
	if r.p.NoteRefs != nil {
		for _, n := range r.p.NoteRefs {
			r.attach(r.guid(n.Target), "")
		}
	}
	codeAt, codingAt := map[qda.GUID]int{}, map[qda.GUID]int{}
	for i, c := range r.snap.Codes {
		codeAt[c.GUID] = i
	}
	for i, c := range r.snap.Codings {
		codingAt[c.GUID] = i
	}
	for owner := range r.noteOwner {
		if r.notes[owner] == nil {
			r.rep.warn("note", "a reference to note %s, which the file does not hold, is ignored", owner)
		}
	}
	if r.p.Notes == nil {
		return nil
	}
	for i := range r.p.Notes.Notes {
		n := &r.p.Notes.Notes[i]
		id := r.guid(n.GUID)
		raw, ok, err := r.text(n, "note")
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		st, ok := readText(raw, DialectREFI)
		if !ok {
			r.rep.warn("note", "note %q is not UTF-8 text; it is left out", n.Name)
			continue
		}
		owner := r.noteOwner[id]
		if owner != "" && id == memoNoteGUID(owner) {
			if k, ok := codeAt[owner]; ok {
				r.snap.Codes[k].Memo = st.canonical
				continue
			}
			if k, ok := codingAt[owner]; ok {
				r.snap.Codings[k].Memo = st.canonical
				continue
			}
		}
		m := qda.Memo{GUID: id, Title: strings.TrimSpace(n.Name), Text: st.canonical, Target: owner,
			Created: when(n.Created), Modified: when(n.Modified)}
		if n.CreatingUser != "" {
			m.Author = r.user(n.CreatingUser)
		}
		if r.ext != nil {
			if x, ok := r.ext.Memos[id]; ok {
				m.Target = x.Target
				m.Created, m.Modified = exactOr(x.Created, m.Created), exactOr(x.Modified, m.Modified)
			}
		}
		if m.Title == "" && strings.TrimSpace(m.Text) == "" {
			r.rep.warn("note", "note %s is empty; it is left out", n.GUID)
			continue
		}
		r.snap.Memos = append(r.snap.Memos, m)
	}
	return nil
}

// sets warns about sets other than protocoder's guideline sets.
func (r *reader) sets() {
	if r.p.Sets == nil {
		return
	}
	ours := map[qda.GUID]bool{}
	if r.ext != nil {
		for _, g := range r.ext.Guidelines {
			ours[setGUID(g.GUID)] = true
		}
	}
	for _, s := range r.p.Sets.Sets {
		if ours[r.guid(s.GUID)] {
			continue
		}
		n := len(s.MemberCodes) + len(s.MemberSources) + len(s.MemberNotes)
		r.rep.warn("set", "set %q (%d members) is not kept: protocoder groups codes by guideline and parent code", s.Name, n)
	}
}

// extras takes what only protocoder's extension holds.
func (r *reader) extras() {
	if r.ext == nil {
		return
	}
	r.snap.Guidelines, r.snap.Interviews, r.snap.Plan = r.ext.Guidelines, r.ext.Interviews, r.ext.Plan
	for _, def := range r.ext.Attributes {
		if _, ok := r.attrs[def.GUID]; !ok {
			r.attrs[def.GUID] = &def
		}
	}
}

// attrDefs lists the attribute definitions in the snapshot.
func (r *reader) attrDefs() {
	r.snap.AttributeDefs = nil
	for _, d := range r.attrs {
		r.snap.AttributeDefs = append(r.snap.AttributeDefs, *d)
	}
	sort.Slice(r.snap.AttributeDefs, func(i, j int) bool { return r.snap.AttributeDefs[i].GUID < r.snap.AttributeDefs[j].GUID })
}
