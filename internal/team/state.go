package team

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

// StateFile is the file in a project folder that links it to a team
// project. It holds a session token, so it is readable by its owner only.
const StateFile = "team.json"

// State is a project folder's link to a team project.
type State struct {
	// Server is the server's base URL, Project the project's name there.
	Server      string   `json:"server"`
	Project     string   `json:"project"`
	ProjectGUID qda.GUID `json:"project_guid"`
	// User is the account this laptop pushes as.
	User     string    `json:"user"`
	UserGUID qda.GUID  `json:"user_guid,omitempty"`
	Token    string    `json:"token,omitempty"`
	Expires  time.Time `json:"expires,omitempty"`
	// Cursor is the newest server sequence number applied here.
	Cursor uint64 `json:"cursor"`
	// LocalSeq is the local log's mark: every local command up to it is
	// on the server, came from it, or stays here (a refusal's revert).
	LocalSeq uint64    `json:"local_seq"`
	LastSync time.Time `json:"last_sync,omitzero"`
	// Refused lists what the last sync's pushes had refused.
	Refused []Refused `json:"refused,omitempty"`
	// Conflicts are the refused commands someone else's change beat,
	// with both versions, open until the user resolves them (Resolve);
	// resolved ones stay as the record of what was decided.
	Conflicts []Conflict `json:"conflicts,omitempty"`
}

// ErrNotLinked says a folder is no replica of a team project.
var ErrNotLinked = errors.New("not linked to a team server")

// LoadState reads dir's team link.
func LoadState(dir string) (*State, error) {
	b, err := os.ReadFile(filepath.Join(dir, StateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s is %w: run protocoder-cli team clone or team connect", dir, ErrNotLinked)
	} else if err != nil {
		return nil, err
	}
	var st State
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, StateFile), err)
	}
	return &st, nil
}

// Save writes the link atomically (a temporary file renamed over it).
func (st *State) Save(dir string) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	path := filepath.Join(dir, StateFile)
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("save the team link: %w", err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("save the team link: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// URL is the team URL of the link.
func (st *State) URL() string { return st.Server + "/" + st.Project }
