package qdpx

import (
	"fmt"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

// importNS is the namespace of GUIDs minted for identifiers that are not
// GUIDs, so that reading the same file twice gives the same GUIDs.
var importNS = qda.GUID("2f6b9d0e-8c41-4a7e-b5d3-1e9a7c6f0b24")

// reader converts the XML model of one file into a snapshot.
type reader struct {
	o     ReadOptions
	a     *archive
	base  string // folder of the project document in the archive
	p     *xProject
	ext   *extension
	rep   *Report
	snap  *qda.Snapshot
	guids map[string]qda.GUID // identifiers as written → GUIDs

	users      map[qda.GUID]bool
	codes      map[qda.GUID]bool
	vars       map[qda.GUID]xVariable
	attrs      map[qda.GUID]*qda.AttributeDef
	docCase    map[qda.GUID]qda.GUID
	docs       map[qda.GUID]bool
	codingIDs  map[qda.GUID]bool
	notes      map[qda.GUID]*xTextSource
	noteOwner  map[qda.GUID]qda.GUID // note → element it was attached to
	srcValues  map[qda.GUID]int      // source variable → values not kept
	notCodable int
}

// guid normalises an identifier: braces and case go; what is no GUID at
// all gets a stable name-based one.
func (r *reader) guid(s string) qda.GUID {
	if g, ok := r.guids[s]; ok {
		return g
	}
	t := strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "{"), "}"))
	g := qda.GUID(t)
	if !g.Valid() {
		g = qda.NameGUID(importNS, s)
	}
	r.guids[s] = g
	return g
}

// when parses an xsd:dateTime; what cannot be read gives the zero time.
func when(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// when parses a time of the file; a missing one is the project's
// modification or creation time, so that reading a file twice gives the
// same entities.
func (r *reader) when(s string) time.Time {
	for _, x := range []string{s, r.p.Modified, r.p.Created} {
		if t := when(x); !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// color normalises "#ABC" or "#AABBCC" to "#aabbcc"; "" when unusable.
func color(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) == 4 && s[0] == '#' {
		s = "#" + strings.Repeat(s[1:2], 2) + strings.Repeat(s[2:3], 2) + strings.Repeat(s[3:4], 2)
	}
	if len(s) != 7 || s[0] != '#' {
		return ""
	}
	for _, c := range s[1:] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return ""
		}
	}
	return s
}

// run converts the whole project.
func (r *reader) run() error {
	r.users, r.codes, r.vars = map[qda.GUID]bool{}, map[qda.GUID]bool{}, map[qda.GUID]xVariable{}
	r.attrs, r.docCase, r.docs = map[qda.GUID]*qda.AttributeDef{}, map[qda.GUID]qda.GUID{}, map[qda.GUID]bool{}
	r.codingIDs, r.notes, r.noteOwner = map[qda.GUID]bool{}, map[qda.GUID]*xTextSource{}, map[qda.GUID]qda.GUID{}
	r.srcValues = map[qda.GUID]int{}
	r.project()
	r.readUsers()
	if r.p.Notes != nil {
		for i := range r.p.Notes.Notes {
			n := &r.p.Notes.Notes[i]
			r.notes[r.guid(n.GUID)] = n
		}
	}
	if r.p.CodeBook != nil {
		r.codeTree(r.p.CodeBook.Codes.Codes, "")
	}
	r.warnNotCodable()
	r.variables()
	r.cases()
	if err := r.sources(); err != nil {
		return err
	}
	for src, kase := range r.docCase {
		if !r.docs[src] {
			r.rep.warn("case", "case %s refers to source %s, which the file does not hold (or which was left out)", kase, src)
		}
	}
	for id, n := range r.srcValues {
		r.rep.warn("variable", "%d value(s) of variable %q on sources are not kept: protocoder keeps attributes of cases and interviews", n, r.vars[id].Name)
	}
	if err := r.memos(); err != nil {
		return err
	}
	r.sets()
	if r.p.Links != nil && len(r.p.Links.Children) > 0 {
		r.rep.warn("link", "%d link(s) between entities are not kept: protocoder has no links", len(r.p.Links.Children))
	}
	if r.p.Graphs != nil && len(r.p.Graphs.Children) > 0 {
		r.rep.warn("graph", "%d graph(s) are not kept: protocoder has no graphs", len(r.p.Graphs.Children))
	}
	if strings.TrimSpace(r.p.Description) != "" {
		r.rep.warn("project", "the project description is not kept")
	}
	r.extras()
	r.attrDefs()
	return nil
}

// project takes the project record from the extension or the root element.
func (r *reader) project() {
	if r.ext != nil {
		r.snap.Project = r.ext.Project
		return
	}
	r.snap.Project = qda.Project{Name: strings.TrimSpace(r.p.Name), Created: when(r.p.Created)}
}

func (r *reader) readUsers() {
	if r.p.Users == nil {
		return
	}
	for _, u := range r.p.Users.Users {
		id := r.guid(u.GUID)
		if r.users[id] {
			r.rep.warn("user", "user %s is listed twice; the second entry is ignored", u.GUID)
			continue
		}
		name := strings.TrimSpace(u.Name)
		if name == "" {
			name = strings.TrimSpace(u.ID)
		}
		if name == "" {
			name = "user-" + string(id)[:8]
		}
		user := qda.User{GUID: id, Name: name}
		if r.ext != nil {
			if x, ok := r.ext.Users[id]; ok {
				user.FullName, user.Created = x.FullName, when(x.Created)
				user.Initials, user.Roles, user.Placeholder = x.Initials, x.Roles, x.Placeholder
			}
		}
		r.users[id] = true
		r.snap.Users = append(r.snap.Users, user)
	}
}

// deriveRoles gives every user without roles (a file of another program,
// or one written before members had roles) the roles its work in the file
// implies: interviewer, coder, else lead (qda.DeriveRoles).
func deriveRoles(snap *qda.Snapshot) {
	interviewed, coded := map[qda.GUID]bool{}, map[qda.GUID]bool{}
	for _, iv := range snap.Interviews {
		interviewed[iv.Interviewer] = true
	}
	for _, c := range snap.Codings {
		coded[c.Coder] = true
	}
	for i := range snap.Users {
		u := &snap.Users[i]
		if len(u.Roles) == 0 && !u.Placeholder {
			u.Roles, u.RolesDerived = qda.DeriveRoles(interviewed[u.GUID], coded[u.GUID]), true
		}
	}
}

// user returns the GUID of a referenced user, adding a placeholder user
// when the file does not list it; "" when ref is empty.
func (r *reader) user(ref string) qda.GUID {
	if strings.TrimSpace(ref) == "" {
		return ""
	}
	id := r.guid(ref)
	if !r.users[id] {
		r.users[id] = true
		r.snap.Users = append(r.snap.Users, qda.User{GUID: id, Name: "user-" + string(id)[:8]})
		r.rep.warn("user", "user %s is referenced but not listed; added as %q", ref, "user-"+string(id)[:8])
	}
	return id
}

func (r *reader) codeTree(cs []xCode, parent qda.GUID) {
	for i, c := range cs {
		code := r.code(c, parent, i)
		if code == nil {
			continue
		}
		for _, n := range c.NoteRefs {
			r.attach(r.guid(n.Target), code.GUID)
		}
		r.snap.Codes = append(r.snap.Codes, *code)
		r.codeTree(c.Codes, code.GUID)
	}
}

// code converts one code; nil if it repeats a GUID.
func (r *reader) code(c xCode, parent qda.GUID, order int) *qda.Code {
	id := r.guid(c.GUID)
	if r.codes == nil {
		r.codes = map[qda.GUID]bool{}
	}
	if r.codes[id] {
		r.rep.warn("code", "code %q repeats GUID %s; it and its sub-codes are left out", c.Name, c.GUID)
		return nil
	}
	r.codes[id] = true
	if !c.IsCodable {
		r.notCodable++
	}
	name := strings.TrimSpace(c.Name)
	if name == "" {
		name = "(ohne Namen)"
	}
	col := color(c.Color)
	if col == "" {
		col = qda.Palette[len(r.codes)%len(qda.Palette)]
	}
	desc := c.Description
	if orig, rest, ok := originalName(name, desc); ok {
		name, desc = orig, rest
	}
	code := &qda.Code{GUID: id, Name: name, Parent: parent, Order: order, Color: col, Description: desc}
	if r.ext != nil {
		if x, ok := r.ext.Codes[id]; ok {
			code.Order, code.Ref = x.Order, x.Ref
		}
	}
	return code
}

// warnNotCodable warns about codes the file marks as not codable (the
// categories of QualCoder, MAXQDA's and NVivo's folders of codes): in
// protocoder every code can be applied.
func (r *reader) warnNotCodable() {
	if r.notCodable > 0 {
		r.rep.warn("code", "%d code(s) marked as not codable (categories that only group codes) came in as ordinary codes that can be applied", r.notCodable)
	}
}

// attach records that a note is attached to an element; the first
// attachment wins.
func (r *reader) attach(note, owner qda.GUID) {
	if _, ok := r.noteOwner[note]; ok {
		if r.noteOwner[note] != owner {
			r.rep.warn("note", "note %s is attached to more than one element; it stays with the first", note)
		}
		return
	}
	r.noteOwner[note] = owner
}

// variables declares attribute definitions for the variables.
func (r *reader) variables() {
	if r.p.Variables == nil {
		return
	}
	byID := map[qda.GUID]qda.AttributeDef{}
	if r.ext != nil {
		for _, a := range r.ext.Attributes {
			byID[a.GUID] = a
		}
	}
	for _, v := range r.p.Variables.Variables {
		id := r.guid(v.GUID)
		r.vars[id] = v
		if isMeta(id) {
			continue
		}
		def, ok := byID[id]
		if !ok {
			def = qda.AttributeDef{GUID: id, Name: strings.TrimSpace(v.Name), Scope: qda.ScopeCase, Description: v.Description}
			switch v.Type {
			case "Integer", "Float":
				def.Type = qda.AttrNumber
			case "Date":
				def.Type = qda.AttrDate
			case "Boolean":
				def.Type, def.Choices = qda.AttrChoice, []string{"true", "false"}
			default:
				def.Type = qda.AttrText
			}
			if def.Name == "" {
				def.Name = "Variable " + string(id)[:8]
			}
		}
		r.attrs[id] = &def
	}
}

// isMeta reports the GUIDs of protocoder's interview metadata variables.
func isMeta(id qda.GUID) bool {
	for _, m := range metaVariables {
		if metaGUID(m.key) == id {
			return true
		}
	}
	return false
}

// values converts variable values of one scope into attribute values.
func (r *reader) values(vs []xVarValue, scope qda.AttrScope, where string) map[qda.GUID]string {
	out := map[qda.GUID]string{}
	for _, v := range vs {
		id := r.guid(v.Ref.Target)
		def := r.attrs[id]
		switch {
		case isMeta(id):
		case def == nil && r.vars[id].GUID == "":
			r.rep.warn("variable", "%s has a value of an undeclared variable %s; it is not kept", where, v.Ref.Target)
		case def == nil || def.Scope != scope:
			r.srcValues[id]++
		default:
			val := strings.TrimSpace(v.value())
			if v.DateTime != nil && def.Type == qda.AttrDate && len(val) >= 10 {
				val = val[:10]
			}
			if err := def.CheckValue(val); err != nil {
				r.rep.warn("variable", "%s: %s; the value is not kept", where, qda.ErrorMessage(err))
				continue
			}
			out[id] = val
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func (r *reader) cases() {
	if r.p.Cases == nil {
		return
	}
	seen := map[qda.GUID]bool{}
	for i, c := range r.p.Cases.Cases {
		id := r.guid(c.GUID)
		if seen[id] {
			r.rep.warn("case", "case %q repeats GUID %s; it is left out", c.Name, c.GUID)
			continue
		}
		seen[id] = true
		name := strings.TrimSpace(c.Name)
		if name == "" {
			name = fmt.Sprintf("Fall %d", i+1)
		}
		kc := qda.Case{GUID: id, Name: name, Kind: qda.CaseOther, Description: c.Description}
		if r.ext != nil {
			if x, ok := r.ext.Cases[id]; ok {
				kc.Kind = x.Kind
			}
		}
		kc.Attributes = r.values(c.Values, qda.ScopeCase, "case "+name)
		for _, s := range c.SourceRefs {
			sid := r.guid(s.Target)
			if old, ok := r.docCase[sid]; ok && old != id {
				r.rep.warn("case", "source %s belongs to more than one case; protocoder keeps it with the first", s.Target)
				continue
			}
			r.docCase[sid] = id
		}
		if n := len(c.CodeRefs) + len(c.SelectionRefs); n > 0 {
			r.rep.warn("case", "case %q: %d reference(s) to codes or selections are not kept; a case holds whole documents", name, n)
		}
		r.snap.Cases = append(r.snap.Cases, kc)
	}
}
