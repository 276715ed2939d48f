package app

import (
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/readmodel"
)

// IndexMeta holds the decoded interviews, cases, members and codes that
// passage building and retrieval need (see internal/readmodel).
type IndexMeta = readmodel.Meta

// DocMap and InterviewMap hold the cache's documents and interviews by
// GUID: maps that never change (readmodel.Map).
type (
	DocMap       = readmodel.Map[qda.GUID, *qda.Document]
	InterviewMap = readmodel.Map[qda.GUID, *qda.Interview]
)

// IndexMetaOf returns the decoded interviews, cases, members and codes as
// of tx, a read-only transaction (View), from the metadata cache, kept
// current by command sequence number. The maps must not be changed.
func (s *Service) IndexMetaOf(tx Tx) (*IndexMeta, error) {
	v, err := s.meta.Snapshot(tx)
	if err != nil {
		return nil, err
	}
	return v.Meta, nil
}

// DocumentsOf returns every document of the project (metadata, no texts)
// as of tx, a read-only transaction (View), from the metadata cache. The
// documents must not be changed.
func (s *Service) DocumentsOf(tx Tx) (*DocMap, error) {
	v, err := s.meta.Snapshot(tx)
	if err != nil {
		return nil, err
	}
	return v.Docs, nil
}

// DocumentsOfInterview returns the GUIDs of an interview's documents as
// of tx, a read-only transaction (View), from the metadata cache. The
// slice must not be changed.
func (s *Service) DocumentsOfInterview(tx Tx, iv qda.GUID) ([]qda.GUID, error) {
	v, err := s.meta.Snapshot(tx)
	if err != nil {
		return nil, err
	}
	return v.DocumentsOfInterview(iv), nil
}

// DocumentRanksOf returns every document's place in the order of names
// (GUIDs break ties) as of tx, a read-only transaction (View), computed
// once per change of the documents. The map must not be changed.
func (s *Service) DocumentRanksOf(tx Tx) (map[qda.GUID]int, error) {
	v, err := s.meta.Snapshot(tx)
	if err != nil {
		return nil, err
	}
	return v.DocRanks(), nil
}

// CodingTableOf returns the table of every coding's references as of tx,
// a read-only transaction (View): built at the first call, kept current by
// command sequence number after that. It must not be changed.
func (s *Service) CodingTableOf(tx Tx) (*qda.CodingTable, error) { return s.codings.Snapshot(tx) }
