package privacy

import (
	"sort"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// AuditEntry is one command of the log as the audit view shows it: who
// did what and when, never the text itself (the change images are left
// out; only the kinds and keys of the entities touched are listed).
type AuditEntry struct {
	Seq      uint64    `json:"seq"`
	Time     time.Time `json:"time"`
	User     string    `json:"user"`
	UserGUID qda.GUID  `json:"user_guid,omitempty"`
	Kind     string    `json:"kind"`
	Summary  string    `json:"summary"`
	// Entities counts the entities touched, by kind ("coding": 12).
	Entities map[string]int `json:"entities,omitempty"`
	// Targets are the entities touched as "kind:key", at most 20.
	Targets []string `json:"targets,omitempty"`
	// Reverts is the command an undo or redo reverts.
	Reverts qda.GUID `json:"reverts,omitempty"`
}

// AuditFilter selects audit entries; zero fields match everything.
type AuditFilter struct {
	// User is a user name or GUID.
	User string
	// Kind matches command kinds by prefix ("anon." or "purge").
	Kind string
	// From and To bound the time, To exclusive.
	From, To time.Time
	// Limit keeps the newest Limit entries (0: all).
	Limit int
}

// maxTargets bounds the targets listed per entry.
const maxTargets = 20

// Audit returns the command log as audit entries, newest first.
func (s *Service) Audit(f AuditFilter) ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.View(func(tx app.Tx) error {
		users, err := tx.Users()
		if err != nil {
			return err
		}
		names := map[qda.GUID]string{}
		for _, u := range users {
			names[u.GUID] = u.Name
		}
		return tx.Commands(1, func(c *qda.Command) error {
			e := AuditEntry{Seq: c.Seq, Time: c.Time, User: names[c.User], UserGUID: c.User, Kind: c.Kind,
				Summary: c.Summary, Reverts: c.Reverts}
			if !f.matches(&e) {
				return nil
			}
			for _, ch := range c.Changes {
				if e.Entities == nil {
					e.Entities = map[string]int{}
				}
				e.Entities[ch.Entity]++
				if len(e.Targets) < maxTargets {
					e.Targets = append(e.Targets, ch.Entity+":"+ch.Key)
				}
			}
			out = append(out, e)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	// The log is read oldest first; show the newest first.
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

func (f AuditFilter) matches(e *AuditEntry) bool {
	if f.User != "" && !strings.EqualFold(f.User, e.User) && f.User != string(e.UserGUID) {
		return false
	}
	if f.Kind != "" && !strings.HasPrefix(e.Kind, f.Kind) {
		return false
	}
	if !f.From.IsZero() && e.Time.Before(f.From) {
		return false
	}
	if !f.To.IsZero() && !e.Time.Before(f.To) {
		return false
	}
	return true
}

// AuditKinds returns the command kinds in the log, sorted, for filters.
func (s *Service) AuditKinds() ([]string, error) {
	seen := map[string]bool{}
	err := s.View(func(tx app.Tx) error {
		return tx.Commands(1, func(c *qda.Command) error { seen[c.Kind] = true; return nil })
	})
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out, err
}
