package navigation

import (
	"reflect"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// loaded returns a navigator on the sample project, in German.
func loaded(t *testing.T) *Navigation {
	t.Helper()
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	n := New(uitest.Service(uitest.Sample(), "anna"), func(err error) { t.Fatal(err) })
	test.NewTempWindow(t, n)
	n.Update()
	return n
}

// labels returns the labels of the visible children of id.
func (n *Navigation) labels(id string) []string {
	var out []string
	for _, c := range n.view[id] {
		out = append(out, n.all[c].label)
	}
	return out
}

func TestNavigation_Update(t *testing.T) {
	n := loaded(t)
	lvl := "lvl/" + string(qda.LevelStrategic)
	jc07 := lvl + "/" + string(uitest.ID("case:JC-07"))
	tests := []struct {
		name string
		id   string
		want []string
	}{
		{"top groups", "", []string{"Interviews", "Fallberichte", "Sonstige Dokumente", "Leitfäden"}},
		{"levels in study order", RootInterviews, []string{"Strategische Ebene", "Operative Ebene"}},
		{"sites by pseudonym", lvl, []string{"JC-07", "RD-Nord"}},
		{"waves", jc07, []string{"Welle 1", "Welle 2"}},
		{"protocol under its wave", jc07 + "/1", []string{"Protokoll GF-07"}},
		{"interview without protocol", "lvl/operative/" + string(uitest.ID("case:JC-12")) + "/1",
			[]string{"IFK-12 (noch kein Protokoll)", "Protokoll TL-12"}},
		{"case reports", RootReports, []string{"Fallbericht JC-07", "Fallbericht JC-12"}},
		{"other documents", RootOthers, []string{"Konzeptpapier Süd"}},
		{"guidelines by key and title", RootGuidelines, []string{
			"A.1.1 – Strategische Ebene – Geschäftsführung", "A.2.1 – Erweiterte Joboffensive – Operative Ebene"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := n.labels(tt.id); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("children of %q = %q, want %q", tt.id, got, tt.want)
			}
		})
	}
	if got := n.all[RootInterviews].leaves; got != 5 {
		t.Errorf("interviews count %d leaves, want 5", got)
	}
}

func TestNavigation_SetFilter(t *testing.T) {
	n := loaded(t)
	tests := []struct {
		filter  string
		top     []string
		leaves  []string
		noMatch bool
	}{
		{"", []string{RootInterviews, RootReports, RootOthers, RootGuidelines}, nil, false},
		{"gf-07", []string{RootInterviews}, []string{"Protokoll GF-07"}, false},
		{"JC-07", []string{RootInterviews, RootReports}, []string{"Protokoll GF-07", "Protokoll PL-07", "Fallbericht JC-07"}, false},
		{"sud", []string{RootOthers}, []string{"Konzeptpapier Süd"}, false},
		{"Welle 2", []string{RootInterviews}, []string{"Protokoll PL-07"}, false},
		{"leitfäden", []string{RootGuidelines}, []string{
			"A.1.1 – Strategische Ebene – Geschäftsführung", "A.2.1 – Erweiterte Joboffensive – Operative Ebene"}, false},
		{"nichts dergleichen", nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			n.SetFilter(tt.filter)
			if got := n.view[""]; !reflect.DeepEqual(got, tt.top) {
				t.Errorf("top = %q, want %q", got, tt.top)
			}
			if tt.leaves != nil {
				if got := n.visibleLeaves(); !reflect.DeepEqual(got, tt.leaves) {
					t.Errorf("leaves = %q, want %q", got, tt.leaves)
				}
			}
			if n.empty.Visible() != tt.noMatch {
				t.Errorf("no-match label visible = %v", n.empty.Visible())
			}
		})
	}
}

// visibleLeaves lists the labels of the visible documents, interviews and
// guidelines in tree order.
func (n *Navigation) visibleLeaves() []string {
	var out []string
	var walk func(id string)
	walk = func(id string) {
		for _, c := range n.view[id] {
			if n.all[c].item.Kind != KindGroup {
				out = append(out, n.all[c].label)
			}
			walk(c)
		}
	}
	walk("")
	return out
}

func TestNavigation_OnSelected(t *testing.T) {
	n := loaded(t)
	var got []Item
	n.OnSelected = func(it Item) { got = append(got, it) }
	n.tree.Select("doc/" + string(uitest.ID("doc:Fallbericht JC-07")))
	n.tree.Select("guide/" + string(uitest.ID("g:A.1.1")))
	n.tree.Select(RootReports) // a group: toggles, selects nothing
	want := []Item{{KindDocument, uitest.ID("doc:Fallbericht JC-07")}, {KindGuideline, uitest.ID("g:A.1.1")}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("selected %v, want %v", got, want)
	}
}

func TestNavigation_SetFilter_restoresBranches(t *testing.T) {
	n := loaded(t)
	n.tree.CloseBranch(RootReports)
	n.tree.OpenBranch("lvl/" + string(qda.LevelOperative))
	n.SetFilter("JC")
	n.SetFilter("JC-1")
	n.SetFilter("")
	tests := []struct {
		id   string
		open bool
	}{
		{RootInterviews, true},
		{RootReports, false},
		{RootGuidelines, true},
		{"lvl/" + string(qda.LevelOperative), true},
		{"lvl/" + string(qda.LevelStrategic), false},
	}
	for _, tt := range tests {
		if got := n.tree.IsBranchOpen(tt.id); got != tt.open {
			t.Errorf("branch %s open = %v, want %v", tt.id, got, tt.open)
		}
	}
}
