// Package version tells which protocoder this is: the release version, kept
// equal to FyneApp.toml's [Details] Version by a test, and the VCS revision
// the Go toolchain stamps into every binary built inside the repository.
// Standard library only, so both binaries and every layer may use it.
package version

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// Version is the release version; FyneApp.toml's Version is the source of
// truth (TestVersion_MatchesFyneApp checks they agree).
const Version = "0.1.0"

// Info is what a binary knows about its own build.
type Info struct {
	// Version is the release version.
	Version string
	// Revision is the VCS commit the binary was built from; empty when the
	// build carries none (go test, a build outside the repository, -buildvcs=false).
	Revision string
	// Time is the commit time of Revision in RFC 3339, when known.
	Time string
	// Modified reports uncommitted changes in the work tree at build time.
	Modified bool
	// Go is the toolchain version.
	Go string
}

// Read returns the running binary's Info.
func Read() Info {
	bi, _ := debug.ReadBuildInfo()
	return fromBuildInfo(bi)
}

func fromBuildInfo(bi *debug.BuildInfo) Info {
	in := Info{Version: Version}
	if bi == nil {
		return in
	}
	in.Go = bi.GoVersion
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			in.Revision = s.Value
		case "vcs.time":
			in.Time = s.Value
		case "vcs.modified":
			in.Modified = s.Value == "true"
		}
	}
	return in
}

// String formats the Info as one line for `--version`, e.g.
// "protocoder 0.1.0 (revision d4ae853c1a2b, 2026-12-05T02:57:41Z, go1.26.8)".
func (in Info) String(program string) string {
	var parts []string
	switch {
	case in.Revision == "":
		parts = append(parts, "revision unknown")
	case in.Modified:
		parts = append(parts, "revision "+short(in.Revision)+"+modified")
	default:
		parts = append(parts, "revision "+short(in.Revision))
	}
	if in.Time != "" {
		parts = append(parts, in.Time)
	}
	if in.Go != "" {
		parts = append(parts, in.Go)
	}
	return fmt.Sprintf("%s %s (%s)", program, in.Version, strings.Join(parts, ", "))
}

func short(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}
