package pairs_test

import (
	"testing"

	"github.com/protocoder/protocoder/internal/app/pairs"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestCompareStart(t *testing.T) {
	tests := []struct {
		name, since, start string
		want               pairs.StartFlag
	}{
		{"before", "2012-09-01", "2013-03-01", pairs.StartBefore},
		{"day before", "2013-02-28", "2013-03-01", pairs.StartBefore},
		{"same day counts as after", "2013-03-01", "2013-03-01", pairs.StartAfter},
		{"after", "2013-10-01", "2013-06-01", pairs.StartAfter},
		{"spaces", " 2013-10-01 ", "2013-06-01\n", pairs.StartAfter},
		{"no customer-since date", "", "2013-03-01", pairs.StartUnknown},
		{"no programme start", "2012-09-01", "", pairs.StartUnknown},
		{"both missing", "", "", pairs.StartUnknown},
		{"malformed", "09/2012", "2013-03-01", pairs.StartUnknown},
		{"impossible day", "2013-02-30", "2013-03-01", pairs.StartUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pairs.CompareStart(tt.since, tt.start); got != tt.want {
				t.Errorf("CompareStart(%q, %q) = %s, want %s", tt.since, tt.start, got, tt.want)
			}
		})
	}
}

func TestService_StartInfoOf(t *testing.T) {
	s := pairProject(t)
	if _, err := s.LinkPair("IFK-04-02@1", "KU-04-01@1"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ref  string
		want pairs.StartInfo
	}{
		{"KU-04-01@1", pairs.StartInfo{CustomerSince: "2012-09-01", ProgrammeStart: "2013-03-01", Flag: pairs.StartBefore}},
		{"KU-04-07", pairs.StartInfo{CustomerSince: "2013-03-01", ProgrammeStart: "2013-03-01", Flag: pairs.StartAfter}},
		// The IFK interview borrows the date of its pair's customer.
		{"IFK-04-02@1", pairs.StartInfo{CustomerSince: "2012-09-01", ProgrammeStart: "2013-03-01", FromPair: "P-04-1", Flag: pairs.StartBefore}},
		{"IFK-04-02@2", pairs.StartInfo{ProgrammeStart: "2013-03-01", Flag: pairs.StartUnknown}},
		// JC-11 has no programme start.
		{"KU-11-01", pairs.StartInfo{CustomerSince: "2013-10-01", Flag: pairs.StartUnknown}},
	}
	for _, tt := range tests {
		got, err := s.StartInfoOf(tt.ref)
		if err != nil || got != tt.want {
			t.Errorf("StartInfoOf(%s) = %+v, %v; want %+v", tt.ref, got, err, tt.want)
		}
	}
	if _, err := s.StartInfoOf("nobody"); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("unknown interview: %v", err)
	}
}
