// Package qda holds protocoder's domain: projects, guidelines with their
// question trees, codes, cases, interviews, documents, codings, memos and
// the command records that form the audit log.
//
// The package is pure: it imports only the standard library, performs no
// I/O and keeps no global state. Every rule that can be checked without a
// store (a coding's range lies inside its document, a status may move from
// draft to complete, a question id looks as printed) lives here, so that the
// store, the index, the importers and the user interface all apply the same
// rules.
package qda
