// Package readmodel keeps decoded views of the store in memory, tied to
// its command sequence number: the project's metadata (interviews, cases,
// members, codes, documents, guideline keys; meta.go) and a table of every
// coding's references (codings.go). Every change to the store is a command
// that names the keys it wrote, so a view at sequence number n is brought
// to m by re-reading what the commands n+1…m name, and a reader always
// gets the view of the transaction it reads in.
//
// The core (internal/app) holds one of each and hands them to the
// features (IndexMetaOf, DocumentsOf, CodingTableOf); the package depends
// on the domain types alone and reads through Source, which the core's
// store transaction satisfies.
package readmodel

import "github.com/protocoder/protocoder/internal/qda"

// Source is what the read model reads from: a read-only store
// transaction (app.Tx has these methods).
type Source interface {
	LastCommandSeq() uint64
	Commands(from uint64, fn func(*qda.Command) error) error

	Interviews() ([]qda.Interview, error)
	Interview(qda.GUID) (*qda.Interview, error)
	Cases() ([]qda.Case, error)
	Case(qda.GUID) (*qda.Case, error)
	Users() ([]qda.User, error)
	User(qda.GUID) (*qda.User, error)
	Codes() ([]qda.Code, error)
	Code(qda.GUID) (*qda.Code, error)
	Documents() ([]qda.Document, error)
	Document(qda.GUID) (*qda.Document, error)
	Guidelines() ([]qda.Guideline, error)
	Guideline(qda.GUID) (*qda.Guideline, error)

	Coding(qda.GUID) (*qda.Coding, error)
	EachCodingRef(func(*qda.CodingRef) error) error
}
