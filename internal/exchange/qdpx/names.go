package qdpx

import (
	"fmt"
	"strings"

	"github.com/protocoder/protocoder/internal/qda"
)

// Code names in an exchange file are unique. protocoder keeps names unique
// among siblings only: the themes and questions of several guidelines
// repeat ("1. Rolle" under each guideline). QualCoder and ATLAS.ti key codes
// by name, so a repeated name would merge codes (and move their codings)
// there. An export therefore qualifies a repeated name by the names of its
// parents ("A.2.1 › 1. Rolle"), as far up as it takes, and numbers what is
// still repeated ("1. Rolle (2)"). The original name goes into the
// description after nameMark, from where a protocoder import restores it.

// pathSep joins the names of a qualified code name.
const pathSep = " › "

// nameMark starts the last line of a description that carries the name of
// a code whose name was made unique in the file.
const nameMark = "\n\nName in protocoder: "

// exportNames holds the unique names of the codes of one export.
type exportNames struct {
	unique map[qda.GUID]string
}

// newExportNames makes the names of codes unique, compared without regard
// to case and surrounding space (ATLAS.ti compares that way). Codes are
// taken in tree order (kids lists the children of each parent in order), so
// the same project always gives the same names.
func newExportNames(kids map[qda.GUID][]qda.Code) *exportNames {
	var order []qda.Code
	parent := map[qda.GUID]qda.GUID{}
	name := map[qda.GUID]string{}
	var walk func(p qda.GUID, depth int)
	walk = func(p qda.GUID, depth int) {
		if depth > 1000 {
			return
		}
		for _, c := range kids[p] {
			order = append(order, c)
			parent[c.GUID], name[c.GUID] = c.Parent, strings.TrimSpace(c.Name)
			walk(c.GUID, depth+1)
		}
	}
	walk("", 0)
	key := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	// label of a code qualified by depth ancestors; ok is false when it
	// has fewer ancestors than that.
	label := func(id qda.GUID, depth int) (string, bool) {
		parts := []string{name[id]}
		p := parent[id]
		for i := 0; i < depth; i++ {
			if p == "" {
				return "", false
			}
			parts = append([]string{name[p]}, parts...)
			p = parent[p]
		}
		return strings.Join(parts, pathSep), true
	}
	depth := map[qda.GUID]int{}
	labels := map[qda.GUID]string{}
	for _, c := range order {
		labels[c.GUID] = name[c.GUID]
	}
	for changed := true; changed; {
		changed = false
		groups := map[string][]qda.GUID{}
		for _, c := range order {
			k := key(labels[c.GUID])
			groups[k] = append(groups[k], c.GUID)
		}
		for _, c := range order {
			if len(groups[key(labels[c.GUID])]) < 2 {
				continue
			}
			if l, ok := label(c.GUID, depth[c.GUID]+1); ok {
				depth[c.GUID]++
				labels[c.GUID] = l
				changed = true
			}
		}
	}
	// What is still repeated (the same path twice) is numbered.
	taken := map[string]bool{}
	for _, c := range order {
		taken[key(labels[c.GUID])] = true
	}
	seen := map[string]bool{}
	for _, c := range order {
		l := labels[c.GUID]
		if !seen[key(l)] {
			seen[key(l)] = true
			continue
		}
		for n := 2; ; n++ {
			if cand := fmt.Sprintf("%s (%d)", l, n); !taken[key(cand)] {
				labels[c.GUID] = cand
				taken[key(cand)], seen[key(cand)] = true, true
				break
			}
		}
	}
	en := &exportNames{unique: map[qda.GUID]string{}}
	for _, c := range order {
		if labels[c.GUID] != c.Name {
			en.unique[c.GUID] = labels[c.GUID]
		}
	}
	return en
}

// name returns the code's name in the file.
func (n *exportNames) name(c qda.Code) string {
	if u, ok := n.unique[c.GUID]; ok {
		return u
	}
	return c.Name
}

// description returns desc with the original name appended when the
// code's name was changed in the file.
func (n *exportNames) description(c qda.Code, desc string) string {
	if _, ok := n.unique[c.GUID]; !ok {
		return desc
	}
	if strings.TrimSpace(desc) == "" {
		return nameMark[2:] + c.Name
	}
	return desc + nameMark + c.Name
}

// RenamedCodes returns how many codes of snap an export names otherwise,
// to make their names unique in the file.
func RenamedCodes(snap *qda.Snapshot) int {
	return len(newBuilder(snap, WriteOptions{}).names.unique)
}

// originalName reads the original name from a description that ends with
// nameMark: it returns the name and the description without the mark. The
// name in the file must contain the original one (it was qualified or
// numbered, not renamed in another program).
func originalName(fileName, desc string) (name, rest string, ok bool) {
	i := strings.LastIndex(desc, nameMark)
	if i < 0 {
		if strings.HasPrefix(desc, nameMark[2:]) {
			i = -2 // a description that holds only the mark
		} else {
			return "", desc, false
		}
	}
	orig := strings.TrimSpace(desc[i+len(nameMark):])
	if orig == "" || strings.Contains(orig, "\n") || !strings.Contains(fileName, orig) {
		return "", desc, false
	}
	return orig, desc[:max(i, 0)], true
}
