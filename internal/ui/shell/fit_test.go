package shell

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestShell_fits: at 1280×760 and at 1024×700 every view fits the width of
// its tab: nothing is cut off at the right or needs the tab's sideways
// scroll bar; wide content (tables, the heat map, long texts) scrolls or
// wraps inside the view.
func TestShell_fits(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1280, Height: 760}, {Width: 1024, Height: 700}} {
		f := newFixture(t)
		f.w.Resize(size)
		f.s.Start(f.sample)
		for _, name := range f.s.ViewNames() {
			t.Run(fmt.Sprintf("%s at %v", name, size.Width), func(t *testing.T) {
				if err := f.s.ShowView(name); err != nil {
					t.Fatal(err)
				}
				f.w.Resize(size)
				v := &f.s.project.views
				item := v.tabs.Selected()
				sc, ok := item.Content.(*container.Scroll)
				if !ok {
					return
				}
				if need, have := sc.Content.MinSize().Width, sc.Size().Width; need > have+0.5 {
					t.Errorf("needs %.0f pixels, the tab has %.0f", need, have)
				}
			})
		}
	}
}

// TestShell_tabsFit: at 1280×760 and at 1024×700, with the document and
// the code system shown, every main tab's title shows in the tab bar:
// none moves into the overflow menu.
func TestShell_tabsFit(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1280, Height: 760}, {Width: 1024, Height: 700}} {
		t.Run(fmt.Sprint(size.Width), func(t *testing.T) {
			f := newFixture(t)
			f.w.Resize(size)
			f.s.Start(f.sample)
			f.w.Resize(size)
			v := &f.s.project.views
			v.tabs.Select(v.docTab)
			test.WidgetRenderer(v.tabs).Layout(v.tabs.Size())
			walk(v.tabs, func(o fyne.CanvasObject) {
				if b, ok := o.(*widget.Button); ok && b.Icon == theme.MoreHorizontalIcon() {
					t.Errorf("the tab bar (%.0f pixels) sends tabs into its overflow menu", v.tabs.Size().Width)
				}
			})
		})
	}
}
