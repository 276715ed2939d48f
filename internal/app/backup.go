package app

// Backup writes a backup of the project now.
func (s *Service) Backup() (BackupInfo, error) { return s.store.Backup("manual") }

// Backups lists the project's backups, newest first.
func (s *Service) Backups() ([]BackupInfo, error) { return s.store.Backups() }
