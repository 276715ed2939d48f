// Package codetree shows the project's codebook as a tree: each code with
// its colour chip and two counts, its codings in the current document and
// in the whole project. A secondary tap on a code opens a menu to add a
// sub-code, rename it, change its colour, edit description and memo, move
// it, merge it into another code or delete it; dragging a code onto
// another moves it below that one.
package codetree

import (
	"image/color"
	"sort"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/qda"
)

// Source is what the code tree needs of an open project.
type Source interface {
	// Codes returns the codebook.
	Codes() ([]qda.Code, error)
	// CodingCounts returns the number of codings per code GUID.
	CodingCounts() (map[qda.GUID]int, error)
	// DocumentCodingCounts returns the codings per code in one document.
	DocumentCodingCounts(doc qda.GUID) (map[qda.GUID]int, error)
	AddCode(coding.NewCode) (*qda.Code, error)
	UpdateCode(id qda.GUID, u coding.CodeUpdate) (*qda.Code, error)
	MoveCode(id, parent qda.GUID) error
	MergeCode(src, dst qda.GUID) (*coding.MergeResult, error)
	DeleteCode(id qda.GUID, force bool) (int, error)
}

// CodeTree is the codebook widget.
type CodeTree struct {
	widget.BaseWidget

	// OnSelected is called on the UI goroutine when another code is
	// selected, with "" when the selected code was deleted.
	OnSelected func(qda.GUID)
	// OnTapped is called on the UI goroutine whenever a code is tapped,
	// also when it was selected already (e.g. to show its segments again).
	// Tapping or expanding a code never codes text.
	OnTapped func(qda.GUID)
	// OnDropped is called on the UI goroutine when a code is dragged out
	// of the tree and dropped, with the pointer's absolute position (e.g.
	// on the selected text, to code it).
	OnDropped func(code qda.GUID, at fyne.Position)
	// OnChanged is called on the UI goroutine after the codebook was
	// edited here, with a sentence saying what was done.
	OnChanged func(message string)
	// OnHover is called on the UI goroutine when the mouse enters a code
	// (with its full name and description, for names cut off in the
	// narrow tree) and leaves it ("").
	OnHover func(text string)

	src      Source
	win      fyne.Window
	onError  func(error)
	async    func(func())
	tree     *widget.Tree
	empty    *widget.Label
	codes    map[qda.GUID]qda.Code
	children map[string][]string
	counts   map[qda.GUID]int
	docCount map[qda.GUID]int
	sums     [2]map[qda.GUID]int // counts with sub-codes: document, project
	doc      qda.GUID
	selected qda.GUID
	loaded   bool
	rows     map[*row]bool // rows created by the tree, for drop targets
	drag     dragState
}

// New returns a code tree on src; dialogs open over win and errors go to
// onError.
func New(src Source, win fyne.Window, onError func(error)) *CodeTree {
	c := &CodeTree{src: src, win: win, onError: onError, async: func(f func()) { go f() },
		codes: map[qda.GUID]qda.Code{}, children: map[string][]string{}, rows: map[*row]bool{}}
	c.empty = widget.NewLabel(lang.X("codes.empty", "No codes yet"))
	c.empty.Alignment = fyne.TextAlignCenter
	c.empty.Importance = widget.LowImportance
	c.tree = widget.NewTree(
		func(id widget.TreeNodeID) []widget.TreeNodeID { return c.children[id] },
		func(id widget.TreeNodeID) bool { return len(c.children[id]) > 0 },
		c.createNode, c.updateNode)
	// A folded branch shows the counts of its whole subtree.
	c.tree.OnBranchOpened = func(id widget.TreeNodeID) { c.tree.RefreshItem(id) }
	c.tree.OnBranchClosed = func(id widget.TreeNodeID) { c.tree.RefreshItem(id) }
	c.tree.OnSelected = func(id widget.TreeNodeID) {
		c.selected = qda.GUID(id)
		if c.OnSelected != nil {
			c.OnSelected(qda.GUID(id))
		}
	}
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer implements fyne.Widget.
func (c *CodeTree) CreateRenderer() fyne.WidgetRenderer {
	title := widget.NewLabelWithStyle(lang.X("codes.title", "Code system"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	add := widget.NewButtonWithIcon("", theme.ContentAddIcon(), func() { c.newCode("") })
	add.Importance = widget.LowImportance
	docCol := caption(lang.X("codetree.col.document", "Doc."))
	allCol := caption(lang.X("codetree.col.project", "All"))
	cols := container.NewHBox(countBox(docCol), countBox(allCol))
	// The captions sit above the count columns of the rows, which end
	// where the tree's scroll bar begins.
	top := container.NewBorder(nil, nil, container.NewHBox(title, add), container.NewPadded(cols))
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil,
		container.NewStack(c.tree, container.NewVBox(c.empty))))
}

// caption is a small grey column caption.
func caption(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Importance = widget.LowImportance
	l.SizeName = theme.SizeNameCaptionText
	l.Alignment = fyne.TextAlignTrailing
	return l
}

// SetAsync sets how edits run off the UI goroutine (default: a new
// goroutine each); a caller that runs them inline gets them done when the
// action returns, as tests want.
func (c *CodeTree) SetAsync(run func(func())) { c.async = run }

// SetDocument sets the document whose codings the first count shows
// ("" for none). Call Update afterwards to load the counts.
func (c *CodeTree) SetDocument(doc qda.GUID) { c.doc = doc }

// Selected returns the selected code, "" if none.
func (c *CodeTree) Selected() qda.GUID { return c.selected }

// Code returns a code of the codebook as loaded, for callers that want a
// code's name or colour.
func (c *CodeTree) Code(id qda.GUID) (qda.Code, bool) {
	code, ok := c.codes[id]
	return code, ok
}

// Counts returns the codings of a code in the current document and in
// the project (without its sub-codes).
func (c *CodeTree) Counts(id qda.GUID) (inDoc, all int) { return c.docCount[id], c.counts[id] }

// Select selects a code and scrolls to it; it opens the branches above it.
func (c *CodeTree) Select(id qda.GUID) {
	for p := c.codes[id].Parent; p != ""; p = c.codes[p].Parent {
		c.tree.OpenBranch(string(p))
	}
	c.tree.Select(string(id))
}

// Update loads the codebook and the coding counts. It blocks while
// loading, so call it off the UI goroutine; the tree is updated with fyne.Do.
func (c *CodeTree) Update() {
	doc := c.doc
	codes, err := c.src.Codes()
	var counts, inDoc map[qda.GUID]int
	if err == nil {
		counts, err = c.src.CodingCounts()
	}
	if err == nil && doc != "" {
		inDoc, err = c.src.DocumentCodingCounts(doc)
	}
	fyne.Do(func() {
		if err != nil {
			c.onError(err)
			return
		}
		c.set(codes, counts, inDoc)
	})
}

// set replaces the tree's data. Codes whose parent is missing are shown at
// the top level; siblings are sorted by order, then name.
func (c *CodeTree) set(codes []qda.Code, counts, inDoc map[qda.GUID]int) {
	c.codes = make(map[qda.GUID]qda.Code, len(codes))
	for _, code := range codes {
		c.codes[code.GUID] = code
	}
	sorted := append([]qda.Code(nil), codes...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Order != sorted[j].Order {
			return sorted[i].Order < sorted[j].Order
		}
		return sorted[i].Name < sorted[j].Name
	})
	c.children = map[string][]string{}
	for _, code := range sorted {
		parent := string(code.Parent)
		if _, ok := c.codes[code.Parent]; !ok {
			parent = ""
		}
		c.children[parent] = append(c.children[parent], string(code.GUID))
	}
	c.counts, c.docCount = counts, inDoc
	c.sums = [2]map[qda.GUID]int{c.subtreeSums(inDoc), c.subtreeSums(counts)}
	if _, ok := c.codes[c.selected]; !ok && c.selected != "" {
		c.selected = ""
		c.tree.UnselectAll()
		if c.OnSelected != nil {
			c.OnSelected("")
		}
	}
	if len(codes) == 0 {
		c.empty.Show()
	} else {
		c.empty.Hide()
	}
	c.tree.Refresh()
	if !c.loaded {
		c.loaded = true
		c.openTop()
	}
}

// openTop opens the top-level codes when the codebook is small enough to
// show at a glance; a large one starts folded to its top level.
func (c *CodeTree) openTop() {
	const glance = 30
	n := len(c.children[""])
	for _, id := range c.children[""] {
		n += len(c.children[id])
	}
	for _, id := range c.children[""] {
		if n <= glance {
			c.tree.OpenBranch(id)
		}
	}
}

// subtreeSums adds up n over each code's subtree.
func (c *CodeTree) subtreeSums(n map[qda.GUID]int) map[qda.GUID]int {
	out := make(map[qda.GUID]int, len(c.codes))
	var sum func(id string, depth int) int
	sum = func(id string, depth int) int {
		total := n[qda.GUID(id)]
		if depth <= len(c.codes) {
			for _, k := range c.children[id] {
				total += sum(k, depth+1)
			}
		}
		out[qda.GUID(id)] = total
		return total
	}
	for _, id := range c.children[""] {
		sum(id, 0)
	}
	return out
}

// below reports whether code id is anc or lies below it.
func (c *CodeTree) below(id, anc qda.GUID) bool {
	for seen := 0; id != "" && seen <= len(c.codes); seen++ {
		if id == anc {
			return true
		}
		id = c.codes[id].Parent
	}
	return false
}

// ParseColor turns "#rrggbb" into a colour; anything else is grey.
func ParseColor(s string) color.Color {
	grey := color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
	if len(s) != 7 || s[0] != '#' {
		return grey
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return grey
	}
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

// countBox gives a count label a fixed width, so counts form columns.
func countBox(l *widget.Label) fyne.CanvasObject {
	spacer := canvas.NewRectangle(color.Transparent)
	spacer.SetMinSize(fyne.NewSize(countW, 0))
	return container.NewStack(spacer, l)
}

// countW is the width of a count column.
const countW = 38
