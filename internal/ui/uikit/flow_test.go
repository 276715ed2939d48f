package uikit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

func box(w, h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(nil)
	r.SetMinSize(fyne.NewSize(w, h))
	return r
}

func TestFlow_Layout(t *testing.T) {
	p := theme.Padding()
	tests := []struct {
		name    string
		width   float32
		minItem float32
		wantY   []float32 // the rows the three boxes land in, by y
		wantH   float32   // MinSize height after the layout
	}{
		{"one row", 400, 0, []float32{0, 0, 0}, 30},
		{"two rows", 250, 0, []float32{0, 0, 30 + p}, 60 + p},
		{"one a row", 100, 0, []float32{0, 30 + p, 50 + 2*p}, 80 + 2*p},
		{"widened items", 400, 150, []float32{0, 0, 30 + p}, 60 + p},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs := []fyne.CanvasObject{box(100, 30), box(100, 20), box(80, 30)}
			c := NewFlow(tt.minItem, objs...)
			c.Resize(fyne.NewSize(tt.width, 200))
			for i, o := range objs {
				if o.Position().Y != tt.wantY[i] {
					t.Errorf("box %d at y %v, want %v", i, o.Position().Y, tt.wantY[i])
				}
				if o.Position().X+o.Size().Width > tt.width {
					t.Errorf("box %d ends at %v, past %v", i, o.Position().X+o.Size().Width, tt.width)
				}
			}
			if m := c.MinSize(); m.Height != tt.wantH || m.Width != max(100, tt.minItem) {
				t.Errorf("MinSize %v, want height %v", m, tt.wantH)
			}
		})
	}
}
