package app

import (
	"sort"
	"strings"

	"github.com/protocoder/protocoder/internal/qda"
)

// Guidelines returns every guideline, sorted by key.
func (s *Service) Guidelines() ([]qda.Guideline, error) {
	var out []qda.Guideline
	err := s.store.View(func(tx Tx) (err error) { out, err = tx.Guidelines(); return err })
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, err
}

// Guideline returns one guideline, found by GUID or by key (e.g. "A.1.1").
func (s *Service) Guideline(ref string) (*qda.Guideline, error) {
	var g *qda.Guideline
	err := s.store.View(func(tx Tx) (err error) { g, err = findGuideline(tx, ref); return err })
	return g, err
}

func findGuideline(tx Tx, ref string) (*qda.Guideline, error) {
	if g, err := tx.Guideline(qda.GUID(ref)); err == nil {
		return g, nil
	}
	gs, err := tx.Guidelines()
	if err != nil {
		return nil, err
	}
	for i := range gs {
		if strings.EqualFold(gs[i].Key, ref) {
			return &gs[i], nil
		}
	}
	return nil, qda.Errorf(qda.ENotFound, "no guideline %q", ref)
}

// Codes returns the codebook, sorted by parent, order and name.
func (s *Service) Codes() ([]qda.Code, error) {
	var out []qda.Code
	err := s.store.View(func(tx Tx) (err error) { out, err = tx.Codes(); return err })
	sort.Slice(out, func(i, j int) bool {
		if out[i].Parent != out[j].Parent {
			return out[i].Parent < out[j].Parent
		}
		if out[i].Order != out[j].Order {
			return out[i].Order < out[j].Order
		}
		return out[i].Name < out[j].Name
	})
	return out, err
}

// Cases returns every case, sorted by pseudonym.
func (s *Service) Cases() ([]qda.Case, error) {
	var out []qda.Case
	err := s.store.View(func(tx Tx) (err error) { out, err = tx.Cases(); return err })
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

// Interviews returns every interview, sorted by level, wave and date.
func (s *Service) Interviews() ([]qda.Interview, error) {
	var out []qda.Interview
	err := s.store.View(func(tx Tx) (err error) { out, err = tx.Interviews(); return err })
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Level != b.Level {
			return levelRank(a.Level) < levelRank(b.Level)
		}
		if a.Wave != b.Wave {
			return a.Wave < b.Wave
		}
		if !a.Date.Equal(b.Date) {
			return a.Date.Before(b.Date)
		}
		return a.Interviewee < b.Interviewee
	})
	return out, err
}

func levelRank(l qda.Level) int {
	for i, x := range qda.Levels {
		if x == l {
			return i
		}
	}
	return len(qda.Levels)
}

// Documents returns the metadata of every document, sorted by name.
func (s *Service) Documents() ([]qda.Document, error) {
	var out []qda.Document
	err := s.store.View(func(tx Tx) (err error) { out, err = tx.Documents(); return err })
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

// DocumentWithText returns a document's metadata, text and codings (sorted
// by start).
func (s *Service) DocumentWithText(id qda.GUID) (*qda.Document, string, []qda.Coding, error) {
	var d *qda.Document
	var text string
	var cs []qda.Coding
	err := s.store.View(func(tx Tx) (err error) {
		if d, err = tx.Document(id); err != nil {
			return err
		}
		if text, err = tx.Text(id); err != nil {
			return err
		}
		cs, err = tx.CodingsOfDocument(id)
		return err
	})
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].Start != cs[j].Start {
			return cs[i].Start < cs[j].Start
		}
		return cs[i].End > cs[j].End
	})
	return d, text, cs, err
}

// Users returns the project's users, sorted by name.
func (s *Service) Users() ([]qda.User, error) {
	var out []qda.User
	err := s.store.View(func(tx Tx) (err error) { out, err = tx.Users(); return err })
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

// User returns a user by name or GUID.
func (s *Service) User(ref string) (*qda.User, error) {
	var u *qda.User
	err := s.store.View(func(tx Tx) (err error) { u, err = findUser(tx, ref); return err })
	return u, err
}

// Names maps the GUIDs of codes, users, cases, guidelines and documents to
// their display names, for listings.
func (s *Service) Names() (map[qda.GUID]string, error) {
	n := map[qda.GUID]string{}
	err := s.store.View(func(tx Tx) error {
		codes, err := tx.Codes()
		if err != nil {
			return err
		}
		for _, c := range codes {
			n[c.GUID] = c.Name
		}
		users, err := tx.Users()
		if err != nil {
			return err
		}
		for _, u := range users {
			n[u.GUID] = u.Name
		}
		cases, err := tx.Cases()
		if err != nil {
			return err
		}
		for _, c := range cases {
			n[c.GUID] = c.Name
		}
		gs, err := tx.Guidelines()
		if err != nil {
			return err
		}
		for _, g := range gs {
			n[g.GUID] = g.Key
		}
		docs, err := tx.Documents()
		for _, d := range docs {
			n[d.GUID] = d.Name
		}
		return err
	})
	return n, err
}
