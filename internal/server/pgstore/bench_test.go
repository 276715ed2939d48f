package pgstore

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server"
	"github.com/protocoder/protocoder/internal/teamapi"
)

// BenchmarkTeam_Laptops: 20 simulated laptops push 500 commands each (in
// syncs of 10, each sync a push and a pull) against one server on
// PostgreSQL; reports commands/s, the p95 sync latency and how long a
// laptop 2,000 commands behind needs to fetch them. Not a timed test: run
// with go test -run '^$' -bench Laptops -benchtime 1x.
func BenchmarkTeam_Laptops(b *testing.B) {
	const laptops, perLaptop, batch = 20, 500, 10
	for b.Loop() {
		st, _ := open(b)
		ctx := context.Background()
		if err := st.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		now := time.Now()
		users := make([]*server.User, laptops)
		for i := range users {
			var err error
			if users[i], err = server.AddUser(ctx, st, fmt.Sprintf("coder%02d", i), []server.Role{qda.MemberCoder}, "benchmark-password", nil, now); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := server.CreateProject(ctx, st, "ejo", true, now); err != nil {
			b.Fatal(err)
		}
		hs := httptest.NewServer(server.New(server.Config{Store: st}).Handler())
		call := func(method, path, tok string, body, out any) {
			var rd bytes.Buffer
			if body != nil {
				_ = json.NewEncoder(&rd).Encode(body)
			}
			req, _ := http.NewRequest(method, hs.URL+path, &rd)
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			defer resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Errorf("%s %s: HTTP %d", method, path, resp.StatusCode)
				return
			}
			_ = json.NewDecoder(resp.Body).Decode(out)
		}
		toks := make([]string, laptops)
		for i, u := range users {
			var lr teamapi.LoginResponse
			call("POST", "/api/login", "", teamapi.LoginRequest{User: u.Name, Password: "benchmark-password"}, &lr)
			toks[i] = lr.Token
		}
		var mu sync.Mutex
		var lat []time.Duration
		var wg sync.WaitGroup
		start := time.Now()
		for i := range laptops {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var cursor uint64
				for j := 0; j < perLaptop; j += batch {
					cmds := make([]*qda.Command, batch)
					for k := range cmds {
						id := qda.GUID(fmt.Sprintf("%08d-0000-4000-8000-%012d", i, j+k))
						c := qda.Coding{GUID: id, Document: "d0000000-0000-4000-8000-000000000001", Code: "c0000000-0000-4000-8000-000000000001", Coder: users[i].GUID, Range: qda.Range{Start: j + k, End: j + k + 5}}
						img, _ := json.Marshal(c)
						cmds[k] = &qda.Command{GUID: qda.GUID(fmt.Sprintf("%08d-1111-4000-8000-%012d", i, j+k)), User: users[i].GUID, Time: now, Kind: "coding.add", Summary: "code",
							Changes: []qda.Change{{Entity: "coding", Key: string(id), After: img}}}
					}
					t0 := time.Now()
					var pr teamapi.PushResponse
					call("POST", "/api/projects/ejo/commands", toks[i], teamapi.PushRequest{Commands: cmds}, &pr)
					for {
						var pl teamapi.PullResponse
						call("GET", fmt.Sprintf("/api/projects/ejo/commands?after=%d", cursor), toks[i], nil, &pl)
						if len(pl.Commands) == 0 {
							break
						}
						cursor = pl.Commands[len(pl.Commands)-1].Seq
					}
					mu.Lock()
					lat = append(lat, time.Since(t0))
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		total := time.Since(start)
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		b.ReportMetric(float64(laptops*perLaptop)/total.Seconds(), "commands/s")
		b.ReportMetric(float64(lat[len(lat)*95/100].Milliseconds()), "p95-sync-ms")
		t0 := time.Now()
		var cursor uint64
		for cursor < 2000 {
			var pl teamapi.PullResponse
			call("GET", fmt.Sprintf("/api/projects/ejo/commands?after=%d", cursor), toks[0], nil, &pl)
			cursor = pl.Commands[len(pl.Commands)-1].Seq
		}
		b.ReportMetric(float64(time.Since(t0).Milliseconds()), "pull-2000-ms")
		hs.Close()
	}
}
