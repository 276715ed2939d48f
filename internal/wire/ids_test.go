package wire

import (
	"crypto/rand"
	"testing"
	"time"
)

func TestClusterIDs_NewGUID(t *testing.T) {
	at := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		n          int
		step       time.Duration // clock advance per GUID
		wantGroups int           // distinct prefixes
	}{
		{"a burst shares one prefix", 1000, time.Microsecond, 1},
		{"a long burst takes a new prefix after ClusterSize", ClusterSize + 10, time.Microsecond, 2},
		{"a pause starts a new prefix", 5, ClusterPause, 5},
		{"a clock that goes back starts a new prefix", 3, -time.Millisecond, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := at
			ids := &ClusterIDs{rand: rand.Reader, now: func() time.Time { clock = clock.Add(tt.step); return clock }}
			seen, prefixes := map[string]bool{}, map[string]bool{}
			for range tt.n {
				g, err := ids.NewGUID()
				if err != nil {
					t.Fatal(err)
				}
				if !g.Valid() || g[14] != '4' || (g[19] != '8' && g[19] != '9' && g[19] != 'a' && g[19] != 'b') {
					t.Fatalf("%s is not a valid version 4 GUID", g)
				}
				if seen[string(g)] {
					t.Fatalf("%s minted twice", g)
				}
				seen[string(g)] = true
				prefixes[string(g[:13])] = true
			}
			if len(prefixes) != tt.wantGroups {
				t.Errorf("%d prefixes, want %d", len(prefixes), tt.wantGroups)
			}
		})
	}
}
