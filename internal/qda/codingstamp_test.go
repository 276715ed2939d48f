package qda

import (
	"reflect"
	"testing"
	"time"
)

// TestCodingStamp_Fill: a stamp gives back the time and origin of a coding
// without a memo exactly; for a memo, a time it cannot hold or an unknown
// origin it tells the caller to read the coding.
func TestCodingStamp_Fill(t *testing.T) {
	at := time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.UTC)
	for _, tc := range []struct {
		name string
		c    Coding
		full bool
	}{
		{"manual", Coding{Created: at}, true},
		{"template", Coding{Created: at, Origin: OriginTemplate}, true},
		{"autocode", Coding{Created: at, Origin: OriginAuto}, true},
		{"import", Coding{Created: at, Origin: OriginImport}, true},
		{"parsed from JSON", Coding{Created: mustParse(t, "2026-03-14T09:26:53.5Z"), Origin: OriginImport}, true},
		{"before 1970", Coding{Created: time.Date(1900, 1, 1, 0, 0, 0, 1, time.UTC)}, true},
		{"memo", Coding{Created: at, Memo: "wichtig"}, false},
		{"other origin", Coding{Created: at, Origin: "maxqda"}, false},
		{"zero time", Coding{}, false},
		{"far future", Coding{Created: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)}, false},
		{"another zone", Coding{Created: at.In(time.FixedZone("CET", 3600))}, false},
		{"offset zero, not UTC", Coding{Created: mustParse(t, "2026-03-14T09:26:53+00:00")}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.c
			want.GUID, want.Document = "g", "d"
			got := Coding{GUID: "g", Document: "d", Memo: "old", Origin: "old"}
			before := got
			if full := StampOf(&tc.c).Fill(&got); full != tc.full {
				t.Fatalf("Fill = %v, want %v", full, tc.full)
			}
			if !tc.full {
				if !reflect.DeepEqual(got, before) {
					t.Errorf("Fill changed the coding: %+v", got)
				}
				return
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("filled %+v\nwant   %+v", got, want)
			}
		})
	}
	if (CodingStamp{}).Fill(&Coding{}) {
		t.Error("the zero stamp claims to tell all")
	}
}

func mustParse(tb testing.TB, s string) time.Time {
	tb.Helper()
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		tb.Fatal(err)
	}
	return at
}
