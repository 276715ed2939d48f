package team_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/exchange"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/apptest"
	"github.com/protocoder/protocoder/internal/exchange/qdpx"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/server"
)

// accepted records the commands the server accepted from the laptops:
// GUID → the command as the laptop pushed it and who pushed it.
type accepted map[qda.GUID]acceptedCmd

type acceptedCmd struct {
	by  string
	cmd qda.Command
}

// trackedSync syncs l and records in acc every local command the sync
// pushed and the server did not refuse: Sync pushes the local commands
// after the local mark except sync.revert, and the report lists the
// refused ones by GUID.
func (acc accepted) trackedSync(t *testing.T, l *laptop) {
	t.Helper()
	local, err := localCommands(l)
	if err != nil {
		t.Fatal(err)
	}
	r := l.sync(t)
	if os.Getenv("PROTOCODER_CONV_TRACE") != "" {
		t.Logf("  sync %s: pushed %d pulled %d purged %d refused %+v", l.name, r.Pushed, r.Pulled, r.Purged, r.Refused)
	}
	refused := map[qda.GUID]bool{}
	for _, rf := range r.Refused {
		refused[rf.GUID] = true
	}
	n := 0
	for _, c := range local {
		if c.Kind == app.KindSyncRevert || refused[c.GUID] {
			continue
		}
		if _, dup := acc[c.GUID]; dup {
			t.Fatalf("%s pushed %s (%q) a second time", l.name, c.GUID, c.Summary)
		}
		acc[c.GUID] = acceptedCmd{by: l.name, cmd: *c}
		n++
	}
	if n != r.Pushed {
		t.Fatalf("%s: the report says %d pushed, %d local commands were not refused", l.name, r.Pushed, n)
	}
}

// localCommands are the commands of l's local log after its local mark.
func localCommands(l *laptop) ([]*qda.Command, error) {
	var out []*qda.Command
	err := l.p.View(func(tx app.Tx) error {
		return tx.Commands(l.st.LocalSeq+1, func(c *qda.Command) error {
			cp := *c
			out = append(out, &cp)
			return nil
		})
	})
	return out, err
}

// exportQDPX is what `export qdpx` writes (without its audit entry).
func exportQDPX(t *testing.T, l *laptop) []byte {
	t.Helper()
	snap, err := l.p.Snapshot(exchange.SnapshotOptions{})
	if err != nil {
		t.Fatalf("%s: snapshot: %v", l.name, err)
	}
	var b bytes.Buffer
	if err := qdpx.Write(&b, snap, qdpx.WriteOptions{Origin: "protocoder"}); err != nil {
		t.Fatalf("%s: export: %v", l.name, err)
	}
	return b.Bytes()
}

// fullState is state with the entities the QDPX export leaves out:
// interviews, summaries and guidelines.
func fullState(t *testing.T, l *laptop) map[string]string {
	t.Helper()
	out := state(t, l.p)
	err := l.p.View(func(tx app.Tx) error {
		add := func(entity, key string) error {
			img, err := tx.RawImage(entity, key)
			out[entity+" "+key] = string(img)
			return err
		}
		ivs, err := tx.Interviews()
		if err != nil {
			return err
		}
		for _, iv := range ivs {
			if err := add("interview", string(iv.GUID)); err != nil {
				return err
			}
		}
		sms, err := tx.Summaries()
		if err != nil {
			return err
		}
		for _, sm := range sms {
			if err := add("summary", qda.SummaryKey(sm.Target, sm.Code)); err != nil {
				return err
			}
		}
		gs, err := tx.Guidelines()
		if err != nil {
			return err
		}
		for _, g := range gs {
			if err := add("guideline", string(g.GUID)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSync_ConvergenceMixed is issue 27's convergence test over its whole
// list: five laptops (lead, interviewer, two coders, data-protection
// officer) make random concurrent edits — protocol imports and text edits
// by the interviewer, codes, codings, recodings, memos, summaries, undo,
// purges by the data-protection officer, and the coders' attempts to edit
// a protocol's text (refused) — with random offline periods; then all
// sync. Every laptop's QDPX export is then byte for byte every other's,
// every replica holds what the server's log says, and no confirmed edit is
// lost (see checkConfirmed).
func TestSync_ConvergenceMixed(t *testing.T) {
	// Seed 1 purges an interview whose import its interviewer had undone
	// meanwhile, with a coding of it deleted in the log but not yet on
	// every laptop; seed 2 purges three times. PROTOCODER_CONV_TRACE=1
	// logs every step, every sync and at the end the log and every
	// laptop's local log.
	for _, seed := range []uint64{1, 2, 4} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { convergeMixed(t, seed) })
	}
}

func convergeMixed(t *testing.T, seed uint64) {
	f := newTeam(t, map[string]string{"lea": "lead", "anna": "interviewer", "ben": "coder", "cora": "coder", "dora": "dpo"})
	f.seqIDs = true
	acc := accepted{}
	lea := f.clone(t, "lea")
	g := apptest.SampleGuideline(t, "A.3.1-ifk-ueber-kunden.guide.md")
	if _, err := lea.p.ImportGuideline(g, study.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	sites := []string{"JC-04", "JC-11"}
	for _, s := range sites {
		if _, err := lea.p.AddCase(study.NewCase{Name: s, Kind: qda.CaseJobCentre}); err != nil {
			t.Fatal(err)
		}
	}
	acc.trackedSync(t, lea)
	laptops := []*laptop{lea}
	for _, n := range []string{"anna", "ben", "cora", "dora"} {
		laptops = append(laptops, f.clone(t, n))
	}
	anna := laptops[1]
	blocks := []qda.ProtocolBlock{
		{Title: "Vorbemerkungen", Body: "Gespräch mit der IFK über den Kunden."},
		{QuestionID: "1.2", Body: "Verheiratet, zwei Kinder."},
		{QuestionID: "2.2", Body: "Ein aktueller Staplerschein fehlt."},
		{QuestionID: "3.3", Body: "Acht Bewerbungen im Monat."},
	}
	rng := rand.New(rand.NewPCG(seed, 27))
	imported := 0
	importProtocol := func(l *laptop) error {
		imported++
		who := fmt.Sprintf("IFK-%d-%02d", seed, imported)
		n := study.NewInterview{Guideline: g.Key, Role: "IFK", Case: sites[rng.IntN(len(sites))], Interviewee: who}
		_, err := l.p.ImportProtocol(n, blocks[:2+rng.IntN(len(blocks)-1)], "Protokoll "+who, who+".md")
		return err
	}
	if err := importProtocol(anna); err != nil {
		t.Fatal(err)
	}
	acc.trackedSync(t, anna)

	type world struct {
		codes   []qda.Code
		codings []qda.Coding
		memos   []qda.Memo
		docs    []qda.Document
		ivs     []qda.Interview
		cases   []qda.Case
	}
	look := func(l *laptop) (w world) {
		err := l.p.View(func(tx app.Tx) (err error) {
			if w.codes, err = tx.Codes(); err != nil {
				return err
			}
			if w.memos, err = tx.Memos(); err != nil {
				return err
			}
			if w.docs, err = tx.Documents(); err != nil {
				return err
			}
			if w.ivs, err = tx.Interviews(); err != nil {
				return err
			}
			if w.cases, err = tx.Cases(); err != nil {
				return err
			}
			return tx.EachCoding(func(c *qda.Coding) error { w.codings = append(w.codings, *c); return nil })
		})
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	// offlineUntil[i] is the step until which laptop i does not sync.
	offlineUntil := make([]int, len(laptops))
	purges, ops := 0, map[string]int{}
	for step := 0; step < 150; step++ {
		i := rng.IntN(len(laptops))
		l := laptops[i]
		w := look(l)
		var err error
		op := ""
		switch r := rng.IntN(10); {
		case l.name == "dora":
			if r < 3 && len(w.ivs) > 0 && purges < 3 {
				op = "purge"
				_, err = l.p.PurgeInterview(string(w.ivs[rng.IntN(len(w.ivs))].GUID))
				if err == nil {
					purges++
				}
			}
		case l.name == "anna":
			switch {
			case r < 4:
				op = "import"
				err = importProtocol(l)
			case r < 7 && len(w.docs) > 0:
				op = "text edit"
				d := w.docs[rng.IntN(len(w.docs))]
				var text string
				if err = l.p.View(func(tx app.Tx) (err error) { text, err = tx.Text(d.GUID); return err }); err == nil {
					_, err = l.p.EditText(d.GUID, text+fmt.Sprintf("\n\nNachtrag %d.", step), false)
				}
			case r < 8:
				op = "site"
				_, err = l.p.AddCase(study.NewCase{Name: fmt.Sprintf("JC-%d", 20+step), Kind: qda.CaseJobCentre})
			default:
				op = "undo"
				_, err = l.p.Undo()
			}
		default: // the lead and the coders
			var docLen func(qda.GUID) int
			docLen = func(id qda.GUID) int {
				for _, d := range w.docs {
					if d.GUID == id {
						return d.Length
					}
				}
				return 0
			}
			switch r := rng.IntN(12); {
			case r == 0 || len(w.codes) == 0:
				op = "code"
				_, err = l.p.AddCode(coding.NewCode{Name: fmt.Sprintf("%s-%d", l.name, step)})
			case r == 1:
				op = "rename"
				name := fmt.Sprintf("umbenannt-%s-%d", l.name, step)
				_, err = l.p.UpdateCode(w.codes[rng.IntN(len(w.codes))].GUID, coding.CodeUpdate{Name: &name})
			case r <= 3 && len(w.docs) > 0:
				op = "coding"
				d := w.docs[rng.IntN(len(w.docs))]
				s := rng.IntN(d.Length - 1)
				_, err = l.p.AddCoding(coding.NewCoding{Document: d.GUID, Start: s, End: s + 1 + rng.IntN(min(40, d.Length-s-1)), Code: w.codes[rng.IntN(len(w.codes))].GUID})
			case r == 4 && len(w.codings) > 0:
				op = "recode"
				c := w.codings[rng.IntN(len(w.codings))]
				if docLen(c.Document) > 0 {
					_, err = l.p.RecodeCoding(c.GUID, w.codes[rng.IntN(len(w.codes))].GUID)
				}
			case r == 5 && len(w.codings) > 0:
				op = "delete coding"
				err = l.p.DeleteCoding(w.codings[rng.IntN(len(w.codings))].GUID)
			case r == 6:
				op = "memo"
				var target qda.GUID
				if len(w.codings) > 0 && rng.IntN(2) == 0 {
					target = w.codings[rng.IntN(len(w.codings))].GUID
				}
				_, err = l.p.AddMemo(coding.NewMemo{Title: fmt.Sprintf("Memo %d", step), Text: "Beobachtung " + l.name, Target: target})
			case r == 7 && len(w.memos) > 0:
				op = "memo edit"
				_, err = l.p.UpdateMemo(w.memos[rng.IntN(len(w.memos))].GUID, "Memo", fmt.Sprintf("überarbeitet von %s in Schritt %d", l.name, step))
			case r == 8:
				op = "summary"
				var target qda.GUID
				if len(w.cases) > 0 {
					target = w.cases[rng.IntN(len(w.cases))].GUID
				}
				if len(w.ivs) > 0 && (target == "" || rng.IntN(2) == 0) {
					target = w.ivs[rng.IntN(len(w.ivs))].GUID
				}
				_, err = l.p.SetSummary(target, w.codes[rng.IntN(len(w.codes))].GUID, fmt.Sprintf("Zusammenfassung von %s, Schritt %d", l.name, step), nil)
			case r == 9 && len(w.docs) > 0 && l.name != "lea":
				op = "coder's text edit"
				d := w.docs[rng.IntN(len(w.docs))]
				var text string
				if err = l.p.View(func(tx app.Tx) (err error) { text, err = tx.Text(d.GUID); return err }); err == nil {
					_, err = l.p.EditText(d.GUID, text+" (ergänzt)", false)
				}
			default:
				op = "undo"
				_, err = l.p.Undo()
			}
		}
		if err != nil && qda.ErrorCode(err) == qda.EInternal {
			t.Fatalf("step %d, %s, %s: %v", step, l.name, op, err)
		}
		if err == nil && op != "" {
			ops[op]++
		}
		if os.Getenv("PROTOCODER_CONV_TRACE") != "" {
			t.Logf("step %d: %s %s: %v", step, l.name, op, err)
		}
		switch {
		case step < offlineUntil[i]:
			// offline
		case rng.IntN(8) == 0:
			offlineUntil[i] = step + 5 + rng.IntN(30)
		case rng.IntN(3) == 0:
			acc.trackedSync(t, l)
		}
	}
	for round := 0; round < 2; round++ {
		for _, l := range laptops {
			acc.trackedSync(t, l)
		}
	}
	for _, l := range laptops {
		if r := l.sync(t); r.Pushed+r.Pulled+len(r.Refused) != 0 {
			t.Errorf("%s: a sync after convergence still moves something: %+v", l.name, r)
		}
	}
	t.Logf("edits made: %v; %d commands accepted", ops, len(acc))
	if ops["purge"] == 0 || ops["import"] == 0 || ops["recode"] == 0 || ops["summary"] == 0 || ops["undo"] == 0 {
		t.Errorf("the seed does not exercise every kind of edit: %v", ops)
	}

	// Every export equals every other.
	want := exportQDPX(t, lea)
	for _, l := range laptops[1:] {
		if got := exportQDPX(t, l); !bytes.Equal(got, want) {
			t.Errorf("%s's QDPX export (%d bytes) differs from lea's (%d bytes)", l.name, len(got), len(want))
		}
	}
	// Every replica holds what the log says, nothing more or less.
	logSt := f.logState(t)
	for _, l := range laptops {
		compare(t, l.name, fullState(t, l), logSt)
	}
	checkConfirmed(t, f, acc, laptops)
	if os.Getenv("PROTOCODER_CONV_TRACE") != "" {
		es, _ := f.st.Commands(context.Background(), f.proj.GUID, 0, 1<<30)
		for _, e := range es {
			t.Logf("log %d: %s", e.Seq, e.Command)
		}
		for _, l := range laptops {
			_ = l.p.View(func(tx app.Tx) error {
				return tx.Commands(1, func(c *qda.Command) error {
					b, _ := json.Marshal(c)
					t.Logf("%s local %d: %s", l.name, c.Seq, b)
					return nil
				})
			})
		}
	}
}

// checkConfirmed checks that no confirmed edit is lost: every command the
// server accepted (acc) is in its log exactly once, every command in the
// log other than the server's own member records is one of them, and each
// change of such a command that no later command of the log changed again
// (the same entity and key) or removed (a later purge naming the key or
// destroying its scope, server.ScopeOf) is on every laptop as that change
// left it: the after image, or no entity if the change deleted it.
func checkConfirmed(t *testing.T, f *teamFixture, acc accepted, laptops []*laptop) {
	t.Helper()
	es, err := f.st.Commands(context.Background(), f.proj.GUID, 0, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[qda.GUID]bool{}
	log := make([]qda.Command, len(es))
	for i, e := range es {
		if err := json.Unmarshal(e.Command, &log[i]); err != nil {
			t.Fatal(err)
		}
		c := &log[i]
		if seen[c.GUID] {
			t.Errorf("command %s (%q) is in the log twice", c.GUID, c.Summary)
		}
		seen[c.GUID] = true
		if _, ok := acc[c.GUID]; !ok && c.Kind != "member.add" && c.Kind != "member.edit" {
			t.Errorf("command %d of the log (%s, %q) was not confirmed to any laptop", e.Seq, c.Kind, c.Summary)
		}
	}
	at := map[qda.GUID]int{}
	for i, c := range log {
		at[c.GUID] = i
	}
	type ent struct{ entity, key string }
	// lastTouch[e] is the index in the log of the last command that
	// changed or removed e; purged[scope] the last purge destroying it.
	lastTouch, purged := map[ent]int{}, map[string]int{}
	for i, c := range log {
		for _, ch := range c.Changes {
			lastTouch[ent{ch.Entity, ch.Key}] = i
		}
		if c.Kind == server.KindPurge {
			for _, s := range server.PurgeScopes(&c) {
				purged[s] = i
			}
		}
	}
	checked := 0
	for id, a := range acc {
		i, ok := at[id]
		if !ok {
			t.Errorf("%s's command %s (%q) was accepted but is not in the log", a.by, id, a.cmd.Summary)
			continue
		}
		for _, ch := range merged(a.cmd.Changes) {
			if a.cmd.Kind == server.KindPurge {
				ch.After = nil
			}
			e := ent{ch.Entity, ch.Key}
			if lastTouch[e] > i {
				continue // changed again later
			}
			if p, ok := purged[server.ScopeOf(ch)]; ok && p > i {
				continue // removed by a later purge
			}
			checked++
			for _, l := range laptops {
				var got []byte
				if err := l.p.View(func(tx app.Tx) (err error) { got, err = tx.RawImage(ch.Entity, ch.Key); return err }); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, ch.After) {
					t.Errorf("%s lost %s's confirmed edit %q (%s): %s %s is\n%s\nwant\n%s", l.name, a.by, a.cmd.Summary, a.cmd.Kind, ch.Entity, ch.Key, got, ch.After)
				}
			}
		}
	}
	t.Logf("%d confirmed changes checked on every laptop", checked)
}

// merged is one change per entity: the first before and the last after
// image (a command may write an entity twice).
func merged(changes []qda.Change) []qda.Change {
	var out []qda.Change
	for _, c := range changes {
		if i := slices.IndexFunc(out, func(o qda.Change) bool { return o.Entity == c.Entity && o.Key == c.Key }); i >= 0 {
			out[i].After = c.After
			continue
		}
		out = append(out, c)
	}
	return out
}

// TestSync_PurgeUnseen: the data-protection officer purges an interview
// while a coder's summary of it and memo about a coding of its protocol,
// which the server accepted, have not reached her laptop yet. Every
// replica and the log must still agree afterwards.
func TestSync_PurgeUnseen(t *testing.T) {
	f := newTeam(t, map[string]string{"lea": "lead", "anna": "interviewer", "ben": "coder", "dora": "dpo"})
	acc := accepted{}
	lea := f.clone(t, "lea")
	g := apptest.SampleGuideline(t, "A.3.1-ifk-ueber-kunden.guide.md")
	if _, err := lea.p.ImportGuideline(g, study.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := lea.p.AddCase(study.NewCase{Name: "JC-04", Kind: qda.CaseJobCentre}); err != nil {
		t.Fatal(err)
	}
	acc.trackedSync(t, lea)
	anna, ben, dora := f.clone(t, "anna"), f.clone(t, "ben"), f.clone(t, "dora")
	res, err := anna.p.ImportProtocol(study.NewInterview{Guideline: g.Key, Role: "IFK", Case: "JC-04", Interviewee: "IFK-04-02"},
		[]qda.ProtocolBlock{{QuestionID: "1.2", Body: "Verheiratet, zwei Kinder."}}, "Protokoll IFK-04-02", "ifk.md")
	if err != nil {
		t.Fatal(err)
	}
	acc.trackedSync(t, anna)
	acc.trackedSync(t, ben)
	acc.trackedSync(t, dora)
	code, err := ben.p.AddCode(coding.NewCode{Name: "Familie"})
	if err != nil {
		t.Fatal(err)
	}
	cd, err := ben.p.AddCoding(coding.NewCoding{Document: res.Document.GUID, Start: 0, End: 5, Code: code.GUID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ben.p.AddMemo(coding.NewMemo{Title: "Zitat", Text: "verheiratet", Target: cd.GUID}); err != nil {
		t.Fatal(err)
	}
	if _, err := ben.p.SetSummary(res.Interview.GUID, code.GUID, "Verheiratet, zwei Kinder.", nil); err != nil {
		t.Fatal(err)
	}
	acc.trackedSync(t, ben) // accepted, but dora has not pulled it
	if _, err := dora.p.PurgeInterview(string(res.Interview.GUID)); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 2; round++ {
		for _, l := range []*laptop{dora, lea, anna, ben} {
			acc.trackedSync(t, l)
		}
	}
	logSt := f.logState(t)
	for _, l := range []*laptop{lea, anna, ben, dora} {
		compare(t, l.name, fullState(t, l), logSt)
		if hits := folderHolds(t, l.dir, "zwei Kinder"); len(hits) > 0 {
			t.Errorf("%s's folder still holds the purged protocol or its summary: %v", l.name, hits)
		}
	}
	checkConfirmed(t, f, acc, []*laptop{lea, anna, ben, dora})
	es, err := f.st.Commands(context.Background(), f.proj.GUID, 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if strings.Contains(string(e.Command), "zwei Kinder") || strings.Contains(string(e.Command), "verheiratet") {
			t.Errorf("the server still serves the purged interview's protocol, summary or memo in command %d: %s", e.Seq, e.Command)
		}
	}
}
