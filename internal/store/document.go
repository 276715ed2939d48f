package store

import (
	"fmt"

	"github.com/protocoder/protocoder/internal/qda"
)

// Document returns the document's metadata or a not-found error.
func (t *Tx) Document(id qda.GUID) (*qda.Document, error) {
	return one[qda.Document](t, "document", id)
}

// Documents returns the metadata of every document.
func (t *Tx) Documents() ([]qda.Document, error) { return all[qda.Document](t, "document") }

// PutDocument validates and writes a document's metadata.
func (t *Tx) PutDocument(d *qda.Document) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return t.put("document", string(d.GUID), d)
}

// Text returns a document's canonical text.
func (t *Tx) Text(id qda.GUID) (string, error) {
	var buf []byte
	raw, _, utf, err := t.textInto(id, &buf)
	if err != nil {
		return "", err
	}
	if raw == nil {
		return "", qda.Errorf(qda.ENotFound, "the text of document %s does not exist", id)
	}
	if utf {
		return string(raw), nil
	}
	s, err := decodeJSONString(raw)
	if err != nil {
		return "", fmt.Errorf("decode text %s: %w", id, err)
	}
	return s, nil
}

// PutText writes a document's text, which must be canonical. The caller
// keeps the document's Length in step.
func (t *Tx) PutText(id qda.GUID, text string) error {
	if err := qda.CheckCanonical(text); err != nil {
		return err
	}
	return t.put("text", string(id), text)
}

// DeleteDocument deletes a document, its text and its codings.
func (t *Tx) DeleteDocument(id qda.GUID) error {
	cs, err := t.CodingsOfDocument(id)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if err := t.DeleteCoding(c.GUID); err != nil {
			return err
		}
	}
	if err := t.del("text", string(id)); err != nil && qda.ErrorCode(err) != qda.ENotFound {
		return err
	}
	return t.del("document", string(id))
}
