// Package storetest is the contract every server.Store implementation
// passes: memstore's and pgstore's tests run it.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server"
)

func guid(n int) qda.GUID { return qda.GUID(fmt.Sprintf("00000000-0000-4000-8000-%012d", n)) }

// Run checks st, an empty migrated store.
func Run(t *testing.T, st server.Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	t.Run("Users", func(t *testing.T) {
		u := &server.User{GUID: guid(1), Name: "anna", Roles: []server.Role{qda.MemberInterviewer, qda.MemberReader}, Created: t0, PasswordHash: "$argon2id$x"}
		if err := st.AddUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if err := st.AddUser(ctx, &server.User{GUID: guid(2), Name: "anna", Roles: u.Roles, Created: t0}); !errors.Is(err, server.ErrExists) {
			t.Errorf("second anna: %v, want ErrExists", err)
		}
		got, err := st.UserByName(ctx, "anna")
		if err != nil || got.GUID != u.GUID || len(got.Roles) != 2 || got.PasswordHash != u.PasswordHash || !got.Created.Equal(t0) {
			t.Errorf("UserByName = %+v, %v", got, err)
		}
		if _, err := st.UserByName(ctx, "nobody"); !errors.Is(err, server.ErrNotFound) {
			t.Errorf("nobody: %v", err)
		}
		if got, err := st.User(ctx, guid(1)); err != nil || got.Name != "anna" {
			t.Errorf("User = %+v, %v", got, err)
		}
		if us, err := st.Users(ctx); err != nil || len(us) != 1 {
			t.Errorf("Users = %v, %v", us, err)
		}
	})
	t.Run("Sessions", func(t *testing.T) {
		se := &server.Session{TokenHash: []byte("0123456789abcdef0123456789abcdef"), User: guid(1), Expires: t0.Add(time.Hour)}
		if err := st.PutSession(ctx, se); err != nil {
			t.Fatal(err)
		}
		got, err := st.Session(ctx, se.TokenHash)
		if err != nil || got.User != guid(1) || !got.Expires.Equal(se.Expires) {
			t.Errorf("Session = %+v, %v", got, err)
		}
		if err := st.DeleteSession(ctx, se.TokenHash); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Session(ctx, se.TokenHash); !errors.Is(err, server.ErrNotFound) {
			t.Errorf("deleted session: %v", err)
		}
	})
	t.Run("Log", func(t *testing.T) {
		p := &server.Project{GUID: guid(10), Name: "ejo", Created: t0}
		if err := st.CreateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateProject(ctx, &server.Project{GUID: guid(11), Name: "ejo", Created: t0}); !errors.Is(err, server.ErrExists) {
			t.Errorf("second ejo: %v", err)
		}
		mk := func(n int, key string, before, after string) *qda.Command {
			c := &qda.Command{GUID: guid(100 + n), Seq: uint64(n), User: guid(1), Time: t0, Kind: "code.add", Summary: fmt.Sprint("c", n)}
			ch := qda.Change{Entity: "code", Key: key}
			if before != "" {
				ch.Before = json.RawMessage(before)
			}
			if after != "" {
				ch.After = json.RawMessage(after)
			}
			c.Changes = []qda.Change{ch}
			return c
		}
		refuseC3 := func(st server.State, c *qda.Command) error {
			if c.GUID == guid(103) {
				return errors.New("no c3")
			}
			return nil
		}
		c1, c2, c3 := mk(1, "k1", "", `{"a":1}`), mk(2, "k1", `{"a":1}`, `{"a":2}`), mk(3, "k2", "", `{"b":1}`)
		outs, err := st.Append(ctx, p.GUID, []*qda.Command{c1, c2, c3}, refuseC3)
		if err != nil {
			t.Fatal(err)
		}
		if outs[0].Seq != 1 || outs[1].Seq != 2 || outs[2].Refused == nil || outs[2].Seq != 0 {
			t.Fatalf("outcomes %+v", outs)
		}
		var seen []byte
		var each []string
		_, err = st.Append(ctx, p.GUID, []*qda.Command{mk(4, "k1", `{"a":2}`, "")}, func(st server.State, c *qda.Command) error {
			seen, _ = st.Image("code", "k1")
			for _, entity := range []string{"code", "memo"} {
				if err := st.Each(entity, func(key string, img []byte) error {
					each = append(each, entity+" "+key+" "+string(img))
					return nil
				}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || string(seen) != `{"a":2}` {
			t.Errorf("state before c4: %s, %v", seen, err)
		}
		if got := strings.Join(each, "; "); got != `code k1 {"a":2}` {
			t.Errorf("Each before c4 (c3 refused): %s", got)
		}
		// Repeated: a duplicate with its seq, also with other content
		// (which changes nothing).
		c1b := mk(1, "k1", "", `{"a":9}`)
		outs, err = st.Append(ctx, p.GUID, []*qda.Command{c1, c1b}, nil)
		if err != nil || !outs[0].Duplicate || outs[0].Seq != 1 || !outs[1].Duplicate || outs[1].Seq != 1 {
			t.Errorf("repeat: %+v, %v", outs, err)
		}
		if h, err := st.Head(ctx, p.GUID); err != nil || h != 3 {
			t.Errorf("head %d, %v", h, err)
		}
		es, err := st.Commands(ctx, p.GUID, 1, 1)
		if err != nil || len(es) != 1 || es[0].Seq != 2 {
			t.Fatalf("Commands(1,1) = %v, %v", es, err)
		}
		var back qda.Command
		if err := json.Unmarshal(es[0].Command, &back); err != nil || back.GUID != c2.GUID || back.Seq != 0 || string(back.Changes[0].After) != `{"a":2}` {
			t.Errorf("stored command %+v, %v", back, err)
		}
		if es, _ := st.Commands(ctx, p.GUID, 3, 10); len(es) != 0 {
			t.Errorf("after the head: %v", es)
		}
		got, err := st.Project(ctx, "ejo")
		if err != nil || got.Head != 3 || got.GUID != p.GUID {
			t.Errorf("Project = %+v, %v", got, err)
		}
	})
	t.Run("Members", func(t *testing.T) {
		p, err := st.Project(ctx, "ejo")
		if err != nil {
			t.Fatal(err)
		}
		if added, err := st.AddMember(ctx, p.GUID, guid(1), []server.Role{qda.MemberCoder}); err != nil || !added {
			t.Fatalf("AddMember = %v, %v", added, err)
		}
		if added, err := st.AddMember(ctx, p.GUID, guid(1), []server.Role{qda.MemberLead, qda.MemberCoder}); err != nil || added {
			t.Errorf("AddMember again = %v, %v (want a change of roles)", added, err)
		}
		if rs, err := st.Member(ctx, p.GUID, guid(1)); err != nil || len(rs) != 2 || rs[0] != qda.MemberLead {
			t.Errorf("Member = %v, %v", rs, err)
		}
		if ms, err := st.Members(ctx, p.GUID); err != nil || len(ms) != 1 || ms[0].Name != "anna" || ms[0].User != guid(1) {
			t.Errorf("Members = %+v, %v", ms, err)
		}
		if _, err := st.AddMember(ctx, p.GUID, guid(99), []server.Role{qda.MemberCoder}); !errors.Is(err, server.ErrNotFound) {
			t.Errorf("AddMember of nobody: %v", err)
		}
		if err := st.RemoveMember(ctx, p.GUID, guid(1)); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Member(ctx, p.GUID, guid(1)); !errors.Is(err, server.ErrNotFound) {
			t.Errorf("Member after removal: %v", err)
		}
		if err := st.RemoveMember(ctx, p.GUID, guid(1)); !errors.Is(err, server.ErrNotFound) {
			t.Errorf("RemoveMember twice: %v", err)
		}
	})
	t.Run("Purge", func(t *testing.T) {
		p := &server.Project{GUID: guid(20), Name: "purge", Created: t0}
		if err := st.CreateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		doc, other, coding := string(guid(21)), string(guid(22)), string(guid(23))
		mk := func(n int, kind string, chs ...qda.Change) *qda.Command {
			return &qda.Command{GUID: guid(200 + n), User: guid(1), Time: t0, Kind: kind, Summary: kind, Changes: chs}
		}
		canary := json.RawMessage(`"Kanarienvogel im Protokoll"`)
		imp := mk(1, "protocol.import",
			qda.Change{Entity: "document", Key: doc, After: json.RawMessage(`{"guid":"` + doc + `"}`)},
			qda.Change{Entity: "text", Key: doc, After: canary},
			qda.Change{Entity: "text", Key: other, After: json.RawMessage(`"bleibt"`)})
		cod := mk(2, "coding.add", qda.Change{Entity: "coding", Key: coding, After: json.RawMessage(`{"guid":"` + coding + `","document":"` + doc + `"}`)})
		purge := mk(3, server.KindPurge, qda.Change{Entity: "document", Key: doc}, qda.Change{Entity: "text", Key: doc}, qda.Change{Entity: "coding", Key: coding})
		if _, err := st.Append(ctx, p.GUID, []*qda.Command{imp, cod}, nil); err != nil {
			t.Fatal(err)
		}
		es, err := st.Commands(ctx, p.GUID, 0, 10)
		if err != nil || len(es) != 2 || !strings.Contains(string(es[0].Command), "Kanarienvogel") {
			t.Fatalf("before the purge: %d commands, %v", len(es), err)
		}
		if _, err := st.Append(ctx, p.GUID, []*qda.Command{purge}, nil); err != nil {
			t.Fatal(err)
		}
		es, err = st.Commands(ctx, p.GUID, 0, 10)
		if err != nil || len(es) != 3 {
			t.Fatalf("after the purge: %d commands, %v", len(es), err)
		}
		var back [3]qda.Command
		for i, e := range es {
			if err := json.Unmarshal(e.Command, &back[i]); err != nil {
				t.Fatal(err)
			}
		}
		if len(back[0].Changes) != 1 || back[0].Changes[0].Key != other || len(back[1].Changes) != 0 || len(back[2].Changes) != 3 {
			t.Errorf("after the purge the log holds %+v", back)
		}
		_, err = st.Append(ctx, p.GUID, []*qda.Command{mk(4, "x")}, func(s server.State, c *qda.Command) error {
			for _, k := range []string{doc, coding} {
				if gone, err := s.Purged(k); err != nil || !gone {
					t.Errorf("Purged(%s) = %v, %v", k, gone, err)
				}
			}
			if gone, err := s.Purged(other); err != nil || gone {
				t.Errorf("Purged(other) = %v, %v", gone, err)
			}
			if img, err := s.Image("text", doc); err != nil || img != nil {
				t.Errorf("the purged text: %s, %v", img, err)
			}
			if img, err := s.Image("text", other); err != nil || string(img) != `"bleibt"` {
				t.Errorf("the other text: %s, %v", img, err)
			}
			return errors.New("only looking")
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Anonymise", func(t *testing.T) {
		p := &server.Project{GUID: guid(30), Name: "anon", Created: t0}
		if err := st.CreateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		doc, memo, coding := string(guid(31)), string(guid(32)), string(guid(33))
		mk := func(n int, kind string, chs ...qda.Change) *qda.Command {
			return &qda.Command{GUID: guid(300 + n), User: guid(1), Time: t0, Kind: kind, Summary: kind, Changes: chs}
		}
		raw := func(s string) json.RawMessage { return json.RawMessage(s) }
		cmds := []*qda.Command{
			mk(1, "protocol.import", qda.Change{Entity: "document", Key: doc, After: raw(`{"guid":"` + doc + `"}`)},
				qda.Change{Entity: "text", Key: doc, After: raw(`"Frau Westermann aus Celle kam."`)}),
			mk(2, "document.edit", qda.Change{Entity: "text", Key: doc, Before: raw(`"Frau Westermann aus Celle kam."`), After: raw(`"Frau Westermann aus Celle kam oft."`)}),
			mk(3, "coding.add", qda.Change{Entity: "coding", Key: coding, After: raw(`{"guid":"` + coding + `","document":"` + doc + `"}`)}),
			mk(4, "memo.add", qda.Change{Entity: "memo", Key: memo, After: raw(`"Celle ist klein"`)}),
			mk(5, qda.KindAnonReplace, qda.Change{Entity: "text", Key: doc, After: raw(`"Frau [Person 1] aus [Ort 1] kam oft."`)}),
		}
		if _, err := st.Append(ctx, p.GUID, cmds, nil); err != nil {
			t.Fatal(err)
		}
		es, err := st.Commands(ctx, p.GUID, 0, 10)
		if err != nil || len(es) != 5 {
			t.Fatalf("after the anonymisation: %d commands, %v", len(es), err)
		}
		var log strings.Builder
		for _, e := range es {
			log.Write(e.Command)
		}
		switch l := log.String(); {
		case strings.Contains(l, "Westermann"):
			t.Errorf("the log still holds the replaced name:\n%s", l)
		case !strings.Contains(l, "Celle ist klein"):
			t.Errorf("the memo, which still holds a replaced word, lost it from the log:\n%s", l)
		case !strings.Contains(l, `"document":"`+doc+`"`) || !strings.Contains(l, "[Person 1]"):
			t.Errorf("the coding or the new text is missing from the log:\n%s", l)
		}
		_, err = st.Append(ctx, p.GUID, []*qda.Command{mk(6, "x")}, func(s server.State, c *qda.Command) error {
			if img, err := s.Image("text", doc); err != nil || !strings.Contains(string(img), "[Person 1]") {
				t.Errorf("the anonymised text: %s, %v", img, err)
			}
			if img, err := s.Image("coding", coding); err != nil || img == nil {
				t.Errorf("the coding of the anonymised text: %s, %v", img, err)
			}
			return errors.New("only looking")
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Audit", func(t *testing.T) {
		for i := 0; i < 3; i++ {
			if err := st.Audit(ctx, server.AuditEvent{Time: t0, User: "anna", Action: fmt.Sprint("a", i), Project: "ejo"}); err != nil {
				t.Fatal(err)
			}
		}
		evs, err := st.AuditLog(ctx, 2)
		if err != nil || len(evs) != 2 || evs[0].Action != "a1" || evs[1].Action != "a2" {
			t.Errorf("AuditLog = %+v, %v", evs, err)
		}
	})
}
