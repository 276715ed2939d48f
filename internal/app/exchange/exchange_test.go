package exchange_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"regexp"
	"testing"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/exchange"
	"github.com/protocoder/protocoder/internal/app/study"

	"github.com/protocoder/protocoder/internal/exchange/qdpx"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// richProject is baseProject with attributes, a second coder, an inductive
// code with a memo, a coding memo, a document with an emoji and a plan.
func richProject(tb testing.TB) *project.Project {
	tb.Helper()
	dir, doc, _ := baseProject(tb)
	s := openAt(tb, dir, "anna", 2000)
	must := func(_ any, err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
	}
	must(s.AddAttributeDef(qda.AttributeDef{Name: "Umsetzungstyp", Type: qda.AttrChoice, Scope: qda.ScopeCase, Choices: []string{"gE", "zkT"}}))
	must(s.AddAttributeDef(qda.AttributeDef{Name: "Beschäftigte", Type: qda.AttrNumber, Scope: qda.ScopeCase}))
	must(s.SetCaseAttributes("JC Nord", map[string]string{"Umsetzungstyp": "zkT", "Beschäftigte": "420"}))
	ind, err := s.AddCode(coding.NewCode{Name: "Größe", Description: "induktiv"})
	must(ind, err)
	must(s.UpdateCode(ind.GUID, coding.CodeUpdate{Memo: apptest.Ptr("Memo zum Code – äöü")}))
	ben, err := s.User("ben")
	must(ben, err)
	must(s.AddCoding(coding.NewCoding{Document: doc, Start: 13, End: 20, Code: ind.GUID, Coder: ben.GUID, Memo: "Bens 🙂-Notiz"}))
	d2, err := s.AddDocument(study.NewDocument{Name: "Konzept", Kind: qda.KindOther, Text: "Fußgänger 😀 und\r\nStraßen.\r\n"})
	must(d2, err)
	must(s.AddCoding(coding.NewCoding{Document: d2.GUID, Start: 10, End: 11, Code: ind.GUID}))
	must(s.AddMemo(coding.NewMemo{Title: "Projektmemo", Text: "Über alles"}))
	must(s.AddMemo(coding.NewMemo{Title: "Zum Code", Text: "Code", Target: ind.GUID}))
	return s
}

// exportQDPX writes the project as a QDPX file and returns its entries.
func exportQDPX(tb testing.TB, s *project.Project) ([]byte, map[string][]byte) {
	tb.Helper()
	snap, err := s.Snapshot(exchange.SnapshotOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := qdpx.Write(&buf, snap, qdpx.WriteOptions{Origin: "protocoder test"}); err != nil {
		tb.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		tb.Fatal(err)
	}
	entries := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		entries[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return buf.Bytes(), entries
}

var projectTag = regexp.MustCompile(`<Project [^>]*>`)

func TestService_QDPXRoundTrip(t *testing.T) {
	a := richProject(t)
	data, first := exportQDPX(t, a)
	snap, rep, err := qdpx.Read(data, qdpx.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Warnings) > 0 {
		t.Errorf("reader warnings: %+v", rep.Warnings)
	}
	// An empty project: the member anna comes with the file and acts.
	b := apptest.NewEmptyService(t, "anna")
	mr, err := b.ImportSnapshot(snap, exchange.ExchangeOptions{Source: "sample.qdpx"})
	if err != nil {
		t.Fatal(err)
	}
	if len(mr.Conflicts) > 0 || len(mr.Notes) > 0 || mr.Added["coding"] == 0 || mr.Added["interview"] == 0 {
		t.Errorf("import report: %+v", mr)
	}
	_, second := exportQDPX(t, b)
	if len(first) != len(second) {
		t.Fatalf("%d entries, then %d", len(first), len(second))
	}
	for name, want := range first {
		got := second[name]
		switch name {
		case "project.qde":
			want, got = projectTag.ReplaceAll(want, nil), projectTag.ReplaceAll(got, nil)
		case qdpx.ExtensionEntry:
			want, got = dropProject(t, want), dropProject(t, got)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("entry %s differs after export → import → export", name)
		}
	}
	// Importing the same file again changes nothing.
	again, err := b.ImportSnapshot(snap, exchange.ExchangeOptions{Source: "sample.qdpx"})
	if err != nil {
		t.Fatal(err)
	}
	if n := sum(again.Added) + sum(again.Updated); n > 0 || len(again.Conflicts) > 0 {
		t.Errorf("second import changed %d entities: %+v", n, again)
	}
}

func dropProject(tb testing.TB, ext []byte) []byte {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(ext, &m); err != nil {
		tb.Fatal(err)
	}
	delete(m, "project")
	out, _ := json.Marshal(m)
	return out
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func TestService_ImportSnapshotConflicts(t *testing.T) {
	s := apptest.NewService(t, "anna")
	if _, err := s.ImportGuideline(apptest.Guideline("A.1.1", apptest.G1), study.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	snap, err := s.Snapshot(exchange.SnapshotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.ResolveCode("A.1.1:1.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateCode(c.GUID, coding.CodeUpdate{Color: apptest.Ptr("#123456")}); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Info()
	rep, err := s.ImportSnapshot(snap, exchange.ExchangeOptions{Source: "old.qdpx"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Conflicts) != 1 || rep.Conflicts[0].GUID != c.GUID || rep.Conflicts[0].Fields[0].Field != "color" {
		t.Fatalf("conflicts %+v", rep.Conflicts)
	}
	if got, _ := s.ResolveCode("A.1.1:1.1"); got.Color != "#123456" {
		t.Errorf("the project's colour was overwritten: %s", got.Color)
	}
	if after, _ := s.Info(); after.Codes != before.Codes {
		t.Errorf("codes %d → %d", before.Codes, after.Codes)
	}
	if _, err := s.ImportSnapshot(nil, exchange.ExchangeOptions{}); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("nil snapshot: %v", err)
	}
}

// remint gives every entity of a snapshot a new GUID, as ATLAS.ti does on
// export.
func remint(s *qda.Snapshot) {
	m := map[qda.GUID]qda.GUID{}
	g := func(id qda.GUID) qda.GUID {
		if id == "" {
			return ""
		}
		if n, ok := m[id]; ok {
			return n
		}
		m[id] = qda.NameGUID(id, "re-minted")
		return m[id]
	}
	for i := range s.Users {
		s.Users[i].GUID = g(s.Users[i].GUID)
	}
	for i := range s.Codes {
		s.Codes[i].GUID, s.Codes[i].Parent = g(s.Codes[i].GUID), g(s.Codes[i].Parent)
	}
	for i := range s.AttributeDefs {
		s.AttributeDefs[i].GUID = g(s.AttributeDefs[i].GUID)
	}
	for i := range s.Cases {
		s.Cases[i].GUID = g(s.Cases[i].GUID)
		attrs := map[qda.GUID]string{}
		for k, v := range s.Cases[i].Attributes {
			attrs[g(k)] = v
		}
		s.Cases[i].Attributes = attrs
	}
	texts := map[qda.GUID]string{}
	for i := range s.Documents {
		d := &s.Documents[i]
		texts[g(d.GUID)] = s.Texts[d.GUID]
		d.GUID, d.Case = g(d.GUID), g(d.Case)
	}
	s.Texts = texts
	for i := range s.Codings {
		c := &s.Codings[i]
		c.GUID, c.Document, c.Code, c.Coder = g(c.GUID), g(c.Document), g(c.Code), g(c.Coder)
	}
	for i := range s.Memos {
		s.Memos[i].GUID, s.Memos[i].Target, s.Memos[i].Author = g(s.Memos[i].GUID), g(s.Memos[i].Target), g(s.Memos[i].Author)
	}
}

func TestService_ImportReMintedGUIDs(t *testing.T) {
	a := richProject(t)
	snap, err := a.Snapshot(exchange.SnapshotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := qdpx.Write(&buf, snap, qdpx.WriteOptions{Dialect: qdpx.DialectATLAS, NoExtension: true, Origin: "ATLAS.ti 23"}); err != nil {
		t.Fatal(err)
	}
	back, _, err := qdpx.Read(buf.Bytes(), qdpx.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	remint(back)
	before, _ := a.Info()
	rep, err := a.ImportSnapshot(back, exchange.ExchangeOptions{Source: "atlas.qdpx"})
	if err != nil {
		t.Fatal(err)
	}
	after, _ := a.Info()
	if after.Codes != before.Codes || after.Documents != before.Documents || after.Codings != before.Codings || after.Users != before.Users {
		t.Errorf("re-minted import duplicated entities: %+v → %+v\nreport %+v", before, after, rep)
	}
	if rep.Duplicates != before.Codings || len(rep.Matched) == 0 {
		t.Errorf("duplicates %d (want %d), matched %v", rep.Duplicates, before.Codings, rep.Matched)
	}
	if len(rep.Conflicts) > 0 {
		t.Errorf("conflicts %+v", rep.Conflicts)
	}
}
