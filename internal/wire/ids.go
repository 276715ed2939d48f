package wire

import (
	"crypto/rand"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

// TimeIDs mints the GUIDs of an open project: time-ordered version 7
// UUIDs (qda.NewTimeGUID) from crypto/rand and the system clock, so that
// what a command creates lands together in the store's B-trees (a bulk
// import or an autocode writes a few pages per tree, not one per entity).
type TimeIDs struct{}

// NewGUID implements app.IDSource.
func (TimeIDs) NewGUID() (qda.GUID, error) { return qda.NewTimeGUID(rand.Reader, time.Now()) }
