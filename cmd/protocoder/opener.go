package main

import (
	"context"
	"log/slog"

	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/wire"
	"github.com/protocoder/protocoder/sampledata"
)

// opener opens and creates projects with the real adapters; it implements
// shell.Opener.
type opener struct {
	user string
	log  *slog.Logger
}

func (o opener) options() wire.Options { return wire.Options{User: o.user, Log: o.log} }

// Open opens the project in dir.
func (o opener) Open(dir string) (*project.Project, error) { return wire.Open(dir, o.options()) }

// RestoreNewest restores the newest backup of the project in dir (the
// damaged project file is kept in the backups folder); it implements
// shell.Restorer.
func (o opener) RestoreNewest(dir string) (string, error) {
	return wire.RestoreNewest(dir, o.options())
}

// OpenFinishing opens the project in dir and reports each interrupted
// operation it finishes on the way; it implements shell.FinishingOpener.
func (o opener) OpenFinishing(dir string, passphrase []byte, finishing func(kind string)) (*project.Project, error) {
	opts := o.options()
	opts.Store.Passphrase = passphrase
	opts.Store.OnPending = finishing
	return wire.Open(dir, opts)
}

// Init creates an empty project named name in dir.
func (o opener) Init(dir, name string) error { return wire.Init(dir, name, o.options()) }

// Sample creates a fresh copy of the embedded sample project in dir.
func (o opener) Sample(dir string) error {
	opts := o.options()
	opts.User = ""
	return wire.CreateSample(dir, sampledata.FS, opts)
}

// OpenWithPassphrase opens a project encrypted at rest.
func (o opener) OpenWithPassphrase(dir string, passphrase []byte) (*project.Project, error) {
	opts := o.options()
	opts.Store.Passphrase = passphrase
	return wire.Open(dir, opts)
}

// Restore restores the named backup of the project in dir (not open) and
// returns the name of the backup of the state before; it implements
// shell.BackupRestorer.
func (o opener) Restore(ctx context.Context, dir, name string) (string, error) {
	b, err := wire.RestoreContext(ctx, dir, name, o.options())
	return b.Name, err
}

// Protect encrypts the project in dir (not open) at rest; it implements
// shell.Protector.
func (o opener) Protect(dir string, pass []byte) error {
	_, err := wire.Protect(dir, pass, o.options())
	return err
}

// Unprotect takes the encryption off the project in dir (not open).
func (o opener) Unprotect(dir string, pass []byte) error {
	_, err := wire.Unprotect(dir, pass, o.options())
	return err
}
