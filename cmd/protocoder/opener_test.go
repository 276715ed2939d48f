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
