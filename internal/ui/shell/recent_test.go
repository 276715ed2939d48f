package shell

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestRecent_List(t *testing.T) {
	root := t.TempDir()
	dir := func(i int) string {
		d := filepath.Join(root, fmt.Sprintf("p%d", i))
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	missing := filepath.Join(root, "gone")
	tests := []struct {
		name string
		add  []string
		rm   []string
		want []string
	}{
		{"empty", nil, nil, []string{}},
		{"newest first", []string{dir(1), dir(2), dir(3)}, nil, []string{dir(3), dir(2), dir(1)}},
		{"reopening moves to front", []string{dir(1), dir(2), dir(1)}, nil, []string{dir(1), dir(2)}},
		{"same folder, other spelling", []string{dir(1), dir(1) + "/./"}, nil, []string{dir(1)}},
		{"missing folders dropped", []string{dir(1), missing, dir(2)}, nil, []string{dir(2), dir(1)}},
		{"at most eight", []string{dir(1), dir(2), dir(3), dir(4), dir(5), dir(6), dir(7), dir(8), dir(9), dir(10)}, nil,
			[]string{dir(10), dir(9), dir(8), dir(7), dir(6), dir(5), dir(4), dir(3)}},
		{"remove", []string{dir(1), dir(2)}, []string{dir(1)}, []string{dir(2)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			r := NewRecent(a.Preferences())
			for _, d := range tt.add {
				r.Add(d)
			}
			for _, d := range tt.rm {
				r.Remove(d)
			}
			if got := r.List(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("List() = %q, want %q", got, tt.want)
			}
			if got := a.Preferences().StringList(RecentKey); len(got) != len(tt.want) {
				t.Errorf("preferences keep %q after List", got)
			}
		})
	}
}

// TestRecentCodes_Save: the keys' codes are kept per project folder.
func TestRecentCodes_Save(t *testing.T) {
	a := test.NewTempApp(t)
	one := recentCodes{prefs: a.Preferences(), key: RecentCodesKey + "/p/eins"}
	two := recentCodes{prefs: a.Preferences(), key: RecentCodesKey + "/p/zwei"}
	if got := one.Load(); len(got) != 0 {
		t.Errorf("a new project has keys %v", got)
	}
	one.Save([]qda.GUID{"a", "b"})
	two.Save([]qda.GUID{"c"})
	if got := one.Load(); !reflect.DeepEqual(got, []qda.GUID{"a", "b"}) {
		t.Errorf("Load() = %v, want [a b]", got)
	}
	if got := two.Load(); !reflect.DeepEqual(got, []qda.GUID{"c"}) {
		t.Errorf("the other project's keys %v, want [c]", got)
	}
}
