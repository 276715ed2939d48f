package pgstore

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server"
	"github.com/protocoder/protocoder/internal/server/pgtest"
	"github.com/protocoder/protocoder/internal/teamapi"
)

// BenchmarkTeam_Laptops: 20 simulated laptops push 500 commands each (in
// syncs of 10, each sync a push and a pull) against one protocoder-server
// process on PostgreSQL; reports commands/s, the p95 sync latency, how
// long a laptop 2,000 commands behind needs to fetch them, and the server
// process's peak RSS (VmHWM; PostgreSQL's own processes not counted). Not
// a timed test: run with go test -run '^$' -bench Laptops -benchtime 1x.
func BenchmarkTeam_Laptops(b *testing.B) {
	const laptops, perLaptop, batch = 20, 500, 10
	bin := filepath.Join(b.TempDir(), "protocoder-server")
	build := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, "./cmd/protocoder-server")
	build.Dir = filepath.Join("..", "..", "..")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("build the server: %v\n%s", err, out)
	}
	for b.Loop() {
		c := pgtest.Start(b)
		keys := keyDir(b)
		st, err := Open(context.Background(), c.URL, keys)
		if err != nil {
			b.Fatal(err)
		}
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
		srv := exec.Command(bin, "serve", "--db", c.URL, "--key-dir", keys.Path(), "--listen", "127.0.0.1:0")
		stdout, err := srv.StdoutPipe()
		if err != nil {
			b.Fatal(err)
		}
		if err := srv.Start(); err != nil {
			b.Fatal(err)
		}
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err != nil || !strings.HasPrefix(line, "listening on ") {
			b.Fatalf("the server says %q, %v", line, err)
		}
		base := strings.TrimSpace(strings.TrimPrefix(line, "listening on "))
		call := func(method, path, tok string, body, out any) {
			var rd bytes.Buffer
			if body != nil {
				_ = json.NewEncoder(&rd).Encode(body)
			}
			req, _ := http.NewRequest(method, base+path, &rd)
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
		// Each login hashes with Argon2id (64 MiB): the peak after the
		// logins, before any sync.
		loginRSS, err := peakRSS(srv.Process.Pid)
		if err != nil {
			b.Fatal(err)
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
		if rss, err := peakRSS(srv.Process.Pid); err != nil {
			b.Errorf("the server's peak RSS: %v", err)
		} else {
			b.ReportMetric(float64(rss)/1024, "server-peak-RSS-MiB")
			b.ReportMetric(float64(loginRSS)/1024, "server-peak-RSS-after-logins-MiB")
		}
		_ = srv.Process.Kill()
		_ = srv.Wait()
		_ = st.Close()
	}
}

// peakRSS is a process's peak resident set size in KiB (VmHWM of
// /proc/PID/status, Linux).
func peakRSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
		}
	}
	return 0, errors.New("no VmHWM in /proc/PID/status")
}
