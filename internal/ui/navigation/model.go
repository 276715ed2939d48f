package navigation

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// Top-level node ids of the navigation tree.
const (
	RootInterviews = "interviews"
	RootReports    = "reports"
	RootOthers     = "others"
	RootGuidelines = "guidelines"
)

// Kind says what a navigation leaf stands for.
type Kind int

// Kinds of navigation items.
const (
	KindGroup     Kind = iota // a branch: a group, level, case or wave
	KindDocument              // a document: protocol, case report or other
	KindInterview             // an interview without a protocol yet
	KindGuideline             // a guideline
)

// Item is what the user selected in the navigation.
type Item struct {
	// Kind says what ID refers to.
	Kind Kind
	// ID is the GUID of the document, interview or guideline.
	ID qda.GUID
}

// node is one entry of the navigation tree.
type node struct {
	label    string
	item     Item
	children []string
	leaves   int // leaves below, for branches
}

// data is what the navigation is built from.
type data struct {
	interviews []qda.Interview
	cases      []qda.Case
	documents  []qda.Document
	guidelines []qda.Guideline
}

// model is the full navigation tree, keyed by node id ("" is the root).
type model map[string]*node

// build groups the project's contents: interviews by level → case → wave →
// protocol documents (interviews without a protocol appear as their own
// leaf), then case reports, other documents and guidelines.
func build(d data) model {
	m := model{}
	add := func(parent, id string, n *node) {
		if _, ok := m[id]; !ok {
			m[id] = n
			m[parent].children = append(m[parent].children, id)
		}
	}
	m[""] = &node{}
	add("", RootInterviews, &node{label: lang.X("nav.interviews", "Interviews")})
	add("", RootReports, &node{label: lang.X("nav.reports", "Case reports")})
	add("", RootOthers, &node{label: lang.X("nav.others", "Other documents")})
	add("", RootGuidelines, &node{label: lang.X("nav.guidelines", "Guidelines")})

	caseName := map[qda.GUID]string{}
	for _, c := range d.cases {
		caseName[c.GUID] = c.Name
	}
	ivs := map[qda.GUID]qda.Interview{}
	for _, iv := range d.interviews {
		ivs[iv.GUID] = iv
	}
	protocols := map[qda.GUID][]qda.Document{}
	var reports, others []qda.Document
	for _, doc := range d.documents {
		_, known := ivs[doc.Interview]
		switch {
		case doc.Kind == qda.KindCaseReport:
			reports = append(reports, doc)
		case doc.Kind == qda.KindProtocol && known:
			protocols[doc.Interview] = append(protocols[doc.Interview], doc)
		default:
			others = append(others, doc)
		}
	}

	// Interviews: sorted by level order, case name, wave, then interviewee.
	sorted := append([]qda.Interview(nil), d.interviews...)
	rank := func(l qda.Level) int {
		for i, x := range qda.Levels {
			if x == l {
				return i
			}
		}
		return len(qda.Levels)
	}
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if a.Level != b.Level {
			return rank(a.Level) < rank(b.Level)
		}
		if ca, cb := caseName[a.Case], caseName[b.Case]; ca != cb {
			return ca < cb
		}
		if a.Wave != b.Wave {
			return a.Wave < b.Wave
		}
		return a.Interviewee < b.Interviewee
	})
	for _, iv := range sorted {
		lvl := "lvl/" + string(iv.Level)
		add(RootInterviews, lvl, &node{label: i18n.Level(iv.Level)})
		cs := lvl + "/" + string(iv.Case)
		name, ok := caseName[iv.Case]
		if !ok {
			name = lang.X("nav.unknownCase", "Unknown site")
		}
		add(lvl, cs, &node{label: name})
		wave := fmt.Sprintf("%s/%d", cs, iv.Wave)
		add(cs, wave, &node{label: lang.X("label.wave", "Wave {{.Wave}}", map[string]any{"Wave": iv.Wave})})
		docs := protocols[iv.GUID]
		sort.Slice(docs, func(i, j int) bool { return docs[i].Name < docs[j].Name })
		for _, doc := range docs {
			add(wave, "doc/"+string(doc.GUID), &node{label: doc.Name, item: Item{KindDocument, doc.GUID}})
		}
		if len(docs) == 0 {
			label := lang.X("nav.noProtocol", "{{.Name}} (no protocol yet)", map[string]any{"Name": iv.Interviewee})
			add(wave, "iv/"+string(iv.GUID), &node{label: label, item: Item{KindInterview, iv.GUID}})
		}
	}
	for _, list := range []struct {
		root string
		docs []qda.Document
	}{{RootReports, reports}, {RootOthers, others}} {
		sort.Slice(list.docs, func(i, j int) bool { return list.docs[i].Name < list.docs[j].Name })
		for _, doc := range list.docs {
			add(list.root, "doc/"+string(doc.GUID), &node{label: doc.Name, item: Item{KindDocument, doc.GUID}})
		}
	}
	gs := append([]qda.Guideline(nil), d.guidelines...)
	sort.Slice(gs, func(i, j int) bool { return gs[i].Key < gs[j].Key })
	for _, g := range gs {
		add(RootGuidelines, "guide/"+string(g.GUID), &node{label: g.Key + " – " + g.Title, item: Item{KindGuideline, g.GUID}})
	}
	m.count("")
	return m
}

// count fills in the number of leaves below id and returns it.
func (m model) count(id string) int {
	n := m[id]
	if n.item.Kind != KindGroup {
		return 1
	}
	n.leaves = 0
	for _, c := range n.children {
		n.leaves += m.count(c)
	}
	return n.leaves
}

// fold prepares text for matching: lower case, umlauts and ß folded, so
// "sud" finds "Süd" and "strasse" finds "Straße".
var fold = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss")

func normalize(s string) string { return fold.Replace(strings.ToLower(strings.TrimSpace(s))) }

// filter returns the children map of the tree restricted to the nodes whose
// label contains q, their ancestors and their descendants. An empty q
// returns every node.
func (m model) filter(q string) map[string][]string {
	out := map[string][]string{}
	q = normalize(q)
	var visit func(id string, shown bool) bool
	visit = func(id string, shown bool) bool {
		n := m[id]
		self := shown || q == "" || (id != "" && strings.Contains(normalize(n.label), q))
		any := self
		var kids []string
		for _, c := range n.children {
			if visit(c, self) {
				kids = append(kids, c)
				any = true
			}
		}
		out[id] = kids
		return any
	}
	visit("", false)
	return out
}
