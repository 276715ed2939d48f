package readmodel

import (
	"fmt"
	"maps"
	"reflect"
	"testing"
)

// sharedParts returns how many non-empty parts a and b share (the same
// map, not a copy).
func sharedParts[K comparable, V any](a, b *Map[K, V]) int {
	if a == nil || b == nil || a.parts == nil || b.parts == nil {
		return 0
	}
	n := 0
	for i := range a.parts {
		if a.parts[i] != nil && reflect.ValueOf(a.parts[i]).UnsafePointer() == reflect.ValueOf(b.parts[i]).UnsafePointer() {
			n++
		}
	}
	return n
}

// nonEmptyParts returns how many parts of m hold entries.
func nonEmptyParts[K comparable, V any](m *Map[K, V]) int {
	n := 0
	for _, p := range m.parts {
		if len(p) > 0 {
			n++
		}
	}
	return n
}

func mapOf(m map[string]int) *Map[string, int] {
	e := (*Map[string, int])(nil).Edit()
	for k, v := range m {
		e.Set(k, v)
	}
	return e.Map()
}

func TestMap_Edit(t *testing.T) {
	base := map[string]int{"a": 1, "b": 2, "c": 3}
	for _, tc := range []struct {
		name string
		edit func(e *MapEdit[string, int])
		want map[string]int
	}{
		{"nothing", func(*MapEdit[string, int]) {}, base},
		{"set a new key", func(e *MapEdit[string, int]) { e.Set("d", 4) }, map[string]int{"a": 1, "b": 2, "c": 3, "d": 4}},
		{"set an existing key", func(e *MapEdit[string, int]) { e.Set("b", 20) }, map[string]int{"a": 1, "b": 20, "c": 3}},
		{"delete", func(e *MapEdit[string, int]) { e.Delete("a") }, map[string]int{"b": 2, "c": 3}},
		{"delete a missing key", func(e *MapEdit[string, int]) { e.Delete("x") }, base},
		{"delete, then set again", func(e *MapEdit[string, int]) { e.Delete("a"); e.Set("a", 9) }, map[string]int{"a": 9, "b": 2, "c": 3}},
		{"set, then delete", func(e *MapEdit[string, int]) { e.Set("d", 4); e.Delete("d") }, base},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old := mapOf(base)
			e := old.Edit()
			tc.edit(e)
			got := e.Map()
			check := func(what string, m *Map[string, int], want map[string]int) {
				t.Helper()
				if all := maps.Collect(m.All()); !maps.Equal(all, want) {
					t.Errorf("%s: All = %v, want %v", what, all, want)
				}
				if m.Len() != len(want) {
					t.Errorf("%s: Len = %d, want %d", what, m.Len(), len(want))
				}
				for k, v := range want {
					if g, ok := m.Lookup(k); !ok || g != v {
						t.Errorf("%s: Lookup(%q) = %d, %v; want %d", what, k, g, ok, v)
					}
				}
				if _, ok := m.Lookup("zz"); ok {
					t.Errorf("%s: Lookup of a missing key found it", what)
				}
			}
			check("edited", got, tc.want)
			check("the map edited", old, base) // unchanged
		})
	}
}

func TestMap_Empty(t *testing.T) {
	var nilMap *Map[string, int]
	for name, m := range map[string]*Map[string, int]{"nil": nilMap, "zero": {}, "edited empty": nilMap.Edit().Map()} {
		if m.Len() != 0 || m.Get("a") != 0 {
			t.Errorf("%s: Len %d, Get %d", name, m.Len(), m.Get("a"))
		}
		for k := range m.All() {
			t.Errorf("%s: All yields %q", name, k)
		}
	}
}

// TestMap_EditSharesParts: an edit of one key copies one part, whatever
// the size of the map (the metadata cache edits its maps for every
// command).
func TestMap_EditSharesParts(t *testing.T) {
	big := map[string]int{}
	for i := range 20000 {
		big[fmt.Sprintf("key-%05d", i)] = i
	}
	old := mapOf(big)
	if n := nonEmptyParts(old); n != mapParts {
		t.Fatalf("%d of %d parts hold entries", n, mapParts)
	}
	e := old.Edit()
	e.Set("key-00042", -1)
	e.Set("key-new", 1)
	e.Delete("key-00007")
	got := e.Map()
	if n := sharedParts(old, got); n < mapParts-3 {
		t.Errorf("the edit of three keys shares %d of %d parts with the map it edited", n, mapParts)
	}
	if got.Len() != len(big) || got.Get("key-00042") != -1 || old.Get("key-00042") != 42 {
		t.Errorf("Len %d, key-00042 %d (old %d)", got.Len(), got.Get("key-00042"), old.Get("key-00042"))
	}
}
