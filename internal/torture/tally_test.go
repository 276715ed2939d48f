//go:build unix

package torture

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"text/tabwriter"

	"github.com/protocoder/protocoder/internal/store/zvalue"
)

// tally adds up the figures of every torture test of a run; make torture
// prints it at the end (TestMain).
type tally struct {
	mu          sync.Mutex
	kills       map[string]int // SIGKILLs by operation (random moments)
	faults      map[string]int // SIGKILLs injected at a chosen step, by operation and step
	confirmed   int            // commands the CLI reported as committed
	lost        int            // of those, missing afterwards (must be 0)
	canaryScans int            // scans of the whole folder after a committed purge
	canaryBytes int64          // bytes of erased canaries found by them (must be 0)
	plainScans  int            // scans of a protected project's folder
	plainBytes  int64          // bytes of plain text found by them (must be 0)
	openFails   int            // projects that did not open after a kill (must be 0)
	races       map[string]int // races of another process's edit with an operation that replaces project.db
	raceKills   map[string]int // of those, with the operation killed at its swap
	raceLost    int            // confirmed race edits missing afterwards (must be 0)
	raceOverlap int            // races whose edit started while the operation held the project
	recHalf     int            // interviews whose recording is committed as present without its file
}

// totals is the tally of this test run.
var totals = tally{kills: map[string]int{}, faults: map[string]int{}, races: map[string]int{}, raceKills: map[string]int{}}

// add runs fn on the tally under its lock.
func (t *tally) add(fn func(t *tally)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fn(t)
}

// print writes the figures table.
func (t *tally) print(w io.Writer) {
	t.mu.Lock()
	defer t.mu.Unlock()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\ntorture figures\t")
	ops := map[string]bool{}
	for _, m := range []map[string]int{t.kills, t.faults, t.races} {
		for k := range m {
			ops[k] = true
		}
	}
	names := make([]string, 0, len(ops))
	for k := range ops {
		names = append(names, k)
	}
	sort.Strings(names)
	fmt.Fprintln(tw, "operation\tkills at random\tkills at a step\traces\traces killed\t")
	var k, f, r, rk int
	for _, n := range names {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t\n", n, t.kills[n], t.faults[n], t.races[n], t.raceKills[n])
		k, f, r, rk = k+t.kills[n], f+t.faults[n], r+t.races[n], rk+t.raceKills[n]
	}
	fmt.Fprintf(tw, "all\t%d\t%d\t%d\t%d\t\n", k, f, r, rk)
	fmt.Fprintf(tw, "kills in all (random + at a step + in races)\t%d\t\n", k+f+rk)
	fmt.Fprintf(tw, "confirmed edits\t%d\t\n", t.confirmed)
	fmt.Fprintf(tw, "lost confirmed edits\t%d\t\n", t.lost)
	fmt.Fprintf(tw, "canary bytes after purges\t%d\t(%d scans)\n", t.canaryBytes, t.canaryScans)
	fmt.Fprintf(tw, "plain-text bytes after protects\t%d\t(%d scans)\n", t.plainBytes, t.plainScans)
	fmt.Fprintf(tw, "projects that failed to open\t%d\t\n", t.openFails)
	fmt.Fprintf(tw, "races / lost race edits\t%d / %d\t(%d started while the operation held the project)\n", r, t.raceLost, t.raceOverlap)
	fmt.Fprintf(tw, "recordings present without their file\t%d\t(must be 0)\n", t.recHalf)
	_ = tw.Flush()
}

// scanFolder reads every file under dir (backups, index, recordings,
// keys, leftovers) and returns, per needle, the bytes of its occurrences
// and the files that hold it.
func scanFolder(tb testing.TB, dir string, needles []string) (bytesFound int64, hits []string) {
	tb.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		b = zvalue.Reveal(b) // project.db and backups store values compressed
		for _, n := range needles {
			if c := bytes.Count(b, []byte(n)); c > 0 {
				bytesFound += int64(c * len(n))
				rel, _ := filepath.Rel(dir, p)
				hits = append(hits, fmt.Sprintf("%s: %q ×%d", rel, n, c))
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("scan %s: %v", dir, err)
	}
	return bytesFound, hits
}

// plainWords are words of the project's text that a protected project's
// folder must not hold in the clear: the unique word of every imported
// torture document and protocol, and words of the sample protocols. (The
// canaries of interviews still to be purged are in their recordings, which
// protect leaves as they are.)
var plainWords = []string{"torturewort", "Arbeitgeberservice", "Eingliederungsvereinbarung", "Integrationsfachkraft"}
