package queryview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// loaded is the view on the sample project, in German, with its work run
// inline.
func loaded(t *testing.T) (*View, *[]error) {
	t.Helper()
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	var errs []error
	v := New(uitest.Service(uitest.Sample(), "anna"), func(err error) { errs = append(errs, err) })
	v.do = func(f func()) { f() }
	v.async = func(f func()) { f() }
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(900, 600))
	v.Update()
	return v, &errs
}

func TestView_Run(t *testing.T) {
	tests := []struct {
		name  string
		query string
		level int // index in the level select
		hits  int
		code  string // error code, "" for none
	}{
		{"one code", "Ziele", 0, 3, ""},
		{"or", `Ziele OR "Zusammenarbeit mit AG-S"`, 0, 4, ""},
		{"and: no overlap", `Ziele AND "Zusammenarbeit mit AG-S"`, 0, 0, ""},
		{"strategic level only", "Ziele", 1, 3, ""},
		{"unknown code", "Gibtsnicht", 0, 0, qda.ENotFound},
		{"bad syntax", "Ziele AND", 0, 0, qda.EInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, errs := loaded(t)
			v.SetQuery(tt.query)
			v.level.SetSelectedIndex(tt.level)
			v.Run()
			if tt.code != "" {
				if len(*errs) != 1 || qda.ErrorCode((*errs)[0]) != tt.code {
					t.Fatalf("errors %v, want code %s", *errs, tt.code)
				}
				return
			}
			if len(*errs) > 0 {
				t.Fatal(*errs)
			}
			if got := len(v.Hits()); got != tt.hits {
				t.Errorf("%d hits, want %d", got, tt.hits)
			}
			if !strings.Contains(v.Summary(), "Fundstelle") {
				t.Errorf("summary %q", v.Summary())
			}
		})
	}
}

// TestView_open: tapping a hit opens its document at its place.
func TestView_open(t *testing.T) {
	v, _ := loaded(t)
	var opened []string
	v.OnOpen = func(doc qda.GUID, start, end int) { opened = append(opened, string(doc)) }
	v.SetQuery("Ziele")
	v.Run()
	v.list.Select(0)
	if len(opened) != 1 || opened[0] != string(v.Hits()[0].Document) {
		t.Errorf("opened %q", opened)
	}
}

// TestView_insertCode quotes a code name with spaces.
func TestView_insertCode(t *testing.T) {
	v, _ := loaded(t)
	v.SetQuery("Ziele AND")
	v.insert.SetSelected("Zusammenarbeit mit AG-S")
	if got := v.expr.Text; got != `Ziele AND "Zusammenarbeit mit AG-S" ` {
		t.Errorf("expression %q", got)
	}
}

// TestView_RunCooccurrences lists the pairs of codes that overlap; a tap
// on a pair queries their places.
func TestView_RunCooccurrences(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	m := uitest.Sample()
	id := uitest.ID("coding:x")
	m.Codings[id] = qda.Coding{GUID: id, Document: uitest.ID("doc:Protokoll GF-07"), Code: uitest.ID("code:Erwartungen"),
		Coder: uitest.ID("user:anna"), Range: qda.Range{Start: 5, End: 15}}
	var errs []error
	v := New(uitest.Service(m, "anna"), func(err error) { errs = append(errs, err) })
	v.do = func(f func()) { f() }
	v.async = func(f func()) { f() }
	test.NewTempWindow(t, v)
	v.RunCooccurrences()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got := strings.Join(v.Pairs(), "; "); got != "Ziele × Erwartungen: 1" && got != "Erwartungen × Ziele: 1" {
		t.Errorf("pairs %q", got)
	}
	if !strings.Contains(v.Summary(), "1 Codepaar") {
		t.Errorf("summary %q", v.Summary())
	}
	v.list.Select(0)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got := len(v.Hits()); got != 1 {
		t.Errorf("the pair's query shows %d places, want 1 (%q)", got, v.expr.Text)
	}
}
