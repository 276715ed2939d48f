package shell

import (
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"

	"github.com/protocoder/protocoder/internal/qda"
)

// RecentKey is the Preferences key of the recent-projects list.
const RecentKey = "recentProjects"

// MaxRecent is how many recent projects are kept.
const MaxRecent = 8

// Recent is the list of recently opened project folders, kept in the app's
// Preferences, newest first. Folders that no longer exist are dropped when
// the list is read.
type Recent struct {
	prefs fyne.Preferences
}

// NewRecent returns the recent-projects list stored in prefs.
func NewRecent(prefs fyne.Preferences) *Recent { return &Recent{prefs: prefs} }

// List returns the recent project folders that still exist, newest first,
// and forgets the others.
func (r *Recent) List() []string {
	stored := r.prefs.StringList(RecentKey)
	out := make([]string, 0, len(stored))
	for _, dir := range stored {
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() && !contains(out, dir) {
			out = append(out, dir)
		}
	}
	if len(out) > MaxRecent {
		out = out[:MaxRecent]
	}
	if len(out) != len(stored) {
		r.prefs.SetStringList(RecentKey, out)
	}
	return out
}

// Add puts dir at the front of the list, removing an older entry for the
// same folder and the entries beyond MaxRecent.
func (r *Recent) Add(dir string) {
	dir = cleanDir(dir)
	list := []string{dir}
	for _, d := range r.prefs.StringList(RecentKey) {
		if d != dir && len(list) < MaxRecent {
			list = append(list, d)
		}
	}
	r.prefs.SetStringList(RecentKey, list)
}

// Remove forgets dir.
func (r *Recent) Remove(dir string) {
	dir = cleanDir(dir)
	var list []string
	for _, d := range r.prefs.StringList(RecentKey) {
		if d != dir {
			list = append(list, d)
		}
	}
	r.prefs.SetStringList(RecentKey, list)
}

// RecentCodesKey prefixes the Preferences key, one per project folder,
// of the codes on the workbench's keys 1–9.
const RecentCodesKey = "recentCodes:"

// recentCodes keeps a project's codes on keys 1–9 in the app's
// Preferences (workbench.RecentCodes).
type recentCodes struct {
	prefs fyne.Preferences
	key   string
}

// Load implements workbench.RecentCodes.
func (r recentCodes) Load() []qda.GUID {
	var out []qda.GUID
	for _, c := range r.prefs.StringList(r.key) {
		out = append(out, qda.GUID(c))
	}
	return out
}

// Save implements workbench.RecentCodes.
func (r recentCodes) Save(codes []qda.GUID) {
	list := make([]string, len(codes))
	for i, c := range codes {
		list[i] = string(c)
	}
	r.prefs.SetStringList(r.key, list)
}

// cleanDir makes dir absolute and clean, so one folder has one entry.
func cleanDir(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return filepath.Clean(dir)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
