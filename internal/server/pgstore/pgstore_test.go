package pgstore

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server"
	"github.com/protocoder/protocoder/internal/server/pgtest"
	"github.com/protocoder/protocoder/internal/server/storetest"
	"github.com/protocoder/protocoder/internal/server/vault"
)

func open(t testing.TB) (*Store, *pgtest.Cluster) {
	t.Helper()
	c := pgtest.Start(t)
	st, err := Open(context.Background(), c.URL, keyDir(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st, c
}

// keyDir is a fresh key folder for tb.
func keyDir(tb testing.TB) *vault.Dir {
	tb.Helper()
	d, err := vault.OpenDir(filepath.Join(tb.TempDir(), "keys"), true)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func TestStore_Contract(t *testing.T) {
	st, _ := open(t)
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	storetest.Run(t, st)
}

func TestStore_Migrate(t *testing.T) {
	st, _ := open(t)
	ctx := context.Background()
	for i := 0; i < 2; i++ { // the second run finds nothing to do
		if err := st.Migrate(ctx); err != nil {
			t.Fatalf("migrate #%d: %v", i+1, err)
		}
	}
	var v int
	if err := st.pool.QueryRow(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil || v != SchemaVersion() {
		t.Fatalf("schema version %d, %v; want %d", v, err, SchemaVersion())
	}
	if _, err := st.pool.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, 'future')`, v+1); err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(ctx); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("migrate a newer database: %v", err)
	}
}

func TestOpen_Errors(t *testing.T) {
	if _, err := Open(context.Background(), "", nil); err == nil || !strings.Contains(err.Error(), "PROTOCODER_DB") {
		t.Errorf("empty URL: %v", err)
	}
	if _, err := Open(context.Background(), "postgres://nobody:secret@127.0.0.1:1/x?sslmode=disable&connect_timeout=2", nil); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("unreachable: %v (must not show the password)", err)
	}
}

// TestStore_MigrateLegacy: a database of schema 1 (every account a member
// of every project, texts in the clear) becomes schema 3: the accounts
// stay members with their roles, and SealLegacy seals the log and the
// state, which read as before.
func TestStore_MigrateLegacy(t *testing.T) {
	st, _ := open(t)
	ctx := context.Background()
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.pool.Exec(ctx, ms[0].sql); err != nil {
		t.Fatal(err)
	}
	if _, err := st.pool.Exec(ctx, `CREATE TABLE schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied timestamptz NOT NULL DEFAULT now());
		INSERT INTO schema_migrations (version, name) VALUES (1, '0001_init.sql')`); err != nil {
		t.Fatal(err)
	}
	const p, u, doc = "00000000-0000-4000-8000-000000000010", "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000020"
	body := `{"guid":"00000000-0000-4000-8000-000000000100","seq":0,"user":"` + u + `","time":"2026-03-01T10:00:00Z","kind":"protocol.import","changes":[{"entity":"text","key":"` + doc + `","after":"Klartext-Kanarienvogel"}]}`
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO users VALUES ($1, 'anna', '{interviewer}', 'x', now())`, []any{u}},
		{`INSERT INTO projects (guid, name, created, head) VALUES ($1, 'ejo', now(), 1)`, []any{p}},
		{`INSERT INTO commands (project, seq, guid, user_guid, kind, body) VALUES ($1, 1, '00000000-0000-4000-8000-000000000100', $2, 'protocol.import', $3)`, []any{p, u, []byte(body)}},
		{`INSERT INTO entities (project, entity, key, image, seq) VALUES ($1, 'text', $2, $3, 1)`, []any{p, doc, []byte(`"Klartext-Kanarienvogel"`)}},
	} {
		if _, err := st.pool.Exec(ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if rs, err := st.Member(ctx, p, u); err != nil || len(rs) != 1 || rs[0] != "interviewer" {
		t.Errorf("anna in ejo after migration: %v, %v", rs, err)
	}
	if n, err := st.SealLegacy(ctx); err != nil || n != 1 {
		t.Fatalf("SealLegacy = %d, %v", n, err)
	}
	var clear int
	if err := st.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM commands WHERE position('Kanarienvogel' in convert_from(body, 'SQL_ASCII')) > 0 OR NOT sealed)
		+ (SELECT count(*) FROM entities WHERE scope IS NULL OR position('Kanarienvogel' in encode(image, 'escape')) > 0)`).Scan(&clear); err != nil || clear != 0 {
		t.Errorf("%d rows still in the clear, %v", clear, err)
	}
	es, err := st.Commands(ctx, p, 0, 10)
	if err != nil || len(es) != 1 || !strings.Contains(string(es[0].Command), `"after":"Klartext-Kanarienvogel"`) {
		t.Errorf("the sealed log reads %v, %v", es, err)
	}
	_, err = st.Append(ctx, p, []*qda.Command{{GUID: "00000000-0000-4000-8000-000000000101", User: u, Kind: "look"}}, func(s server.State, c *qda.Command) error {
		if img, err := s.Image("text", doc); err != nil || string(img) != `"Klartext-Kanarienvogel"` {
			t.Errorf("the sealed state reads %s, %v", img, err)
		}
		return errors.New("only looking")
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := st.SealLegacy(ctx); err != nil || n != 0 {
		t.Errorf("SealLegacy again = %d, %v", n, err)
	}
}
