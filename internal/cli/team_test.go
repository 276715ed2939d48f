package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server"
	"github.com/protocoder/protocoder/internal/server/memstore"
	"github.com/protocoder/protocoder/internal/server/pgstore"
	"github.com/protocoder/protocoder/internal/server/pgtest"
	"github.com/protocoder/protocoder/internal/server/vault"
)

// teamServer starts a team server on a store of the given kind with the
// accounts lea (lead), anna (interviewer), ben (coder) and rita (reader)
// and the project ejo; it returns the project's URL.
func teamServer(t *testing.T, kind string) string {
	t.Helper()
	ctx := context.Background()
	var st server.Store
	switch kind {
	case "memory":
		st = memstore.New()
	case "postgresql":
		c := pgtest.Start(t)
		keys, err := vault.OpenDir(filepath.Join(t.TempDir(), "keys"), true)
		if err != nil {
			t.Fatal(err)
		}
		pg, err := pgstore.Open(ctx, c.URL, keys)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = pg.Close() })
		st = pg
	}
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, u := range []struct{ name, roles string }{{"lea", "lead"}, {"anna", "interviewer"}, {"ben", "coder"}, {"rita", "reader"}} {
		rs, err := server.ParseRoles(u.roles)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := server.AddUser(ctx, st, u.name, rs, "pw-of-"+u.name+"-long", nil, now); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := server.CreateProject(ctx, st, "ejo", true, now); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(server.New(server.Config{Store: st}).Handler())
	t.Cleanup(hs.Close)
	return hs.URL + "/ejo"
}

// runAs runs the CLI with user's password in $PROTOCODER_PASSWORD.
func runTeam(tb testing.TB, user string, args ...string) (int, string, string) {
	tb.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		if k == "PROTOCODER_PASSWORD" {
			return "pw-of-" + user + "-long"
		}
		return ""
	}}
	code := Main(args, e)
	return code, out.String(), errb.String()
}

func mustRunAs(tb testing.TB, user string, args ...string) string {
	tb.Helper()
	code, out, stderr := runTeam(tb, user, args...)
	if code != 0 {
		tb.Fatalf("%s: %v: exit %d\n%s%s", user, args, code, out, stderr)
	}
	return out
}

func syncReport(tb testing.TB, user, dir string) map[string]any {
	tb.Helper()
	out := mustRunAs(tb, user, "-p", dir, "sync", "--json")
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		tb.Fatalf("sync --json: %v\n%s", err, out)
	}
	return r
}

func exportQDPX(tb testing.TB, user, dir string) []byte {
	tb.Helper()
	out := filepath.Join(tb.TempDir(), user+".qdpx")
	mustRunAs(tb, user, "-p", dir, "--user", user, "export", "qdpx", out)
	b, err := os.ReadFile(out)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestTeam_Acceptance is issue 27's acceptance: anna (interviewer) imports
// a protocol and syncs; ben (coder) codes a passage of it and syncs; anna
// syncs; both exports are identical, and ben's change of the protocol's
// text is refused (and taken back on his laptop).
func TestTeam_Acceptance(t *testing.T) {
	for _, kind := range []string{"memory", "postgresql"} {
		t.Run(kind, func(t *testing.T) {
			url := teamServer(t, kind)
			root := t.TempDir()
			lea, anna, ben := filepath.Join(root, "lea"), filepath.Join(root, "anna"), filepath.Join(root, "ben")
			for _, p := range [][2]string{{"lea", lea}, {"anna", anna}, {"ben", ben}} {
				mustRunAs(t, p[0], "team", "clone", url, p[1], "--user", p[0])
			}
			// The lead sets the study up: guideline and site.
			guide := filepath.Join(root, "t1.guide.md")
			if err := os.WriteFile(guide, []byte(testGuide), 0o644); err != nil {
				t.Fatal(err)
			}
			mustRunAs(t, "lea", "-p", lea, "--user", "lea", "guideline", "import", guide)
			mustRunAs(t, "lea", "-p", lea, "--user", "lea", "case", "add", "JC-03")
			if r := syncReport(t, "lea", lea); r["pushed"].(float64) != 2 {
				t.Errorf("lea's sync: %v", r)
			}
			// anna imports a protocol and syncs.
			syncReport(t, "anna", anna)
			out := mustRunAs(t, "anna", "-p", anna, "--user", "anna", "protocol", "import", "--guideline", "T.1", "--role", "IFK",
				"--case", "JC-03", "--interviewee", "IFK-a", fixture("protokoll.txt"))
			ivGUID := strings.Fields(out)[1]
			if r := syncReport(t, "anna", anna); r["pushed"].(float64) != 1 || len(r["refused"].([]any)) != 0 {
				t.Fatalf("anna's sync: %v", r)
			}
			// ben codes a passage of it and syncs.
			if r := syncReport(t, "ben", ben); r["pulled"].(float64) < 3 {
				t.Errorf("ben pulled %v", r)
			}
			var ivs []struct {
				GUID     string `json:"guid"`
				Document string `json:"document"`
			}
			if err := json.Unmarshal([]byte(mustRunAs(t, "ben", "-p", ben, "--user", "ben", "interview", "list", "--json")), &ivs); err != nil || len(ivs) != 1 || ivs[0].GUID != ivGUID {
				t.Fatalf("ben's interviews: %+v, %v", ivs, err)
			}
			mustRunAs(t, "ben", "-p", ben, "--user", "ben", "code", "add", "Teamarbeit")
			mustRunAs(t, "ben", "-p", ben, "--user", "ben", "coding", "add", "--doc", ivs[0].Document, "--start", "0", "--end", "12", "--code", "Teamarbeit")
			if r := syncReport(t, "ben", ben); r["pushed"].(float64) != 2 || len(r["refused"].([]any)) != 0 {
				t.Fatalf("ben's sync: %v", r)
			}
			// anna syncs: both exports are identical.
			if r := syncReport(t, "anna", anna); r["pulled"].(float64) != 2 {
				t.Errorf("anna's second sync: %v", r)
			}
			qa, qb := exportQDPX(t, "anna", anna), exportQDPX(t, "ben", ben)
			if !bytes.Equal(qa, qb) {
				t.Fatalf("anna's and ben's QDPX exports differ (%d and %d bytes)", len(qa), len(qb))
			}
			if cl := mustRunAs(t, "anna", "-p", anna, "--user", "anna", "codes", "list"); !strings.Contains(cl, "Teamarbeit") {
				t.Errorf("anna's codebook lacks ben's code:\n%s", cl)
			}
			// ben changes the protocol's text: the server refuses, his
			// laptop takes it back.
			other := filepath.Join(root, "changed.txt")
			orig, err := os.ReadFile(fixture("protokoll.txt"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(other, append(orig, "\nBen schreibt etwas dazu.\n"...), 0o644); err != nil {
				t.Fatal(err)
			}
			mustRunAs(t, "ben", "-p", ben, "--user", "ben", "protocol", "import", "--interview", ivGUID, other)
			code, out, stderr := runTeam(t, "ben", "-p", ben, "sync")
			if code != ExitError || !strings.Contains(out, "refused: ") || !strings.Contains(out, "changed only by its interviewer (anna)") || !strings.Contains(stderr, "refused 1") || strings.Contains(out, "not taken back") {
				t.Fatalf("ben's text change: exit %d\n%s%s", code, out, stderr)
			}
			if qb := exportQDPX(t, "ben", ben); !bytes.Equal(qa, qb) {
				t.Errorf("ben's replica differs after the refused change was taken back")
			}
			syncReport(t, "anna", anna)
			if qa2 := exportQDPX(t, "anna", anna); !bytes.Equal(qa, qa2) {
				t.Errorf("the refused change reached anna")
			}
			// The lead's replica converges too.
			syncReport(t, "lea", lea)
			if ql := exportQDPX(t, "lea", lea); !bytes.Equal(qa, ql) {
				t.Errorf("lea's export differs")
			}
			st := mustRunAs(t, "ben", "-p", ben, "team", "status")
			// ben's export since his last sync waits to reach the
			// central audit.
			for _, w := range []string{"user: ben", "waiting to be pushed: 1", "server: online"} {
				if !strings.Contains(st, w) {
					t.Errorf("team status lacks %q:\n%s", w, st)
				}
			}
		})
	}
}

// TestTeam_Refusals: a reader pushes nothing; an interviewer does not
// change another's protocol; a wrong password is refused.
func TestTeam_Refusals(t *testing.T) {
	url := teamServer(t, "memory")
	root := t.TempDir()
	rita := filepath.Join(root, "rita")
	code, _, stderr := runTeam(t, "nobody", "team", "clone", url, rita, "--user", "rita")
	if code == 0 || !strings.Contains(stderr, "wrong user name or password") {
		t.Fatalf("clone with a wrong password: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(rita); !os.IsNotExist(err) {
		t.Errorf("a refused clone left %s behind", rita)
	}
	mustRunAs(t, "rita", "team", "clone", url, rita, "--user", "rita")
	mustRunAs(t, "rita", "-p", rita, "--user", "rita", "code", "add", "Notiz")
	code, out, _ := runTeam(t, "rita", "-p", rita, "sync")
	if code != ExitError || !strings.Contains(out, "readers push nothing") {
		t.Errorf("reader's push: exit %d: %s", code, out)
	}
	for _, bad := range []string{"ftp://x/ejo", "http://192.0.2.1:8443/ejo", "http://127.0.0.1:1/"} {
		if code, _, stderr := runTeam(t, "ben", "team", "clone", bad, filepath.Join(root, "x"), "--user", "ben"); code != ExitUsage {
			t.Errorf("clone %s: exit %d: %s", bad, code, stderr)
		}
	}
	_ = qda.MemberReader
}

// TestTeam_Connect: a replica whose link was lost is linked again and
// syncs without pushing or pulling anything twice; a project of its own
// is not linked.
func TestTeam_Connect(t *testing.T) {
	url := teamServer(t, "memory")
	ben := filepath.Join(t.TempDir(), "ben")
	mustRunAs(t, "ben", "team", "clone", url, ben, "--user", "ben")
	mustRunAs(t, "ben", "-p", ben, "--user", "ben", "code", "add", "Teamarbeit")
	syncReport(t, "ben", ben)
	if err := os.Remove(filepath.Join(ben, "team.json")); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runTeam(t, "ben", "-p", ben, "sync"); code != ExitError || !strings.Contains(stderr, "not linked to a team server") {
		t.Errorf("sync without a link: exit %d: %s", code, stderr)
	}
	if out := mustRunAs(t, "ben", "-p", ben, "team", "connect", url, "--user", "ben"); !strings.Contains(out, "is linked to") {
		t.Errorf("connect: %s", out)
	}
	if r := syncReport(t, "ben", ben); r["pushed"].(float64) != 0 || r["pulled"].(float64) != 0 || len(r["refused"].([]any)) != 0 {
		t.Errorf("sync after connect: %v", r)
	}
	own := newProject(t)
	if code, _, stderr := runTeam(t, "ben", "-p", own, "team", "connect", url, "--user", "ben"); code != ExitError || !strings.Contains(stderr, "use team clone") {
		t.Errorf("connect a project of its own: exit %d: %s", code, stderr)
	}
}

// TestTeam_ConflictsResolve: lea and ben change the same code's memo
// offline; ben's sync reports the conflict with both versions, team
// conflicts lists it, and resolving it keeping his brings his memo to
// lea with hers in the record.
func TestTeam_ConflictsResolve(t *testing.T) {
	url := teamServer(t, "memory")
	root := t.TempDir()
	lea, ben := filepath.Join(root, "lea"), filepath.Join(root, "ben")
	mustRunAs(t, "lea", "team", "clone", url, lea, "--user", "lea")
	mustRunAs(t, "ben", "team", "clone", url, ben, "--user", "ben")
	mustRunAs(t, "lea", "-p", lea, "--user", "lea", "code", "add", "Teamarbeit")
	syncReport(t, "lea", lea)
	syncReport(t, "ben", ben)
	mustRunAs(t, "lea", "-p", lea, "--user", "lea", "code", "set", "Teamarbeit", "--memo", "Leas Notiz")
	mustRunAs(t, "ben", "-p", ben, "--user", "ben", "code", "set", "Teamarbeit", "--memo", "Bens Notiz")
	syncReport(t, "lea", lea)
	code, out, stderr := runTeam(t, "ben", "-p", ben, "sync")
	if code != ExitError || !strings.Contains(out, "conflicts 1") || !strings.Contains(out, "mine:   Teamarbeit") || !strings.Contains(out, "team conflicts resolve ID --keep mine|theirs") {
		t.Fatalf("ben's sync: exit %d\n%s%s", code, out, stderr)
	}
	var cs []struct {
		GUID       string `json:"guid"`
		Resolution string `json:"resolution"`
	}
	if err := json.Unmarshal([]byte(mustRunAs(t, "ben", "-p", ben, "team", "conflicts", "--json")), &cs); err != nil || len(cs) != 1 {
		t.Fatalf("team conflicts --json: %+v, %v", cs, err)
	}
	if st := mustRunAs(t, "ben", "-p", ben, "team", "status"); !strings.Contains(st, "open conflicts: 1") {
		t.Errorf("team status:\n%s", st)
	}
	list := mustRunAs(t, "ben", "-p", ben, "team", "conflicts")
	for _, w := range []string{"conflict " + cs[0].GUID[:8] + " (open)", "Bens Notiz", "Leas Notiz"} {
		if !strings.Contains(list, w) {
			t.Errorf("team conflicts lacks %q:\n%s", w, list)
		}
	}
	for _, bad := range [][]string{
		{"team", "conflicts", "resolve", cs[0].GUID},                       // no --keep
		{"team", "conflicts", "resolve", cs[0].GUID, "--keep", "beide"},    // no such choice
		{"team", "conflicts", "resolve", "ffffffff", "--keep", "mine"},     // no such conflict
		{"team", "conflicts", "resolve", cs[0].GUID[:4], "--keep", "mine"}, // too short
	} {
		if code, out, _ := runTeam(t, "ben", append([]string{"-p", ben}, bad...)...); code == 0 {
			t.Errorf("%v: exit 0\n%s", bad, out)
		}
	}
	if out := mustRunAs(t, "ben", "-p", ben, "team", "conflicts", "resolve", cs[0].GUID[:8], "--keep", "mine"); !strings.Contains(out, "kept your version") {
		t.Errorf("resolve: %s", out)
	}
	if out := mustRunAs(t, "ben", "-p", ben, "team", "conflicts"); !strings.Contains(out, "no conflicts") {
		t.Errorf("after resolve: %s", out)
	}
	if all := mustRunAs(t, "ben", "-p", ben, "team", "conflicts", "--all"); !strings.Contains(all, "resolved: mine") || !strings.Contains(all, "Leas Notiz") {
		t.Errorf("--all keeps the record with both versions:\n%s", all)
	}
	if r := syncReport(t, "ben", ben); r["pushed"].(float64) != 1 || len(r["refused"].([]any)) != 0 {
		t.Errorf("ben's sync after keeping his: %v", r)
	}
	syncReport(t, "lea", lea)
	if cl := mustRunAs(t, "lea", "-p", lea, "--user", "lea", "codes", "list", "--json"); !strings.Contains(cl, "Bens Notiz") {
		t.Errorf("lea's codebook after ben kept his memo:\n%s", cl)
	}
}
