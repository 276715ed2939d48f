// Package navigation is the project navigator on the left of the main
// window: interviews grouped by level, site and wave with their protocols,
// case reports, other documents and guidelines, filtered by the search
// field.
package navigation

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
)

// Source is what the navigation needs of an open project; *project.Project
// implements it.
type Source interface {
	Interviews() ([]qda.Interview, error)
	Cases() ([]qda.Case, error)
	Documents() ([]qda.Document, error)
	Guidelines() ([]qda.Guideline, error)
}

// Navigation is the navigator widget.
type Navigation struct {
	widget.BaseWidget

	// OnSelected is called on the UI goroutine when the user selects a
	// document, an interview or a guideline.
	OnSelected func(Item)

	src     Source
	onError func(error)
	tree    *widget.Tree
	empty   *widget.Label
	all     model
	view    map[string][]string
	filter  string
	saved   []string // branches open before filtering began
}

// New returns a navigator on src; load errors go to onError.
func New(src Source, onError func(error)) *Navigation {
	n := &Navigation{src: src, onError: onError, all: build(data{})}
	n.view = n.all.filter("")
	n.empty = widget.NewLabel(lang.X("nav.noMatch", "No matches"))
	n.empty.Alignment = fyne.TextAlignCenter
	n.empty.Hide()
	n.tree = widget.NewTree(n.childUIDs, n.isBranch, n.createNode, n.updateNode)
	n.tree.OnSelected = n.selected
	n.ExtendBaseWidget(n)
	return n
}

// CreateRenderer implements fyne.Widget.
func (n *Navigation) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(n.tree, container.NewVBox(n.empty)))
}

// Update loads the project's contents and shows them. It blocks while
// loading, so call it off the UI goroutine; the tree is updated with fyne.Do.
func (n *Navigation) Update() {
	var d data
	var err error
	if d.interviews, err = n.src.Interviews(); err == nil {
		if d.cases, err = n.src.Cases(); err == nil {
			if d.documents, err = n.src.Documents(); err == nil {
				d.guidelines, err = n.src.Guidelines()
			}
		}
	}
	fyne.Do(func() {
		if err != nil {
			n.onError(err)
			return
		}
		n.all = build(d)
		n.apply()
		if n.filter == "" {
			n.openGroups()
		}
	})
}

// openGroups opens the top-level groups that hold something.
func (n *Navigation) openGroups() {
	for _, id := range n.all[""].children {
		if len(n.all[id].children) > 0 {
			n.tree.OpenBranch(id)
		} else {
			n.tree.CloseBranch(id)
		}
	}
}

// SetFilter shows only the entries whose name contains q (ignoring case
// and umlauts), with their groups. An empty q shows everything. Call it on
// the UI goroutine.
func (n *Navigation) SetFilter(q string) {
	was := n.filter
	if was == "" && q != "" {
		n.saved = n.saved[:0]
		for id := range n.all {
			if id != "" && n.tree.IsBranchOpen(id) {
				n.saved = append(n.saved, id)
			}
		}
	}
	n.filter = q
	n.apply()
	switch {
	case q != "":
		n.tree.OpenAllBranches()
	case was != "":
		// Back to the full tree: restore the branches open before.
		n.tree.CloseAllBranches()
		for _, id := range n.saved {
			n.tree.OpenBranch(id)
		}
	}
}

// apply recomputes the visible tree from the full model and the filter.
func (n *Navigation) apply() {
	n.view = n.all.filter(n.filter)
	if len(n.view[""]) == 0 {
		n.empty.Show()
	} else {
		n.empty.Hide()
	}
	n.tree.Refresh()
}

func (n *Navigation) childUIDs(id widget.TreeNodeID) []widget.TreeNodeID { return n.view[id] }

func (n *Navigation) isBranch(id widget.TreeNodeID) bool {
	nd := n.all[id]
	return nd != nil && nd.item.Kind == KindGroup
}

func (n *Navigation) createNode(bool) fyne.CanvasObject {
	label := widget.NewLabel("")
	label.Truncation = fyne.TextTruncateEllipsis
	count := widget.NewLabel("")
	count.Importance = widget.LowImportance
	return container.NewBorder(nil, nil, widget.NewIcon(nil), count, label)
}

func (n *Navigation) updateNode(id widget.TreeNodeID, branch bool, o fyne.CanvasObject) {
	nd := n.all[id]
	if nd == nil {
		return
	}
	c := o.(*fyne.Container)
	label, icon, count := c.Objects[0].(*widget.Label), c.Objects[1].(*widget.Icon), c.Objects[2].(*widget.Label)
	label.SetText(nd.label)
	if branch {
		count.SetText(strconv.Itoa(nd.leaves))
		count.Show()
	} else {
		count.Hide()
	}
	if res := iconFor(id, nd); res != nil {
		icon.SetResource(res)
		icon.Show()
	} else {
		icon.Hide()
	}
}

func iconFor(id string, nd *node) fyne.Resource {
	switch id {
	case RootInterviews:
		return theme.AccountIcon()
	case RootReports:
		return theme.FileTextIcon()
	case RootOthers:
		return theme.FolderIcon()
	case RootGuidelines:
		return theme.ListIcon()
	}
	switch nd.item.Kind {
	case KindDocument:
		return theme.DocumentIcon()
	case KindInterview:
		return theme.QuestionIcon()
	case KindGuideline:
		return theme.ListIcon()
	}
	return nil
}

func (n *Navigation) selected(id widget.TreeNodeID) {
	nd := n.all[id]
	if nd == nil {
		return
	}
	if nd.item.Kind == KindGroup {
		n.tree.ToggleBranch(id)
		n.tree.Unselect(id)
		return
	}
	if n.OnSelected != nil {
		n.OnSelected(nd.item)
	}
}
