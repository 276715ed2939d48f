package shell

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestUserName(t *testing.T) {
	tests := []struct {
		name string
		pref string
		env  map[string]string
		want string
	}{
		{"explicit env wins", "anna", map[string]string{"PROTOCODER_USER": "ben", "USER": "root"}, "ben"},
		{"preference", "anna", map[string]string{"USER": "root"}, "anna"},
		{"login name", "", map[string]string{"USER": "carla"}, "carla"},
		{"windows", "", map[string]string{"USERNAME": "dora"}, "dora"},
		{"nothing", "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			a.Preferences().SetString(UserKey, tt.pref)
			if got := UserName(a.Preferences(), func(k string) string { return tt.env[k] }); got != tt.want {
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
