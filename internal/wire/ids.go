package wire

import (
	"crypto/rand"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

// ClusterIDs mints the GUIDs of an open project: random version 4 UUIDs
// (crypto/rand) that share a random 48-bit prefix while they are minted in
// one burst (qda.NewGUIDAt). What one command creates, a folder import or
// an autocode's thousand codings, thus lands side by side in the store's
// B-trees and rewrites a few pages of each tree instead of one page per
// entity, however large the project. The prefix is drawn anew after
// ClusterSize GUIDs and after a pause of ClusterPause, so a GUID says
// nothing of when it was made (a time-ordered version 7 UUID would, and
// the GUIDs go out with anonymised exports); it only says which entities
// were created close together, which the command log says anyway.
type ClusterIDs struct {
	mu     sync.Mutex
	rand   io.Reader
	now    func() time.Time
	prefix [6]byte
	left   int
	last   time.Time
}

// ClusterSize is the number of GUIDs minted with one prefix at most;
// ClusterPause the pause after which the next GUID gets a new one.
const (
	ClusterSize  = 4096
	ClusterPause = time.Second
)

// NewClusterIDs returns a ClusterIDs reading crypto/rand and the system
// clock.
func NewClusterIDs() *ClusterIDs { return &ClusterIDs{rand: rand.Reader, now: time.Now} }

// NewGUID implements app.IDSource.
func (c *ClusterIDs) NewGUID() (qda.GUID, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if c.left == 0 || now.Sub(c.last) >= ClusterPause || now.Before(c.last) {
		if _, err := io.ReadFull(c.rand, c.prefix[:]); err != nil {
			return "", fmt.Errorf("read random bytes for guid: %w", err)
		}
		c.left = ClusterSize
	}
	c.left--
	c.last = now
	return qda.NewGUIDAt(c.rand, c.prefix)
}
