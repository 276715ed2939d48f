package cli

import (
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/version"
)

func TestMain_Version(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"-version"}, {"version"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, out, stderr := run(t, "", args...)
			want := "protocoder-cli " + version.Version + " ("
			if code != 0 || !strings.HasPrefix(out, want) || !strings.Contains(out, "revision") {
				t.Errorf("exit %d, stdout %q, stderr %q; want %q… with a revision", code, out, stderr, want)
			}
		})
	}
	if code, _, stderr := run(t, "", "version", "extra"); code != ExitUsage || !strings.Contains(stderr, "no arguments") {
		t.Errorf("version extra: exit %d, stderr %q", code, stderr)
	}
}
