package version

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestVersion_MatchesFyneApp(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(file), "..", "..", "FyneApp.toml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read FyneApp.toml: %v", err)
	}
	var meta struct {
		Details struct{ Version string }
	}
	if err := toml.Unmarshal(data, &meta); err != nil {
		t.Fatalf("parse FyneApp.toml: %v", err)
	}
	if meta.Details.Version != Version {
		t.Fatalf("FyneApp.toml says version %q, internal/version says %q: change both", meta.Details.Version, Version)
	}
}

func TestInfo_String(t *testing.T) {
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"no build info", nil, "protocoder-cli " + Version + " (revision unknown)"},
		{"no vcs", &debug.BuildInfo{GoVersion: "go1.26.8"}, "protocoder-cli " + Version + " (revision unknown, go1.26.8)"},
		{"clean", &debug.BuildInfo{GoVersion: "go1.26.8", Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "d4ae853c1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d"},
			{Key: "vcs.time", Value: "2026-12-05T02:57:41Z"},
			{Key: "vcs.modified", Value: "false"},
		}}, "protocoder-cli " + Version + " (revision d4ae853c1a2b, 2026-12-05T02:57:41Z, go1.26.8)"},
		{"modified", &debug.BuildInfo{Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "abc"},
			{Key: "vcs.modified", Value: "true"},
		}}, "protocoder-cli " + Version + " (revision abc+modified)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fromBuildInfo(tt.bi).String("protocoder-cli"); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
