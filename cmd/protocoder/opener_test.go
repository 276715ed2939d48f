package main

import (
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/shell"
)

var _ shell.Opener = opener{}

func TestOpener_InitOpen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Jobcenter Süd")
	o := opener{user: "anna", log: slog.New(slog.DiscardHandler)}
	if err := o.Init(dir, "Jobcenter Süd"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		dir  string
		code string
	}{
		{"project", dir, ""},
		{"not a project", t.TempDir(), qda.ENotProject},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, err := o.Open(tt.dir)
			if got := qda.ErrorCode(err); got != tt.code {
				t.Fatalf("error %v, want code %q", err, tt.code)
			}
			if err != nil {
				return
			}
			defer svc.Close()
			in, err := svc.Info()
			if err != nil || in.Name != "Jobcenter Süd" {
				t.Errorf("Info() = %+v, %v", in, err)
			}
		})
	}
}

var _ shell.Protector = opener{}

// TestOpener_Protect encrypts a project and takes the encryption off
// again, as File ▸ Data protection does.
func TestOpener_Protect(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	o := opener{user: "anna", log: slog.New(slog.DiscardHandler)}
	if err := o.Init(dir, "P"); err != nil {
		t.Fatal(err)
	}
	pass := []byte("geheim-genug")
	if err := o.Protect(dir, pass); err != nil {
		t.Fatal(err)
	}
	if _, err := o.Open(dir); qda.ErrorCode(err) != qda.EProtected {
		t.Fatalf("open without the passphrase: %v", err)
	}
	svc, err := o.OpenWithPassphrase(dir, pass)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Close(); err != nil {
		t.Fatal(err)
	}
	if err := o.Unprotect(dir, []byte("falsch-falsch")); qda.ErrorCode(err) != qda.EProtected {
		t.Errorf("unprotect with a wrong passphrase: %v", err)
	}
	if err := o.Unprotect(dir, pass); err != nil {
		t.Fatal(err)
	}
	svc, err = o.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	_ = svc.Close()
}
