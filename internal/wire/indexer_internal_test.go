package wire

import (
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/members"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
)

// gatedIndex counts the index's batches and can hold the first stamped
// one until released, as a slow index would.
type gatedIndex struct {
	indexAdapter
	mu       sync.Mutex
	batches  int // Update and UpdateStamped calls
	stamped  int // UpdateStamped calls
	entered  chan struct{}
	release  chan struct{}
	gateOnce sync.Once
	// lastRemove and lastAdd count the documents removed and the
	// passages added by the last stamped batch.
	lastRemove, lastAdd int
}

func (g *gatedIndex) Update(remove []qda.GUID, add []qda.IndexPassage) error {
	g.mu.Lock()
	g.batches++
	g.mu.Unlock()
	return g.indexAdapter.Update(remove, add)
}

func (g *gatedIndex) UpdateStamped(remove []qda.GUID, add []qda.IndexPassage, s app.IndexStamp) error {
	g.mu.Lock()
	g.batches++
	g.stamped++
	g.lastRemove, g.lastAdd = len(remove), len(add)
	gate := g.entered != nil
	g.mu.Unlock()
	if gate {
		g.gateOnce.Do(func() {
			close(g.entered)
			<-g.release
		})
	}
	return g.indexAdapter.UpdateStamped(remove, add, s)
}

func (g *gatedIndex) counts() (batches, stamped int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.batches, g.stamped
}

// newGatedProject opens a new project whose index is a gatedIndex.
func newGatedProject(t *testing.T) (*project.Project, *gatedIndex) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "p")
	if err := Init(dir, "Gated", Options{}); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(dir, store.Options{NoBackup: true, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := openIndex(dir)
	if err != nil {
		t.Fatal(err)
	}
	g := &gatedIndex{indexAdapter: ix.(indexAdapter)}
	s := project.New(app.Config{Store: storeAdapter{db}, Index: g, UserName: "anna"})
	t.Cleanup(func() { _ = s.Close() })
	if _, err := s.AddMember(members.NewMember{Name: "anna", Roles: []qda.MemberRole{qda.MemberLead}}); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIndex(); err != nil {
		t.Fatal(err)
	}
	return s, g
}

// TestService_IndexFollowsInBatches: writes return once the store has
// committed; the index follows in the background, taking every command
// that arrived while it was busy in one batch with its stamp, reports the
// lag meanwhile, and a search sees every committed document.
func TestService_IndexFollowsInBatches(t *testing.T) {
	s, g := newGatedProject(t)
	g.mu.Lock()
	g.entered, g.release = make(chan struct{}), make(chan struct{})
	g.mu.Unlock()
	before, stampedBefore := g.counts()

	add := func(i int) {
		t.Helper()
		text := fmt.Sprintf("Protokoll %d: Der Arbeitgeberservice berät Betriebe.\n\nZweiter Absatz %d.\n", i, i)
		if _, err := s.AddDocument(study.NewDocument{Name: fmt.Sprintf("Dok %02d", i), Kind: qda.KindOther, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	add(0)
	<-g.entered // the indexer holds the first document's batch
	const more = 10
	for i := 1; i <= more; i++ {
		add(i)
	}
	if cmds, docs := s.IndexLag(); cmds < more || docs < more {
		t.Errorf("lag while the indexer is held: %d commands, %d documents; want at least %d each", cmds, docs, more)
	}
	if st, err := s.IndexState(); err != nil || st.Current || st.Pending < more {
		t.Errorf("index state while held: %+v, %v; want not current, %d or more pending", st, err, more)
	}
	if st := s.IndexStatus(); st.Pending < more || st.PendingDocuments < more {
		t.Errorf("index status while held: %+v", st)
	}
	close(g.release)

	res, err := s.Search(qda.SearchRequest{Query: "Arbeitgeber", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != more+1 {
		t.Errorf("search after the writes: %d hits, want %d", res.Total, more+1)
	}
	batches, stamped := g.counts()
	if batches-before != 2 || stamped-stampedBefore != 2 {
		t.Errorf("%d batches (%d stamped) for %d commands; want 2: the first document, then the other %d together",
			batches-before, stamped-stampedBefore, more+1, more)
	}
	if cmds, docs := s.IndexLag(); cmds != 0 || docs != 0 {
		t.Errorf("lag after the search: %d commands, %d documents", cmds, docs)
	}
	if st, err := s.IndexState(); err != nil || !st.Current || st.Pending != 0 {
		t.Errorf("index state after the search: %+v, %v", st, err)
	}
}

// TestService_IndexPromptForRemovedText: a command that replaces indexed
// text is in the index when it returns, without a search in between.
func TestService_IndexPromptForRemovedText(t *testing.T) {
	s, g := newGatedProject(t)
	d, err := s.AddDocument(study.NewDocument{Name: "Bericht", Kind: qda.KindOther, Text: "Herr Zyxwvut machte Vorschläge.\n"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIndex(); err != nil {
		t.Fatal(err)
	}
	_, stamped := g.counts()
	if _, err := s.EditText(d.GUID, "Herr X. machte Vorschläge.\n", true); err != nil {
		t.Fatal(err)
	}
	if _, after := g.counts(); after != stamped+1 {
		t.Errorf("stamped batches after the edit: %d, want %d (indexed before EditText returned)", after, stamped+1)
	}
	if st, err := s.IndexState(); err != nil || !st.Current {
		t.Errorf("index state right after the edit: %+v, %v; want current", st, err)
	}
}

// TestService_IndexCodingTouchesItsPassages: a command that changes only
// codings has the index replace the passages those codings cover, no
// more; searches by code then answer as after a full rebuild.
func TestService_IndexCodingTouchesItsPassages(t *testing.T) {
	s, g := newGatedProject(t)
	text := "Erster Absatz über Betriebe.\n\nZweiter Absatz über Vertrauen.\n\nDritter Absatz.\n\nVierter Absatz über Vertrauen.\n"
	d, err := s.AddDocument(study.NewDocument{Name: "Dok", Kind: qda.KindOther, Text: text})
	if err != nil {
		t.Fatal(err)
	}
	code, err := s.AddCode(coding.NewCode{Name: "Vertrauen"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIndex(); err != nil {
		t.Fatal(err)
	}
	second := qda.RuneLen("Erster Absatz über Betriebe.\n\n")
	hits := func(q string) int {
		t.Helper()
		res, err := s.Search(qda.SearchRequest{Query: q, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		return int(res.Total)
	}
	steps := []struct {
		name     string
		do       func() error
		passages int // added by the last batch
		withCode int // passages found by code:Vertrauen
	}{
		{"code the second paragraph", func() error {
			_, err := s.AddCoding(coding.NewCoding{Document: d.GUID, Start: second, End: second + 6, Code: code.GUID})
			return err
		}, 1, 1},
		{"code the second to the fourth", func() error {
			_, err := s.AddCoding(coding.NewCoding{Document: d.GUID, Start: second + 8, End: qda.RuneLen(text) - 2, Code: code.GUID})
			return err
		}, 3, 3},
		{"undo that", func() error { _, err := s.Undo(); return err }, 3, 1},
		{"undo the first", func() error { _, err := s.Undo(); return err }, 1, 0},
		{"redo the first", func() error { _, err := s.Redo(); return err }, 1, 1},
		{"redo the second", func() error { _, err := s.Redo(); return err }, 3, 3},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if err := s.WaitIndex(); err != nil {
			t.Fatal(err)
		}
		g.mu.Lock()
		removed, added := g.lastRemove, g.lastAdd
		g.mu.Unlock()
		if removed != 0 || added != st.passages {
			t.Errorf("%s: the batch removed %d documents and added %d passages; want 0 and %d", st.name, removed, added, st.passages)
		}
		if got := hits(`code:Vertrauen`); got != st.withCode {
			t.Errorf("%s: code:Vertrauen finds %d passages, want %d", st.name, got, st.withCode)
		}
	}
	if err := s.RebuildIndex(nil); err != nil {
		t.Fatal(err)
	}
	if got := hits(`code:Vertrauen`); got != 3 {
		t.Errorf("after a rebuild code:Vertrauen finds %d passages, want 3 as before it", got)
	}
	if got := hits(`Vertrauen`); got != 2 {
		t.Errorf("after a rebuild Vertrauen finds %d passages, want 2", got)
	}
}

// TestService_IndexInterviewChangeTouchesItsDocuments: a command that
// changes an interview has the index replace the passages of that
// interview's documents (they carry its wave, role, level and
// interviewer), no others; found from the metadata cache's documents of
// each interview.
func TestService_IndexInterviewChangeTouchesItsDocuments(t *testing.T) {
	s, g := newGatedProject(t)
	ns := qda.GUID("22222222-2222-4222-8222-222222222222")
	guide := &qda.Guideline{GUID: ns, Key: "A.1.1", Title: "Leitfaden", Level: qda.LevelStrategic, Wave: 1,
		Roles: []qda.Role{{Code: "GF", Label: "Geschäftsführung"}},
		Sections: []qda.Section{{GUID: qda.NameGUID(ns, "s1"), Number: "1.", Title: "Bedeutung", Questions: []qda.Question{
			{GUID: qda.NameGUID(ns, "q11"), ID: "1.1", Text: "Was waren die Gründe?", Roles: []string{"GF"}},
		}}}}
	if _, err := s.ImportGuideline(guide, study.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCase(study.NewCase{Name: "JC-07", Kind: qda.CaseJobCentre}); err != nil {
		t.Fatal(err)
	}
	ivs := map[string]*qda.Interview{}
	for _, who := range []string{"Adler", "Berger"} {
		iv, err := s.AddInterview(study.NewInterview{Guideline: "A.1.1", Role: "GF", Case: "JC-07", Interviewee: who})
		if err != nil {
			t.Fatal(err)
		}
		ivs[who] = iv
	}
	docsOf := map[string][]qda.GUID{}
	for i, who := range []string{"Adler", "Adler", "Berger"} {
		d, err := s.AddDocument(study.NewDocument{Name: fmt.Sprintf("Dok %d", i), Kind: qda.KindOther, Interview: ivs[who].GUID,
			Text: fmt.Sprintf("Der Arbeitgeberservice berät Betriebe (%d).\n", i)})
		if err != nil {
			t.Fatal(err)
		}
		docsOf[who] = append(docsOf[who], d.GUID)
	}
	if _, err := s.AddDocument(study.NewDocument{Name: "Ohne Interview", Kind: qda.KindOther, Text: "Betriebe ohne Interview.\n"}); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIndex(); err != nil {
		t.Fatal(err)
	}
	err := s.Write("test.wave", "Adler in wave 2", func(tx app.Tx) error {
		iv, err := tx.Interview(ivs["Adler"].GUID)
		if err != nil {
			return err
		}
		iv.Wave = 2
		return tx.PutInterview(iv)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIndex(); err != nil {
		t.Fatal(err)
	}
	g.mu.Lock()
	removed := g.lastRemove
	g.mu.Unlock()
	if removed != len(docsOf["Adler"]) {
		t.Errorf("the batch replaced %d documents, want the %d of the changed interview", removed, len(docsOf["Adler"]))
	}
	res, err := s.Search(qda.SearchRequest{Query: "Betriebe", Limit: 10, Filters: map[string][]string{"wave": {"2"}}})
	if err != nil {
		t.Fatal(err)
	}
	var got []qda.GUID
	for _, h := range res.Hits {
		got = append(got, h.Document)
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(docsOf["Adler"]))
	if !slices.Equal(got, want) {
		t.Errorf("wave 2 finds %v, want the changed interview's documents %v", got, want)
	}
}
