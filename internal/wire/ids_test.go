package wire

import (
	"testing"
)

func TestTimeIDs_NewGUID(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		g, err := TimeIDs{}.NewGUID()
		if err != nil {
			t.Fatal(err)
		}
		if !g.Valid() || g[14] != '7' {
			t.Fatalf("%s is not a valid version 7 GUID", g)
		}
		if seen[string(g)] {
			t.Fatalf("%s minted twice", g)
		}
		seen[string(g)] = true
	}
}
