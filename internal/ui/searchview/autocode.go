package searchview

import (
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/qda"
)

// autocodeForm is the content of the Autocode dialog.
type autocodeForm struct {
	codes   *widget.SelectEntry
	scope   *widget.RadioGroup
	allOnly *widget.Label       // shown instead of scope when no hit is selected
	ids     map[string]qda.GUID // option text → code
	dialog  dialog.Dialog
}

// codeOptions lists the codes in tree order, sub-codes indented, and maps
// each option back to its code.
func codeOptions(codes []qda.Code) ([]string, map[string]qda.GUID) {
	byParent := map[qda.GUID][]qda.Code{}
	known := map[qda.GUID]bool{}
	for _, c := range codes {
		known[c.GUID] = true
	}
	for _, c := range codes {
		p := c.Parent
		if !known[p] {
			p = ""
		}
		byParent[p] = append(byParent[p], c)
	}
	var opts []string
	ids := map[string]qda.GUID{}
	var walk func(parent qda.GUID, depth int)
	walk = func(parent qda.GUID, depth int) {
		kids := byParent[parent]
		sort.SliceStable(kids, func(i, j int) bool {
			if kids[i].Order != kids[j].Order {
				return kids[i].Order < kids[j].Order
			}
			return kids[i].Name < kids[j].Name
		})
		for _, c := range kids {
			opt := strings.Repeat("    ", depth) + c.Name
			for ids[opt] != "" { // equal names in different places stay apart
				opt += " "
			}
			opts, ids[opt] = append(opts, opt), c.GUID
			if depth < 16 {
				walk(c.GUID, depth+1)
			}
		}
	}
	walk("", 0)
	return opts, ids
}

// showAutocode loads the codebook and opens the Autocode dialog.
func (v *View) showAutocode() {
	if v.result == nil || v.result.Total == 0 {
		return
	}
	v.async(func() {
		codes, err := v.src.Codes()
		v.do(func() {
			if err != nil {
				v.onError(err)
				return
			}
			v.openAutocode(codes)
		})
	})
}

// openAutocode shows the dialog: a code and all or the selected hits.
func (v *View) openAutocode(codes []qda.Code) {
	opts, ids := codeOptions(codes)
	f := &autocodeForm{ids: ids}
	f.codes = widget.NewSelectEntry(opts)
	f.codes.SetPlaceHolder(lang.X("searchview.ac.pick", "Choose or type a code"))
	f.codes.OnChanged = func(s string) { f.filter(opts, s) }
	sel := len(v.selectedRefs())
	f.scope = widget.NewRadioGroup([]string{
		lang.X("searchview.ac.all", "All hits ({{.N}})", map[string]any{"N": v.result.Total}),
		lang.X("searchview.ac.selected", "Only the selected hits ({{.N}})", map[string]any{"N": sel})}, nil)
	f.scope.Required = true
	f.scope.Selected = f.scope.Options[0]
	var scope fyne.CanvasObject = f.scope
	if sel > 0 {
		f.scope.Selected = f.scope.Options[1]
	} else { // nothing selected: no choice to make, say how to make one
		f.allOnly = widget.NewLabel(lang.X("searchview.ac.allOnly", "All hits ({{.N}}); to code only some, tick them in the list first",
			map[string]any{"N": v.result.Total}))
		f.allOnly.Wrapping = fyne.TextWrapWord
		scope = f.allOnly
	}
	items := []*widget.FormItem{
		widget.NewFormItem(lang.X("searchview.ac.code", "Code"), f.codes),
		widget.NewFormItem(lang.X("searchview.ac.scope", "Passages"), scope),
	}
	f.dialog = dialog.NewForm(lang.X("searchview.ac.title", "Autocode hits"), lang.X("searchview.ac.ok", "Code"),
		lang.X("searchview.ac.cancel", "Cancel"), items, func(ok bool) {
			if !ok {
				return
			}
			code, found := f.code()
			if !found {
				v.problem.SetText(lang.X("searchview.ac.noCode", "Autocode: there is no code named „{{.Name}}“.", map[string]any{"Name": strings.TrimSpace(f.codes.Text)}))
				v.problem.Show()
				return
			}
			v.autocode(code, f.scope.Selected == f.scope.Options[1])
		}, v.win)
	f.dialog.Resize(fyne.NewSize(560, 240))
	v.acForm = f
	f.dialog.Show()
}

// filter narrows the code options to those containing s.
func (f *autocodeForm) filter(all []string, s string) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || f.ids[f.codes.Text] != "" {
		f.codes.SetOptions(all)
		return
	}
	var out []string
	for _, o := range all {
		if strings.Contains(strings.ToLower(o), s) {
			out = append(out, o)
		}
	}
	f.codes.SetOptions(out)
}

// code returns the chosen code: an option, or a code name typed in full.
func (f *autocodeForm) code() (qda.GUID, bool) {
	if id := f.ids[f.codes.Text]; id != "" {
		return id, true
	}
	want := strings.ToLower(strings.TrimSpace(f.codes.Text))
	for opt, id := range f.ids {
		if strings.ToLower(strings.TrimSpace(opt)) == want && want != "" {
			return id, true
		}
	}
	return "", false
}

// autocode codes all hits of the current search or the selected ones.
func (v *View) autocode(code qda.GUID, selectedOnly bool) {
	r := coding.AutocodeRequest{Code: code, Search: v.req}
	if selectedOnly {
		for _, k := range v.selectedRefs() {
			r.Passages = append(r.Passages, coding.PassageRef{Document: k.doc, Start: k.start, End: k.end})
		}
		if len(r.Passages) == 0 {
			return
		}
	}
	v.acBtn.Disable()
	v.async(func() {
		res, err := v.src.Autocode(r)
		v.do(func() {
			v.updateActions()
			if err != nil {
				if qda.ErrorCode(err) == qda.EInvalid {
					v.problem.SetText(qda.ErrorMessage(err))
					v.problem.Show()
					return
				}
				v.onError(err)
				return
			}
			msg := lang.X("searchview.ac.done", "Passages coded: {{.N}} (already coded: {{.Skipped}}); one undo takes them all back.",
				map[string]any{"N": res.Coded, "Skipped": res.Skipped})
			if v.OnChanged != nil && res.Coded > 0 {
				v.OnChanged(msg)
			}
			v.notice = msg
			v.Run()
		})
	})
}
