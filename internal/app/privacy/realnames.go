package privacy

import (
	"fmt"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/keyfile"
	"github.com/protocoder/protocoder/internal/qda"
)

// Real site names
//
// A site's real name belongs in the pseudonym key. Older projects kept it
// in the case (qda.Case.RealName), in the clear in project.db. When the key
// is created or unlocked, moveRealNames puts every such name into the key
// (kind org, the case's name as its pseudonym) and erases it from the
// project folder as an anonymisation erases a replaced name.

// RealNamesInProject counts the sites whose real name the project file
// still holds.
func (s *Service) RealNamesInProject() (int, error) {
	n := 0
	err := s.View(func(tx app.Tx) error {
		cs, err := tx.Cases()
		for _, c := range cs {
			if c.RealName != "" {
				n++
			}
		}
		return err
	})
	return n, err
}

// moveRealNames moves the real names of sites from the project file into
// the unlocked key and erases them from the disk; it returns how many.
func (s *Service) moveRealNames() (int, error) {
	var cases []qda.Case
	if err := s.View(func(tx app.Tx) error {
		cs, err := tx.Cases()
		for _, c := range cs {
			if c.RealName != "" {
				cases = append(cases, c)
			}
		}
		return err
	}); err != nil || len(cases) == 0 {
		return 0, err
	}
	s.anon.mu.Lock()
	if s.anon.key == nil {
		s.anon.mu.Unlock()
		return 0, errKeyLocked()
	}
	for _, c := range cases {
		if _, ok := s.anon.key.Lookup(c.RealName); ok {
			continue
		}
		if err := s.addEntryLocked(keyfile.Entry{Real: c.RealName, Pseudonym: c.Name, Kind: "org", Note: "site"}); err != nil {
			s.anon.mu.Unlock()
			return 0, fmt.Errorf("move the real name of %s into the key: %w", c.Name, err)
		}
	}
	s.anon.mu.Unlock()
	clearNames := func(tx app.Tx) error {
		for _, c := range cases {
			cur, err := tx.Case(c.GUID)
			if err != nil {
				return err
			}
			cur.RealName = ""
			if err := tx.PutCase(cur); err != nil {
				return err
			}
		}
		return nil
	}
	summary := fmt.Sprintf("move the real names of %d site(s) into the pseudonym key", len(cases))
	er, ok := s.Store().(Eraser)
	if !ok {
		return len(cases), s.Write("key.sites", summary, clearNames)
	}
	spec := EraseSpec{Derived: true, Seal: s.sealImage}
	for _, c := range cases {
		spec.Needles = append(spec.Needles, c.RealName)
	}
	if _, err := s.eraseAs(er, &qda.Command{Kind: "key.sites", Summary: summary}, clearNames, spec); err != nil {
		return 0, err
	}
	return len(cases), nil
}
