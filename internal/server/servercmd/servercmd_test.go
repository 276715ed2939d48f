package servercmd

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/server/pgtest"
	"github.com/protocoder/protocoder/internal/teamapi"
)

// runCmd runs a command with $PROTOCODER_DB=db and $PROTOCODER_KEY_DIR=keys.
func runCmd(t *testing.T, db, keys, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: env(db, keys)})
	return code, out.String(), errb.String()
}

func env(db, keyDir string) func(string) string {
	return func(k string) string {
		switch k {
		case "PROTOCODER_DB":
			return db
		case "PROTOCODER_KEY_DIR":
			return keyDir
		}
		return ""
	}
}

// TestMain_Commands runs the server's commands on a fresh cluster: init,
// user add, user list, project create, serve; then logs in over HTTP.
func TestMain_Commands(t *testing.T) {
	c := pgtest.Start(t)
	db := c.URL
	kd := filepath.Join(t.TempDir(), "keys") // init creates it
	steps := []struct {
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"", []string{"init"}, 0, "the database is ready"},
		{"", []string{"init", "--db", db}, 0, "schema version 3"},
		{"", []string{"init", "--db", db, "--key-dir", ""}, 1, "no key folder"},
		{"anna-passwort-123\n", []string{"user", "add", "anna", "--role", "interviewer"}, 0, "user anna (interviewer) added"},
		{"ben-passwort-1234\n", []string{"user", "add", "ben", "--role", "coder,reader"}, 0, "user ben (coder,reader) added"},
		{"ben-passwort-1234\n", []string{"user", "add", "ben", "--role", "coder"}, 1, "there is a user ben already"},
		{"", []string{"user", "add", "cleo", "--role", "coder"}, 1, "give the password on standard input"},
		{"kurz\n", []string{"user", "add", "cleo", "--role", "coder"}, 1, "shorter than 10"},
		{"cleo-passwort-123\n", []string{"user", "add", "cleo", "--role", "boss"}, 2, `unknown role "boss"`},
		{"", []string{"user", "list"}, 0, "ben   coder,reader"},
		{"", []string{"project", "create", "ejo"}, 0, "project ejo created"},
		{"", []string{"project", "create", "e/jo"}, 1, "use letters, digits"},
		{"", []string{"project", "list"}, 0, "ejo"},
		{"", []string{"project", "members", "ejo"}, 0, "anna\tinterviewer\nben\tcoder,reader"},
		{"", []string{"project", "create", "privat", "--empty"}, 0, "project privat created"},
		{"", []string{"project", "members", "privat"}, 0, ""},
		{"cleo-passwort-123\n", []string{"user", "add", "cleo", "--role", "coder", "--project", "privat"}, 0, "user cleo (coder) added"},
		{"", []string{"project", "add-member", "privat", "anna", "--role", "lead"}, 0, "anna is a member of privat as lead"},
		{"", []string{"project", "members", "privat"}, 0, "anna\tlead\ncleo\tcoder"},
		{"", []string{"project", "members", "ejo"}, 0, "anna\tinterviewer\nben\tcoder,reader\n"},
		{"", []string{"project", "add-member", "privat", "nobody", "--role", "lead"}, 1, "there is no user nobody"},
		{"", []string{"project", "add-member", "nirgends", "anna", "--role", "lead"}, 1, "there is no project nirgends"},
		{"", []string{"project", "remove-member", "privat", "anna"}, 0, "anna is no longer a member of privat"},
		{"", []string{"project", "remove-member", "privat", "anna"}, 1, "anna is not a member of privat"},
		{"dora-passwort-123\n", []string{"user", "add", "dora", "--role", "dpo", "--project", "nirgends"}, 1, "there is no project nirgends"},
		{"", []string{"audit"}, 0, "admin.member.remove\tprivat"},
		{"", []string{"serve", "--listen", "0.0.0.0:0"}, 2, "plain HTTP is served only on a loopback address"},
		{"", []string{"serve", "--listen", "127.0.0.1:0", "--tls-cert", "x.pem"}, 2, "give both --tls-cert and --tls-key"},
		{"", []string{"frobnicate"}, 2, "unknown command"},
	}
	for _, s := range steps {
		code, out, stderr := runCmd(t, db, kd, s.stdin, s.args...)
		if code != s.code || !strings.Contains(out+stderr, s.want) {
			t.Errorf("%v: exit %d\n%s%s\nwant exit %d with %q", s.args, code, out, stderr, s.code, s.want)
		}
	}
	if _, out, _ := runCmd(t, db, kd, "", "project", "members", "ejo"); strings.Contains(out, "cleo") {
		t.Errorf("cleo, added to privat only, is a member of ejo:\n%s", out)
	}
	if code, _, stderr := runCmd(t, "", kd, "", "user", "list"); code != 1 || !strings.Contains(stderr, "PROTOCODER_DB") {
		t.Errorf("without a database: exit %d: %s", code, stderr)
	}

	// serve, then log in over HTTP; cancelling the context stops it.
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan int)
	var out, errb bytes.Buffer
	go func() {
		done <- Main(ctx, []string{"serve", "--db", db, "--key-dir", kd, "--listen", "127.0.0.1:0"}, &Env{Stdout: &out, Stderr: &errb, Ready: func(a string) { addr <- a }})
	}()
	base := "http://" + <-addr
	body, _ := json.Marshal(teamapi.LoginRequest{User: "anna", Password: "anna-passwort-123"})
	resp, err := http.Post(base+"/api/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var lr teamapi.LoginResponse
	if err := json.NewDecoder(resp.Body).Decode(&lr); err != nil || resp.StatusCode != 200 || lr.Token == "" || lr.User.Name != "anna" {
		t.Errorf("login: %d %+v %v", resp.StatusCode, lr, err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest("GET", base+"/api/projects/ejo", nil)
	req.Header.Set("Authorization", "Bearer "+lr.Token)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var p teamapi.Project
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil || p.Name != "ejo" || p.Head != 2 {
		t.Errorf("project: %+v, %v (want the two member commands)", p, err)
	}
	resp.Body.Close()
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve ended with %d: %s", code, errb.String())
	}
}
