package workbench

import "github.com/protocoder/protocoder/internal/qda"

// RecentCodes keeps the codes on keys 1–9 between sessions (the shell
// keeps them in the app's preferences, per project).
type RecentCodes interface {
	// Load returns the codes, key by key.
	Load() []qda.GUID
	// Save keeps them, key by key.
	Save(codes []qda.GUID)
}

// SetRecentCodes puts the codes rc kept on keys 1–9 and keeps the keys in
// rc from now on. Call it on the UI goroutine.
func (w *Workbench) SetRecentCodes(rc RecentCodes) {
	w.recentCodes = rc
	w.used = nil
	for _, c := range rc.Load() {
		if len(w.used) == maxRecent {
			break
		}
		w.useClock++
		w.used = append(w.used, use{code: c, at: w.useClock})
	}
	w.updateChips()
}

// useCode puts code on a key (see touch) and keeps the keys.
func (w *Workbench) useCode(code qda.GUID) {
	w.used = w.touch(code)
	if w.recentCodes == nil {
		return
	}
	codes := make([]qda.GUID, len(w.used))
	for i, u := range w.used {
		codes[i] = u.code
	}
	w.recentCodes.Save(codes)
}
