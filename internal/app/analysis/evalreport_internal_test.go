package analysis

import "testing"

func TestSegmentsAtSites(t *testing.T) {
	for _, c := range []struct {
		segments, sites int
		want            string
	}{
		{1, 1, "1 codiertes Segment an 1 Standort"},
		{2, 1, "2 codierte Segmente an 1 Standort"},
		{7, 4, "7 codierte Segmente an 4 Standorten"},
	} {
		if got := segmentsAtSites(c.segments, c.sites); got != c.want {
			t.Errorf("segmentsAtSites(%d, %d) = %q, want %q", c.segments, c.sites, got, c.want)
		}
	}
}
