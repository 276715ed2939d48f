//go:build unix

package torture

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

// Operations of the torture cycles (keys of the kill figures).
const (
	cyRebuild   = "index rebuild"
	cyImport    = "import"
	cyBatch     = "batch (codes, codings, memos, imports)"
	cyRecode    = "recode (code merge)"
	cyAutocode  = "autocode"
	cyUndo      = "undo/redo"
	cyMerge     = "merge"
	cyPurge     = "purge"
	cyRestore   = "restore"
	cyRecAttach = "recording attach"
	cyRecDelete = "recording delete"
	cyProtect   = "protect"
	cyUnprotect = "unprotect"
)

// shortRotation is the order of cycles of the short form (go test ./...):
// every kind of operation once, in a fixed order.
var shortRotation = []string{cyBatch, cyPurge, cyUndo, cyRestore, cyMerge, cyRecAttach, cyAutocode, cyRecode, cyImport, cyRecDelete}

// maxDelay is the longest kill delay per operation: a little longer than
// the operation takes on an idle machine, so that some runs finish.
var maxDelay = map[string]time.Duration{
	cyRecode: 500 * time.Millisecond, cyAutocode: 800 * time.Millisecond, cyUndo: 600 * time.Millisecond,
	cyMerge: 2500 * time.Millisecond, cyPurge: 1500 * time.Millisecond, cyRestore: 400 * time.Millisecond,
	cyRecAttach: 300 * time.Millisecond, cyRecDelete: 300 * time.Millisecond, cyProtect: 6 * time.Second, cyUnprotect: 5 * time.Second,
}

// torturer is the state of a kill-and-recover run.
type torturer struct {
	t             *testing.T
	rng           *rand.Rand
	want          int // kills to reach
	dir           string
	data          string // generated input files
	pl            *planner
	f             figures
	sn            *snapshot // the project after the last cycle
	protected     bool
	protectedOnce bool                // the project was protected at some point
	laptop        string              // a second copy of the project, merged in
	canaries      map[qda.GUID]string // interviews planted for a purge → their canary
	erased        []string            // canaries of committed purges: never again in any file
	recorded      map[qda.GUID]bool   // interviews that had a recording attached (once each)
	recBytes      map[qda.GUID][]byte // the attached recordings' bytes
	halfSeen      map[qda.GUID]bool   // interviews found with a recording present but no file
	rot           int                 // position in shortRotation
	kinds         []string            // weighted kinds of the long form
}

func newTorturer(t *testing.T, rng *rand.Rand, want int) *torturer {
	tt := &torturer{t: t, rng: rng, want: want, dir: sampleProject(t), data: t.TempDir(),
		canaries: map[qda.GUID]string{}, recorded: map[qda.GUID]bool{}, recBytes: map[qda.GUID][]byte{}, halfSeen: map[qda.GUID]bool{},
		f: figures{byOp: map[string]int{}}}
	pl, err := newPlanner(rng, tt.data)
	if err != nil {
		t.Fatal(err)
	}
	tt.pl = pl
	tt.laptop = filepath.Join(t.TempDir(), "laptop")
	if err := copyTree(tt.dir, tt.laptop); err != nil {
		t.Fatal(err)
	}
	tt.sn = mustSnapshot(t, tt.dir)
	for kind, w := range map[string]int{cyRebuild: 6, cyImport: 12, cyBatch: 30, cyRecode: 6, cyAutocode: 6, cyUndo: 6,
		cyMerge: 6, cyPurge: 10, cyRestore: 6, cyRecAttach: 7, cyRecDelete: 5, cyProtect: 3, cyUnprotect: 4} {
		for range w {
			tt.kinds = append(tt.kinds, kind)
		}
	}
	sort.Strings(tt.kinds)
	return tt
}

// nextKind picks the next cycle's operation: in the short form the fixed
// rotation; in the long form at random, and protect from 60 % of the kills
// on until the project was protected once. While the project is protected
// restore does not run (it does not take the passphrase yet, issue 20).
func (tt *torturer) nextKind() string {
	if *flagKills <= 0 {
		k := shortRotation[tt.rot%len(shortRotation)]
		tt.rot++
		return k
	}
	if !tt.protectedOnce && tt.f.kills >= tt.want*6/10 {
		return cyProtect
	}
	for {
		k := tt.kinds[tt.rng.IntN(len(tt.kinds))]
		switch {
		case k == cyProtect && tt.protected:
		case k == cyProtect && !tt.protectedOnce:
		case k == cyUnprotect && !tt.protected:
		default:
			return k
		}
	}
}

// cycle runs one operation, kills it at a random moment and checks the
// project.
func (tt *torturer) cycle() {
	t, f := tt.t, &tt.f
	f.cycles++
	kind := tt.nextKind()
	prev := tt.sn
	var res killResult
	var ops []*op
	tc := touch(kind, false)
	var post func(after *snapshot) []string // the operation's own checks; returns lost edits
	delay := killDelay(tt.rng)
	if d, ok := maxDelay[kind]; ok {
		delay = time.Duration(tt.rng.Int64N(int64(d)))
	}
	switch kind {
	case cyRebuild:
		res = runKill(t, tt.dir, nil, delay, "index", "rebuild")
		if res.killed {
			f.rebuildKills++
		}
	case cyImport:
		mk := tt.pl.docImport
		if tt.rng.IntN(2) == 0 {
			mk = tt.pl.protoImport
		}
		o, err := mk(4 + tt.rng.IntN(5))
		if err != nil {
			t.Fatal(err)
		}
		ops = []*op{o}
		res = runKill(t, tt.dir, nil, delay, strings.Fields(o.line)...)
		parseOutput(ops, res.stdout, false, res.exitOK)
		tc = touchedBy(kind, ops)
	case cyBatch:
		var err error
		if ops, err = tt.pl.plan(prev, 60); err != nil {
			t.Fatal(err)
		}
		var in bytes.Buffer
		for _, o := range ops {
			in.WriteString(o.line + "\n")
		}
		res = runKill(t, tt.dir, in.Bytes(), delay, "batch")
		parseOutput(ops, res.stdout, true, false)
		if res.killed && ops[len(ops)-1].done {
			f.idleKills++
		}
		tc = touchedBy(kind, ops)
	case cyRecode:
		res, post = tt.recode(delay, tc)
	case cyAutocode:
		res, post = tt.autocode(delay, tc)
	case cyUndo:
		res, post = tt.undo(delay, tc)
	case cyMerge:
		res, post = tt.merge(delay, tc)
	case cyPurge:
		res, post = tt.purge(delay, tc)
	case cyRestore:
		res, post = tt.restore(delay)
	case cyRecAttach:
		res, post = tt.attach(delay, tc)
	case cyRecDelete:
		if len(tt.withRecording()) == 0 {
			kind, tc.why = cyRecAttach, cyRecAttach
			res, post = tt.attach(delay, tc)
			break
		}
		res, post = tt.deleteRecording(delay, tc)
	case cyProtect:
		res, post = tt.protect(delay)
	case cyUnprotect:
		res, post = tt.unprotect(delay)
	}
	prev = tt.sn // setup steps of the operation may have moved it
	if res.killed {
		f.kills++
		f.byOp[kind]++
	} else {
		f.finished++
		if !res.exitOK && kind != cyBatch {
			f.opErrors++
			t.Errorf("%s ended without the kill and failed:\n%s", kind, res.stderr)
		}
	}
	f.temps += len(tempFiles(tt.dir))
	for _, e := range countErrors(ops) {
		f.opErrors++
		t.Errorf("command failed: %s", e)
	}
	after := f.recover(t, tt.dir, lastToken(ops))
	if left := tempFiles(tt.dir); len(left) > 0 {
		t.Errorf("cycle %d: temporary files not cleaned up: %v", f.cycles, left)
	}
	lost, unconf := checkOps(ops, after)
	conf := 0
	for _, o := range ops {
		conf += o.commands()
	}
	if post != nil {
		lost = append(lost, post(after)...)
		if res.exitOK {
			conf++
		}
	}
	if kind == cyBatch || kind == cyImport {
		if after.commands-prev.commands < conf {
			t.Errorf("cycle %d: %d commands added, but %d were confirmed", f.cycles, after.commands-prev.commands, conf)
		}
	}
	lost = append(lost, diffLost(prev, after, tc)...)
	f.confirmed += conf
	f.lost += len(lost)
	f.unconfirmed += unconf
	for _, l := range lost {
		t.Errorf("cycle %d (%s, kill after %v): lost: %s", f.cycles, kind, delay, l)
	}
	tt.scan(after)
	tt.sn = after
	how := "finished"
	if res.killed {
		how = fmt.Sprintf("killed after %v", delay.Round(time.Millisecond))
	}
	t.Logf("cycle %d, kill %d: %s %s; %d confirmed, %d lost", f.cycles, f.kills, kind, how, conf, len(lost))
}

// scan checks the whole folder: no canary of a committed purge, no plain
// text once protected, no half-attached recording.
func (tt *torturer) scan(after *snapshot) {
	t, f := tt.t, &tt.f
	if len(tt.erased) > 0 {
		n, hits := scanFolder(t, tt.dir, tt.erased)
		f.canaryScans++
		f.canaryBytes += n
		if n > 0 {
			t.Errorf("cycle %d: canaries of purged interviews still in the folder: %v", f.cycles, hits)
		}
	}
	if tt.protected {
		n, hits := scanFolder(t, tt.dir, plainWords)
		f.plainScans++
		f.plainBytes += n
		if n > 0 {
			t.Errorf("cycle %d: plain text in the protected project: %v", f.cycles, hits)
		}
	}
	tmps, _ := filepath.Glob(filepath.Join(tt.dir, "recordings", "*.tmp"))
	if len(tmps) > 0 {
		f.recTemps += len(tmps)
		t.Errorf("cycle %d: recording temp files left after the next open: %v", f.cycles, tmps)
		for _, p := range tmps {
			_ = os.Remove(p) // so later attaches and deletes are not refused
		}
	}
	for g, iv := range after.interviews {
		if iv.Recording != qda.RecordingPresent || !tt.recorded[g] {
			continue
		}
		b, err := os.ReadFile(filepath.Join(tt.dir, "recordings", string(g)+".wav"))
		if err != nil || !bytes.Equal(b, tt.recBytes[g]) {
			if tt.halfSeen[g] {
				continue
			}
			tt.halfSeen[g] = true
			totals.add(func(tl *tally) { tl.recHalf++ })
			t.Errorf("cycle %d: interview %s says its recording is present, but the file is missing or different (%v)", f.cycles, iv.Interviewee, err)
		}
	}
}

// finish purges the canary interviews a killed purge left, without a
// kill, and scans once more.
func (tt *torturer) finish() {
	if tt.t.Failed() {
		return
	}
	for g, c := range tt.canaries {
		if r := run(tt.t, tt.dir, "purge", "--interview", string(g)); r.code != 0 {
			tt.t.Errorf("final purge of %s: %s", g, r)
			continue
		}
		tt.erased = append(tt.erased, c)
		delete(tt.canaries, g)
	}
	tt.scan(mustSnapshot(tt.t, tt.dir))
}

// tortureCodes returns the codes made by earlier cycles.
func (tt *torturer) tortureCodes(sn *snapshot) []qda.GUID { return tt.pl.tortureCodes(sn) }

// recode merges one torture code into another: the source's codings
// move to the target, the source goes.
func (tt *torturer) recode(delay time.Duration, tc *touched) (killResult, func(*snapshot) []string) {
	for len(tt.tortureCodes(tt.sn)) < 2 {
		tt.mustRun("code", "add", fmt.Sprintf("T-%d", tt.pl.next()))
		tt.setupSnap("code add")
	}
	return tt.recodeOf(tt.sn, tt.tortureCodes(tt.sn), delay, tc)
}

func (tt *torturer) recodeOf(prev *snapshot, ours []qda.GUID, delay time.Duration, tc *touched) (killResult, func(*snapshot) []string) {
	i := tt.rng.IntN(len(ours))
	j := (i + 1 + tt.rng.IntN(len(ours)-1)) % len(ours)
	src, dst := ours[i], ours[j]
	tc.add(src, dst) // the target takes the source's memo
	var moved []qda.GUID
	for g, c := range prev.codings {
		if c.Code == src {
			moved = append(moved, g)
			tc.add(g)
		}
	}
	res := runKill(tt.t, tt.dir, nil, delay, "code", "merge", string(src), string(dst))
	return res, func(after *snapshot) []string {
		var lost []string
		_, srcLeft := after.codes[src]
		if res.exitOK && srcLeft {
			lost = append(lost, fmt.Sprintf("code merge %s %s confirmed, but the source is still there", src, dst))
		}
		if was, now := prev.codes[dst], after.codes[dst]; now.Name != was.Name || !strings.Contains(now.Memo, was.Memo) {
			lost = append(lost, fmt.Sprintf("code merge %s → %s: the target changed beyond its memo: %+v → %+v", src, dst, was, now))
		}
		for _, g := range moved {
			want := prev.codings[g]
			if !srcLeft {
				want.Code = dst
			}
			if got, ok := after.codings[g]; !ok || got != want {
				lost = append(lost, fmt.Sprintf("coding %s after code merge %s → %s: %+v, want %+v", g, src, dst, got, want))
			}
		}
		return lost
	}
}

// autocode codes the passages a word finds with a torture code.
func (tt *torturer) autocode(delay time.Duration, tc *touched) (killResult, func(*snapshot) []string) {
	if len(tt.tortureCodes(tt.sn)) == 0 {
		tt.mustRun("code", "add", fmt.Sprintf("T-%d", tt.pl.next()))
		tt.setupSnap("code add")
	}
	prev := tt.sn
	ours := tt.tortureCodes(prev)
	code := ours[tt.rng.IntN(len(ours))]
	word := words[tt.rng.IntN(len(words))]
	tc.appear = true
	res := runKill(tt.t, tt.dir, nil, delay, "autocode", "--json", "--limit", "8", "--code", string(code), word)
	return res, func(after *snapshot) []string {
		if !res.exitOK {
			return nil
		}
		var rep struct {
			Coded int `json:"coded"`
		}
		if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
			tt.t.Errorf("autocode --json: %v\n%s", err, res.stdout)
			return nil
		}
		n := 0
		for g, c := range after.codings {
			if _, old := prev.codings[g]; !old && c.Code == code {
				n++
			}
		}
		if n != rep.Coded {
			return []string{fmt.Sprintf("autocode %s reported %d codings, %d are there", word, rep.Coded, n)}
		}
		return nil
	}
}

// undo adds a code and undoes it in a batch, sometimes redoing it.
func (tt *torturer) undo(delay time.Duration, tc *touched) (killResult, func(*snapshot) []string) {
	name := fmt.Sprintf("U-%d", tt.pl.next())
	add := &op{kind: opCodeAdd, name: name, line: "code add " + name}
	un := &op{kind: "undo", line: "undo"}
	ops := []*op{add, un}
	redo := tt.rng.IntN(2) == 0
	if redo {
		ops = append(ops, &op{kind: "redo", line: "redo"})
	}
	var in bytes.Buffer
	for _, o := range ops {
		in.WriteString(o.line + "\n")
	}
	tc.appear = true
	res := runKill(tt.t, tt.dir, in.Bytes(), delay, "batch")
	parseOutput(ops, res.stdout, true, false)
	for _, o := range ops {
		if o.errs != "" {
			tt.t.Errorf("undo cycle: %s → %s", o.line, o.errs)
		}
	}
	return res, func(after *snapshot) []string {
		if len(add.guids) == 0 {
			return nil // the code add was not confirmed: either way is right
		}
		g := add.guids[0]
		_, there := after.codes[g]
		switch {
		case redo && ops[2].done && !there:
			return []string{fmt.Sprintf("code %s: undo and redo confirmed, the code is missing", name)}
		case !redo && un.done && there:
			return []string{fmt.Sprintf("code %s: undo confirmed, the code is still there", name)}
		case !un.done && !there:
			// The undo committed without its confirmation: fine.
		}
		return nil
	}
}

// merge adds a code in the laptop copy and merges the copy in.
func (tt *torturer) merge(delay time.Duration, tc *touched) (killResult, func(*snapshot) []string) {
	name := fmt.Sprintf("M-%d", tt.pl.next())
	r := run(tt.t, tt.laptop, "code", "add", name)
	if r.code != 0 {
		tt.t.Fatalf("code add in the laptop copy: %s", r)
	}
	g := qda.GUID(strings.TrimSpace(r.stdout))
	tc.appear = true
	res := runKill(tt.t, tt.dir, nil, delay, "merge", tt.laptop)
	return res, func(after *snapshot) []string {
		if c, ok := after.codes[g]; res.exitOK && (!ok || c.Name != name) {
			return []string{fmt.Sprintf("merge confirmed, but the laptop's code %s (%s) is missing", name, g)}
		}
		return nil
	}
}

// canaryPrefix starts every canary word.
const canaryPrefix = "Kanarienvogel"

// plantCanary makes an interview to purge (unless a killed purge left
// one): a protocol and a recording holding a canary word, and a backup
// holding both.
func (tt *torturer) plantCanary() {
	if len(tt.canaries) > 0 {
		return
	}
	i := tt.pl.next()
	canary := fmt.Sprintf("%s%dx%08x", canaryPrefix, i, tt.rng.Uint32())
	src := tt.pl.protos[tt.rng.IntN(len(tt.pl.protos))]
	b, err := os.ReadFile(src)
	if err != nil {
		tt.t.Fatal(err)
	}
	text := regexp.MustCompile(`(?m)^interviewee: .*$`).ReplaceAllString(string(b), fmt.Sprintf("interviewee: TT-K-%d", i))
	text = noRecording.ReplaceAllString(text, "")
	// A recording needs recording consent, whatever the sample protocol said.
	text = regexp.MustCompile(`(?m)^consent: .*$`).ReplaceAllString(text, "consent: recording, data_protection, info_sheet")
	// A final protocol keeps no recording.
	text = strings.Replace(text, "\nstatus: final\n", "\nstatus: checked\n", 1)
	text += fmt.Sprintf("\n## Nachtrag\n\nDer Vogel heißt %s.\n", canary)
	proto := filepath.Join(tt.data, fmt.Sprintf("K-%d.md", i))
	if err := os.WriteFile(proto, []byte(text), 0o600); err != nil {
		tt.t.Fatal(err)
	}
	g := qda.GUID(firstGUID(tt.mustRun("protocol", "import", proto)))
	tt.canaries[g] = canary
	wav := filepath.Join(tt.data, fmt.Sprintf("K-%d.wav", i))
	if err := os.WriteFile(wav, wavBytes(tt.rng, canary), 0o600); err != nil {
		tt.t.Fatal(err)
	}
	tt.mustRun("recording", "attach", string(g), wav)
	tt.mustRun("backup")
	tt.setupSnap("canary setup", g)
	if n, _ := scanFolder(tt.t, tt.dir, []string{canary}); n == 0 {
		tt.t.Fatalf("test premise: the canary %s is in the project", canary)
	}
}

// purge purges a canary interview.
func (tt *torturer) purge(delay time.Duration, tc *touched) (killResult, func(*snapshot) []string) {
	tt.plantCanary()
	prev := tt.sn
	var g qda.GUID
	for k := range tt.canaries {
		g = k
	}
	tc.add(g)
	for d, doc := range prev.docs {
		if doc.Interview == g {
			tc.add(d)
			for c, cd := range prev.codings {
				if cd.Document == d {
					tc.add(c)
				}
			}
		}
	}
	res := runKill(tt.t, tt.dir, nil, delay, "purge", "--interview", string(g))
	return res, func(after *snapshot) []string {
		_, there := after.interviews[g]
		if !there {
			tt.erased = append(tt.erased, tt.canaries[g])
			delete(tt.canaries, g)
			for c := range tc.ids {
				if _, ok := after.docs[c]; ok {
					return []string{fmt.Sprintf("purge of %s: its document %s is still there", g, c)}
				}
				if _, ok := after.codings[c]; ok {
					return []string{fmt.Sprintf("purge of %s: its coding %s is still there", g, c)}
				}
			}
			return nil
		}
		if res.exitOK {
			return []string{fmt.Sprintf("purge of %s confirmed, but the interview is still there", g)}
		}
		return nil
	}
}

// restore writes a backup and restores it: the project must be as before.
func (tt *torturer) restore(delay time.Duration) (killResult, func(*snapshot) []string) {
	name := filepath.Base(strings.TrimSpace(tt.mustRun("backup")))
	tt.setupSnap("backup")
	return runKill(tt.t, tt.dir, nil, delay, "restore", name), func(*snapshot) []string { return nil }
}

// attach attaches a recording to a torture interview that never had one.
func (tt *torturer) attach(delay time.Duration, tc *touched) (killResult, func(*snapshot) []string) {
	var cands []qda.GUID
	for g, iv := range tt.sn.interviews {
		// A final protocol keeps no recording, and a recording needs
		// recording consent (the sample has protocols without it).
		if strings.HasPrefix(iv.Interviewee, "TT-") && !strings.HasPrefix(iv.Interviewee, "TT-K-") && !tt.recorded[g] && iv.Recording == qda.RecordingNone &&
			iv.Status != qda.StatusFinal && iv.Consent.Recording && iv.Consent.Given() {
			cands = append(cands, g)
		}
	}
	if len(cands) == 0 {
		o, err := tt.pl.protoImport(1)
		if err != nil {
			tt.t.Fatal(err)
		}
		// A final protocol keeps no recording: this one comes in checked,
		// and with recording consent.
		for _, f := range o.files {
			b, err := os.ReadFile(f)
			if err != nil {
				tt.t.Fatal(err)
			}
			text := strings.Replace(string(b), "\nstatus: final\n", "\nstatus: checked\n", 1)
			text = regexp.MustCompile(`(?m)^consent: .*$`).ReplaceAllString(text, "consent: recording, data_protection, info_sheet")
			if err := os.WriteFile(f, []byte(text), 0o600); err != nil {
				tt.t.Fatal(err)
			}
		}
		g := qda.GUID(firstGUID(tt.mustRun(strings.Fields(o.line)...)))
		tt.setupSnap("protocol import")
		cands = []qda.GUID{g}
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i] < cands[j] })
	g := cands[tt.rng.IntN(len(cands))]
	b := wavBytes(tt.rng, "")
	wav := filepath.Join(tt.data, fmt.Sprintf("R-%d.wav", tt.pl.next()))
	if err := os.WriteFile(wav, b, 0o600); err != nil {
		tt.t.Fatal(err)
	}
	tt.recorded[g], tt.recBytes[g] = true, b
	tc.add(g)
	res := runKill(tt.t, tt.dir, nil, delay, "recording", "attach", string(g), wav)
	return res, func(after *snapshot) []string {
		got, err := os.ReadFile(filepath.Join(tt.dir, "recordings", string(g)+".wav"))
		if res.exitOK && (err != nil || !bytes.Equal(got, b) || after.interviews[g].Recording != qda.RecordingPresent) {
			return []string{fmt.Sprintf("recording attach to %s confirmed, but the recording is missing or different (%v)", g, err)}
		}
		return nil
	}
}

// deleteRecording deletes a recording the torture attached.
func (tt *torturer) deleteRecording(delay time.Duration, tc *touched) (killResult, func(*snapshot) []string) {
	cands := tt.withRecording()
	sort.Slice(cands, func(i, j int) bool { return cands[i] < cands[j] })
	g := cands[tt.rng.IntN(len(cands))]
	tc.add(g)
	res := runKill(tt.t, tt.dir, nil, delay, "recording", "delete", string(g))
	return res, func(after *snapshot) []string {
		if _, err := os.Stat(filepath.Join(tt.dir, "recordings", string(g)+".wav")); res.exitOK && err == nil {
			return []string{fmt.Sprintf("recording delete of %s confirmed, but the file is still there", g)}
		}
		return nil
	}
}

// withRecording returns the interviews whose recording the torture
// attached and that have it.
func (tt *torturer) withRecording() []qda.GUID {
	var cands []qda.GUID
	for g := range tt.recorded {
		if _, err := os.Stat(filepath.Join(tt.dir, "recordings", string(g)+".wav")); err == nil && tt.sn.interviews[g].Recording == qda.RecordingPresent {
			cands = append(cands, g)
		}
	}
	return cands
}

// protect encrypts the project with the torture's passphrase.
func (tt *torturer) protect(delay time.Duration) (killResult, func(*snapshot) []string) {
	res := runKill(tt.t, tt.dir, nil, delay, "protect")
	return res, func(*snapshot) []string {
		p, err := isProtected(tt.dir)
		if err != nil {
			tt.t.Fatalf("after protect: %v", err)
		}
		if p {
			tt.protected, tt.protectedOnce = true, true
		} else if res.exitOK {
			return []string{"protect confirmed, but the project opens without the passphrase"}
		}
		return nil
	}
}

// unprotect removes the encryption again.
func (tt *torturer) unprotect(delay time.Duration) (killResult, func(*snapshot) []string) {
	res := runKill(tt.t, tt.dir, nil, delay, "unprotect")
	return res, func(*snapshot) []string {
		p, err := isProtected(tt.dir)
		if err != nil {
			tt.t.Fatalf("after unprotect: %v", err)
		}
		tt.protected = p
		if p && res.exitOK {
			return []string{"unprotect confirmed, but the project still needs the passphrase"}
		}
		return nil
	}
}

// mustRun runs a setup command, which must succeed, and returns its output.
func (tt *torturer) mustRun(args ...string) string {
	tt.t.Helper()
	r := run(tt.t, tt.dir, args...)
	if r.code != 0 {
		tt.t.Fatalf("%s: %s", strings.Join(args, " "), r)
	}
	tt.f.confirmed++
	return r.stdout
}

// setupSnap reads the project after a setup step (commands that are not
// killed) and checks that nothing but the entities ids changed; it
// becomes the state the cycle is checked against.
func (tt *torturer) setupSnap(why string, ids ...qda.GUID) {
	tt.t.Helper()
	after := tt.resnap(why)
	for _, l := range diffLost(tt.sn, after, touch(why, true, ids...)) {
		tt.f.lost++
		tt.t.Errorf("%s: lost: %s", why, l)
	}
	tt.sn = after
}

// resnap reads the project after a setup step.
func (tt *torturer) resnap(why string) *snapshot {
	tt.t.Helper()
	sn, err := readSnapshot(tt.dir)
	if err != nil {
		tt.t.Fatalf("after %s: %v", why, err)
	}
	return sn
}

var anyGUID = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// firstGUID returns the first GUID in s.
func firstGUID(s string) string { return anyGUID.FindString(s) }

// wavBytes returns a small RIFF/WAVE file: 8-bit mono silence-ish noise,
// with text (a canary) in its data.
func wavBytes(rng *rand.Rand, text string) []byte {
	data := make([]byte, 2048)
	for i := range data {
		data[i] = byte(120 + rng.IntN(16))
	}
	copy(data[100:], text)
	var b bytes.Buffer
	le32 := func(v int) { b.Write([]byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)}) }
	le16 := func(v int) { b.Write([]byte{byte(v), byte(v >> 8)}) }
	b.WriteString("RIFF")
	le32(36 + len(data))
	b.WriteString("WAVEfmt ")
	le32(16)
	le16(1)    // PCM
	le16(1)    // mono
	le32(8000) // sample rate
	le32(8000) // byte rate
	le16(1)    // block align
	le16(8)    // bits per sample
	b.WriteString("data")
	le32(len(data))
	b.Write(data)
	return b.Bytes()
}
