// Command teamdemo serves a team project on an in-memory team server for
// the screenshots of the team dialogs (scripts/screenshots.sh): the lead
// lea sets up a few codes and a memo, and the coders ben and cora change
// the same memo and code offline; ben syncs first, so cora's replica in
// DIR/cora holds two open conflicts. It prints the project's URL on the
// first line and serves until its standard input closes.
//
//	go run ./scripts/teamdemo DIR
package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/server"
	"github.com/protocoder/protocoder/internal/server/memstore"
	"github.com/protocoder/protocoder/internal/team"
	"github.com/protocoder/protocoder/internal/wire"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: teamdemo DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "teamdemo:", err)
		os.Exit(1)
	}
}

// replica is one laptop's open replica.
type replica struct {
	p   *project.Project
	dir string
	st  *team.State
	c   *team.Client
}

func (r *replica) sync(ctx context.Context) error {
	_, err := team.Sync(ctx, r.p, r.dir, r.st, r.c, time.Now())
	return err
}

func run(dir string) error {
	ctx := context.Background()
	st := memstore.New()
	now := time.Now()
	for _, u := range [][2]string{{"lea", "lead"}, {"ben", "coder"}, {"cora", "coder"}} {
		rs, err := server.ParseRoles(u[1])
		if err != nil {
			return err
		}
		if _, err := server.AddUser(ctx, st, u[0], rs, "pw-of-"+u[0]+"-long", nil, now); err != nil {
			return err
		}
	}
	if _, err := server.CreateProject(ctx, st, "ejo", true, now); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go func() { _ = http.Serve(ln, server.New(server.Config{Store: st}).Handler()) }()
	url := "http://" + ln.Addr().String() + "/ejo"

	open := func(user string) (*replica, error) {
		d := filepath.Join(dir, user)
		if _, err := wire.CloneTeam(ctx, url, user, "pw-of-"+user+"-long", d, nil, wire.Options{}); err != nil {
			return nil, err
		}
		p, err := wire.Open(d, wire.Options{User: user})
		if err != nil {
			return nil, err
		}
		s, err := team.LoadState(d)
		if err != nil {
			return nil, err
		}
		return &replica{p: p, dir: d, st: s, c: &team.Client{Base: s.Server, Token: s.Token}}, nil
	}
	lea, err := open("lea")
	if err != nil {
		return err
	}
	for _, n := range []string{"Zusammenarbeit im Team", "Arbeitgeberkontakte", "Zielvereinbarungen"} {
		if _, err := lea.p.AddCode(coding.NewCode{Name: n}); err != nil {
			return err
		}
	}
	memo, err := lea.p.AddMemo(coding.NewMemo{Title: "Teamarbeit im Jobcenter", Text: "Erste Eindrücke aus den Interviews der ersten Welle."})
	if err != nil {
		return err
	}
	if err := lea.sync(ctx); err != nil {
		return err
	}
	lea.p.Close()
	ben, err := open("ben")
	if err != nil {
		return err
	}
	cora, err := open("cora")
	if err != nil {
		return err
	}
	codes, err := cora.p.Codes()
	if err != nil {
		return err
	}
	target := codes[0].GUID
	for _, c := range codes {
		if c.Name == "Arbeitgeberkontakte" {
			target = c.GUID
		}
	}
	if _, err := ben.p.UpdateMemo(memo.GUID, "Teamarbeit im Jobcenter", "Die Teams sprechen sich heute wöchentlich ab; früher arbeitete jede Fachkraft für sich. In JC-07 und JC-12 berichten die Teamleitungen von festen Fallbesprechungen."); err != nil {
		return err
	}
	bn := "Arbeitgeberkontakte (AG-S)"
	if _, err := ben.p.UpdateCode(target, coding.CodeUpdate{Name: &bn}); err != nil {
		return err
	}
	if err := ben.sync(ctx); err != nil {
		return err
	}
	if _, err := cora.p.UpdateMemo(memo.GUID, "Teamarbeit im Jobcenter", "Die Zusammenarbeit hängt stark von der Teamleitung ab: Wo sie Fallbesprechungen ansetzt, tauschen sich die Fachkräfte aus, sonst kaum. Die Interviews der zweiten Welle sollten danach fragen."); err != nil {
		return err
	}
	cn := "Kontakte zu Arbeitgebern"
	if _, err := cora.p.UpdateCode(target, coding.CodeUpdate{Name: &cn}); err != nil {
		return err
	}
	if err := cora.sync(ctx); err != nil {
		return err
	}
	ben.p.Close()
	cora.p.Close()
	if n := len(cora.st.OpenConflicts()); n != 2 {
		return fmt.Errorf("cora has %d open conflicts, want 2", n)
	}
	fmt.Println(url)
	_, _ = io.Copy(io.Discard, os.Stdin)
	return nil
}
