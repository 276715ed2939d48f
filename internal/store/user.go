package store

import "github.com/protocoder/protocoder/internal/qda"

// User returns the user with the given GUID or a not-found error.
func (t *Tx) User(id qda.GUID) (*qda.User, error) { return one[qda.User](t, "user", id) }

// Users returns every user.
func (t *Tx) Users() ([]qda.User, error) { return all[qda.User](t, "user") }

// PutUser validates and writes a user.
func (t *Tx) PutUser(v *qda.User) error {
	if err := v.Validate(); err != nil {
		return err
	}
	return t.put("user", string(v.GUID), v)
}

// DeleteUser deletes a user; callers delete what refers to it first.
func (t *Tx) DeleteUser(id qda.GUID) error { return t.del("user", string(id)) }
