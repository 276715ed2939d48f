package planview

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/qda"
)

// SetWaveWindow keeps the windows as the use case does: one per level and
// wave, an empty from and to removes it.
func (f *fakeSource) SetWaveWindow(w qda.WaveWindow) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	f.windows = slices.DeleteFunc(f.windows, func(o qda.WaveWindow) bool { return o.Level == w.Level && o.Wave == w.Wave })
	if w.From != "" || w.To != "" {
		f.windows = append(f.windows, w)
	}
	f.writes = append(f.writes, "window "+string(w.Level)+" "+w.From+" "+w.To)
	return nil
}

func TestWindowForm_Submit(t *testing.T) {
	tests := []struct {
		name                string
		level               int // index into qda.Levels, -1: none chosen
		wave, from, to, gap string
		remove              bool
		want                []qda.WaveWindow // the windows afterwards
		wantErr             string
	}{
		{name: "set", level: 2, wave: "2", from: "2014-07-01", to: "2015-06-30", gap: "5",
			want: []qda.WaveWindow{{Level: in, Wave: 1, From: "2014-01-01", To: "2014-06-30"}, {Level: in, Wave: 2, From: "2014-07-01", To: "2015-06-30", MinGapMonths: 5}}},
		{name: "replace", level: 2, wave: "1", from: "2014-02-01", to: "2014-05-31",
			want: []qda.WaveWindow{{Level: in, Wave: 1, From: "2014-02-01", To: "2014-05-31"}}},
		{name: "remove", level: 2, wave: "1", remove: true},
		{name: "no level", level: -1, wave: "1", from: "2014-02-01", to: "2014-05-31", wantErr: "Ebene",
			want: []qda.WaveWindow{{Level: in, Wave: 1, From: "2014-01-01", To: "2014-06-30"}}},
		{name: "bad wave", level: 0, wave: "0", from: "2014-02-01", to: "2014-05-31", wantErr: "Welle",
			want: []qda.WaveWindow{{Level: in, Wave: 1, From: "2014-01-01", To: "2014-06-30"}}},
		{name: "bad date", level: 0, wave: "1", from: "1.2.2014", to: "2014-05-31", wantErr: "JJJJ-MM-TT",
			want: []qda.WaveWindow{{Level: in, Wave: 1, From: "2014-01-01", To: "2014-06-30"}}},
		{name: "ends before it begins", level: 0, wave: "1", from: "2014-05-31", to: "2014-02-01", wantErr: "endet",
			want: []qda.WaveWindow{{Level: in, Wave: 1, From: "2014-01-01", To: "2014-06-30"}}},
		{name: "bad gap", level: 0, wave: "1", from: "2014-02-01", to: "2014-05-31", gap: "-1", wantErr: "Mindestabstand",
			want: []qda.WaveWindow{{Level: in, Wave: 1, From: "2014-01-01", To: "2014-06-30"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := loaded(t)
			h.src.windows = []qda.WaveWindow{{Level: in, Wave: 1, From: "2014-01-01", To: "2014-06-30"}}
			h.v.Update()
			h.settle()
			f := h.v.window
			if tt.level >= 0 {
				f.level.SetSelectedIndex(tt.level)
			}
			test.Type(f.wave, tt.wave)
			f.from.SetText(tt.from)
			f.to.SetText(tt.to)
			f.gap.SetText(tt.gap)
			if tt.remove {
				test.Tap(f.clear)
			} else {
				test.Tap(f.set)
			}
			h.settle()
			if tt.wantErr != "" {
				if len(*h.errs) != 1 || !strings.Contains((*h.errs)[0].Error(), tt.wantErr) || len(h.src.writes) != 0 {
					t.Errorf("errors %v, writes %v", *h.errs, h.src.writes)
				}
			} else if len(*h.errs) != 0 || len(h.src.writes) != 1 {
				t.Errorf("errors %v, writes %v", *h.errs, h.src.writes)
			}
			if !slices.Equal(h.src.windows, tt.want) {
				t.Errorf("windows %+v, want %+v", h.src.windows, tt.want)
			}
			// The timing panel shows the windows as written.
			timing := labelTexts(h.v.timing)
			for _, w := range tt.want {
				if !strings.Contains(timing, day(w.To)) {
					t.Errorf("timing lacks %s:\n%s", w.To, timing)
				}
			}
		})
	}
}

// TestWindowForm_Fill: choosing a level and wave shows its planned window.
func TestWindowForm_Fill(t *testing.T) {
	h := loaded(t)
	h.src.windows = []qda.WaveWindow{{Level: in, Wave: 2, From: "2014-07-01", To: "2015-06-30", MinGapMonths: 5}}
	h.v.Update()
	h.settle()
	f := h.v.window
	f.level.SetSelectedIndex(2)
	test.Type(f.wave, "2")
	if f.from.Text != "2014-07-01" || f.to.Text != "2015-06-30" || f.gap.Text != "5" {
		t.Errorf("form %q %q %q", f.from.Text, f.to.Text, f.gap.Text)
	}
}
