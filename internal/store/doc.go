// Package store keeps a project in a bbolt file, the single source of truth
// of a project folder.
//
// All buckets and keys are declared in schema.go together with the schema
// version and the migrations that lead to it. Every value goes through one
// Codec (codec.go), the place where encryption at rest plugs in. Every
// mutation runs inside DB.Update, which records a qda.Command with the
// before and after images of everything the transaction wrote, in the same
// transaction: the audit log and the basis of undo. A text image is stored
// once, as a text version the live text and the commands refer to
// (textversion.go); readers get it inline. One file per aggregate holds its
// typed accessors (code.go, coding.go, …).
package store
