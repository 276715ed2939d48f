package qda

import "testing"

func TestCaseKind_HoldsLevel(t *testing.T) {
	tests := []struct {
		kind CaseKind
		want map[Level]bool
	}{
		{CaseRegionalDirectorate, map[Level]bool{LevelStrategic: true}},
		{CaseMinistry, map[Level]bool{LevelStrategic: true}},
		{CaseJobCentre, map[Level]bool{LevelStrategic: true, LevelOperative: true, LevelIntensive: true}},
		{CaseOther, map[Level]bool{LevelStrategic: true, LevelOperative: true, LevelIntensive: true}},
	}
	for _, tt := range tests {
		for _, l := range Levels {
			if got := tt.kind.HoldsLevel(l); got != tt.want[l] {
				t.Errorf("%s holds %s: %v, want %v", tt.kind, l, got, tt.want[l])
			}
		}
	}
}
