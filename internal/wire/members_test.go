package wire_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/app/members"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
	"github.com/protocoder/protocoder/internal/store/zvalue"
	"github.com/protocoder/protocoder/internal/wire"
	"github.com/protocoder/protocoder/sampledata"
)

// initProject creates a project whose first member is o.User (with every
// role), as the tests act.
func initProject(tb testing.TB, dir, name string, o wire.Options) error {
	tb.Helper()
	if err := wire.Init(dir, name, o); err != nil {
		return err
	}
	s, err := wire.Open(dir, o)
	if err != nil {
		return err
	}
	if _, err := s.AddMember(members.NewMember{Name: o.User, Roles: qda.AllMemberRoles}); err != nil {
		s.Close()
		return err
	}
	return s.Close()
}

// TestCreateSample_EveryCommandHasAMember: the sample's audit log names a
// member for every command, whoever asked for the sample.
func TestCreateSample_EveryCommandHasAMember(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sample")
	o := wire.Options{User: "someone-else", UserFallback: "root", Store: store.Options{NoBackup: true, NoSync: true}}
	if err := wire.CreateSample(dir, sampledata.FS, o); err != nil {
		t.Fatal(err)
	}
	s, err := wire.Open(dir, wire.Options{User: "mara", Store: store.Options{NoBackup: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	members, err := s.Members()
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]string{}
	for _, m := range members {
		roles[m.Name] = m.RoleNames()
	}
	want := map[string]string{"mara": "lead, interviewer, coder", "jonas": "interviewer, coder", "elif": "coder", "tobias": "interviewer, dpo"}
	for n, r := range want {
		if roles[n] != r {
			t.Errorf("member %s has roles %q, want %q", n, roles[n], r)
		}
	}
	entries, err := s.Audit(privacy.AuditFilter{})
	if err != nil || len(entries) == 0 {
		t.Fatalf("audit: %d entries, %v", len(entries), err)
	}
	for _, e := range entries {
		if strings.TrimSpace(e.User) == "" || e.UserGUID == "" {
			t.Errorf("command %d (%s) has no user", e.Seq, e.Kind)
		}
	}
}

// TestCreateSample_NoRealSiteNames: the sample's project file holds none
// of the real site names of sampledata/cases.csv (they belong in a
// pseudonym key, which the sample has not).
func TestCreateSample_NoRealSiteNames(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sample")
	o := wire.Options{User: "mara", Store: store.Options{NoBackup: true, NoSync: true}}
	if err := wire.CreateSample(dir, sampledata.FS, o); err != nil {
		t.Fatal(err)
	}
	f, err := sampledata.FS.Open("cases.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "real_name")
	db, err := os.ReadFile(filepath.Join(dir, "project.db"))
	if err != nil {
		t.Fatal(err)
	}
	db = zvalue.Reveal(db) // values are stored compressed
	checked := 0
	for _, r := range rows[1:] {
		if col < 0 || r[col] == "" {
			continue
		}
		checked++
		if bytes.Contains(db, []byte(r[col])) {
			t.Errorf("project.db holds the real name %q", r[col])
		}
	}
	if checked == 0 {
		t.Fatal("cases.csv has no real names; the test checks nothing")
	}
}
