package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// runAs runs the CLI with only the given environment (no $USER unless
// given).
func runAs(tb testing.TB, env map[string]string, args ...string) (int, string, string) {
	tb.Helper()
	var out, errb strings.Builder
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	code := Main(args, e)
	return code, out.String(), errb.String()
}

func TestMember_Commands(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	none := map[string]string{}
	if code, out, stderr := runAs(t, none, "init", dir); code != 0 || !strings.Contains(out, "member add NAME") {
		t.Fatalf("init: %d %s %s", code, out, stderr)
	}
	steps := []struct {
		name   string
		env    map[string]string
		args   []string
		code   int
		stdout string // substring of stdout
		stderr string // substring of stderr
	}{
		{"write without members", none, []string{"code", "add", "X"}, ExitError, "", "no team members yet"},
		{"first member acts for themself", none, []string{"member", "add", "mara", "--full-name", "Mara Lindner", "--initials", "ML", "--roles", "lead,coder"}, ExitOK, "-", ""},
		{"no acting user", none, []string{"code", "add", "X"}, ExitError, "", "Members: mara (Mara Lindner; lead, coder)"},
		{"unknown --user", none, []string{"--user", "someone-new", "code", "add", "X"}, ExitError, "", `"someone-new" is not a member`},
		{"unknown $PROTOCODER_USER", map[string]string{"PROTOCODER_USER": "anna"}, []string{"code", "add", "X"}, ExitError, "", "member add NAME --roles"},
		{"$USER that is no member", map[string]string{"USER": "root"}, []string{"code", "add", "X"}, ExitError, "", `$USER "root" is not a member`},
		{"$USER that is a member", map[string]string{"USER": "mara"}, []string{"code", "add", "X"}, ExitOK, "-", ""},
		{"initials", none, []string{"--user", "ml", "code", "add", "Y"}, ExitOK, "-", ""},
		{"no roles", none, []string{"--user", "mara", "member", "add", "ben"}, ExitUsage, "", "at least one role"},
		{"unknown role", none, []string{"--user", "mara", "member", "add", "ben", "--roles", "boss"}, ExitUsage, "", "unknown role"},
		{"second member", none, []string{"--user", "mara", "member", "add", "ben", "--roles", "interviewer"}, ExitOK, "-", ""},
		{"taken name", none, []string{"--user", "mara", "member", "add", "Ben", "--roles", "coder"}, ExitError, "", "exists already"},
		{"a non-member adds nobody", none, []string{"--user", "carla", "member", "add", "carla", "--roles", "coder"}, ExitError, "", "not a member"},
		{"edit", none, []string{"--user", "ben", "member", "edit", "ben", "--roles", "interviewer,coder", "--initials", "BB"}, ExitOK, "ben\tBB\tinterviewer, coder", ""},
		{"edit without flags", none, []string{"--user", "ben", "member", "edit", "ben"}, ExitUsage, "", "give --full-name"},
		{"list", map[string]string{"PROTOCODER_USER": "ben"}, []string{"member", "list"}, ExitOK, "* ben", ""},
	}
	for _, st := range steps {
		code, out, stderr := runAs(t, st.env, append([]string{"-p", dir}, st.args...)...)
		if code != st.code || !strings.Contains(out, st.stdout) || !strings.Contains(stderr, st.stderr) {
			t.Errorf("%s: %v: exit %d (want %d)\nstdout: %s\nstderr: %s", st.name, st.args, code, st.code, out, stderr)
		}
	}
	code, out, stderr := runAs(t, none, "-p", dir, "member", "list", "--json")
	var ms []struct {
		Name  string   `json:"name"`
		Roles []string `json:"roles"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &ms) != nil || len(ms) != 2 || ms[0].Name != "ben" || len(ms[0].Roles) != 2 {
		t.Errorf("member list --json: %d %s %s", code, out, stderr)
	}
	assertAuditUsers(t, dir, map[string]bool{"mara": true, "ben": true})
}

// assertAuditUsers checks that every command of the project names one of
// the users.
func assertAuditUsers(t *testing.T, dir string, users map[string]bool) {
	t.Helper()
	code, out, stderr := runAs(t, nil, "-p", dir, "audit", "list", "--json", "--limit", "100000")
	if code != 0 {
		t.Fatalf("audit list: %d %s", code, stderr)
	}
	var es []struct {
		Seq  int    `json:"seq"`
		User string `json:"user"`
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal([]byte(out), &es); err != nil || len(es) == 0 {
		t.Fatalf("audit list --json: %v\n%s", err, out)
	}
	for _, e := range es {
		if !users[e.User] {
			t.Errorf("command %d (%s) by %q", e.Seq, e.Kind, e.User)
		}
	}
}

func TestSample_AuditNamesMembers(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	if code, _, stderr := runAs(t, nil, "sample", dir); code != 0 {
		t.Fatalf("sample: %s", stderr)
	}
	assertAuditUsers(t, dir, map[string]bool{"mara": true})
}
