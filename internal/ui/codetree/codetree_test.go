package codetree

import (
	"image/color"
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

func TestCodeTree_Update(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	m := uitest.Sample()
	// A code whose parent is missing shows at the top level.
	m.Codes[uitest.ID("code:lost")] = qda.Code{GUID: uitest.ID("code:lost"), Name: "Verwaist", Parent: uitest.ID("code:gone"), Color: "#000075", Order: 9}
	c := New(uitest.Service(m, ""), func(err error) { t.Fatal(err) })
	test.NewTempWindow(t, c)
	c.Update()

	name := func(ids []string) []string {
		var out []string
		for _, id := range ids {
			out = append(out, c.codes[qda.GUID(id)].Name)
		}
		return out
	}
	tests := []struct {
		parent string
		want   []string
	}{
		{"", []string{"Strategische Bedeutung", "Zusammenarbeit mit AG-S", "Überraschungen", "Verwaist"}},
		{string(uitest.ID("code:Strategische Bedeutung")), []string{"Ziele", "Erwartungen"}},
	}
	for _, tt := range tests {
		if got := name(c.children[tt.parent]); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("children of %q = %q, want %q", tt.parent, got, tt.want)
		}
	}
	if got := c.counts[uitest.ID("code:Ziele")]; got != 3 {
		t.Errorf("Ziele has %d codings, want 3", got)
	}
	if c.empty.Visible() {
		t.Error("empty label shows")
	}
	// The rendered node carries the colour chip and the count.
	node := c.createNode(false).(*fyne.Container)
	c.updateNode(string(uitest.ID("code:Ziele")), false, node)
	label, count := node.Objects[0].(*widget.Label), node.Objects[2].(*widget.Label)
	chip := node.Objects[1].(*fyne.Container).Objects[0].(*canvas.Rectangle)
	if label.Text != "Ziele" || count.Text != "3" || chip.FillColor != ParseColor("#3cb44b") {
		t.Errorf("node shows %q, %q, %v", label.Text, count.Text, chip.FillColor)
	}
}

func TestCodeTree_empty(t *testing.T) {
	test.NewTempApp(t)
	c := New(uitest.Service(uitest.NewMemStore("leer"), ""), func(err error) { t.Fatal(err) })
	test.NewTempWindow(t, c)
	c.Update()
	if !c.empty.Visible() || len(c.children[""]) != 0 {
		t.Error("an empty codebook shows the empty label")
	}
}

func TestParseColor(t *testing.T) {
	grey := color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
	tests := []struct {
		in   string
		want color.Color
	}{
		{"#3cb44b", color.NRGBA{R: 0x3c, G: 0xb4, B: 0x4b, A: 0xff}},
		{"#ZZZZZZ", grey},
		{"red", grey},
		{"", grey},
	}
	for _, tt := range tests {
		if got := ParseColor(tt.in); got != tt.want {
			t.Errorf("ParseColor(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
