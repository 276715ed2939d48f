package retrieval

import (
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
	"github.com/protocoder/protocoder/internal/ui/uikit"
)

// filterBar holds the selects that filter the segments; option 0 of each
// is "all".
type filterBar struct {
	v                                   *View
	level, wave, cse, role, coder, kind *widget.Select
	waves                               []int
	cases, coders                       []qda.GUID
	roles                               []string
}

var kinds = []qda.DocKind{qda.KindProtocol, qda.KindCaseReport, qda.KindOther}

func newFilterBar(v *View) *filterBar {
	b := &filterBar{v: v}
	sel := func(edit func(f *app.CodingFilter, i int)) *widget.Select {
		var s *widget.Select
		s = widget.NewSelect(nil, func(string) {
			i := s.SelectedIndex()
			v.change(func(f *app.CodingFilter) { edit(f, i) })
		})
		s.PlaceHolder = i18n.Choose()
		return s
	}
	b.level = sel(func(f *app.CodingFilter, i int) { f.Level = pick(qda.Levels, i) })
	b.wave = sel(func(f *app.CodingFilter, i int) { f.Wave = pick(b.waves, i) })
	b.cse = sel(func(f *app.CodingFilter, i int) { f.Case = pick(b.cases, i) })
	b.role = sel(func(f *app.CodingFilter, i int) { f.Role = pick(b.roles, i) })
	b.coder = sel(func(f *app.CodingFilter, i int) { f.Coder = pick(b.coders, i) })
	b.kind = sel(func(f *app.CodingFilter, i int) { f.Kind = pick(kinds, i) })
	b.setOptions(nil, nil, nil)
	return b
}

// pick returns option i of a select whose option 0 is "all" (the zero value).
func pick[T any](vals []T, i int) T {
	var zero T
	if i < 1 || i > len(vals) {
		return zero
	}
	return vals[i-1]
}

// filterWidth is the width of a filter's select: "Alle Codierenden" fits;
// the filters wrap onto a second row in a narrow window.
const filterWidth = 190

func (b *filterBar) content() fyne.CanvasObject {
	return container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), nil,
		uikit.NewFlow(filterWidth, b.level, b.wave, b.cse, b.role, b.coder, b.kind))
}

// setOptions fills the selects from the project, keeping the choices.
func (b *filterBar) setOptions(cases []qda.Case, users []qda.User, ivs []qda.Interview) {
	f := b.v.Filter()
	opts := []string{lang.X("retrieval.allLevels", "All levels")}
	for _, l := range qda.Levels {
		opts = append(opts, i18n.Level(l))
	}
	setOptions(b.level, opts, index(qda.Levels, f.Level))

	seenW, seenR := map[int]bool{}, map[string]bool{}
	b.waves, b.roles = nil, nil
	for _, iv := range ivs {
		if !seenW[iv.Wave] && iv.Wave > 0 {
			seenW[iv.Wave] = true
			b.waves = append(b.waves, iv.Wave)
		}
		if r := strings.TrimSpace(iv.Role); r != "" && !seenR[r] {
			seenR[r] = true
			b.roles = append(b.roles, r)
		}
	}
	sort.Ints(b.waves)
	sort.Strings(b.roles)
	opts = []string{lang.X("retrieval.allWaves", "All waves")}
	for _, w := range b.waves {
		opts = append(opts, lang.X("label.wave", "Wave {{.Wave}}", map[string]any{"Wave": w}))
	}
	setOptions(b.wave, opts, index(b.waves, f.Wave))

	opts, b.cases = []string{lang.X("retrieval.allCases", "All sites")}, nil
	for _, c := range cases {
		opts, b.cases = append(opts, c.Name), append(b.cases, c.GUID)
	}
	setOptions(b.cse, opts, index(b.cases, f.Case))

	opts = append([]string{lang.X("retrieval.allRoles", "All roles")}, b.roles...)
	setOptions(b.role, opts, index(b.roles, f.Role))

	opts, b.coders = []string{lang.X("retrieval.allCoders", "All coders")}, nil
	for _, u := range users {
		opts, b.coders = append(opts, u.Name), append(b.coders, u.GUID)
	}
	setOptions(b.coder, opts, index(b.coders, f.Coder))

	opts = []string{lang.X("retrieval.allKinds", "All document kinds")}
	for _, k := range kinds {
		opts = append(opts, i18n.DocKind(k))
	}
	setOptions(b.kind, opts, index(kinds, f.Kind))
}

// index returns the option index of v (0, "all", when v is zero or gone).
func index[T comparable](vals []T, v T) int {
	for i, x := range vals {
		if x == v {
			return i + 1
		}
	}
	return 0
}

// setOptions replaces a select's options and selects index i without
// firing its callback.
func setOptions(s *widget.Select, opts []string, i int) {
	cb := s.OnChanged
	s.OnChanged = nil
	s.Options = opts
	s.SetSelectedIndex(i)
	s.OnChanged = cb
}

// setCodebook keeps the codebook for names and colours and offers its
// codes in the code picker, in tree order with sub-codes indented.
func (v *View) setCodebook(codes []qda.Code) {
	v.codes = map[qda.GUID]qda.Code{}
	children := map[qda.GUID][]qda.Code{}
	for _, c := range codes {
		v.codes[c.GUID] = c
	}
	for _, c := range codes {
		p := c.Parent
		if _, ok := v.codes[p]; !ok {
			p = ""
		}
		children[p] = append(children[p], c)
	}
	var opts []string
	v.options = map[string]qda.GUID{}
	var walk func(p qda.GUID, depth int)
	walk = func(p qda.GUID, depth int) {
		kids := children[p]
		sort.SliceStable(kids, func(i, j int) bool {
			if kids[i].Order != kids[j].Order {
				return kids[i].Order < kids[j].Order
			}
			return kids[i].Name < kids[j].Name
		})
		for _, c := range kids {
			o := strings.Repeat("    ", depth) + c.Name
			for v.options[o] != "" {
				o += " "
			}
			opts, v.options[o] = append(opts, o), c.GUID
			if depth < 16 {
				walk(c.GUID, depth+1)
			}
		}
	}
	walk("", 0)
	v.allOptions = opts
	v.addCode.SetOptions(opts)
}

// codeTyped adds a code picked from the list, or narrows the list to the
// codes containing the typed text.
func (v *View) codeTyped(s string) {
	if id := v.options[s]; id != "" {
		v.addCode.OnChanged = nil
		v.addCode.SetText("")
		v.addCode.SetOptions(v.allOptions)
		v.addCode.OnChanged = v.codeTyped
		f := v.Filter()
		for _, c := range append(f.Codes, f.Code) {
			if c == id {
				return
			}
		}
		sub := v.wantsSubCodes([]qda.GUID{id})
		if sub {
			v.checkSubCodes()
		}
		v.change(func(f *app.CodingFilter) { f.Codes, f.SubCodes = append(f.Codes, id), f.SubCodes || sub })
		return
	}
	low := strings.ToLower(strings.TrimSpace(s))
	var out []string
	for _, o := range v.allOptions {
		if low == "" || strings.Contains(strings.ToLower(o), low) {
			out = append(out, o)
		}
	}
	v.addCode.SetOptions(out)
}

// setChips shows the chosen codes as chips that remove them when tapped.
func (v *View) setChips() {
	f := v.Filter()
	v.chips.RemoveAll()
	for _, id := range append([]qda.GUID{f.Code}, f.Codes...) {
		if id == "" {
			continue
		}
		id := id
		name := string(id)
		if c, ok := v.codes[id]; ok {
			name = c.Name
		}
		if r := []rune(name); len(r) > 40 {
			name = string(r[:39]) + "…"
		}
		chip := widget.NewButtonWithIcon(name, theme.CancelIcon(), func() {
			v.change(func(f *app.CodingFilter) {
				if f.Code == id {
					f.Code = ""
				}
				var keep []qda.GUID
				for _, c := range f.Codes {
					if c != id {
						keep = append(keep, c)
					}
				}
				f.Codes = keep
			})
		})
		chip.IconPlacement = widget.ButtonIconTrailingText
		chip.Importance = widget.LowImportance
		v.chips.Add(container.NewHBox(newSwatch(v.codes[id].Color), chip))
	}
	v.chips.Add(v.picker)
	v.chips.Add(v.subcodes)
	v.chips.Refresh()
}
