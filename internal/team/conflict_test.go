package team_test

import (
	"strings"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/team"
)

// memoText returns the memo's text on l's replica.
func memoText(t *testing.T, l *laptop, id qda.GUID) string {
	t.Helper()
	var m *qda.Memo
	if err := l.p.View(func(tx app.Tx) (err error) { m, err = tx.Memo(id); return err }); err != nil {
		t.Fatalf("%s: memo: %v", l.name, err)
	}
	return m.Text
}

// memoConflict makes ben and cora edit the same memo offline; ben syncs
// first, so cora's sync finds a conflict. It returns the memo's GUID and
// cora's conflict.
func memoConflict(t *testing.T, f *teamFixture) (ben, cora *laptop, memo qda.GUID, c team.Conflict) {
	t.Helper()
	ben, cora = f.clone(t, "ben"), f.clone(t, "cora")
	m, err := ben.p.AddMemo(coding.NewMemo{Title: "Teamarbeit", Text: "Erste Beobachtungen."})
	if err != nil {
		t.Fatal(err)
	}
	ben.sync(t)
	cora.sync(t)
	if _, err := ben.p.UpdateMemo(m.GUID, "Teamarbeit", "Bens Fassung: die Teams sprechen sich ab."); err != nil {
		t.Fatal(err)
	}
	if _, err := cora.p.UpdateMemo(m.GUID, "Teamarbeit", "Coras Fassung: jede*r arbeitet für sich."); err != nil {
		t.Fatal(err)
	}
	ben.sync(t)
	r := cora.sync(t)
	if r.Conflicts != 1 {
		t.Fatalf("cora's sync: %+v", r)
	}
	open := cora.st.OpenConflicts()
	if len(open) != 1 {
		t.Fatalf("open conflicts: %+v", open)
	}
	return ben, cora, m.GUID, open[0]
}

// TestResolve_Memo: two laptops edit the same memo; the later sync gets a
// conflict that keeps both versions, and each resolution settles both
// replicas on one text without losing the other (it stays in the record
// and the log).
func TestResolve_Memo(t *testing.T) {
	for _, tc := range []struct {
		choice string
		want   string // whose text both replicas end with
	}{
		{team.KeepMine, "Coras Fassung"},
		{team.TakeTheirs, "Bens Fassung"},
	} {
		t.Run(tc.choice, func(t *testing.T) {
			f := newTeam(t, map[string]string{"ben": "coder", "cora": "coder"})
			ben, cora, memo, c := memoConflict(t, f)
			if len(c.Changes) != 1 || !c.Changes[0].Differs() {
				t.Fatalf("conflict changes: %+v", c.Changes)
			}
			if _, mine := team.Describe(c.Changes[0].Mine); !strings.Contains(mine, "Coras Fassung") {
				t.Errorf("mine: %q", mine)
			}
			if title, theirs := team.Describe(c.Changes[0].Theirs); !strings.Contains(theirs, "Bens Fassung") || title != "Teamarbeit" {
				t.Errorf("theirs: %q, %q", title, theirs)
			}
			if got := memoText(t, cora, memo); !strings.Contains(got, "Bens Fassung") {
				t.Errorf("until resolved, cora's replica shows the server's version: %q", got)
			}
			// The record survives a reload of team.json.
			st, err := team.LoadState(cora.dir)
			if err != nil || len(st.OpenConflicts()) != 1 {
				t.Fatalf("team.json: %v, %+v", err, st)
			}
			res, err := team.Resolve(cora.p, cora.dir, cora.st, string(c.GUID)[:8], tc.choice, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if res.Resolution != tc.choice || len(cora.st.OpenConflicts()) != 0 {
				t.Errorf("after resolve: %+v", cora.st.Conflicts)
			}
			if _, err := team.Resolve(cora.p, cora.dir, cora.st, string(c.GUID), tc.choice, time.Now()); qda.ErrorCode(err) != qda.EConflict {
				t.Errorf("resolving twice: %v", err)
			}
			if r := cora.sync(t); len(r.Refused) != 0 || r.Conflicts != 0 {
				t.Errorf("cora's sync after resolving: %+v", r)
			}
			ben.sync(t)
			for _, l := range []*laptop{ben, cora} {
				if got := memoText(t, l, memo); !strings.Contains(got, tc.want) {
					t.Errorf("%s ends with %q, want %q", l.name, got, tc.want)
				}
			}
			want := f.logState(t)
			compare(t, "ben", state(t, ben.p), want)
			compare(t, "cora", state(t, cora.p), want)
			// No text is lost: the other version is in the record (and in
			// the logs).
			st, _ = team.LoadState(cora.dir)
			rec, err := st.FindConflict(string(c.GUID))
			if err != nil {
				t.Fatal(err)
			}
			_, mine := team.Describe(rec.Changes[0].Mine)
			_, theirs := team.Describe(rec.Changes[0].Theirs)
			if !strings.Contains(mine, "Coras Fassung") || !strings.Contains(theirs, "Bens Fassung") {
				t.Errorf("the resolved record keeps %q and %q", mine, theirs)
			}
		})
	}
}

// TestResolve_KeepMineAgain: keeping mine on top of a version that moved
// on again meanwhile is a new conflict, never an overwrite unseen.
func TestResolve_KeepMineAgain(t *testing.T) {
	f := newTeam(t, map[string]string{"ben": "coder", "cora": "coder"})
	ben, cora, memo, c := memoConflict(t, f)
	if _, err := ben.p.UpdateMemo(memo, "Teamarbeit", "Bens zweite Fassung."); err != nil {
		t.Fatal(err)
	}
	ben.sync(t)
	if _, err := team.Resolve(cora.p, cora.dir, cora.st, string(c.GUID), team.KeepMine, time.Now()); err != nil {
		t.Fatal(err)
	}
	r := cora.sync(t)
	if r.Conflicts != 1 || len(cora.st.OpenConflicts()) != 1 {
		t.Fatalf("keep mine over a newer version: %+v, %+v", r, cora.st.Conflicts)
	}
	again := cora.st.OpenConflicts()[0]
	_, theirs := team.Describe(again.Changes[0].Theirs)
	_, mine := team.Describe(again.Changes[0].Mine)
	if !strings.Contains(theirs, "zweite Fassung") || !strings.Contains(mine, "Coras Fassung") {
		t.Errorf("the new conflict: mine %q, theirs %q", mine, theirs)
	}
}

func TestState_FindConflict(t *testing.T) {
	st := &team.State{Conflicts: []team.Conflict{{GUID: "0a1b2c3d-0000-4000-8000-000000000001"}, {GUID: "0a1b2c3d-0000-4000-8000-000000000002"}}}
	for _, tc := range []struct {
		id   string
		code string
	}{
		{"0a1b2c3d-0000-4000-8000-000000000002", ""},
		{"0a1b2c3d", qda.EInvalid},
		{"0a1b", qda.ENotFound},
		{"ffffffff", qda.ENotFound},
	} {
		c, err := st.FindConflict(tc.id)
		if qda.ErrorCode(err) != tc.code || (err == nil && c.GUID != qda.GUID(tc.id)) {
			t.Errorf("FindConflict(%q) = %v, %v", tc.id, c, err)
		}
	}
}

func TestDescribe(t *testing.T) {
	for _, tc := range []struct{ img, title, body string }{
		{`{"guid":"x","title":"Memo","text":"Inhalt"}`, "Memo", "Inhalt"},
		{`{"guid":"x","name":"Ziele","color":"#ff0000","parent_guid":"y"}`, "Ziele", "color: #ff0000"},
		{``, "", ""},
	} {
		var img []byte
		if tc.img != "" {
			img = []byte(tc.img)
		}
		if title, body := team.Describe(img); title != tc.title || body != tc.body {
			t.Errorf("Describe(%s) = %q, %q", tc.img, title, body)
		}
	}
}
