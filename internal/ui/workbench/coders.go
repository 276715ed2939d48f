package workbench

import (
	"sort"

	"fyne.io/fyne/v2/lang"

	"github.com/protocoder/protocoder/internal/qda"
)

// coderChoice is whose codings the view shows: everyone's (a and b
// empty), one coder's (a), or two coders' side by side (a and b).
type coderChoice struct {
	a, b qda.GUID
}

// label is the choice as the coder select shows it.
func (w *Workbench) label(c coderChoice) string {
	switch {
	case c.a == "":
		return lang.X("workbench.coders.all", "All coders")
	case c.b == "":
		return lang.X("workbench.coders.one", "Only {{.Name}}", map[string]any{"Name": w.coderName(c.a)})
	default:
		return lang.X("workbench.coders.compare", "{{.A}} and {{.B}} side by side",
			map[string]any{"A": w.coderName(c.a), "B": w.coderName(c.b)})
	}
}

// coderName is a coder's user name, or a short form of the GUID.
func (w *Workbench) coderName(id qda.GUID) string {
	if n := w.names[id]; n != "" {
		return n
	}
	if len(id) > 8 {
		return string(id[:8])
	}
	return string(id)
}

// updateCoders offers the coders of the document shown (and the acting
// user): all, each alone, and each pair side by side. The choice made
// stays if it still makes sense.
func (w *Workbench) updateCoders() {
	seen := map[qda.GUID]bool{}
	var ids []qda.GUID
	add := func(id qda.GUID) {
		if id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, c := range w.codings {
		add(c.Coder)
	}
	add(w.me)
	sort.Slice(ids, func(i, j int) bool { return w.coderName(ids[i]) < w.coderName(ids[j]) })
	w.options = []coderChoice{{}}
	for _, id := range ids {
		w.options = append(w.options, coderChoice{a: id})
	}
	for i, a := range ids {
		for _, b := range ids[i+1:] {
			w.options = append(w.options, coderChoice{a: a, b: b})
		}
	}
	labels := make([]string, len(w.options))
	keep := 0
	for i, o := range w.options {
		labels[i] = w.label(o)
		if o == w.choice {
			keep = i
		}
	}
	w.coders.Options = labels
	w.choice = w.options[keep]
	w.coders.SetSelectedIndex(keep) // calls coderChosen, which applies it
}

// coderChosen applies the coder select's choice to the view.
func (w *Workbench) coderChosen(string) {
	i := w.coders.SelectedIndex()
	if i < 0 || i >= len(w.options) {
		return
	}
	w.choice = w.options[i]
	w.applyChoice()
}

// applyChoice filters or splits the view's stripes by coder.
func (w *Workbench) applyChoice() {
	c := w.choice
	switch {
	case c.a == "":
		w.view.CompareCoders(nil)
		w.view.ShowCoders(nil)
	case c.b == "":
		w.view.CompareCoders(nil)
		w.view.ShowCoders([]qda.GUID{c.a})
	default:
		w.view.ShowCoders(nil)
		w.view.CompareCoders([]qda.GUID{c.a, c.b})
	}
}

// SetCoders chooses whose codings to show: none for all coders, one
// coder, or two coders side by side. Call it on the UI goroutine after the
// document is shown.
func (w *Workbench) SetCoders(coders ...qda.GUID) {
	var c coderChoice
	if len(coders) > 0 {
		c.a = coders[0]
	}
	if len(coders) > 1 {
		c.b = coders[1]
	}
	for i, o := range w.options {
		if o == c {
			w.coders.SetSelectedIndex(i)
			return
		}
	}
}
