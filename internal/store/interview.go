package store

import "github.com/protocoder/protocoder/internal/qda"

// Interview returns the interview with the given GUID or a not-found error.
func (t *Tx) Interview(id qda.GUID) (*qda.Interview, error) {
	return one[qda.Interview](t, "interview", id)
}

// Interviews returns every interview.
func (t *Tx) Interviews() ([]qda.Interview, error) { return all[qda.Interview](t, "interview") }

// PutInterview validates and writes a interview.
func (t *Tx) PutInterview(v *qda.Interview) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return t.put("interview", string(v.GUID), v)
}

// DeleteInterview deletes a interview; callers delete what refers to it first.
func (t *Tx) DeleteInterview(id qda.GUID) error { return t.del("interview", string(id)) }
