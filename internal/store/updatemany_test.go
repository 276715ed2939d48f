package store

import (
	"errors"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestDB_UpdateMany(t *testing.T) {
	db, _ := mustOpen(t, Options{NoBackup: true})
	user := func(n int, name string) *qda.User {
		return &qda.User{GUID: guid(n), Name: name, Roles: []qda.MemberRole{qda.MemberCoder}, Created: t0}
	}
	cmds := []*qda.Command{{GUID: guid(901), Kind: "member.add"}, {GUID: guid(902), Kind: "member.add"}}
	err := db.UpdateMany(cmds, func(i int, tx *Tx) error { return tx.PutUser(user(100+i, []string{"ben", "cora"}[i])) })
	if err != nil {
		t.Fatal(err)
	}
	if cmds[1].Seq != cmds[0].Seq+1 || len(cmds[0].Changes) != 1 || cmds[1].Changes[0].Key != string(guid(101)) {
		t.Errorf("commands %+v", cmds)
	}
	// A failing command leaves nothing of the batch.
	boom := errors.New("boom")
	err = db.UpdateMany([]*qda.Command{{GUID: guid(903), Kind: "member.add"}, {GUID: guid(904), Kind: "member.add"}}, func(i int, tx *Tx) error {
		if i == 1 {
			return boom
		}
		return tx.PutUser(user(110, "dan"))
	})
	if !errors.Is(err, boom) {
		t.Fatalf("failing batch: %v", err)
	}
	_ = db.View(func(tx *Tx) error {
		if _, err := tx.User(guid(110)); qda.ErrorCode(err) != qda.ENotFound {
			t.Errorf("the failed batch wrote a member: %v", err)
		}
		if tx.LastCommandSeq() != cmds[1].Seq {
			t.Errorf("log at %d, want %d", tx.LastCommandSeq(), cmds[1].Seq)
		}
		return nil
	})
	if err := db.UpdateMany([]*qda.Command{{GUID: guid(905)}}, func(int, *Tx) error { return nil }); qda.ErrorCode(err) != qda.EInternal {
		t.Errorf("a command without kind: %v", err)
	}
}
