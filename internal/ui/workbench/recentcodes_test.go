package workbench

import (
	"reflect"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// memRecent is a RecentCodes in memory.
type memRecent struct{ codes []qda.GUID }

func (m *memRecent) Load() []qda.GUID      { return m.codes }
func (m *memRecent) Save(codes []qda.GUID) { m.codes = append([]qda.GUID(nil), codes...) }

// TestWorkbench_SetRecentCodes: the keys of the last session come back,
// key 1 applies the first, and a new code's key is kept at once.
func TestWorkbench_SetRecentCodes(t *testing.T) {
	h := newHarness(t, notiz, true)
	w := h.w
	kept := &memRecent{codes: []qda.GUID{erw, "gone-code"}}
	w.SetRecentCodes(kept)
	var chips []string
	for _, o := range w.chips.Objects {
		c := o.(*chip)
		chips = append(chips, c.key+" "+c.code.Name)
	}
	if !reflect.DeepEqual(chips, []string{"1 Erwartungen"}) {
		t.Errorf("chips %q, want the kept code that still exists on key 1", chips)
	}
	w.view.Select(0, 5)
	w.view.TypedRune('1')
	w.view.Select(6, 12)
	w.Apply(ziele)
	// Ziele takes the key of the code that no longer exists.
	if want := []qda.GUID{erw, ziele}; !reflect.DeepEqual(kept.codes, want) {
		t.Errorf("kept %v, want %v", kept.codes, want)
	}
	got := map[qda.Range]qda.GUID{}
	for _, c := range h.codingsOf(notiz) {
		got[c.Range] = c.Code
	}
	if want := (map[qda.Range]qda.GUID{{Start: 0, End: 5}: erw, {Start: 6, End: 12}: ziele}); !reflect.DeepEqual(got, want) {
		t.Errorf("codings %v, want %v", got, want)
	}
}
