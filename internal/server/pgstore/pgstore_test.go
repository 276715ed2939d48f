package pgstore

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

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
