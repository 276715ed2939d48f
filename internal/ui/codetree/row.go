package codetree

import (
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
)

// row is the content of one tree node: colour chip, name, the count in
// the current document and the count in the project. It takes taps itself
// (so a tap on the selected code is reported again), secondary taps (the
// context menu) and drags (moving the code onto another).
type row struct {
	widget.BaseWidget

	c        *CodeTree
	id       qda.GUID
	chip     *canvas.Rectangle
	name     *widget.Label
	inDoc    *widget.Label
	all      *widget.Label
	dropMark *canvas.Rectangle
}

var (
	_ desktop.Hoverable      = (*row)(nil)
	_ fyne.Tappable          = (*row)(nil)
	_ fyne.SecondaryTappable = (*row)(nil)
	_ fyne.Draggable         = (*row)(nil)
)

func (c *CodeTree) createNode(bool) fyne.CanvasObject {
	r := &row{c: c}
	r.chip = canvas.NewRectangle(color.Transparent)
	r.chip.CornerRadius = 3
	r.chip.SetMinSize(fyne.NewSquareSize(14))
	r.name = widget.NewLabel("")
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.inDoc = widget.NewLabel("")
	r.inDoc.Alignment = fyne.TextAlignTrailing
	r.inDoc.TextStyle = fyne.TextStyle{Bold: true}
	r.all = widget.NewLabel("")
	r.all.Alignment = fyne.TextAlignTrailing
	r.all.Importance = widget.LowImportance
	r.dropMark = canvas.NewRectangle(color.Transparent)
	r.dropMark.StrokeWidth = 2
	r.dropMark.CornerRadius = 4
	r.dropMark.Hide()
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget. A rendered row is a possible
// drop target until its renderer is destroyed.
func (r *row) CreateRenderer() fyne.WidgetRenderer {
	counts := container.NewHBox(countBox(r.inDoc), countBox(r.all))
	box := container.NewBorder(nil, nil, container.NewCenter(r.chip), counts, r.name)
	r.c.rows[r] = true
	return rowRenderer{widget.NewSimpleRenderer(container.NewStack(box, r.dropMark)), r}
}

// rowRenderer forgets its row when the row is no longer rendered.
type rowRenderer struct {
	fyne.WidgetRenderer
	r *row
}

// Destroy implements fyne.WidgetRenderer.
func (rr rowRenderer) Destroy() { delete(rr.r.c.rows, rr.r) }

func (c *CodeTree) updateNode(id widget.TreeNodeID, _ bool, o fyne.CanvasObject) {
	r := o.(*row)
	code, ok := c.codes[qda.GUID(id)]
	if !ok {
		return
	}
	r.id = code.GUID
	r.name.SetText(code.Name)
	r.chip.FillColor = ParseColor(code.Color)
	r.chip.Refresh()
	inDoc, all := c.docCount, c.counts
	if len(c.children[id]) > 0 && !c.tree.IsBranchOpen(id) {
		inDoc, all = c.sums[0], c.sums[1]
	}
	r.all.SetText(strconv.Itoa(all[code.GUID]))
	doc := ""
	if n := inDoc[code.GUID]; n > 0 {
		doc = strconv.Itoa(n)
	}
	r.inDoc.SetText(doc)
	r.setDropTarget(c.drag.target == code.GUID && c.drag.source != "")
}

// Tapped selects the code and reports the tap. A tap never codes
// anything, and it leaves the keyboard focus where it is: the user who
// selected text and then chose a code codes it with Enter.
func (r *row) Tapped(*fyne.PointEvent) {
	if r.id == "" {
		return
	}
	r.c.tree.Select(string(r.id))
	if r.c.OnTapped != nil {
		r.c.OnTapped(r.id)
	}
}

// MouseIn implements desktop.Hoverable: the code's full name and
// description go to OnHover.
func (r *row) MouseIn(*desktop.MouseEvent) {
	if r.c.OnHover == nil || r.id == "" {
		return
	}
	r.c.OnHover(HoverText(r.c.codes[r.id]))
}

// MouseMoved implements desktop.Hoverable.
func (r *row) MouseMoved(*desktop.MouseEvent) {}

// MouseOut implements desktop.Hoverable.
func (r *row) MouseOut() {
	if r.c.OnHover != nil {
		r.c.OnHover("")
	}
}

// HoverText is a code's full name and, after a dash, its description's
// first line.
func HoverText(c qda.Code) string {
	text := c.Name
	if d, _, _ := strings.Cut(strings.TrimSpace(c.Description), "\n"); d != "" && !strings.Contains(c.Name, d) {
		text += " – " + d
	}
	return text
}

// TappedSecondary opens the code's context menu.
func (r *row) TappedSecondary(e *fyne.PointEvent) {
	if r.id == "" {
		return
	}
	r.c.tree.Select(string(r.id))
	r.c.showMenu(r.id, e.AbsolutePosition)
}

// setDropTarget outlines the row while a dragged code hovers over it.
func (r *row) setDropTarget(on bool) {
	if on {
		r.dropMark.StrokeColor = theme.Color(theme.ColorNamePrimary)
		r.dropMark.Show()
	} else {
		r.dropMark.Hide()
	}
	r.dropMark.Refresh()
}

// dragState is a code being dragged onto another.
type dragState struct {
	source, target qda.GUID
	at             fyne.Position // last absolute pointer position
	rects          map[*row][2]fyne.Position
}

// Dragged starts or continues dragging this row's code; the row under the
// pointer that may take it is outlined.
func (r *row) Dragged(e *fyne.DragEvent) {
	d := &r.c.drag
	if d.source == "" {
		d.source = r.id
	}
	// The event's position is the pointer's, relative to this row, the
	// drag's source; it stays put while the pointer moves.
	d.at = fyne.CurrentApp().Driver().AbsolutePositionForObject(r).Add(e.Position)
	target := r.c.rowAt(d.at)
	if target != "" && !r.c.canMoveUnder(d.source, target) {
		target = ""
	}
	if target != d.target {
		d.target = target
		for o := range r.c.rows {
			o.setDropTarget(o.id == target && target != "")
		}
	}
}

// DragEnd moves the dragged code below the code it was dropped on.
func (r *row) DragEnd() {
	d := r.c.drag
	r.c.drag = dragState{}
	for o := range r.c.rows {
		o.setDropTarget(false)
	}
	switch {
	case d.source != "" && d.target != "":
		r.c.move(d.source, d.target)
	case d.source != "" && r.c.OnDropped != nil:
		r.c.OnDropped(d.source, d.at)
	}
}

// rowAt returns the code of the visible row at the absolute position p.
// Row positions are taken once per drag: the tree does not move meanwhile.
func (c *CodeTree) rowAt(p fyne.Position) qda.GUID {
	if c.drag.rects == nil {
		c.drag.rects = map[*row][2]fyne.Position{}
		drv := fyne.CurrentApp().Driver()
		for r := range c.rows {
			// Rows the tree keeps in its pool are not on the canvas; their
			// position comes back as the origin.
			if at := drv.AbsolutePositionForObject(r); r.id != "" && r.Visible() && !at.IsZero() {
				c.drag.rects[r] = [2]fyne.Position{at, at.Add(r.Size())}
			}
		}
	}
	for r, b := range c.drag.rects {
		if p.X >= b[0].X && p.X < b[1].X && p.Y >= b[0].Y && p.Y < b[1].Y {
			return r.id
		}
	}
	return ""
}

// canMoveUnder reports whether code id may become a child of parent: not
// itself, not below itself, and not where it is already.
func (c *CodeTree) canMoveUnder(id, parent qda.GUID) bool {
	return id != parent && !c.below(parent, id) && c.codes[id].Parent != parent
}
