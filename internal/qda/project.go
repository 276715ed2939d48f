package qda

import (
	"strings"
	"time"
)

// Project describes a project as a whole. There is exactly one per store.
type Project struct {
	// GUID identifies the project across exports and merges.
	GUID GUID `json:"guid"`
	// Name is the project's display name.
	Name string `json:"name"`
	// Created is when the project was initialised.
	Created time.Time `json:"created"`
	// BackupKeep is how many rotating backups are kept; 0 means the default.
	BackupKeep int `json:"backup_keep,omitempty"`
}

// DefaultBackupKeep is the number of backups kept when a project sets none.
const DefaultBackupKeep = 5

// Keep returns the effective number of backups to keep.
func (p *Project) Keep() int {
	if p.BackupKeep <= 0 {
		return DefaultBackupKeep
	}
	return p.BackupKeep
}

// Validate checks the project record.
func (p *Project) Validate() error {
	if err := validGUID("project", p.GUID); err != nil {
		return err
	}
	if strings.TrimSpace(p.Name) == "" {
		return Errorf(EInvalid, "a project needs a name")
	}
	return nil
}
