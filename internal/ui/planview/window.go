package planview

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// windowForm sets or clears a level's wave window in the timing panel,
// through the use case 'protocoder-cli plan window' calls.
type windowForm struct {
	v                   *View
	level               *widget.Select
	wave, from, to, gap *widget.Entry
	set, clear          *widget.Button
	box                 *fyne.Container
}

func newWindowForm(v *View) *windowForm {
	f := &windowForm{v: v, wave: widget.NewEntry(), from: widget.NewEntry(), to: widget.NewEntry(), gap: widget.NewEntry()}
	var opts []string
	for _, l := range qda.Levels {
		opts = append(opts, i18n.Level(l))
	}
	f.level = widget.NewSelect(opts, func(string) { f.fill() })
	f.wave.SetPlaceHolder("1")
	f.wave.OnChanged = func(string) { f.fill() }
	f.from.SetPlaceHolder(lang.X("planview.windowDate", "YYYY-MM-DD"))
	f.to.SetPlaceHolder(lang.X("planview.windowDate", "YYYY-MM-DD"))
	f.gap.SetPlaceHolder("0")
	f.set = widget.NewButtonWithIcon(lang.X("planview.windowSet", "Set window"), theme.ConfirmIcon(), f.submit)
	f.clear = widget.NewButtonWithIcon(lang.X("planview.windowClear", "Remove window"), theme.DeleteIcon(), f.remove)
	form := widget.NewForm(
		widget.NewFormItem(lang.X("planview.windowLevel", "Level"), f.level),
		widget.NewFormItem(lang.X("planview.windowWave", "Wave"), f.wave),
		widget.NewFormItem(lang.X("planview.windowFrom", "From"), f.from),
		widget.NewFormItem(lang.X("planview.windowTo", "To"), f.to),
		widget.NewFormItem(lang.X("planview.windowGap", "Least months after the previous wave"), f.gap))
	head := widget.NewLabelWithStyle(lang.X("planview.windowEdit", "Plan a wave's window"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Wrapping = fyne.TextWrapWord
	f.box = container.NewVBox(head, form, container.NewHBox(f.set, f.clear), widget.NewSeparator())
	return f
}

// key reads the level and wave; ok is false (and the user told) when
// they are missing or wrong.
func (f *windowForm) key(tell bool) (qda.Level, int, bool) {
	i := f.level.SelectedIndex()
	w, err := strconv.Atoi(strings.TrimSpace(f.wave.Text))
	if i < 0 || err != nil || w < 1 {
		if tell {
			f.v.onError(qda.Errorf(qda.EInvalid, "%s", lang.X("planview.windowBadKey", "Choose a level and give the wave as a number from 1.")))
		}
		return "", 0, false
	}
	return qda.Levels[i], w, true
}

// fill shows the planned window of the chosen level and wave, if any.
func (f *windowForm) fill() {
	l, w, ok := f.key(false)
	if !ok || f.v.status == nil {
		return
	}
	for _, x := range f.v.status.Windows {
		if x.Level == l && x.Wave == w {
			f.from.SetText(x.From)
			f.to.SetText(x.To)
			f.gap.SetText("")
			if x.MinGapMonths > 0 {
				f.gap.SetText(strconv.Itoa(x.MinGapMonths))
			}
		}
	}
}

// submit plans the window from the form. Call it on the UI goroutine.
func (f *windowForm) submit() {
	l, w, ok := f.key(true)
	if !ok {
		return
	}
	from, to := strings.TrimSpace(f.from.Text), strings.TrimSpace(f.to.Text)
	a, err1 := time.Parse(time.DateOnly, from)
	b, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil {
		f.v.onError(qda.Errorf(qda.EInvalid, "%s", lang.X("planview.windowBadDate", "Dates are written YYYY-MM-DD, e.g. 2014-07-01.")))
		return
	}
	if b.Before(a) {
		f.v.onError(qda.Errorf(qda.EInvalid, "%s", lang.X("planview.windowOrder", "The window ends before it begins.")))
		return
	}
	gap := 0
	if s := strings.TrimSpace(f.gap.Text); s != "" {
		if gap, err1 = strconv.Atoi(s); err1 != nil || gap < 0 {
			f.v.onError(qda.Errorf(qda.EInvalid, "%s", lang.X("planview.windowBadGap", "The least gap is a whole number of months from 0.")))
			return
		}
	}
	f.write(qda.WaveWindow{Level: l, Wave: w, From: from, To: to, MinGapMonths: gap})
}

// remove clears the window of the chosen level and wave.
func (f *windowForm) remove() {
	if l, w, ok := f.key(true); ok {
		f.write(qda.WaveWindow{Level: l, Wave: w})
	}
}

func (f *windowForm) write(wn qda.WaveWindow) {
	v := f.v
	v.async(func() {
		if err := v.src.SetWaveWindow(wn); err != nil {
			v.do(func() { v.onError(err) })
			return
		}
		v.Update()
		v.do(v.changed)
	})
}
