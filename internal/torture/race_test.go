//go:build linux

package torture

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// raceStep is where a race holds up (or kills) the operation: at the
// rename of the new file over project.db, or, for protect, after it, at
// the deletion of the plain backups.
func raceStep(sc *scene, action string) injection {
	switch sc.op {
	case faPurge:
		return injection{callRename, []string{filepath.Join(sc.dir, "project.db.compact")}, action}
	case faProtect:
		if action == killAction {
			return injection{callUnlink, []string{backupPaths(sc.t, sc.dir)[0]}, action}
		}
		return injection{callRename, []string{filepath.Join(sc.dir, "project.db.protect")}, action}
	default:
		return injection{callRename, []string{filepath.Join(sc.dir, "project.db.restore")}, action}
	}
}

// raceDelay holds the operation up for 0.4 s before it replaces
// project.db, so that the other process is waiting for the lock then.
const raceDelay = "delay_enter=400000"

// TestTorture_Race runs purge, protect and restore while a second process
// adds a code: it starts once the operation holds the project and waits
// for the lock (retrying after "already open", since the CLI waits 1.5 s
// at most) while the operation replaces project.db. A code add that
// reported success must be in the project afterwards (issue 20: the waiting
// process used to write into the replaced file), a purge leaves no canary,
// a protect no plain text. make torture repeats each race 20 times, and 10
// times more with the operation killed at its swap (the waiting process
// then finishes the operation when it opens); the short form races purge
// and restore once.
func TestTorture_Race(t *testing.T) {
	needStrace(t)
	n, killed := 20, 10
	if *flagKills <= 0 {
		n, killed = 1, 0
	}
	for _, op := range []string{faPurge, faProtect, faRestore} {
		reps, kills := n, killed
		if *flagKills <= 0 && op == faProtect {
			reps = 0 // Argon2 makes protect slow; make torture races it
		}
		for i := range reps + kills {
			kill := i >= reps
			name := fmt.Sprintf("%s/%d", op, i+1)
			if kill {
				name += "/killed"
			}
			t.Run(name, func(t *testing.T) {
				sc := newScene(t, op, uint64(1000+i))
				action := raceDelay
				if kill {
					action = killAction
				}
				before := lockHolder(sc.dir)
				tr := startTraced(t, sc.dir, raceStep(sc, action), sc.args()...)
				overlapped := waitForLock(sc.dir, before, tr)
				code, r := raceEdit(t, sc.dir, fmt.Sprintf("RACE-%d", i+1))
				res := tr.wait(t)
				if kill && !res.killed {
					t.Fatalf("the operation was not killed at its step: %+v", res)
				}
				if !kill && !res.exitOK {
					t.Fatalf("%s failed: %+v", op, res)
				}
				if code != "" {
					sc.others = append(sc.others, code)
				}
				o := sc.check(res)
				for _, l := range append(o.lost, o.problems...) {
					t.Errorf("%s raced: %s", op, l)
				}
				recordOutcome(o)
				lost := 0
				if code != "" {
					sn, err := readSnapshot(sc.dir)
					if err != nil {
						t.Fatal(err)
					}
					if c, ok := sn.codes[code]; !ok || !strings.HasPrefix(c.Name, "RACE-") {
						lost = 1
						t.Errorf("the racing code add reported %s, but the code is not in the project (%s overlapped: %v):\n%s", code, op, overlapped, r)
					}
				}
				totals.add(func(tl *tally) {
					tl.races[op]++
					if kill {
						tl.raceKills[op]++
					}
					tl.raceLost += lost
					if overlapped {
						tl.raceOverlap++
					}
					if code != "" {
						tl.confirmed++
					}
				})
			})
		}
	}
}

// raceEdit adds the code name, retrying while the project is open in the
// other process (each try waits up to the lock timeout). It returns the
// new code's GUID ("" if no try succeeded) and the last try's result.
func raceEdit(t *testing.T, dir, name string) (qda.GUID, result) {
	t.Helper()
	var r result
	for range 40 {
		r = run(t, dir, "code", "add", name)
		if r.code == 0 {
			return qda.GUID(firstGUID(r.stdout)), r
		}
		if !strings.Contains(r.stderr, "already open") {
			t.Errorf("racing code add failed: %s", r)
			return "", r
		}
	}
	t.Errorf("racing code add never got the project: %s", r)
	return "", r
}
