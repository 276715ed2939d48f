package cli

import (
	"flag"
	"io"
	"reflect"
	"testing"
)

func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantPos []string
		wantN   int
	}{
		{"flags first", []string{"-n", "3", "a", "b"}, []string{"a", "b"}, 3},
		{"flags after positionals", []string{"a", "-n", "4", "b"}, []string{"a", "b"}, 4},
		{"dash dash keeps leading minus", []string{"-n", "2", "--", "-Leitfaden", "x"}, []string{"-Leitfaden", "x"}, 2},
		{"dash dash after positional", []string{"a", "--", "-b", "-n"}, []string{"a", "-b", "-n"}, 1},
		{"no args", nil, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			n := fs.Int("n", 1, "")
			if err := parseInterspersed(fs, tt.args); err != nil {
				t.Fatal(err)
			}
			got := fs.Args()
			if len(got) == 0 {
				got = nil
			}
			if !reflect.DeepEqual(got, tt.wantPos) || *n != tt.wantN {
				t.Errorf("got %q n=%d, want %q n=%d", got, *n, tt.wantPos, tt.wantN)
			}
		})
	}
}
