package store

import "github.com/protocoder/protocoder/internal/qda"

// Memo returns the memo with the given GUID or a not-found error.
func (t *Tx) Memo(id qda.GUID) (*qda.Memo, error) { return one[qda.Memo](t, "memo", id) }

// Memos returns every memo.
func (t *Tx) Memos() ([]qda.Memo, error) { return all[qda.Memo](t, "memo") }

// PutMemo validates and writes a memo.
func (t *Tx) PutMemo(v *qda.Memo) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return t.put("memo", string(v.GUID), v)
}

// DeleteMemo deletes a memo; callers delete what refers to it first.
func (t *Tx) DeleteMemo(id qda.GUID) error { return t.del("memo", string(id)) }
