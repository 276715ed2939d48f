package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/bench"
)

// coldOpen runs "protocoder-cli -p DIR bench-open" as a child process
// three times and adds the median wall time and the largest peak RSS the
// child reports of itself (the rusage of a child started by Go holds the
// parent's peak: it forks with a shared address space).
func coldOpen(dir string, r *bench.Report) {
	exe, err := os.Executable()
	if err != nil || !strings.HasPrefix(filepath.Base(exe), "protocoder-cli") {
		r.Notef("cold open not measured: this process is not the protocoder-cli binary (%s), so it cannot re-run itself", filepath.Base(exe))
		return
	}
	for _, m := range []struct {
		what, rss, target, rssTarget string
		args                         []string
	}{
		{"cold open (process start to project open and first screen loaded, median of 3)", "cold open peak RSS (VmHWM)",
			"<=1000", "<=300", nil},
		{"cold open and the status bar's counts (loaded in the background)", "cold open and the status bar's counts, peak RSS",
			"", "", []string{"--counts"}},
	} {
		wall, rssKB, counts, err := runOpen(exe, dir, m.args)
		if err != nil {
			r.Notef("cold open not measured: %v", err)
			return
		}
		r.Add(m.what, float64(wall)/1e6, "ms", m.target)
		if m.args != nil {
			r.Add("status-bar counts at open (in the process, median of 3)", float64(counts)/1e6, "ms", "<=100")
		}
		if rssKB > 0 {
			r.Add(m.rss, float64(rssKB)/1024, "MB", m.rssTarget)
		} else {
			r.Notef("cold open RSS not measured: no /proc/self/status VmHWM on this system")
		}
	}
}

// runOpen runs bench-open three times and returns the median wall time,
// the largest peak RSS in KiB and the median time of the counts.
func runOpen(exe, dir string, args []string) (time.Duration, int64, time.Duration, error) {
	var walls, counts []time.Duration
	var rssKB int64
	for i := 0; i < 3; i++ {
		cmd := exec.Command(exe, append([]string{"-p", dir, "bench-open"}, args...)...)
		cmd.Env = append(os.Environ(), "PROTOCODER_USER="+bench.Coders[0])
		var stderr strings.Builder
		cmd.Stderr = &stderr
		t0 := time.Now()
		out, err := cmd.Output()
		if err != nil {
			return 0, 0, 0, fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
		}
		walls = append(walls, time.Since(t0))
		var got struct {
			PeakRSSKB int64 `json:"peak_rss_kb"`
			CountsUS  int64 `json:"counts_us"`
		}
		if json.Unmarshal(out, &got) == nil {
			rssKB = max(rssKB, got.PeakRSSKB)
			counts = append(counts, time.Duration(got.CountsUS)*time.Microsecond)
		}
	}
	return bench.Percentile(walls, 50), rssKB, bench.Percentile(counts, 50), nil
}

// peakRSSKB returns the process's peak resident set size in KiB from
// /proc/self/status, 0 where there is none.
func peakRSSKB() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb
		}
	}
	return 0
}
