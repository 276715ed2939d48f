package team_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/apptest"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server"
	"github.com/protocoder/protocoder/internal/server/memstore"
	"github.com/protocoder/protocoder/internal/store/zvalue"
	"github.com/protocoder/protocoder/internal/team"
	"github.com/protocoder/protocoder/internal/teamapi"
	"github.com/protocoder/protocoder/internal/wire"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type teamFixture struct {
	url   string
	st    *memstore.Store
	proj  *server.Project
	clock *clock
	// seqIDs gives each replica made from now on GUIDs of its own
	// deterministic sequence, so that a random test repeats with its seed.
	seqIDs   bool
	replicas int
}

// newTeam starts a server on memstore with the given accounts
// (name → roles) and the project ejo.
func newTeam(t testing.TB, accounts map[string]string) *teamFixture {
	t.Helper()
	ctx := context.Background()
	f := &teamFixture{st: memstore.New(), clock: &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}}
	names := make([]string, 0, len(accounts))
	for n := range accounts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		rs, err := server.ParseRoles(accounts[n])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := server.AddUser(ctx, f.st, n, rs, "pw-of-"+n+"-long", nil, f.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	if f.proj, err = server.CreateProject(ctx, f.st, "ejo", true, f.clock.Now()); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(server.New(server.Config{Store: f.st, Now: f.clock.Now, SessionTTL: time.Hour}).Handler())
	t.Cleanup(hs.Close)
	f.url = hs.URL
	return f
}

// laptop is one replica, open for its user.
type laptop struct {
	name string
	dir  string
	p    *project.Project
	st   *team.State
	c    *team.Client
}

func (f *teamFixture) clone(t testing.TB, name string) *laptop {
	l := f.replica(t, name, true)
	l.sync(t)
	return l
}

// replica makes an empty replica for name, not synced yet, without its
// search index when noIndex is set.
func (f *teamFixture) replica(t testing.TB, name string, noIndex bool) *laptop {
	t.Helper()
	ctx := context.Background()
	c := &team.Client{Base: f.url}
	login := func(ctx context.Context) (string, error) {
		r, err := c.Login(ctx, name, "pw-of-"+name+"-long")
		if err != nil {
			return "", err
		}
		return r.Token, nil
	}
	if _, err := login(ctx); err != nil {
		t.Fatal(err)
	}
	c.Relogin = login
	dir := filepath.Join(t.TempDir(), name)
	if err := wire.InitReplica(dir, qda.Project{GUID: f.proj.GUID, Name: f.proj.Name, Created: f.proj.Created}, wire.Options{}); err != nil {
		t.Fatal(err)
	}
	o := wire.Options{User: name, NoIndex: noIndex}
	f.replicas++
	if f.seqIDs {
		o.IDs = &apptest.SeqIDs{N: f.replicas * 1_000_000_000}
	}
	p, err := wire.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return &laptop{name: name, dir: dir, p: p, st: &team.State{Server: f.url, Project: "ejo", ProjectGUID: f.proj.GUID, User: name}, c: c}
}

func (l *laptop) sync(t testing.TB) *team.Report {
	t.Helper()
	r, err := team.Sync(context.Background(), l.p, l.dir, l.st, l.c, time.Now())
	if err != nil {
		t.Fatalf("%s: sync: %v", l.name, err)
	}
	return r
}

// state is every entity of a replica as raw images.
func state(t *testing.T, p *project.Project) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := p.View(func(tx app.Tx) error {
		add := func(entity string, key qda.GUID) error {
			img, err := tx.RawImage(entity, string(key))
			out[entity+" "+string(key)] = string(img)
			return err
		}
		cs, _ := tx.Codes()
		for _, c := range cs {
			if err := add("code", c.GUID); err != nil {
				return err
			}
		}
		ms, _ := tx.Memos()
		for _, m := range ms {
			if err := add("memo", m.GUID); err != nil {
				return err
			}
		}
		ds, _ := tx.Documents()
		for _, d := range ds {
			if err := add("document", d.GUID); err != nil {
				return err
			}
			if err := add("text", d.GUID); err != nil {
				return err
			}
		}
		us, _ := tx.Users()
		for _, u := range us {
			if err := add("user", u.GUID); err != nil {
				return err
			}
		}
		cas, _ := tx.Cases()
		for _, c := range cas {
			if err := add("case", c.GUID); err != nil {
				return err
			}
		}
		return tx.EachCoding(func(c *qda.Coding) error { return add("coding", c.GUID) })
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// logState replays the server's log: the image of every entity after the
// last command in the log's order that wrote it.
func (f *teamFixture) logState(t *testing.T) map[string]string {
	t.Helper()
	es, err := f.st.Commands(context.Background(), f.proj.GUID, 0, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range es {
		var c qda.Command
		if err := json.Unmarshal(e.Command, &c); err != nil {
			t.Fatal(err)
		}
		for _, ch := range c.Changes {
			k := ch.Entity + " " + ch.Key
			if ch.After == nil {
				delete(out, k)
			} else {
				out[k] = string(ch.After)
			}
		}
	}
	return out
}

func compare(t *testing.T, name string, got, want map[string]string) {
	t.Helper()
	for k, w := range want {
		if g, ok := got[k]; !ok {
			t.Errorf("%s lacks %s", name, k)
		} else if g != w {
			t.Errorf("%s: %s is\n%s\nwant\n%s", name, k, g, w)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s has %s, which the log does not", name, k)
		}
	}
}

// TestSync_Convergence: five laptops make random concurrent edits (codes,
// renames, codings, deletions, memos, sites, undo) with random offline
// periods; after everyone syncs twice, every replica holds exactly what
// the server's log says — no accepted edit lost, nothing extra.
func TestSync_Convergence(t *testing.T) {
	f := newTeam(t, map[string]string{"lea": "lead", "anna": "interviewer", "ben": "coder", "cora": "coder", "dan": "coder"})
	lea := f.clone(t, "lea")
	doc, err := lea.p.AddDocument(study.NewDocument{Name: "Konzept", Kind: qda.KindOther, Text: "Das Konzept der Einrichtung beschreibt Ziele, Wege und Zusammenarbeit im Team über drei Jahre."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lea.p.AddCode(coding.NewCode{Name: "Ziele"}); err != nil {
		t.Fatal(err)
	}
	lea.sync(t)
	laptops := []*laptop{lea}
	for _, n := range []string{"anna", "ben", "cora", "dan"} {
		laptops = append(laptops, f.clone(t, n))
	}
	rng := rand.New(rand.NewPCG(27, 2026))
	textLen := len([]rune("Das Konzept der Einrichtung beschreibt Ziele, Wege und Zusammenarbeit im Team über drei Jahre."))
	pick := func(l *laptop) (codes []qda.Code, codings []qda.Coding, memos []qda.Memo) {
		_ = l.p.View(func(tx app.Tx) error {
			codes, _ = tx.Codes()
			memos, _ = tx.Memos()
			return tx.EachCoding(func(c *qda.Coding) error { codings = append(codings, *c); return nil })
		})
		return
	}
	refused := 0
	for step := 0; step < 120; step++ {
		l := laptops[rng.IntN(len(laptops))]
		codes, codings, memos := pick(l)
		var err error
		switch op := rng.IntN(8); {
		case l.name == "anna":
			_, err = l.p.AddCase(study.NewCase{Name: fmt.Sprintf("JC-%02d", step)})
		case op == 0 || len(codes) == 0:
			_, err = l.p.AddCode(coding.NewCode{Name: fmt.Sprintf("%s-%d", l.name, step)})
		case op == 1:
			name := fmt.Sprintf("umbenannt-%s-%d", l.name, step)
			_, err = l.p.UpdateCode(codes[rng.IntN(len(codes))].GUID, coding.CodeUpdate{Name: &name})
		case op <= 3 && l.name != "lea":
			s := rng.IntN(textLen - 1)
			_, err = l.p.AddCoding(coding.NewCoding{Document: doc.GUID, Start: s, End: s + 1 + rng.IntN(textLen-s-1), Code: codes[rng.IntN(len(codes))].GUID})
		case op == 4 && len(codings) > 0:
			err = l.p.DeleteCoding(codings[rng.IntN(len(codings))].GUID)
		case op == 5:
			_, err = l.p.AddMemo(coding.NewMemo{Title: fmt.Sprintf("Memo %d", step), Text: "Beobachtung " + l.name})
		case op == 6 && len(memos) > 0:
			_, err = l.p.UpdateMemo(memos[rng.IntN(len(memos))].GUID, "Memo", fmt.Sprintf("überarbeitet von %s in Schritt %d", l.name, step))
		default:
			_, err = l.p.Undo()
		}
		if err != nil && qda.ErrorCode(err) == qda.EInternal {
			t.Fatalf("step %d, %s: %v", step, l.name, err)
		}
		if rng.IntN(4) == 0 { // online now and then
			refused += len(l.sync(t).Refused)
		}
	}
	for round := 0; round < 2; round++ {
		for _, l := range laptops {
			refused += len(l.sync(t).Refused)
		}
	}
	want := f.logState(t)
	for _, l := range laptops {
		compare(t, l.name, state(t, l.p), want)
		if r := l.sync(t); r.Pushed+r.Pulled+len(r.Refused) != 0 {
			t.Errorf("%s: a sync after convergence still moves something: %+v", l.name, r)
		}
	}
	t.Logf("%d entities in the log's state, %d commands refused (conflicts and role limits) and taken back", len(want), refused)
}

// TestSync_Interrupted: a pull applied but not recorded (the laptop died
// before it saved its cursor) and a push whose answer was lost are
// finished by the next sync without duplicates or losses.
func TestSync_Interrupted(t *testing.T) {
	f := newTeam(t, map[string]string{"lea": "lead", "ben": "coder"})
	lea, ben := f.clone(t, "lea"), f.clone(t, "ben")
	for i := 0; i < 3; i++ {
		if _, err := lea.p.AddCode(coding.NewCode{Name: fmt.Sprint("Code ", i)}); err != nil {
			t.Fatal(err)
		}
	}
	lea.sync(t)
	if _, err := ben.p.AddMemo(coding.NewMemo{Title: "m", Text: "t"}); err != nil {
		t.Fatal(err)
	}
	before := *ben.st
	ben.sync(t) // pushes the memo, pulls three codes …
	var n1 int
	_ = ben.p.View(func(tx app.Tx) error { n1 = int(tx.LastCommandSeq()); return nil })
	*ben.st = before // … but its cursor and mark were never saved
	if err := ben.st.Save(ben.dir); err != nil {
		t.Fatal(err)
	}
	r := ben.sync(t)
	var n2 int
	_ = ben.p.View(func(tx app.Tx) error { n2 = int(tx.LastCommandSeq()); return nil })
	if r.Pushed != 0 || r.Pulled != 0 || n2 != n1 {
		t.Errorf("the repeated sync pushed %d, pulled %d, local log %d → %d commands", r.Pushed, r.Pulled, n1, n2)
	}
	lea.sync(t)
	want := f.logState(t)
	compare(t, "ben", state(t, ben.p), want)
	compare(t, "lea", state(t, lea.p), want)
}

// TestSync_Conflict: two coders rename the same code offline; the second
// push is a conflict, taken back on its laptop, and both end with the
// first rename.
func TestSync_Conflict(t *testing.T) {
	f := newTeam(t, map[string]string{"ben": "coder", "cora": "coder"})
	ben, cora := f.clone(t, "ben"), f.clone(t, "cora")
	c, err := ben.p.AddCode(coding.NewCode{Name: "Ziele"})
	if err != nil {
		t.Fatal(err)
	}
	ben.sync(t)
	cora.sync(t)
	b, k := "Ziele (Ben)", "Ziele (Cora)"
	if _, err := ben.p.UpdateCode(c.GUID, coding.CodeUpdate{Name: &b}); err != nil {
		t.Fatal(err)
	}
	if _, err := cora.p.UpdateCode(c.GUID, coding.CodeUpdate{Name: &k}); err != nil {
		t.Fatal(err)
	}
	ben.sync(t)
	r := cora.sync(t)
	if r.Conflicts != 1 || len(r.Refused) != 1 || r.Refused[0].Code != teamapi.RefusedConflict || r.Pulled != 1 {
		t.Fatalf("cora's sync: %+v", r)
	}
	for _, l := range []*laptop{ben, cora} {
		var got *qda.Code
		err := l.p.View(func(tx app.Tx) (err error) { got, err = tx.Code(c.GUID); return err })
		if err != nil || got.Name != b {
			t.Errorf("%s: the code is %+v, %v; want %q", l.name, got, err, b)
		}
	}
	st, err := team.LoadState(cora.dir)
	if err != nil || len(st.Refused) != 1 {
		t.Errorf("team.json keeps the refusal: %+v, %v", st, err)
	}
}

// TestSync_Relogin: an expired session is renewed by the client's Relogin.
func TestSync_Relogin(t *testing.T) {
	f := newTeam(t, map[string]string{"ben": "coder"})
	ben := f.clone(t, "ben")
	f.clock.add(2 * time.Hour)
	if _, err := ben.p.AddCode(coding.NewCode{Name: "Nach der Pause"}); err != nil {
		t.Fatal(err)
	}
	if r := ben.sync(t); r.Pushed != 1 {
		t.Errorf("sync after the session expired: %+v", r)
	}
	ben.c.Relogin = nil
	f.clock.add(2 * time.Hour)
	if _, err := team.Sync(context.Background(), ben.p, ben.dir, ben.st, ben.c, time.Now()); !team.IsAuth(err) {
		t.Errorf("without a new login: %v", err)
	}
}

func TestParseURL(t *testing.T) {
	for _, tc := range []struct{ in, base, project, err string }{
		{"http://127.0.0.1:8443/ejo", "http://127.0.0.1:8443", "ejo", ""},
		{"https://team.example.org/protocoder/ejo/", "https://team.example.org/protocoder", "ejo", ""},
		{"http://localhost/ejo", "http://localhost", "ejo", ""},
		{"http://[::1]:9/ejo", "http://[::1]:9", "ejo", ""},
		{"http://team.example.org/ejo", "", "", "plain http only reaches a server on this machine"},
		{"https://team.example.org/", "", "", "names no project"},
		{"team.example.org/ejo", "", "", "no team URL"},
	} {
		base, p, err := team.ParseURL(tc.in)
		switch {
		case tc.err != "" && (err == nil || !contains(err.Error(), tc.err)):
			t.Errorf("ParseURL(%q): %v, want %q", tc.in, err, tc.err)
		case tc.err == "" && (err != nil || base != tc.base || p != tc.project):
			t.Errorf("ParseURL(%q) = %q, %q, %v", tc.in, base, p, err)
		}
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestState_SaveLoad(t *testing.T) {
	dir := t.TempDir()
	if _, err := team.LoadState(dir); err == nil || !contains(err.Error(), "team clone") {
		t.Errorf("no link: %v", err)
	}
	st := &team.State{Server: "http://127.0.0.1:1", Project: "ejo", User: "ben", Token: "geheim", Cursor: 7}
	if err := st.Save(dir); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, team.StateFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("team.json mode %v, %v; want 0600 (it holds a token)", fi.Mode(), err)
	}
	back, err := team.LoadState(dir)
	if err != nil || back.Cursor != 7 || back.Token != "geheim" || back.URL() != "http://127.0.0.1:1/ejo" {
		t.Errorf("LoadState = %+v, %v", back, err)
	}
}

// BenchmarkSync_CatchUp2000: a laptop (with its search index) that is
// 2,000 coding commands behind catches up in one sync. Not a timed test:
// go test -run '^$' -bench CatchUp -benchtime 1x ./internal/team/
func BenchmarkSync_CatchUp2000(b *testing.B) {
	b.StopTimer()
	for i := 0; i < b.N; i++ {
		f := newTeam(b, map[string]string{"ben": "coder", "cora": "coder"})
		ben := f.clone(b, "ben")
		text := strings.Repeat("Früher habe jede*r für sich gearbeitet, heute sprechen wir uns im Team ab. ", 40)
		doc, err := ben.p.AddDocument(study.NewDocument{Name: "Protokoll", Kind: qda.KindOther, Text: text})
		if err != nil {
			b.Fatal(err)
		}
		code, err := ben.p.AddCode(coding.NewCode{Name: "Teamarbeit"})
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < 2000; i++ {
			if _, err := ben.p.AddCoding(coding.NewCoding{Document: doc.GUID, Start: i, End: i + 20, Code: code.GUID}); err != nil {
				b.Fatal(err)
			}
		}
		ben.sync(b)
		cora := f.replica(b, "cora", false)
		b.StartTimer()
		t0 := time.Now()
		r := cora.sync(b)
		b.StopTimer()
		b.ReportMetric(float64(time.Since(t0).Milliseconds()), "catch-up-ms")
		if r.Pulled < 2000 {
			b.Fatalf("pulled %d", r.Pulled)
		}
	}
}

// canary is a text that must leave every laptop with a purge.
const canary = "Kanarienvogel-7f3a sagt: Frau Westermann aus Celle"

// folderHolds reports the files under dir that hold needle, in the clear
// or inside a compressed value of a project file.
func folderHolds(t testing.TB, dir, needle string) []string {
	t.Helper()
	var hits []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
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

// TestSync_Purge: the data-protection officer purges a document with its
// codings and memos on her laptop and syncs; the server takes the purge,
// a coder's offline coding of the purged document is refused and taken
// back, and every other laptop erases the document at its next sync: no
// byte of the text stays in any project folder, and all replicas agree
// with the log.
func TestSync_Purge(t *testing.T) {
	f := newTeam(t, map[string]string{"lea": "lead", "ben": "coder", "dora": "dpo"})
	lea, ben, dora := f.clone(t, "lea"), f.clone(t, "ben"), f.clone(t, "dora")
	doc, err := lea.p.AddDocument(study.NewDocument{Name: "Protokoll IFK-9", Kind: qda.KindOther, Text: "Einleitung. " + canary + ". Ende des Protokolls."})
	if err != nil {
		t.Fatal(err)
	}
	keep, err := lea.p.AddDocument(study.NewDocument{Name: "Konzept", Kind: qda.KindOther, Text: "Das Konzept bleibt."})
	if err != nil {
		t.Fatal(err)
	}
	lea.sync(t)
	ben.sync(t)
	code, err := ben.p.AddCode(coding.NewCode{Name: "Biografie"})
	if err != nil {
		t.Fatal(err)
	}
	cd, err := ben.p.AddCoding(coding.NewCoding{Document: doc.GUID, Start: 12, End: 30, Code: code.GUID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ben.p.AddMemo(coding.NewMemo{Title: "Zitat", Text: "zitiert: " + canary, Target: cd.GUID}); err != nil {
		t.Fatal(err)
	}
	if _, err := ben.p.AddCoding(coding.NewCoding{Document: keep.GUID, Start: 0, End: 3, Code: code.GUID}); err != nil {
		t.Fatal(err)
	}
	ben.sync(t)
	dora.sync(t)
	// Ben codes the protocol again, offline, while Dora purges it.
	if _, err := ben.p.AddCoding(coding.NewCoding{Document: doc.GUID, Start: 40, End: 50, Code: code.GUID}); err != nil {
		t.Fatal(err)
	}
	if len(folderHolds(t, ben.dir, "Kanarienvogel-7f3a")) == 0 {
		t.Fatal("before the purge, ben's folder does not hold the text: the check below would prove nothing")
	}
	rep, err := dora.p.PurgeDocument(doc.GUID)
	if err != nil || rep.Documents != 1 || rep.Codings != 1 || rep.Memos != 1 {
		t.Fatalf("dora's purge: %+v, %v", rep, err)
	}
	if r := dora.sync(t); r.Pushed != 1 || len(r.Refused) != 0 {
		t.Fatalf("dora's sync: %+v", r)
	}
	r := ben.sync(t)
	if len(r.Refused) != 1 || !strings.Contains(r.Refused[0].Reason, "purged") || r.Purged != 1 {
		t.Errorf("ben's sync: %+v", r)
	}
	if r := lea.sync(t); r.Purged != 1 {
		t.Errorf("lea's sync: %+v", r)
	}
	// A laptop that joins after the purge never sees the text.
	cleo := f.replica(t, "lea", false)
	cleo.sync(t)
	for _, l := range []*laptop{lea, ben, dora, cleo} {
		if hits := folderHolds(t, l.dir, "Kanarienvogel-7f3a"); len(hits) > 0 {
			t.Errorf("%s's folder still holds the purged text: %v", l.name, hits)
		}
		if r := l.sync(t); r.Pushed+r.Pulled+len(r.Refused) != 0 {
			t.Errorf("%s: a sync after the purge still moves something: %+v", l.name, r)
		}
	}
	es, err := f.st.Commands(context.Background(), f.proj.GUID, 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if strings.Contains(string(e.Command), "Kanarienvogel") {
			t.Errorf("the server still serves the purged text in command %d", e.Seq)
		}
	}
	want := f.logState(t)
	for _, l := range []*laptop{lea, ben, dora, cleo} {
		compare(t, l.name, state(t, l.p), want)
	}
}

// TestSync_Anonymise: the data-protection officer anonymises a document on
// her laptop (pseudonym key locked: placeholders) and syncs; the server
// takes the new text in the clear and erases the replaced names from its
// log; every other laptop erases them at its next sync, a laptop cloned
// afterwards never sees them, and all replicas agree with the log.
func TestSync_Anonymise(t *testing.T) {
	f := newTeam(t, map[string]string{"lea": "lead", "ben": "coder", "dora": "dpo"})
	lea, ben, dora := f.clone(t, "lea"), f.clone(t, "ben"), f.clone(t, "dora")
	doc, err := lea.p.AddDocument(study.NewDocument{Name: "Protokoll IFK-7", Kind: qda.KindOther,
		Text: "Die Fallmanagerin berichtet: Frau Westermann aus Celle kam jede Woche. Danach lief es besser."})
	if err != nil {
		t.Fatal(err)
	}
	lea.sync(t)
	ben.sync(t)
	code, err := ben.p.AddCode(coding.NewCode{Name: "Kontakt"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ben.p.AddCoding(coding.NewCoding{Document: doc.GUID, Start: 60, End: 70, Code: code.GUID}); err != nil {
		t.Fatal(err)
	}
	ben.sync(t)
	dora.sync(t)
	if len(folderHolds(t, ben.dir, "Westermann")) == 0 {
		t.Fatal("ben's folder lacks the name before the anonymisation: the check below would prove nothing")
	}
	res, err := dora.p.AnonApply(privacy.AnonApplyRequest{All: true, Document: string(doc.GUID)})
	if err != nil || res.Replaced == 0 {
		t.Fatalf("dora's anonymisation: %+v, %v", res, err)
	}
	if r := dora.sync(t); r.Pushed != 1 || len(r.Refused) != 0 {
		t.Fatalf("dora's sync: %+v", r)
	}
	for _, l := range []*laptop{ben, lea} {
		if r := l.sync(t); r.Pulled == 0 || len(r.Refused) != 0 {
			t.Errorf("%s's sync: %+v", l.name, r)
		}
	}
	cleo := f.replica(t, "lea", false)
	cleo.sync(t)
	var text string
	if err := cleo.p.View(func(tx app.Tx) (err error) { text, err = tx.Text(doc.GUID); return err }); err != nil || strings.Contains(text, "Westermann") || !strings.Contains(text, "jede Woche") {
		t.Errorf("the text on a laptop cloned afterwards: %q, %v", text, err)
	}
	for _, l := range []*laptop{lea, ben, dora, cleo} {
		if hits := folderHolds(t, l.dir, "Westermann"); len(hits) > 0 {
			t.Errorf("%s's folder still holds the replaced name: %v", l.name, hits)
		}
	}
	es, err := f.st.Commands(context.Background(), f.proj.GUID, 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if strings.Contains(string(e.Command), "Westermann") {
			t.Errorf("the server still serves the replaced name in command %d", e.Seq)
		}
	}
	want := f.logState(t)
	for _, l := range []*laptop{lea, ben, dora, cleo} {
		compare(t, l.name, state(t, l.p), want)
	}
}
