package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server"
	"github.com/protocoder/protocoder/internal/server/memstore"
	"github.com/protocoder/protocoder/internal/teamapi"
)

// clock is a settable clock.
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

type fixture struct {
	url   string
	st    *memstore.Store
	clock *clock
	users map[string]*server.User
	proj  *server.Project
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{st: memstore.New(), clock: &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}, users: map[string]*server.User{}}
	for _, u := range []struct{ name, roles string }{{"lea", "lead"}, {"anna", "interviewer"}, {"ira", "interviewer"}, {"ben", "coder"}, {"dora", "dpo"}, {"rita", "reader"}} {
		rs, err := server.ParseRoles(u.roles)
		if err != nil {
			t.Fatal(err)
		}
		if f.users[u.name], err = server.AddUser(ctx, f.st, u.name, rs, "pw-of-"+u.name+"-long", nil, f.clock.Now()); err != nil {
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

func (f *fixture) call(t *testing.T, method, path, token string, body, out any) (int, teamapi.Error) {
	t.Helper()
	var rd bytes.Buffer
	if body != nil {
		if err := json.NewEncoder(&rd).Encode(body); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, f.url+path, &rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e teamapi.Error
	if resp.StatusCode != http.StatusOK {
		_ = json.NewDecoder(resp.Body).Decode(&e)
		return resp.StatusCode, e
	}
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode, e
}

func (f *fixture) login(t *testing.T, name string) string {
	t.Helper()
	var lr teamapi.LoginResponse
	if code, e := f.call(t, "POST", "/api/login", "", teamapi.LoginRequest{User: name, Password: "pw-of-" + name + "-long"}, &lr); code != 200 {
		t.Fatalf("login %s: %d %s", name, code, e.Message)
	}
	return lr.Token
}

func (f *fixture) push(t *testing.T, token string, cmds ...*qda.Command) teamapi.PushResponse {
	t.Helper()
	var pr teamapi.PushResponse
	if code, e := f.call(t, "POST", "/api/projects/ejo/commands", token, teamapi.PushRequest{Commands: cmds}, &pr); code != 200 {
		t.Fatalf("push: %d %s", code, e.Message)
	}
	return pr
}

var n int

func cmdOf(user *server.User, kind string, changes ...qda.Change) *qda.Command {
	n++
	return &qda.Command{GUID: qda.GUID(fmt.Sprintf("10000000-0000-4000-8000-%012d", n)), User: user.GUID, Time: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), Kind: kind, Summary: kind, Changes: changes}
}

func img(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

func TestServer_Login(t *testing.T) {
	f := newFixture(t)
	wrong := teamapi.LoginRequest{User: "anna", Password: "not-her-password"}
	code, e := f.call(t, "POST", "/api/login", "", wrong, nil)
	if code != 401 || e.Message != "wrong user name or password" {
		t.Fatalf("wrong password: %d %q", code, e.Message)
	}
	if code, e := f.call(t, "POST", "/api/login", "", teamapi.LoginRequest{User: "nobody", Password: "x"}, nil); code != 401 || e.Message != "wrong user name or password" {
		t.Errorf("unknown user: %d %q", code, e.Message)
	}
	for i := 0; i < 4; i++ {
		f.call(t, "POST", "/api/login", "", wrong, nil)
	}
	right := teamapi.LoginRequest{User: "anna", Password: "pw-of-anna-long"}
	if code, e := f.call(t, "POST", "/api/login", "", right, nil); code != 429 || e.Code != teamapi.CodeRateLimited || !strings.Contains(e.Message, "too many failed logins") {
		t.Errorf("after 5 failures: %d %+v", code, e)
	}
	f.clock.add(16 * time.Minute)
	if code, e := f.call(t, "POST", "/api/login", "", right, nil); code != 200 {
		t.Errorf("after the window: %d %+v", code, e)
	}
	evs, _ := f.st.AuditLog(context.Background(), 100)
	count := map[string]int{}
	for _, ev := range evs {
		count[ev.Action]++
	}
	// The sixth wrong try from the same address is blocked unchecked.
	if count["login.failed"] != 5 || count["login.blocked"] != 2 || count["login"] != 1 {
		t.Errorf("audit counts %v, want 5 failed, 2 blocked, 1 login", count)
	}
}

func TestServer_Session(t *testing.T) {
	f := newFixture(t)
	tok := f.login(t, "ben")
	if code, _ := f.call(t, "GET", "/api/projects/ejo", tok, nil, nil); code != 200 {
		t.Fatalf("fresh session: %d", code)
	}
	if code, e := f.call(t, "GET", "/api/projects/ejo", "", nil, nil); code != 401 || e.Message != "not logged in" {
		t.Errorf("no token: %d %q", code, e.Message)
	}
	if code, e := f.call(t, "GET", "/api/projects/nope", tok, nil, nil); code != 404 || !strings.Contains(e.Message, `no project "nope"`) {
		t.Errorf("unknown project: %d %q", code, e.Message)
	}
	f.clock.add(time.Hour)
	if code, e := f.call(t, "GET", "/api/projects/ejo", tok, nil, nil); code != 401 || e.Code != teamapi.CodeExpired || !strings.Contains(e.Message, "expired") {
		t.Errorf("expired token: %d %+v", code, e)
	}
	tok = f.login(t, "ben")
	if code, _ := f.call(t, "POST", "/api/logout", tok, nil, &struct{}{}); code != 200 {
		t.Fatal("logout")
	}
	if code, e := f.call(t, "GET", "/api/projects/ejo", tok, nil, nil); code != 401 || !strings.Contains(e.Message, "log in again") {
		t.Errorf("after logout: %d %q", code, e.Message)
	}
}

// TestRules_Check pushes commands of every role against a project where
// anna interviewed IFK-a (document D, text T).
func TestRules_Check(t *testing.T) {
	f := newFixture(t)
	u := f.users
	tok := map[string]string{}
	for name := range u {
		tok[name] = f.login(t, name)
	}
	iv := qda.Interview{GUID: "20000000-0000-4000-8000-000000000001", Interviewee: "IFK-a", Interviewer: u["anna"].GUID}
	doc := qda.Document{GUID: "20000000-0000-4000-8000-000000000002", Name: "IFK-a", Interview: iv.GUID}
	text := img("Früher habe jede*r für sich gearbeitet.")
	setup := cmdOf(u["anna"], "protocol.import",
		qda.Change{Entity: "interview", Key: string(iv.GUID), After: img(iv)},
		qda.Change{Entity: "document", Key: string(doc.GUID), After: img(doc)},
		qda.Change{Entity: "text", Key: string(doc.GUID), After: text})
	if pr := f.push(t, tok["anna"], setup); pr.Results[0].Refused != nil || pr.Results[0].Seq == 0 {
		t.Fatalf("anna's import: %+v", pr.Results[0])
	}
	edit := func(by string) *qda.Command {
		return cmdOf(u[by], "document.edit", qda.Change{Entity: "text", Key: string(doc.GUID), Before: text, After: img("Ben schreibt.")})
	}
	coding := func(by, coder string) *qda.Command {
		c := qda.Coding{GUID: qda.GUID(fmt.Sprintf("30000000-0000-4000-8000-%012d", n+1)), Document: doc.GUID, Code: "40000000-0000-4000-8000-000000000001", Coder: u[coder].GUID}
		return cmdOf(u[by], "coding.add", qda.Change{Entity: "coding", Key: string(c.GUID), After: img(c)})
	}
	forged := edit("anna")
	for _, tc := range []struct {
		name, by string
		cmd      *qda.Command
		code     string // "" accepted
		msg      string
	}{
		{"coder edits a protocol text", "ben", edit("ben"), teamapi.RefusedForbidden, "changed only by its interviewer (anna)"},
		{"another interviewer edits it", "ira", edit("ira"), teamapi.RefusedForbidden, "changed only by its interviewer (anna)"},
		{"reader pushes", "rita", coding("rita", "rita"), teamapi.RefusedForbidden, "rita is a reader: readers push nothing"},
		{"reader's export is audited", "rita", cmdOf(u["rita"], "export"), "", ""},
		{"forged export", "lea", cmdOf(u["ben"], "export"), teamapi.RefusedForbidden, "was made by ben, but lea is logged in"},
		{"forged user", "ben", forged, teamapi.RefusedForbidden, "was made by anna, but ben is logged in"},
		{"coder codes as another", "ben", coding("ben", "anna"), teamapi.RefusedForbidden, "names anna as its coder"},
		{"coder codes", "ben", coding("ben", "ben"), "", ""},
		{"interviewer codes her own protocol", "anna", coding("anna", "anna"), "", ""},
		{"other interviewer codes it", "ira", coding("ira", "ira"), teamapi.RefusedForbidden, "coding is the coders' work"},
		{"coder anonymises", "ben", cmdOf(u["ben"], "anon.replace"), teamapi.RefusedForbidden, "only the data-protection officer"},
		{"dpo purges nothing", "dora", cmdOf(u["dora"], "purge"), teamapi.RefusedInvalid, "names nothing to purge"},
		{"dpo purges with images", "dora", cmdOf(u["dora"], "purge", qda.Change{Entity: "text", Key: string(doc.GUID), Before: text}), teamapi.RefusedInvalid, "a purge names only what it deletes"},
		{"dpo purges a code", "dora", cmdOf(u["dora"], "purge", qda.Change{Entity: "code", Key: "c"}), teamapi.RefusedInvalid, "a purge does not delete a code"},
		{"dpo records a withdrawal", "dora", cmdOf(u["dora"], "interview.withdraw", qda.Change{Entity: "interview", Key: string(iv.GUID), Before: img(iv), After: img(iv)}), "", ""},
		{"coder records a withdrawal", "ben", cmdOf(u["ben"], "interview.withdraw", qda.Change{Entity: "interview", Key: string(iv.GUID), Before: img(iv), After: img(iv)}), teamapi.RefusedForbidden, "changed only by its interviewer"},
		{"dpo anonymises nothing", "dora", cmdOf(u["dora"], "anon.replace"), teamapi.RefusedInvalid, "replaces nothing"},
		{"dpo pushes sealed images", "dora", cmdOf(u["dora"], "anon.replace", qda.Change{Entity: "text", Key: string(doc.GUID), After: img("x"), Sealed: true}), teamapi.RefusedInvalid, "new texts in the clear"},
		{"dpo anonymises a memo", "dora", cmdOf(u["dora"], "anon.replace", qda.Change{Entity: "memo", Key: "m", After: img("x")}), teamapi.RefusedInvalid, "not a memo like this"},
		{"dpo's other anonymisation kinds", "dora", cmdOf(u["dora"], "anon.rekey"), teamapi.RefusedForbidden, "not replicated"},
		{"dpo's key entry is audited", "dora", cmdOf(u["dora"], "key.add"), "", ""},
		{"lead adds a member", "lea", cmdOf(u["lea"], "member.add"), teamapi.RefusedForbidden, "members are managed on the team server"},
		{"interviewer edits her text", "anna", edit("anna"), "", ""},
		{"stale edit", "anna", edit("anna"), teamapi.RefusedConflict, "changed by someone else first"},
		{"lead edits the text", "lea", cmdOf(u["lea"], "document.edit", qda.Change{Entity: "text", Key: string(doc.GUID), Before: img("Ben schreibt."), After: img("Lea")}), "", ""},
		{"dpo anonymises the text", "dora", cmdOf(u["dora"], "anon.replace", qda.Change{Entity: "text", Key: string(doc.GUID), After: img("[Person 1] schreibt.")}), "", ""},
		{"coder changes the guideline", "ben", cmdOf(u["ben"], "guideline.import", qda.Change{Entity: "guideline", Key: "g", After: img("x")}), teamapi.RefusedForbidden, "only the lead changes the guideline"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pr := f.push(t, tok[tc.by], tc.cmd)
			r := pr.Results[0]
			switch {
			case tc.code == "" && r.Refused != nil:
				t.Errorf("refused: %+v", r.Refused)
			case tc.code != "" && (r.Refused == nil || r.Refused.Code != tc.code || !strings.Contains(r.Refused.Message, tc.msg)):
				t.Errorf("got %+v, want %s containing %q", r.Refused, tc.code, tc.msg)
			}
		})
	}
}

func TestServer_PushPull(t *testing.T) {
	f := newFixture(t)
	ben := f.login(t, "ben")
	code := func(name string) *qda.Command {
		n++
		id := fmt.Sprintf("50000000-0000-4000-8000-%012d", n)
		return cmdOf(f.users["ben"], "code.add", qda.Change{Entity: "code", Key: id, After: img(map[string]string{"guid": id, "name": name})})
	}
	var head teamapi.PullResponse
	f.call(t, "GET", "/api/projects/ejo/commands?after=0", ben, nil, &head)
	// A long poll waiting for the next command returns it once it is
	// pushed (or at once, if the push came first).
	got := make(chan teamapi.PullResponse)
	go func() {
		var pr teamapi.PullResponse
		f.call(t, "GET", fmt.Sprintf("/api/projects/ejo/commands?after=%d&wait=60", head.Head), ben, nil, &pr)
		got <- pr
	}()
	c1, c2 := code("Teamarbeit"), code("Ziele")
	pr := f.push(t, ben, c1, c2)
	if pr.Results[0].Seq != head.Head+1 || pr.Results[1].Seq != head.Head+2 || pr.Head != head.Head+2 {
		t.Fatalf("push: %+v", pr)
	}
	polled := <-got
	if len(polled.Commands) == 0 || polled.Commands[0].Seq != head.Head+1 {
		t.Errorf("long poll: %+v", polled)
	}
	// Pushed again (the answer was lost): the same places, nothing new.
	again := f.push(t, ben, c1, c2)
	if !again.Results[0].Duplicate || again.Results[1].Seq != head.Head+2 || again.Head != head.Head+2 {
		t.Errorf("repeated push: %+v", again)
	}
	var pull teamapi.PullResponse
	f.call(t, "GET", fmt.Sprintf("/api/projects/ejo/commands?after=%d&limit=1", head.Head), ben, nil, &pull)
	var back qda.Command
	if len(pull.Commands) != 1 || json.Unmarshal(pull.Commands[0].Command, &back) != nil || back.GUID != c1.GUID || pull.Head != head.Head+2 {
		t.Errorf("pull: %+v", pull)
	}
	if code, e := f.call(t, "GET", "/api/projects/ejo/commands?after=x", ben, nil, nil); code != 400 || !strings.Contains(e.Message, "not a number") {
		t.Errorf("bad after: %d %q", code, e.Message)
	}
	if code, _ := f.call(t, "GET", "/api/audit", ben, nil, nil); code != 403 {
		t.Errorf("coder reads the audit: %d", code)
	}
	var evs []server.AuditEvent
	if code, _ := f.call(t, "GET", "/api/audit", f.login(t, "dora"), nil, &evs); code != 200 || len(evs) == 0 {
		t.Errorf("dpo reads the audit: %d, %d events", code, len(evs))
	}
}

func TestPassword_HashCheck(t *testing.T) {
	h, err := server.HashPassword("richtig-langes-Passwort")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		hash, pw string
		ok       bool
	}{
		{h, "richtig-langes-Passwort", true},
		{h, "richtig-langes-passwort", false},
		{strings.Replace(h, "t=3", "t=99", 1), "richtig-langes-Passwort", false},
		{"$argon2i$v=19$m=65536,t=3,p=4$x$y", "x", false},
		{"", "", false},
	} {
		if got := server.CheckPassword(tc.hash, tc.pw); got != tc.ok {
			t.Errorf("CheckPassword(%q, %q) = %v", tc.hash, tc.pw, got)
		}
	}
	if _, err := server.HashPassword("kurz"); err == nil {
		t.Error("a short password was accepted")
	}
}

// TestServer_Membership: an account reaches only the projects it is a
// member of, with the roles it has there.
func TestServer_Membership(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	other, err := server.CreateProject(ctx, f.st, "andere", false, f.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	ben, rita := f.login(t, "ben"), f.login(t, "rita")
	code := func(u *server.User, name string) *qda.Command {
		n++
		id := fmt.Sprintf("60000000-0000-4000-8000-%012d", n)
		return cmdOf(u, "code.add", qda.Change{Entity: "code", Key: id, After: img(map[string]string{"guid": id, "name": name})})
	}
	for _, req := range []struct{ method, path string }{
		{"GET", "/api/projects/andere"},
		{"GET", "/api/projects/andere/commands?after=0"},
		{"POST", "/api/projects/andere/commands"},
	} {
		var body any
		if req.method == "POST" {
			body = teamapi.PushRequest{Commands: []*qda.Command{code(f.users["ben"], "x")}}
		}
		if st, e := f.call(t, req.method, req.path, ben, body, nil); st != 403 || !strings.Contains(e.Message, "ben is not a member of project andere") {
			t.Errorf("%s %s by a non-member: %d %q", req.method, req.path, st, e.Message)
		}
	}
	// rita reads ejo, but leads andere.
	if err := server.AddMember(ctx, f.st, other.GUID, f.users["rita"], []server.Role{qda.MemberLead}, f.clock.Now()); err != nil {
		t.Fatal(err)
	}
	var pr teamapi.PushResponse
	if st, e := f.call(t, "POST", "/api/projects/andere/commands", rita, teamapi.PushRequest{Commands: []*qda.Command{code(f.users["rita"], "Leitung")}}, &pr); st != 200 || pr.Results[0].Refused != nil {
		t.Errorf("rita leads andere: %d %s %+v", st, e.Message, pr.Results)
	}
	if r := f.push(t, rita, code(f.users["rita"], "Lesen")); r.Results[0].Refused == nil || !strings.Contains(r.Results[0].Refused.Message, "readers push nothing") {
		t.Errorf("rita reads ejo: %+v", r.Results[0])
	}
	// A change of roles reaches the log as member.edit.
	if err := server.AddMember(ctx, f.st, other.GUID, f.users["rita"], []server.Role{qda.MemberCoder}, f.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := server.AddMember(ctx, f.st, other.GUID, f.users["rita"], []server.Role{qda.MemberCoder}, f.clock.Now()); err != nil {
		t.Errorf("the same roles again: %v", err)
	}
	es, _ := f.st.Commands(ctx, other.GUID, 0, 100)
	var kinds []string
	for _, e := range es {
		var c qda.Command
		_ = json.Unmarshal(e.Command, &c)
		kinds = append(kinds, c.Kind)
	}
	if strings.Join(kinds, " ") != "member.add code.add member.edit" {
		t.Errorf("the log of andere: %v", kinds)
	}
	if err := f.st.RemoveMember(ctx, other.GUID, f.users["rita"].GUID); err != nil {
		t.Fatal(err)
	}
	if st, _ := f.call(t, "GET", "/api/projects/andere/commands?after=0", rita, nil, nil); st != 403 {
		t.Errorf("pull after the membership ended: %d", st)
	}
	evs, _ := f.st.AuditLog(ctx, 1000)
	refused := 0
	for _, ev := range evs {
		if ev.Action == "access.refused" {
			refused++
		}
	}
	if refused != 4 {
		t.Errorf("%d access.refused events in the audit, want 4", refused)
	}
}

// TestServer_LoginSlots: with one login slot, a second login waits until
// the first has checked its password (each check holds 64 MiB); an
// unknown user is checked against a dummy hash.
func TestServer_LoginSlots(t *testing.T) {
	f := newFixture(t)
	var mu sync.Mutex
	var events []string
	waiting := make(chan struct{}, 2)
	hashing := make(chan struct{}, 2)
	release := make(chan struct{})
	first := true
	hs := httptest.NewServer(server.New(server.Config{Store: f.st, Now: f.clock.Now, LoginSlots: 1, Hook: func(p string) {
		mu.Lock()
		events = append(events, p)
		hold := p == "login:hashing" && first
		if hold {
			first = false
		}
		mu.Unlock()
		switch p {
		case "login:waiting":
			waiting <- struct{}{}
		case "login:hashing":
			hashing <- struct{}{}
		}
		if hold {
			<-release
		}
	}}).Handler())
	t.Cleanup(hs.Close)
	g := &fixture{url: hs.URL, st: f.st, clock: f.clock, users: f.users}
	done := make(chan int, 2)
	go func() {
		st, _ := g.call(t, "POST", "/api/login", "", teamapi.LoginRequest{User: "anna", Password: "pw-of-anna-long"}, nil)
		done <- st
	}()
	<-waiting
	<-hashing // the first holds the slot
	go func() {
		st, _ := g.call(t, "POST", "/api/login", "", teamapi.LoginRequest{User: "nobody", Password: "pw-of-anna-long"}, nil)
		done <- st
	}()
	<-waiting // the second waits for it
	mu.Lock()
	n := 0
	for _, e := range events {
		if e == "login:hashing" {
			n++
		}
	}
	mu.Unlock()
	if n != 1 {
		t.Errorf("%d logins hash at once with one slot", n)
	}
	close(release)
	a, b := <-done, <-done
	if a+b != 200+401 {
		t.Errorf("logins answered %d and %d, want 200 and 401", a, b)
	}
	<-hashing // the unknown user was checked too
}
