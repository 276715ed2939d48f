package searchview

import (
	"sort"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// facetOrder is the order of the facet lists.
var facetOrder = []string{"level", "wave", "case", "role", "kind", "code"}

// facetTitle returns a facet's heading.
func facetTitle(name string) string {
	switch name {
	case "level":
		return lang.X("searchview.facet.level", "Level")
	case "wave":
		return lang.X("searchview.facet.wave", "Wave")
	case "case":
		return lang.X("searchview.facet.case", "Site")
	case "role":
		return lang.X("searchview.facet.role", "Role")
	case "kind":
		return lang.X("searchview.facet.kind", "Document kind")
	}
	return lang.X("searchview.facet.code", "Code")
}

// facetLabel returns how a facet value is shown.
func facetLabel(name, value string) string {
	switch name {
	case "level":
		return i18n.Level(qda.Level(value))
	case "kind":
		return i18n.DocKind(qda.DocKind(value))
	case "wave":
		if n, err := strconv.Atoi(value); err == nil {
			return lang.X("label.wave", "Wave {{.Wave}}", map[string]any{"Wave": n})
		}
	}
	return value
}

// maxFacetLabel is the number of characters a facet value shows. The
// longest sets the filter column's width: 28 keeps the view within a
// 1024-pixel window (TestView_MinSize).
const maxFacetLabel = 28

// facetCheck is one tickable facet value; tests find it by facet and value.
type facetCheck struct {
	*widget.Check
	facet, value string
}

// setFacets rebuilds the facet lists from a result's counts. Ticked values
// stay listed (with count 0 if the result has none), so they can be
// unticked.
func (v *View) setFacets(facets map[string][]qda.FacetCount) {
	v.facetBox.RemoveAll()
	v.facetChecks = nil
	for _, name := range facetOrder {
		counts := append([]qda.FacetCount(nil), facets[name]...)
		seen := map[string]bool{}
		for _, c := range counts {
			seen[c.Value] = true
		}
		for val, on := range v.filters[name] {
			if on && !seen[val] {
				counts = append(counts, qda.FacetCount{Value: val})
			}
		}
		if len(counts) == 0 {
			continue
		}
		if name == "wave" || name == "level" {
			sort.SliceStable(counts, func(i, j int) bool { return facetRank(name, counts[i].Value) < facetRank(name, counts[j].Value) })
		}
		head := widget.NewLabelWithStyle(facetTitle(name), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		v.facetBox.Add(head)
		for _, c := range counts {
			v.facetBox.Add(v.newFacetCheck(name, c))
		}
	}
	v.facetBox.Refresh()
}

// facetRank orders levels as in the study and waves by number.
func facetRank(name, value string) int {
	if name == "wave" {
		n, _ := strconv.Atoi(value)
		return n
	}
	for i, l := range qda.Levels {
		if string(l) == value {
			return i
		}
	}
	return len(qda.Levels)
}

func (v *View) newFacetCheck(name string, c qda.FacetCount) fyne.CanvasObject {
	label := []rune(facetLabel(name, c.Value))
	if len(label) > maxFacetLabel {
		label = append(label[:maxFacetLabel-1], '…')
	}
	chk := widget.NewCheck(string(label)+"  ("+strconv.Itoa(c.Count)+")", nil)
	chk.Checked = v.filters[name][c.Value]
	chk.OnChanged = func(on bool) { v.toggleFilter(name, c.Value, on) }
	v.facetChecks = append(v.facetChecks, facetCheck{Check: chk, facet: name, value: c.Value})
	return chk
}

// toggleFilter ticks or unticks a facet value and searches again.
func (v *View) toggleFilter(name, value string, on bool) {
	if v.filters[name] == nil {
		v.filters[name] = map[string]bool{}
	}
	if on {
		v.filters[name][value] = true
	} else {
		delete(v.filters[name], value)
	}
	v.Run()
}
