package main

import "testing"

func TestMain_WantsVersion(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{"/tmp/project"}, false},
		{[]string{"--version"}, true},
		{[]string{"-version"}, true},
		{[]string{"/tmp/project", "--version"}, true},
		{[]string{"version"}, false}, // a project folder may be called "version"
	} {
		if got := wantsVersion(tc.args); got != tc.want {
			t.Errorf("wantsVersion(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}
