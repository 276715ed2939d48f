package app_test

import (
	"slices"
	"testing"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/apptest"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// metaOf reads the cached metadata in a read-only transaction.
func metaOf(t *testing.T, s *project.Project) *app.IndexMeta {
	t.Helper()
	var m *app.IndexMeta
	if err := s.View(func(tx app.Tx) (err error) { m, err = s.IndexMetaOf(tx); return err }); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestService_FindGuideline finds guidelines by GUID and by key through the
// metadata cache, also after a key changed and inside a write.
func TestService_FindGuideline(t *testing.T) {
	s := apptest.NewService(t, "anna")
	apptest.SiteAndGuideline(t, s) // A.1.2 with GUID G1
	metaOf(t, s)                   // the cache knows A.1.2 now
	find := func(ref string) (qda.GUID, error) {
		var id qda.GUID
		err := s.View(func(tx app.Tx) error {
			g, err := s.FindGuideline(tx, ref)
			if err == nil {
				id = g.GUID
			}
			return err
		})
		return id, err
	}
	check := func(when string, cases []struct {
		ref  string
		want qda.GUID
	}) {
		t.Helper()
		for _, c := range cases {
			got, err := find(c.ref)
			if c.want == "" {
				if qda.ErrorCode(err) != qda.ENotFound {
					t.Errorf("%s: FindGuideline(%q) = %s, %v; want not found", when, c.ref, got, err)
				}
			} else if err != nil || got != c.want {
				t.Errorf("%s: FindGuideline(%q) = %s, %v; want %s", when, c.ref, got, err, c.want)
			}
		}
	}
	type ref = struct {
		ref  string
		want qda.GUID
	}
	check("cached", []ref{{"A.1.2", apptest.G1}, {"a.1.2", apptest.G1}, {string(apptest.G1), apptest.G1}, {"B.9", ""}})

	// The same guideline under another key: the cache's entry for A.1.2
	// is stale until a read refreshes it, and must not answer.
	if _, err := s.ImportGuideline(apptest.Guideline("B.9", apptest.G1), study.ImportOptions{Replace: true}); err != nil {
		t.Fatal(err)
	}
	check("after the key changed", []ref{{"A.1.2", ""}, {"B.9", apptest.G1}, {"b.9", apptest.G1}})
	metaOf(t, s)
	check("after a refresh", []ref{{"A.1.2", ""}, {"B.9", apptest.G1}})

	// An interview finds its guideline by key inside its write.
	iv := apptest.NewIV("Frau Adler")
	iv.Guideline = "b.9"
	if got, err := s.AddInterview(iv); err != nil || got.Guideline != apptest.G1 {
		t.Errorf("AddInterview with guideline b.9: %+v, %v", got, err)
	}
}

// TestService_IndexMetaOf follows the commands: additions, changes, undo.
func TestService_IndexMetaOf(t *testing.T) {
	s := apptest.NewService(t, "anna")
	apptest.SiteAndGuideline(t, s)
	if m := metaOf(t, s); m.Interviews.Len() != 0 || len(m.Cases) != 1 {
		t.Fatalf("start: %d interviews, %d cases", m.Interviews.Len(), len(m.Cases))
	}
	iv, err := s.AddInterview(apptest.NewIV("Frau Adler"))
	if err != nil {
		t.Fatal(err)
	}
	m := metaOf(t, s)
	if got := m.Interviews.Get(iv.GUID); got == nil || got.Interviewee != "Frau Adler" || m.Cases[got.Case] != "JC-07" {
		t.Errorf("after AddInterview: %+v, cases %v", got, m.Cases)
	}
	if _, err := s.SetStatus(string(iv.GUID), qda.StatusComplete); err != nil {
		t.Fatal(err)
	}
	if got := metaOf(t, s).Interviews.Get(iv.GUID); got == nil || got.Status != qda.StatusComplete {
		t.Errorf("after SetStatus: %+v", got)
	}
	c, err := s.AddCase(study.NewCase{Name: "JC-12", Kind: qda.CaseJobCentre})
	if err != nil {
		t.Fatal(err)
	}
	if got := metaOf(t, s).Cases[c.GUID]; got != "JC-12" {
		t.Errorf("after AddCase: %q", got)
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if got, ok := metaOf(t, s).Cases[c.GUID]; ok {
		t.Errorf("after undoing AddCase the case is still there: %q", got)
	}
	if m := metaOf(t, s); m.Interviews.Get(iv.GUID) == nil || m.Interviews.Get(iv.GUID).Status != qda.StatusComplete {
		t.Errorf("undoing AddCase changed the interview: %+v", m.Interviews.Get(iv.GUID))
	}
}

// tableRefs lists the cached coding table and the codings as stored, each
// sorted by GUID, read in one transaction.
func tableRefs(t *testing.T, s *project.Project) (cached, stored []qda.CodingRef) {
	t.Helper()
	err := s.View(func(tx app.Tx) error {
		table, err := s.CodingTableOf(tx)
		if err != nil {
			return err
		}
		table.Each(func(r *qda.CodingRef) { cached = append(cached, *r) })
		if n := table.Len(); n != len(cached) {
			t.Errorf("Len %d, Each %d", n, len(cached))
		}
		return tx.EachCoding(func(c *qda.Coding) error {
			stored = append(stored, c.Ref()) // with its stamp: the memo step changes it
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	byGUID := func(a, b qda.CodingRef) int {
		if a.GUID < b.GUID {
			return -1
		} else if a.GUID > b.GUID {
			return 1
		}
		return 0
	}
	slices.SortFunc(cached, byGUID)
	slices.SortFunc(stored, byGUID)
	return cached, stored
}

// TestService_CodingTableOf follows every kind of coding change, undo and
// redo, a code's deletion and a purge (an erasure: keys only) with the
// cached table, which must equal the stored codings after each.
func TestService_CodingTableOf(t *testing.T) {
	s := apptest.NewService(t, "anna")
	d, a, b := apptest.CodedDoc(t, s)
	tableRefs(t, s) // build the table now, so that the steps refresh it
	var first qda.GUID
	steps := []struct {
		name string
		do   func() error
	}{
		{"add", func() error {
			c, err := s.AddCoding(coding.NewCoding{Document: d.GUID, Start: 1, End: 3, Code: b.GUID})
			if c != nil {
				first = c.GUID
			}
			return err
		}},
		{"recode", func() error { _, err := s.RecodeCoding(first, a.GUID); return err }},
		{"resize", func() error { _, err := s.SetCodingRange(first, 2, 4); return err }},
		{"memo", func() error { _, err := s.SetCodingMemo(first, "Notiz"); return err }},
		{"undo memo", func() error { _, err := s.Undo(); return err }},
		{"undo resize", func() error { _, err := s.Undo(); return err }},
		{"redo resize", func() error { _, err := s.Redo(); return err }},
		{"delete", func() error { return s.DeleteCoding(first) }},
		{"undo delete", func() error { _, err := s.Undo(); return err }},
		{"delete a code with its codings", func() error { _, err := s.DeleteCode(b.GUID, true); return err }},
		{"undo that", func() error { _, err := s.Undo(); return err }},
		{"purge the document", func() error { _, err := s.PurgeDocument(d.GUID); return err }},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		cached, stored := tableRefs(t, s)
		if !slices.Equal(cached, stored) {
			t.Errorf("after %s: table %+v\nstored %+v", st.name, cached, stored)
		}
	}
	if cached, _ := tableRefs(t, s); len(cached) != 0 {
		t.Errorf("after the purge the table holds %d codings", len(cached))
	}
}

// TestService_DocumentRanksOf ranks documents by name, GUIDs breaking
// ties, anew when a document comes.
func TestService_DocumentRanksOf(t *testing.T) {
	s := apptest.NewService(t, "anna")
	ranks := func() map[qda.GUID]int {
		t.Helper()
		var r map[qda.GUID]int
		if err := s.View(func(tx app.Tx) (err error) { r, err = s.DocumentRanksOf(tx); return err }); err != nil {
			t.Fatal(err)
		}
		return r
	}
	add := func(name string) qda.GUID {
		t.Helper()
		d, err := s.AddDocument(study.NewDocument{Name: name, Kind: qda.KindOther, Text: "Text."})
		if err != nil {
			t.Fatal(err)
		}
		return d.GUID
	}
	b := add("B-Protokoll")
	if r := ranks(); len(r) != 1 || r[b] != 0 {
		t.Fatalf("one document: %v", r)
	}
	a := add("A-Protokoll")
	if r := ranks(); r[a] != 0 || r[b] != 1 {
		t.Errorf("after adding A: %v", r)
	}
	a2 := add("A-Protokoll")
	first, second := a, a2
	if a2 < a {
		first, second = a2, a
	}
	if r := ranks(); r[first] != 0 || r[second] != 1 || r[b] != 2 {
		t.Errorf("two documents named alike: %v", r)
	}
}
