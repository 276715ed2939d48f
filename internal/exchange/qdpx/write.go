package qdpx

import (
	"archive/zip"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

// WriteOptions configure Write.
type WriteOptions struct {
	// Dialect is the convention of the source texts and positions written;
	// empty means the standard (DialectREFI).
	Dialect Dialect
	// Origin names the writing program, e.g. "protocoder 0.4".
	Origin string
	// NoExtension leaves out protocoder.json (a file for other tools only).
	NoExtension bool
}

// zipTime is the modification time of every zip entry, so that the same
// project always gives the same bytes.
var zipTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// Write writes snap as a QDPX file: project.qde, sources/<GUID>.txt and
// protocoder.json.
func Write(w io.Writer, snap *qda.Snapshot, o WriteOptions) error {
	if o.Dialect == DialectAuto {
		o.Dialect = DialectREFI
	}
	if !o.Dialect.Valid() {
		return qda.Errorf(qda.EInvalid, "unknown dialect %q", o.Dialect)
	}
	b := newBuilder(snap, o)
	proj, texts := b.project()
	zw := zip.NewWriter(w)
	put := func(name string, data []byte) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		_, err = f.Write(data)
		return err
	}
	qde, err := marshalXML(proj)
	if err != nil {
		return err
	}
	if err := put("project.qde", qde); err != nil {
		return err
	}
	for _, d := range b.docs {
		if err := put("sources/"+string(d.GUID)+".txt", texts[d.GUID]); err != nil {
			return err
		}
	}
	if !o.NoExtension {
		ext, err := json.MarshalIndent(b.extension(), "", " ")
		if err != nil {
			return fmt.Errorf("encode %s: %w", ExtensionEntry, err)
		}
		if err := put(ExtensionEntry, ext); err != nil {
			return err
		}
	}
	return zw.Close()
}

// marshalXML returns the document with an XML declaration.
func marshalXML(v any) ([]byte, error) {
	out, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode project.qde: %w", err)
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

// stamp formats a time for an xsd:dateTime attribute, in UTC and to the
// second (QualCoder and ATLAS.ti parse no fractions); zero gives "".
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Truncate(time.Second).Format("2006-01-02T15:04:05Z")
}

// noteStamp returns the stamp of the first time that is set, else of the
// project's creation, else of zipTime: every Note carries its times, as
// QualCoder needs them.
func (b *builder) noteStamp(ts ...time.Time) string {
	for _, t := range append(ts, b.s.Project.Created, zipTime) {
		if !t.IsZero() {
			return stamp(t)
		}
	}
	return ""
}

// builder turns a snapshot into the XML model.
type builder struct {
	s         *qda.Snapshot
	o         WriteOptions
	docs      []qda.Document
	users     map[qda.GUID]qda.User
	cases     map[qda.GUID]qda.Case
	guides    map[qda.GUID]qda.Guideline
	ivs       map[qda.GUID]qda.Interview
	attrs     map[qda.GUID]qda.AttributeDef
	memosOf   map[qda.GUID][]qda.GUID // target → memo GUIDs
	codingsOf map[qda.GUID][]qda.Coding
	kids      map[qda.GUID][]qda.Code
	names     *exportNames
}

func newBuilder(s *qda.Snapshot, o WriteOptions) *builder {
	b := &builder{s: s, o: o, users: map[qda.GUID]qda.User{}, cases: map[qda.GUID]qda.Case{},
		guides: map[qda.GUID]qda.Guideline{}, ivs: map[qda.GUID]qda.Interview{}, attrs: map[qda.GUID]qda.AttributeDef{},
		memosOf: map[qda.GUID][]qda.GUID{}, codingsOf: map[qda.GUID][]qda.Coding{}, kids: map[qda.GUID][]qda.Code{}}
	for _, u := range s.Users {
		b.users[u.GUID] = u
	}
	for _, c := range s.Cases {
		b.cases[c.GUID] = c
	}
	for _, g := range s.Guidelines {
		b.guides[g.GUID] = g
	}
	for _, iv := range s.Interviews {
		b.ivs[iv.GUID] = iv
	}
	for _, a := range s.AttributeDefs {
		b.attrs[a.GUID] = a
	}
	memos := append([]qda.Memo(nil), s.Memos...)
	sort.Slice(memos, func(i, j int) bool { return memos[i].GUID < memos[j].GUID })
	for _, m := range memos {
		b.memosOf[b.noteHolder(m.Target)] = append(b.memosOf[b.noteHolder(m.Target)], m.GUID)
	}
	for _, c := range s.Codings {
		b.codingsOf[c.Document] = append(b.codingsOf[c.Document], c)
	}
	for _, cs := range b.codingsOf {
		sort.Slice(cs, func(i, j int) bool {
			if cs[i].Start != cs[j].Start {
				return cs[i].Start < cs[j].Start
			}
			if cs[i].End != cs[j].End {
				return cs[i].End < cs[j].End
			}
			return cs[i].GUID < cs[j].GUID
		})
	}
	for _, c := range s.Codes {
		b.kids[c.Parent] = append(b.kids[c.Parent], c)
	}
	for _, ks := range b.kids {
		sort.Slice(ks, func(i, j int) bool {
			if ks[i].Order != ks[j].Order {
				return ks[i].Order < ks[j].Order
			}
			return ks[i].Name < ks[j].Name
		})
	}
	b.names = newExportNames(b.kids)
	b.docs = append(b.docs, s.Documents...)
	sort.Slice(b.docs, func(i, j int) bool {
		if b.docs[i].Name != b.docs[j].Name {
			return b.docs[i].Name < b.docs[j].Name
		}
		return b.docs[i].GUID < b.docs[j].GUID
	})
	return b
}

// noteHolder returns the element a memo about target is attached to in the
// file: an interview's memo goes to its protocol; a target the file has no
// element for (a guideline, a user) goes to the project.
func (b *builder) noteHolder(target qda.GUID) qda.GUID {
	if _, ok := b.ivs[target]; ok {
		for _, d := range b.s.Documents {
			if d.Interview == target {
				return d.GUID
			}
		}
	}
	if _, ok := b.guides[target]; ok {
		return ""
	}
	if _, ok := b.users[target]; ok {
		return ""
	}
	return target
}

// refs returns NoteRefs for the memos attached to holder, after extra.
func (b *builder) refs(holder qda.GUID, extra ...qda.GUID) []xRef {
	var out []xRef
	for _, g := range append(extra, b.memosOf[holder]...) {
		out = append(out, xRef{Target: string(g)})
	}
	return out
}

// project builds the XML model and the encoded source texts.
func (b *builder) project() (*xProject, map[qda.GUID][]byte) {
	p := &xProject{Name: b.s.Project.Name, Origin: markOrigin(b.o.Origin, b.o.Dialect), Created: stamp(b.s.Project.Created)}
	users := append([]qda.User(nil), b.s.Users...)
	sort.Slice(users, func(i, j int) bool { return users[i].GUID < users[j].GUID })
	if len(users) > 0 {
		p.Users = &xUsers{}
		for _, u := range users {
			p.Users.Users = append(p.Users.Users, xUser{GUID: string(u.GUID), Name: u.Name})
		}
	}
	if len(b.kids[""]) > 0 {
		p.CodeBook = &xCodeBook{Codes: xCodes{Codes: b.codes("")}}
	}
	p.Variables = b.variables()
	p.Cases = b.xcases()
	texts := map[qda.GUID][]byte{}
	if len(b.docs) > 0 {
		p.Sources = &xSources{}
		for _, d := range b.docs {
			src, data := b.source(d)
			p.Sources.Text = append(p.Sources.Text, src)
			texts[d.GUID] = data
		}
	}
	p.Notes = b.notes()
	p.Sets = b.sets()
	p.NoteRefs = b.refs("")
	return p, texts
}

// codes returns the code tree below parent.
func (b *builder) codes(parent qda.GUID) []xCode {
	var out []xCode
	for _, c := range b.kids[parent] {
		var own []qda.GUID
		if c.Memo != "" {
			own = append(own, memoNoteGUID(c.GUID))
		}
		out = append(out, xCode{GUID: string(c.GUID), Name: b.names.name(c), IsCodable: true, Color: c.Color,
			Description: b.names.description(c, c.Description), NoteRefs: b.refs(c.GUID, own...), Codes: b.codes(c.GUID)})
	}
	return out
}
