package shell

// UserName returns the team member named by $PROTOCODER_USER, "" if
// unset. The login name ($USER) does not count: without $PROTOCODER_USER
// the shell asks who is working on the first open of a project and
// remembers the answer per project (MemberKey).
func UserName(getenv func(string) string) string {
	return getenv("PROTOCODER_USER")
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
