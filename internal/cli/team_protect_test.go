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

	"github.com/jackc/pgx/v5"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server"
	"github.com/protocoder/protocoder/internal/server/pgstore"
	"github.com/protocoder/protocoder/internal/server/pgtest"
	"github.com/protocoder/protocoder/internal/server/vault"
	"github.com/protocoder/protocoder/internal/store/zvalue"
)

// pgTeam is a team server on a throwaway PostgreSQL cluster with the
// accounts lea (lead), anna (interviewer), ben (coder) and dora (dpo) and
// the project ejo.
type pgTeam struct {
	url     string
	cluster *pgtest.Cluster
	keys    *vault.Dir
	st      *pgstore.Store
}

func newPGTeam(t *testing.T) *pgTeam {
	t.Helper()
	ctx := context.Background()
	c := pgtest.Start(t)
	keys, err := vault.OpenDir(filepath.Join(t.TempDir(), "keys"), true)
	if err != nil {
		t.Fatal(err)
	}
	st, err := pgstore.Open(ctx, c.URL, keys)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, u := range []struct{ name, roles string }{{"lea", "lead"}, {"anna", "interviewer"}, {"ben", "coder"}, {"dora", "dpo"}} {
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
	return &pgTeam{url: hs.URL + "/ejo", cluster: c, keys: keys, st: st}
}

func qdaGUID(s string) qda.GUID { return qda.GUID(s) }

// checkpoint makes PostgreSQL write everything to its data files.
func (p *pgTeam) checkpoint(t *testing.T) {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), p.cluster.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), "CHECKPOINT"); err != nil {
		t.Fatal(err)
	}
}

// filesHolding lists the files under dir whose bytes hold needle, in the
// clear or inside a compressed value of a project file.
func filesHolding(t *testing.T, dir, needle string) []string {
	t.Helper()
	var hits []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return nil // a temporary file of the running server
			}
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if os.IsNotExist(err) {
			return nil
		} else if err != nil {
			return err
		}
		if bytes.Contains(zvalue.Reveal(b), []byte(needle)) {
			hits = append(hits, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

// TestTeam_PurgeCanaryPostgreSQL is issue 27's data-protection test on
// PostgreSQL: a protocol's text and a memo are never in the clear in the
// server's data directory (WAL included), only sealed; the
// data-protection officer purges the interview and syncs; after a
// CHECKPOINT the data directory still holds no canary, the purged data key
// wrapped as it was before (say, in an old backup) no longer opens with
// the project key, and every other laptop has erased the text at its next
// sync.
func TestTeam_PurgeCanaryPostgreSQL(t *testing.T) {
	const canary = "Kanarienvogel-93b1"
	p := newPGTeam(t)
	root := t.TempDir()
	dirs := map[string]string{}
	for _, u := range []string{"lea", "anna", "ben", "dora"} {
		dirs[u] = filepath.Join(root, u)
		mustRunAs(t, u, "team", "clone", p.url, dirs[u], "--user", u)
	}
	guide := filepath.Join(root, "t1.guide.md")
	if err := os.WriteFile(guide, []byte(testGuide), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRunAs(t, "lea", "-p", dirs["lea"], "--user", "lea", "guideline", "import", guide)
	mustRunAs(t, "lea", "-p", dirs["lea"], "--user", "lea", "case", "add", "JC-03")
	syncReport(t, "lea", dirs["lea"])
	orig, err := os.ReadFile(fixture("protokoll.txt"))
	if err != nil {
		t.Fatal(err)
	}
	proto := filepath.Join(root, "protokoll.txt")
	if err := os.WriteFile(proto, append(orig, "\nFrau "+canary+" aus Celle erzählt von ihrem Sohn.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	syncReport(t, "anna", dirs["anna"])
	out := mustRunAs(t, "anna", "-p", dirs["anna"], "--user", "anna", "protocol", "import", "--guideline", "T.1", "--role", "IFK",
		"--case", "JC-03", "--interviewee", "IFK-a", proto)
	ivGUID := strings.Fields(out)[1]
	syncReport(t, "anna", dirs["anna"])
	syncReport(t, "ben", dirs["ben"])
	var ivs []struct {
		Document string `json:"document"`
	}
	if err := json.Unmarshal([]byte(mustRunAs(t, "ben", "-p", dirs["ben"], "--user", "ben", "interview", "list", "--json")), &ivs); err != nil || len(ivs) != 1 {
		t.Fatalf("ben's interviews: %+v, %v", ivs, err)
	}
	doc := ivs[0].Document
	mustRunAs(t, "ben", "-p", dirs["ben"], "--user", "ben", "code", "add", "Familie")
	mustRunAs(t, "ben", "-p", dirs["ben"], "--user", "ben", "coding", "add", "--doc", doc, "--start", "0", "--end", "12", "--code", "Familie",
		"--memo", "Frau "+canary+" wird hier zitiert")
	syncReport(t, "ben", dirs["ben"])
	syncReport(t, "dora", dirs["dora"])
	for _, u := range []string{"ben", "dora"} {
		if len(filesHolding(t, dirs[u], canary)) == 0 {
			t.Fatalf("%s's replica lacks the canary before the purge: the test would prove nothing", u)
		}
	}
	data := filepath.Join(p.cluster.Dir, "data")
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, p.cluster.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	// A control: text in the clear is found by the search below.
	if _, err := conn.Exec(ctx, `CREATE TABLE control (t text); INSERT INTO control VALUES ('Kontrollvogel-' || 'e5c2')`); err != nil {
		t.Fatal(err)
	}
	p.checkpoint(t)
	if len(filesHolding(t, data, "Kontrollvogel-e5c2")) == 0 {
		t.Fatal("a text in the clear is not found in the data directory: the search proves nothing")
	}
	if hits := filesHolding(t, data, canary); len(hits) > 0 {
		t.Fatalf("before the purge, the server's data directory holds the text in the clear: %v", hits)
	}
	// The document's data key as a backup of today would hold it.
	var projectGUID string
	var oldWrapped []byte
	if err := conn.QueryRow(ctx, `SELECT p.guid, d.wrapped FROM projects p JOIN data_keys d ON d.project = p.guid WHERE d.scope = $1`, "document/"+doc).Scan(&projectGUID, &oldWrapped); err != nil {
		t.Fatalf("the document's data key: %v", err)
	}

	out = mustRunAs(t, "dora", "-p", dirs["dora"], "--user", "dora", "purge", "--interview", ivGUID)
	if !strings.Contains(out, "purged 1 interview(s)") {
		t.Errorf("purge: %s", out)
	}
	if r := syncReport(t, "dora", dirs["dora"]); r["pushed"].(float64) != 1 {
		t.Fatalf("dora's sync: %v", r)
	}
	p.checkpoint(t)
	if hits := filesHolding(t, data, canary); len(hits) > 0 {
		t.Errorf("after the purge and a checkpoint, the server's data directory holds the canary: %v", hits)
	}
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM data_keys WHERE scope = $1`, "document/"+doc).Scan(&n); err != nil || n != 0 {
		t.Errorf("the purged document's data key is still there: %d, %v", n, err)
	}
	var keyID []byte
	if err := conn.QueryRow(ctx, `SELECT key_id FROM projects WHERE guid = $1`, projectGUID).Scan(&keyID); err != nil {
		t.Fatal(err)
	}
	pk, err := p.keys.Load(projectGUID, keyID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pk.Unwrap(oldWrapped, []byte(projectGUID+"\x00document/"+doc)); err == nil {
		t.Error("the purged data key, as a backup from before the purge holds it, still opens with the project key")
	}
	if files, _ := os.ReadDir(p.keys.Path()); len(files) != 1 {
		t.Errorf("the key folder holds %d files, want the one current project key", len(files))
	}
	for _, u := range []string{"lea", "anna", "ben"} {
		r := syncReport(t, u, dirs[u])
		if r["purged"].(float64) != 1 {
			t.Errorf("%s's sync: %v", u, r)
		}
	}
	for u, dir := range dirs {
		if hits := filesHolding(t, dir, canary); len(hits) > 0 {
			t.Errorf("%s's replica still holds the canary after the sync: %v", u, hits)
		}
	}
	// The replicas still agree.
	ql := exportQDPX(t, "lea", dirs["lea"])
	for _, u := range []string{"anna", "ben", "dora"} {
		if q := exportQDPX(t, u, dirs[u]); !bytes.Equal(ql, q) {
			t.Errorf("%s's export differs from lea's after the purge", u)
		}
	}
}

// TestTeam_AnonymiseCanaryPostgreSQL: the data-protection officer
// anonymises a protocol (the pseudonym key locked: placeholders) and
// syncs; the server erases the replaced name from its log and gives the
// document's scope a new data key, so its old data key, as a backup from
// before holds it, opens no more; every laptop erases the name at its
// next sync, one cloned afterwards gets the anonymised text, and all
// exports agree.
func TestTeam_AnonymiseCanaryPostgreSQL(t *testing.T) {
	const name = "Westermann"
	p := newPGTeam(t)
	root := t.TempDir()
	dirs := map[string]string{}
	for _, u := range []string{"lea", "anna", "ben", "dora"} {
		dirs[u] = filepath.Join(root, u)
		mustRunAs(t, u, "team", "clone", p.url, dirs[u], "--user", u)
	}
	guide := filepath.Join(root, "t1.guide.md")
	if err := os.WriteFile(guide, []byte(testGuide), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRunAs(t, "lea", "-p", dirs["lea"], "--user", "lea", "guideline", "import", guide)
	mustRunAs(t, "lea", "-p", dirs["lea"], "--user", "lea", "case", "add", "JC-03")
	syncReport(t, "lea", dirs["lea"])
	orig, err := os.ReadFile(fixture("protokoll.txt"))
	if err != nil {
		t.Fatal(err)
	}
	proto := filepath.Join(root, "protokoll.txt")
	if err := os.WriteFile(proto, append(orig, "\nFrau "+name+" erzählt von ihrem Sohn.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	syncReport(t, "anna", dirs["anna"])
	mustRunAs(t, "anna", "-p", dirs["anna"], "--user", "anna", "protocol", "import", "--guideline", "T.1", "--role", "IFK",
		"--case", "JC-03", "--interviewee", "IFK-a", proto)
	syncReport(t, "anna", dirs["anna"])
	for _, u := range []string{"ben", "dora"} {
		syncReport(t, u, dirs[u])
	}
	var ivs []struct {
		Document string `json:"document"`
	}
	if err := json.Unmarshal([]byte(mustRunAs(t, "ben", "-p", dirs["ben"], "--user", "ben", "interview", "list", "--json")), &ivs); err != nil || len(ivs) != 1 {
		t.Fatalf("ben's interviews: %+v, %v", ivs, err)
	}
	doc := ivs[0].Document
	if len(filesHolding(t, dirs["ben"], name)) == 0 {
		t.Fatal("ben's replica lacks the name before the anonymisation: the test would prove nothing")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, p.cluster.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var projectGUID string
	var oldWrapped []byte
	if err := conn.QueryRow(ctx, `SELECT project, wrapped FROM data_keys WHERE scope = $1`, "document/"+doc).Scan(&projectGUID, &oldWrapped); err != nil {
		t.Fatal(err)
	}
	var keyID []byte
	if err := conn.QueryRow(ctx, `SELECT key_id FROM projects WHERE guid = $1`, projectGUID).Scan(&keyID); err != nil {
		t.Fatal(err)
	}
	oldPK, err := p.keys.Load(projectGUID, keyID)
	if err != nil {
		t.Fatal(err)
	}
	oldDK, err := oldPK.Unwrap(oldWrapped, []byte(projectGUID+"\x00document/"+doc))
	if err != nil {
		t.Fatal(err)
	}

	if out := mustRunAs(t, "dora", "-p", dirs["dora"], "--user", "dora", "anon", "apply", "--all", "--doc", doc); !strings.Contains(out, "replaced") {
		t.Fatalf("anon apply: %s", out)
	}
	if r := syncReport(t, "dora", dirs["dora"]); r["pushed"].(float64) != 1 || len(r["refused"].([]any)) != 0 {
		t.Fatalf("dora's sync: %v", r)
	}
	for _, u := range []string{"lea", "anna", "ben"} {
		if r := syncReport(t, u, dirs[u]); len(r["refused"].([]any)) != 0 {
			t.Errorf("%s's sync: %v", u, r)
		}
	}
	late := filepath.Join(root, "late")
	mustRunAs(t, "lea", "team", "clone", p.url, late, "--user", "lea")
	dirs["late"] = late
	for u, dir := range dirs {
		if hits := filesHolding(t, dir, name); len(hits) > 0 {
			t.Errorf("%s's replica still holds the replaced name: %v", u, hits)
		}
	}
	// The server's log holds the name nowhere, and the document's scope
	// has a new data key: the old one, had a backup kept it, opens none of
	// what the server holds now.
	es, err := p.st.Commands(ctx, qdaGUID(projectGUID), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if strings.Contains(string(e.Command), name) {
			t.Errorf("the server still serves the name in command %d", e.Seq)
		}
	}
	var newWrapped []byte
	if err := conn.QueryRow(ctx, `SELECT wrapped FROM data_keys WHERE scope = $1`, "document/"+doc).Scan(&newWrapped); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, `SELECT key_id FROM projects WHERE guid = $1`, projectGUID).Scan(&keyID); err != nil {
		t.Fatal(err)
	}
	pk, err := p.keys.Load(projectGUID, keyID)
	if err != nil {
		t.Fatal(err)
	}
	newDK, err := pk.Unwrap(newWrapped, []byte(projectGUID+"\x00document/"+doc))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(newDK, oldDK) {
		t.Error("the anonymised document's scope kept its data key")
	}
	if _, err := pk.Unwrap(oldWrapped, []byte(projectGUID+"\x00document/"+doc)); err == nil {
		t.Error("the old wrapped data key still opens with the project key")
	}
	ql := exportQDPX(t, "lea", dirs["lea"])
	for _, u := range []string{"anna", "ben", "dora", "late"} {
		user := u
		if u == "late" {
			user = "lea"
		}
		if q := exportQDPX(t, user, dirs[u]); !bytes.Equal(ql, q) {
			t.Errorf("%s's export differs from lea's after the anonymisation", u)
		}
	}
}
