//go:build linux

package torture

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// The multi-file operations the fault and race tests drive.
const (
	faPurge     = "purge"
	faProtect   = "protect"
	faUnprotect = "unprotect"
	faRestore   = "restore"
	faRecAttach = "recording attach"
	faRecDelete = "recording delete"
)

// scene is a fresh copy of the sample project prepared for one operation:
// a confirmed edit made before it, and what the operation works on.
type scene struct {
	t      testing.TB
	op     string
	dir    string
	data   string
	canary string   // purge: the word in the interview's protocol and recording
	iv     qda.GUID // purge, recordings: the interview
	wav    []byte   // recording attach: the file's bytes
	wavAt  string   // recording attach: its path
	backup string   // restore: the backup's name
	before *snapshot
	others []qda.GUID // entities another process added meanwhile (races)
}

func newScene(t testing.TB, op string, seed uint64) *scene {
	t.Helper()
	sc := &scene{t: t, op: op, dir: sampleProject(t), data: t.TempDir()}
	rng := rand.New(rand.NewPCG(seed, 0x7363656e65))
	sc.must("code", "add", "Vorher-bestätigt")
	switch op {
	case faPurge:
		sc.canary = fmt.Sprintf("%s%08x", canaryPrefix, rng.Uint32())
		sc.iv = sc.importProtocol("TT-K-1", "\n## Nachtrag\n\nDer Vogel heißt "+sc.canary+".\n")
		sc.attach(wavBytes(rng, sc.canary))
		sc.must("backup")
	case faRestore:
		sc.backup = filepath.Base(strings.TrimSpace(sc.must("backup")))
	case faUnprotect:
		sc.must("protect")
	case faRecAttach:
		sc.iv = sc.importProtocol("TT-R-1", "")
		sc.wav = wavBytes(rng, "")
		sc.wavAt = filepath.Join(sc.data, "aufnahme.wav")
		if err := os.WriteFile(sc.wavAt, sc.wav, 0o600); err != nil {
			t.Fatal(err)
		}
	case faRecDelete:
		sc.iv = sc.importProtocol("TT-R-1", "")
		sc.attach(wavBytes(rng, ""))
	}
	sc.before = mustSnapshot(t, sc.dir)
	return sc
}

// must runs a setup command, which must succeed.
func (sc *scene) must(args ...string) string {
	sc.t.Helper()
	r := run(sc.t, sc.dir, args...)
	if r.code != 0 {
		sc.t.Fatalf("%s: %s", strings.Join(args, " "), r)
	}
	return r.stdout
}

// importProtocol imports a sample protocol as interviewee with more text
// and returns its interview.
func (sc *scene) importProtocol(interviewee, more string) qda.GUID {
	sc.t.Helper()
	b, err := os.ReadFile(repoFile("sampledata/protocols/operativ/JC-04-IFK-Projektteam-w1.md"))
	if err != nil {
		sc.t.Fatal(err)
	}
	text := regexp.MustCompile(`(?m)^interviewee: .*$`).ReplaceAllString(string(b), "interviewee: "+interviewee)
	text = noRecording.ReplaceAllString(text, "") + more
	// A final protocol keeps no recording: the scene attaches one.
	text = strings.Replace(text, "\nstatus: final\n", "\nstatus: checked\n", 1)
	p := filepath.Join(sc.data, interviewee+".md")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		sc.t.Fatal(err)
	}
	return qda.GUID(firstGUID(sc.must("protocol", "import", p)))
}

// attach attaches b as the interview's recording.
func (sc *scene) attach(b []byte) {
	sc.t.Helper()
	p := filepath.Join(sc.data, "aufnahme.wav")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		sc.t.Fatal(err)
	}
	sc.must("recording", "attach", string(sc.iv), p)
}

// args is the operation's command line.
func (sc *scene) args() []string {
	switch sc.op {
	case faPurge:
		return []string{"purge", "--interview", string(sc.iv)}
	case faProtect:
		return []string{"protect"}
	case faUnprotect:
		return []string{"unprotect"}
	case faRestore:
		return []string{"restore", sc.backup}
	case faRecAttach:
		return []string{"recording", "attach", string(sc.iv), sc.wavAt}
	case faRecDelete:
		return []string{"recording", "delete", string(sc.iv)}
	}
	sc.t.Fatalf("unknown operation %s", sc.op)
	return nil
}

// recording is the path of the interview's recording.
func (sc *scene) recording() string { return filepath.Join(sc.dir, "recordings", string(sc.iv)+".wav") }

// outcome is what check found.
type outcome struct {
	lost        []string // edits confirmed and missing (the edit before, the operation's effect)
	problems    []string // everything else check found (verify, canary, plain text, leftovers)
	canaryBytes int64
	plainBytes  int64
	committed   bool // the operation's effect is there
	confirmed   int  // edits confirmed: the one before, the operation
	canaryScan  bool // the folder was scanned for the canary
	plainScan   bool // the folder was scanned for plain text
}

// check opens the project (the next open after the operation, which
// finishes what a crash left) and checks it: the edit made before and
// every other entity untouched by the operation are as before, a confirmed
// operation took effect, a committed purge left no canary byte in any
// file, a protected project holds no plain text.
func (sc *scene) check(res killResult) outcome {
	t := sc.t
	t.Helper()
	var o outcome
	if r := run(t, sc.dir, "verify"); r.code != 0 {
		o.problems = append(o.problems, fmt.Sprintf("verify after %s: %s", sc.op, r))
		if r.code != 3 {
			totals.add(func(tl *tally) { tl.openFails++ })
			return o
		}
	}
	after, err := readSnapshot(sc.dir)
	if err != nil {
		totals.add(func(tl *tally) { tl.openFails++ })
		o.problems = append(o.problems, err.Error())
		return o
	}
	tc := touch(sc.op, false, sc.others...)
	switch sc.op {
	case faPurge:
		tc.add(sc.iv)
		for g, d := range sc.before.docs {
			if d.Interview == sc.iv {
				tc.add(g)
				for c, cd := range sc.before.codings {
					if cd.Document == g {
						tc.add(c)
					}
				}
			}
		}
		_, there := after.interviews[sc.iv]
		o.committed = !there
		if o.committed {
			o.canaryScan = true
			o.canaryBytes, _ = scanFolder(t, sc.dir, []string{sc.canary})
			if o.canaryBytes > 0 {
				_, hits := scanFolder(t, sc.dir, []string{sc.canary})
				o.problems = append(o.problems, fmt.Sprintf("canary of the purged interview left: %v", hits))
			}
		}
	case faProtect:
		p, err := isProtected(sc.dir)
		if err != nil {
			t.Fatal(err)
		}
		o.committed = p
		if p {
			o.plainScan = true
			var hits []string
			o.plainBytes, hits = scanFolder(t, sc.dir, plainWords)
			if o.plainBytes > 0 {
				o.problems = append(o.problems, fmt.Sprintf("plain text in the protected project: %v", hits))
			}
		}
	case faUnprotect:
		p, err := isProtected(sc.dir)
		if err != nil {
			t.Fatal(err)
		}
		o.committed = !p
	case faRestore:
		o.committed = res.exitOK // the restored backup equals the project: nothing to see
	case faRecAttach, faRecDelete:
		tc.add(sc.iv)
		b, err := os.ReadFile(sc.recording())
		st := after.interviews[sc.iv].Recording
		if sc.op == faRecAttach {
			o.committed = st == qda.RecordingPresent
			if o.committed && (err != nil || string(b) != string(sc.wav)) {
				totals.add(func(tl *tally) { tl.recHalf++ })
				o.problems = append(o.problems, fmt.Sprintf("interview %s says its recording is present, but the file is missing or different (%v)", sc.iv, err))
			}
		} else {
			o.committed = st == qda.RecordingDeleted
			if o.committed && err == nil {
				o.problems = append(o.problems, "the recording is deleted, but its file is still there")
			}
		}
		if tmps, _ := filepath.Glob(filepath.Join(sc.dir, "recordings", "*.tmp")); len(tmps) > 0 {
			o.problems = append(o.problems, fmt.Sprintf("recording temp files left after the next open: %v", tmps))
		}
	}
	o.confirmed = 1
	if res.exitOK {
		o.confirmed++
	}
	if res.exitOK && !o.committed {
		o.lost = append(o.lost, fmt.Sprintf("%s reported success, but did not take effect", sc.op))
	}
	o.lost = append(o.lost, diffLost(sc.before, after, tc)...)
	if left := tempFiles(sc.dir); len(left) > 0 {
		o.problems = append(o.problems, fmt.Sprintf("temporary files left: %v", left))
	}
	return o
}

// faultStep is a step of a multi-file operation where the fault test
// kills the CLI.
type faultStep struct {
	op, step string
	short    bool // also in the short form (go test ./...)
	inject   func(sc *scene) injection
}

var faultSteps = []faultStep{
	{faPurge, "erase committed, before the compacted file replaces project.db", true, func(sc *scene) injection {
		return injection{callRename, []string{filepath.Join(sc.dir, "project.db.compact")}, killAction}
	}},
	{faPurge, "project.db compacted, the backups half rewritten", false, func(sc *scene) injection {
		b := backupPaths(sc.t, sc.dir)
		return injection{callRename, []string{b[len(b)-1] + ".compact"}, killAction}
	}},
	{faPurge, "backups rewritten, the recording overwritten but not removed", false, func(sc *scene) injection {
		return injection{callUnlink, []string{sc.recording()}, killAction}
	}},
	{faProtect, "sealed, before the sealed file replaces project.db", false, func(sc *scene) injection {
		return injection{callRename, []string{filepath.Join(sc.dir, "project.db.protect")}, killAction}
	}},
	{faProtect, "swapped, the plain backups half deleted", true, func(sc *scene) injection {
		return injection{callUnlink, []string{backupPaths(sc.t, sc.dir)[0]}, killAction}
	}},
	{faProtect, "plain backups deleted, before the index folder is deleted", false, func(sc *scene) injection {
		return injection{callUnlink, []string{filepath.Join(sc.dir, "index", "passages")}, killAction}
	}},
	{faUnprotect, "decrypted, before the plain file replaces project.db", false, func(sc *scene) injection {
		return injection{callRename, []string{filepath.Join(sc.dir, "project.db.unprotect")}, killAction}
	}},
	{faUnprotect, "swapped, the encrypted backups half deleted", false, func(sc *scene) injection {
		return injection{callUnlink, []string{backupPaths(sc.t, sc.dir)[0]}, killAction}
	}},
	{faRestore, "copied, before the backup replaces project.db", true, func(sc *scene) injection {
		return injection{callRename, []string{filepath.Join(sc.dir, "project.db.restore")}, killAction}
	}},
	{faRecAttach, "copied, killed at the rename into place (before the commit)", false, func(sc *scene) injection {
		return injection{callRename, []string{filepath.Join(sc.dir, "recordings", string(sc.iv)+".tmp")}, killAction}
	}},
	{faRecDelete, "committed, the file overwritten but not removed", false, func(sc *scene) injection {
		return injection{callUnlink, []string{sc.recording()}, killAction}
	}},
}

// TestTorture_Faults kills purge, protect, restore and the recording
// commands at each step of their multi-file work (strace fault injection
// at a system call on a named file) and checks the project after the next
// open: it opens and verifies, nothing confirmed before is lost, and the
// promise holds (no canary byte of a committed purge, no plain text in a
// protected project). The operation is then run again to its end. The
// short form kills at one step each of purge, protect and restore.
func TestTorture_Faults(t *testing.T) {
	needStrace(t)
	for i, fs := range faultSteps {
		if *flagKills <= 0 && !fs.short {
			continue
		}
		t.Run(fs.op+": "+fs.step, func(t *testing.T) {
			sc := newScene(t, fs.op, uint64(i+1))
			res := runTraced(t, sc.dir, fs.inject(sc), sc.args()...)
			if !res.killed {
				t.Fatalf("the fault was not injected (the step was never reached): %+v", res)
			}
			totals.add(func(tl *tally) { tl.faults[fs.op]++ })
			o := sc.check(res)
			for _, l := range append(o.lost, o.problems...) {
				t.Errorf("after the kill: %s", l)
			}
			recordOutcome(o)
			if t.Failed() || o.committed {
				return
			}
			// The operation did not take effect: it must work now.
			if r := run(t, sc.dir, sc.args()...); r.code != 0 {
				t.Fatalf("%s after the kill: %s", fs.op, r)
			}
			o = sc.check(killResult{exitOK: true})
			for _, l := range append(o.lost, o.problems...) {
				t.Errorf("after running it again: %s", l)
			}
			recordOutcome(o)
		})
	}
}

// recordOutcome adds a check's figures to the totals.
func recordOutcome(o outcome) {
	totals.add(func(tl *tally) {
		tl.confirmed += o.confirmed
		tl.lost += len(o.lost)
		tl.canaryBytes += o.canaryBytes
		tl.plainBytes += o.plainBytes
		if o.canaryScan {
			tl.canaryScans++
		}
		if o.plainScan {
			tl.plainScans++
		}
	})
}
