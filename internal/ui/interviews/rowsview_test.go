package interviews

import (
	"fmt"
	"reflect"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// tableState reads what Fyne's table keeps of its own (unexported, read
// with reflect): the row it marks as selected (-1 for none), its scroll
// offset, its scroller's offset (it draws rows from the first and places
// them with the second) and the height of a row.
type tableState struct {
	row                    int
	offset, scroller, rowH float32
}

func stateOf(l *List) tableState {
	v := reflect.ValueOf(l.table).Elem()
	st := tableState{row: -1}
	if sel := v.FieldByName("selectedCell"); !sel.IsNil() {
		st.row = int(sel.Elem().FieldByName("Row").Int())
	}
	st.offset = float32(v.FieldByName("offset").FieldByName("Y").Float())
	st.scroller = float32(v.FieldByName("content").Elem().FieldByName("Offset").FieldByName("Y").Float())
	st.rowH = float32(v.FieldByName("cellSize").FieldByName("Height").Float())
	return st
}

// checkShown fails unless the table shows its rows: scrolled within them,
// both offsets agreeing, the marked row the selected interview's, and
// that row in view.
func checkShown(t *testing.T, l *List, when string) {
	t.Helper()
	st := stateOf(l)
	if st.offset != st.scroller {
		t.Errorf("%s: the table is scrolled to %v, its scroller to %v", when, st.offset, st.scroller)
	}
	step := st.rowH + theme.Padding()
	if content := float32(len(l.rows)) * step; st.offset > 0 && st.offset > content-l.table.Size().Height/2 {
		t.Errorf("%s: scrolled to %v below the %d rows (%v high): the table looks empty", when, st.offset, len(l.rows), content)
	}
	want := l.rowOf(l.selected)
	if st.row != want {
		t.Errorf("%s: the table marks row %d, the selected interview is in row %d", when, st.row, want)
	}
	if want >= 0 {
		top := float32(want) * step
		if top+st.rowH < st.offset || top > st.offset+l.table.Size().Height {
			t.Errorf("%s: the selected row %d (at %v) is out of view (offset %v)", when, want, top, st.offset)
		}
	}
}

func TestList_keepsRows(t *testing.T) {
	h := loaded(t)
	for i := 0; i < 36; i++ {
		if _, err := h.svc.AddInterview(study.NewInterview{Guideline: "A.1.1", Role: "GF", Case: "JC-07", Interviewee: fmt.Sprintf("X-%02d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	h.l.Update()
	h.settle()
	var old qda.Interview
	h.ui(func() {
		checkShown(t, h.l, "loaded")
		// The user scrolls to the bottom and selects the last row.
		h.l.table.ScrollToBottom()
		h.l.Select(h.l.rows[len(h.l.rows)-1].iv.GUID)
		old, _ = h.l.Selected()
		checkShown(t, h.l, "last row selected")
		// A filter leaves one row (of wave 2): it shows, and the hidden
		// selection is dropped, so no status button acts on it.
		h.l.waves.SetSelected("Welle 2")
		if len(h.l.rows) != 1 || h.l.count.Text != "1 von 41" {
			t.Fatalf("wave 2: %d rows, %q", len(h.l.rows), h.l.count.Text)
		}
		checkShown(t, h.l, "filtered to one row")
		if _, ok := h.l.Selected(); ok || !h.l.nextBtn.Disabled() || !h.l.openBtn.Disabled() {
			t.Error("a selection that the filter hides still drives the buttons")
		}
		h.l.waves.SetSelected("Alle Wellen")
		checkShown(t, h.l, "filter cleared")
		// Sorting keeps the selection on its interview.
		h.l.Select(old.GUID)
		h.l.headerTapped(ColInterviewee)
		checkShown(t, h.l, "sorted by interviewee")
		h.l.headerTapped(ColInterviewee)
		checkShown(t, h.l, "sorted backwards")
		if sel, _ := h.l.Selected(); sel.GUID != old.GUID {
			t.Errorf("sorting selected %s", sel.Interviewee)
		}
	})

	// A new interview: the list has one row more, the new one selected
	// and in view, and the status button moves the new one, not the one
	// selected before.
	h.ui(func() { test.Tap(h.l.newBtn) })
	h.settle()
	h.ui(func() {
		f := h.l.form
		f.guideline.SetSelectedIndex(0)
		f.role.SetSelectedIndex(0)
		f.site.SetSelected("JC-12")
		test.Type(f.interviewee, "Neu-01")
		test.Tap(f.create)
	})
	h.settle()
	h.l.Update() // the main window reloads after OnChanged, off the UI goroutine
	h.settle()
	h.ui(func() {
		if len(h.l.rows) != 42 || h.l.count.Text != "42 von 42" {
			t.Fatalf("after create: %d rows, %q", len(h.l.rows), h.l.count.Text)
		}
		checkShown(t, h.l, "after create")
		sel, ok := h.l.Selected()
		if !ok || sel.Interviewee != "Neu-01" {
			t.Fatalf("after create the selection is %q", sel.Interviewee)
		}
		test.Tap(h.l.nextBtn)
	})
	h.settle()
	if iv, _ := h.svc.Interview("Neu-01"); iv.Status != qda.StatusComplete {
		t.Errorf("the new interview is %s", iv.Status)
	}
	if iv, _ := h.svc.Interview(string(old.GUID)); iv.Status != old.Status {
		t.Errorf("the interview selected before moved to %s", iv.Status)
	}
}

func TestNewForm_choices(t *testing.T) {
	tests := []struct {
		guideline string
		sites     []string
		wave      string
	}{
		{"", []string{"JC-07", "JC-12", "RD-Nord"}, ""},
		{"A.1.1 – Strategische Ebene – Geschäftsführung", []string{"JC-07", "JC-12", "RD-Nord"}, "Welle 1"},
		{"A.2.1 – Erweiterte Joboffensive – Operative Ebene", []string{"JC-07", "JC-12"}, "Welle 1"},
	}
	h := loaded(t)
	h.ui(func() { test.Tap(h.l.newBtn) })
	h.settle()
	h.ui(func() {
		f := h.l.form
		// The waves are the study's (guidelines and interviews) and the
		// next one; no free text.
		if got := fmt.Sprint(f.wave.Options); got != "[Welle 1 Welle 2 Welle 3 (neue Welle)]" {
			t.Errorf("wave options %s", got)
		}
		for _, tt := range tests {
			if tt.guideline != "" {
				f.site.SetSelected("RD-Nord")
				f.guideline.SetSelected(tt.guideline)
			}
			if got := fmt.Sprint(f.site.Options); got != fmt.Sprint(tt.sites) {
				t.Errorf("%q: sites %s, want %s", tt.guideline, got, tt.sites)
			}
			if f.wave.Selected != tt.wave {
				t.Errorf("%q: wave %q, want %q", tt.guideline, f.wave.Selected, tt.wave)
			}
		}
		// The operative guideline dropped RD-Nord, chosen before.
		if f.chosenSite() != nil {
			t.Errorf("site %s stays chosen for an operative guideline", f.chosenSite().Name)
		}
		test.Type(f.freeRole, "Teamleitung")
		f.site.SetSelected("JC-12")
		f.wave.SetSelected("Welle 2")
		test.Type(f.interviewee, "TL-12-02")
		if n := f.request(); n.Wave != 2 || n.Case != string(uitest.ID("case:JC-12")) {
			t.Errorf("request %+v", n)
		}
	})
}
