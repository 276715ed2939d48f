package shell

import "fyne.io/fyne/v2"

// UserKey is the Preferences key of the acting user's name.
const UserKey = "userName"

// UserName returns the acting user's name: $PROTOCODER_USER, else the name
// kept in prefs, else $USER (or $USERNAME on Windows).
func UserName(prefs fyne.Preferences, getenv func(string) string) string {
	if u := getenv("PROTOCODER_USER"); u != "" {
		return u
	}
	if u := prefs.String(UserKey); u != "" {
		return u
	}
	if u := getenv("USER"); u != "" {
		return u
	}
	return getenv("USERNAME")
}

// ProjectArg returns the project folder to open at start: the first
// argument that is not a flag, else $PROTOCODER_PROJECT.
func ProjectArg(args []string, getenv func(string) string) string {
	for _, a := range args {
		if a != "" && a[0] != '-' {
			return a
		}
	}
	return getenv("PROTOCODER_PROJECT")
}
