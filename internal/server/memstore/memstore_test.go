package memstore

import (
	"testing"

	"github.com/protocoder/protocoder/internal/server/storetest"
)

func TestStore_Contract(t *testing.T) {
	storetest.Run(t, New())
}
