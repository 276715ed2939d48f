// Package codetree shows the project's codebook as a tree: each code with
// its colour chip and the number of codings that use it.
package codetree

import (
	"image/color"
	"sort"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
)

// Source is what the code tree needs of an open project.
type Source interface {
	// Codes returns the codebook.
	Codes() ([]qda.Code, error)
	// CodingCounts returns the number of codings per code GUID.
	CodingCounts() (map[qda.GUID]int, error)
}

// CodeTree is the codebook widget.
type CodeTree struct {
	widget.BaseWidget

	// OnSelected is called on the UI goroutine when a code is selected.
	OnSelected func(qda.GUID)

	src      Source
	onError  func(error)
	tree     *widget.Tree
	empty    *widget.Label
	codes    map[qda.GUID]qda.Code
	children map[string][]string
	counts   map[qda.GUID]int
}

// New returns a code tree on src; load errors go to onError.
func New(src Source, onError func(error)) *CodeTree {
	c := &CodeTree{src: src, onError: onError, codes: map[qda.GUID]qda.Code{}, children: map[string][]string{}}
	c.empty = widget.NewLabel(lang.X("codes.empty", "No codes yet"))
	c.empty.Alignment = fyne.TextAlignCenter
	c.empty.Importance = widget.LowImportance
	c.tree = widget.NewTree(
		func(id widget.TreeNodeID) []widget.TreeNodeID { return c.children[id] },
		func(id widget.TreeNodeID) bool { return len(c.children[id]) > 0 },
		c.createNode, c.updateNode)
	c.tree.OnSelected = func(id widget.TreeNodeID) {
		if c.OnSelected != nil {
			c.OnSelected(qda.GUID(id))
		}
	}
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer implements fyne.Widget.
func (c *CodeTree) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(c.tree, container.NewVBox(c.empty)))
}

// Update loads the codebook and the coding counts. It blocks while
// loading, so call it off the UI goroutine; the tree is updated with fyne.Do.
func (c *CodeTree) Update() {
	codes, err := c.src.Codes()
	var counts map[qda.GUID]int
	if err == nil {
		counts, err = c.src.CodingCounts()
	}
	fyne.Do(func() {
		if err != nil {
			c.onError(err)
			return
		}
		c.set(codes, counts)
	})
}

// set replaces the tree's data. Codes whose parent is missing are shown at
// the top level; siblings are sorted by order, then name.
func (c *CodeTree) set(codes []qda.Code, counts map[qda.GUID]int) {
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
	c.counts = counts
	if len(codes) == 0 {
		c.empty.Show()
	} else {
		c.empty.Hide()
	}
	c.tree.Refresh()
	c.openTop()
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

func (c *CodeTree) createNode(bool) fyne.CanvasObject {
	chip := canvas.NewRectangle(color.Transparent)
	chip.CornerRadius = 3
	chip.SetMinSize(fyne.NewSquareSize(14))
	label := widget.NewLabel("")
	label.Truncation = fyne.TextTruncateEllipsis
	count := widget.NewLabel("")
	count.Importance = widget.LowImportance
	return container.NewBorder(nil, nil, container.NewCenter(chip), count, label)
}

func (c *CodeTree) updateNode(id widget.TreeNodeID, _ bool, o fyne.CanvasObject) {
	code, ok := c.codes[qda.GUID(id)]
	if !ok {
		return
	}
	box := o.(*fyne.Container)
	label := box.Objects[0].(*widget.Label)
	chip := box.Objects[1].(*fyne.Container).Objects[0].(*canvas.Rectangle)
	count := box.Objects[2].(*widget.Label)
	label.SetText(code.Name)
	chip.FillColor = ParseColor(code.Color)
	chip.Refresh()
	count.SetText(strconv.Itoa(c.counts[code.GUID]))
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
