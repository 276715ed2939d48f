package uikit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestTightVBox_Layout(t *testing.T) {
	test.NewTempApp(t)
	a, b := canvas.NewRectangle(nil), canvas.NewRectangle(nil)
	a.SetMinSize(fyne.NewSize(40, 20))
	b.SetMinSize(fyne.NewSize(60, 30))
	objs := []fyne.CanvasObject{a, b}
	p := theme.Padding()
	if got, want := (TightVBox{}).MinSize(objs), fyne.NewSize(60, 50-2*p); got != want {
		t.Errorf("MinSize = %v, want %v", got, want)
	}
	TightVBox{}.Layout(objs, fyne.NewSize(100, 80))
	if a.Position() != (fyne.Position{}) || b.Position().Y != 20-p || a.Size().Width != 100 || b.Size().Height != 30-p {
		t.Errorf("a at %v size %v, b at %v size %v", a.Position(), a.Size(), b.Position(), b.Size())
	}
}
