package study

import (
	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
)

// Info is the summary that `protocoder-cli info` prints.
type Info struct {
	Name          string `json:"name"`
	GUID          string `json:"guid"`
	SchemaVersion int    `json:"schema_version"`
	Users         int    `json:"users"`
	Guidelines    int    `json:"guidelines"`
	Questions     int    `json:"questions"`
	Codes         int    `json:"codes"`
	Cases         int    `json:"cases"`
	Interviews    int    `json:"interviews"`
	Documents     int    `json:"documents"`
	Codings       int    `json:"codings"`
	Coders        int    `json:"coders"`
	Memos         int    `json:"memos"`
	Commands      int    `json:"commands"`
}

// Info counts the project's entities.
func (s *Service) Info() (Info, error) {
	var in Info
	err := s.View(func(tx app.Tx) error {
		if err := counts(tx, &in); err != nil {
			return err
		}
		gs, err := tx.Guidelines()
		if err != nil {
			return err
		}
		for i := range gs {
			in.Questions += gs[i].Count().Questions
		}
		coders := map[qda.GUID]bool{}
		err = tx.EachCodingRef(func(c *qda.CodingRef) error { coders[c.Coder] = true; return nil })
		in.Coders = len(coders)
		return err
	})
	return in, err
}

// Counts is Info without Questions and Coders, which read every guideline
// and every coding: the counts the status bar shows after every change,
// taken from the store's page headers alone.
func (s *Service) Counts() (Info, error) {
	var in Info
	err := s.View(func(tx app.Tx) error { return counts(tx, &in) })
	return in, err
}

// counts fills in the project's name and the entity counts.
func counts(tx app.Tx, in *Info) error {
	p, err := tx.Project()
	if err != nil {
		return err
	}
	in.Name, in.GUID = p.Name, string(p.GUID)
	if in.SchemaVersion, err = tx.SchemaVersion(); err != nil {
		return err
	}
	c := tx.EntityCounts()
	in.Users, in.Guidelines, in.Codes, in.Cases = c.Users, c.Guidelines, c.Codes, c.Cases
	in.Interviews, in.Documents, in.Codings, in.Memos, in.Commands = c.Interviews, c.Documents, c.Codings, c.Memos, c.Commands
	return nil
}
