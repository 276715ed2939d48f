package planview

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// timingBox lists the waves' windows and the interviews that do not fit
// them: outside their window, without a date, or a panel member's
// interview sooner after their previous wave than the least gap.
func newTimingBox() *fyne.Container { return container.NewVBox() }

// showTiming fills box from st. Call it on the UI goroutine.
func showTiming(box *fyne.Container, st *study.PlanStatus) {
	box.Objects = nil
	head := func(s string) {
		l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Wrapping = fyne.TextWrapWord // the panel is narrow beside the table
		box.Add(l)
	}
	line := func(s string, imp widget.Importance) {
		l := widget.NewLabel(s)
		l.Wrapping = fyne.TextWrapWord
		l.Importance = imp
		box.Add(l)
	}
	head(lang.X("planview.windows", "Wave windows"))
	if st == nil || len(st.Windows) == 0 {
		line(lang.X("planview.noWindows", "No windows planned yet."), widget.LowImportance)
	} else {
		for _, w := range st.Windows {
			s := lang.X("planview.window", "{{.Level}}, wave {{.Wave}}: {{.From}} – {{.To}}",
				map[string]any{"Level": i18n.Level(w.Level), "Wave": w.Wave, "From": day(w.From), "To": day(w.To)})
			if w.MinGapMonths > 0 {
				s += lang.X("planview.minGap", ", at least {{.Months}} months after wave {{.Prev}}",
					map[string]any{"Months": w.MinGapMonths, "Prev": w.Wave - 1})
			}
			line(s, widget.MediumImportance)
		}
	}
	box.Add(widget.NewSeparator())
	if st == nil || len(st.Timing) == 0 {
		head(lang.X("planview.timingNone", "Every interview lies in its wave's window."))
		return
	}
	head(lang.X("planview.timing", "Interviews off the plan ({{.N}})", map[string]any{"N": len(st.Timing)}))
	for _, t := range st.Timing {
		line(TimingText(t), widget.WarningImportance)
	}
}

// TimingText words a timing problem.
func TimingText(t study.TimingIssue) string {
	who := lang.X("planview.timingWho", "{{.Person}} ({{.Case}}, {{.Role}}), {{.Level}}, wave {{.Wave}}",
		map[string]any{"Person": t.Interviewee, "Case": t.Case, "Role": t.Role, "Level": i18n.Level(t.Level), "Wave": t.Wave})
	switch t.Kind {
	case study.TimingNoDate:
		return who + ": " + lang.X("planview.timingNoDate", "no date; window {{.From}} – {{.To}}",
			map[string]any{"From": day(t.WindowFrom), "To": day(t.WindowTo)})
	case study.TimingGap:
		return who + ": " + lang.X("planview.timingGap", "{{.Date}}, only {{.Months}} months after wave {{.Prev}} ({{.PrevDate}}); at least {{.Min}} planned",
			map[string]any{"Date": day(t.Date), "Months": i18n.Decimal(t.GapMonths, 1), "Prev": t.Wave - 1, "PrevDate": day(t.PrevDate), "Min": t.MinGapMonths})
	}
	return who + ": " + lang.X("planview.timingOutside", "{{.Date}}, outside the window {{.From}} – {{.To}}",
		map[string]any{"Date": day(t.Date), "From": day(t.WindowFrom), "To": day(t.WindowTo)})
}

// day shows a YYYY-MM-DD date the locale's way.
func day(s string) string {
	if d, err := time.Parse(time.DateOnly, strings.TrimSpace(s)); err == nil {
		return i18n.Date(d)
	}
	if s == "" {
		return "–"
	}
	return s
}
