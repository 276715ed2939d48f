package uitest

import (
	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/qda"
)

// Erase implements privacy.Eraser for the views' tests: the erasure runs
// like an Update and its command keeps no images. An in-memory store has
// no files, backups or older images to clean; internal/wire tests those.
func (m *MemStore) Erase(cmd *qda.Command, fn func(tx app.Tx) error, spec privacy.EraseSpec) (privacy.EraseStats, error) {
	if err := m.Update(cmd, fn); err != nil {
		return privacy.EraseStats{}, err
	}
	m.mu.Lock()
	m.commands[len(m.commands)-1].Changes = nil
	m.mu.Unlock()
	return privacy.EraseStats{}, nil
}

// FinishErase implements privacy.Eraser: nothing is pending in memory.
func (m *MemStore) FinishErase(string) error { return nil }
