package shell

import (
	"testing"
)

func TestUserName(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"explicit env", map[string]string{"PROTOCODER_USER": "ben", "USER": "root"}, "ben"},
		{"login name does not count", map[string]string{"USER": "carla", "USERNAME": "dora"}, ""},
		{"nothing", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := UserName(func(k string) string { return tt.env[k] }); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestProjectArg(t *testing.T) {
	tests := []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"/data/ejo"}, "/env", "/data/ejo"},
		{[]string{"-v", "/data/ejo"}, "", "/data/ejo"},
		{nil, "/env", "/env"},
		{nil, "", ""},
	}
	for _, tt := range tests {
		got := ProjectArg(tt.args, func(string) string { return tt.env })
		if got != tt.want {
			t.Errorf("ProjectArg(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}
