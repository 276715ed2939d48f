// Package uikit holds small layouts shared by the views.
package uikit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// TightVBox is a fyne.Layout that stacks objects at full width without the
// theme's padding between them (two-line table headers, title and detail
// lines of a list row).
type TightVBox struct{}

// MinSize implements fyne.Layout.
func (TightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height - theme.Padding()
	}
	return s
}

// Layout implements fyne.Layout.
func (TightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height - theme.Padding()
		o.Resize(fyne.NewSize(size.Width, h))
		o.Move(fyne.NewPos(0, y))
		y += h
	}
}
