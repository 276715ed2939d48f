package teamview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// SyncStatus is the status bar's part for the team link: when it last
// synced, what waits, conflicts and refusals, or why it is offline. A tap
// calls OnTapped (the shell opens the conflicts, the refusals or the
// connect dialog, or syncs at once).
type SyncStatus struct {
	widget.Button
	status Status
}

// NewSyncStatus returns the part, showing "connecting…" until Set.
func NewSyncStatus(onTapped func()) *SyncStatus {
	s := &SyncStatus{}
	s.OnTapped = onTapped
	s.Importance = widget.LowImportance
	s.ExtendBaseWidget(s)
	s.Set(Status{})
	return s
}

// Set shows st. Call it on the UI goroutine.
func (s *SyncStatus) Set(st Status) {
	s.status = st
	s.Text = StatusText(st)
	switch {
	case st.Conflicts > 0 || len(st.Refused) > 0 || st.Problem == ProblemSession || st.Problem == ProblemLogin || st.Problem == ProblemNotMember:
		s.Icon, s.Importance = theme.WarningIcon(), widget.WarningImportance
	case st.Problem != "" || !st.Online && !st.LastSync.IsZero():
		s.Icon, s.Importance = theme.NewDisabledResource(theme.ViewRefreshIcon()), widget.LowImportance
	default:
		s.Icon, s.Importance = theme.ViewRefreshIcon(), widget.LowImportance
	}
	s.Refresh()
}

// Status returns the status shown.
func (s *SyncStatus) Status() Status { return s.status }

// MinSize keeps the part from growing beyond its text.
func (s *SyncStatus) MinSize() fyne.Size { return s.Button.MinSize() }
