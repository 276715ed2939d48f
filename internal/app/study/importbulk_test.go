package study_test

import (
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/study"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestService_ImportProtocols(t *testing.T) {
	s := apptest.NewService(t, "mara")
	apptest.SiteAndGuideline(t, s)
	item := func(who string, b []qda.ProtocolBlock) study.ProtocolImport {
		return study.ProtocolImport{Interview: apptest.NewIV(who), Blocks: b, Name: "Protokoll " + who, Source: strings.ToLower(who) + ".md",
			Path: "/in/" + strings.ToLower(who) + ".md"}
	}
	before, _ := s.Info()
	// One bad protocol among good ones: none is imported, the error
	// names it.
	_, err := s.ImportProtocols([]study.ProtocolImport{item("GF-01", blocks), item("GF-02", []qda.ProtocolBlock{{QuestionID: "9.9", Body: "x"}}), item("GF-03", blocks)})
	if err == nil || !strings.Contains(err.Error(), "/in/gf-02.md") {
		t.Fatalf("bulk import with a bad protocol: %v, want an error naming /in/gf-02.md", err)
	}
	if after, _ := s.Info(); after.Interviews != before.Interviews || after.Documents != before.Documents || after.Commands != before.Commands {
		t.Fatalf("a failed bulk import changed the project: %+v → %+v", before, after)
	}
	res, err := s.ImportProtocols([]study.ProtocolImport{item("GF-01", blocks), item("GF-02", blocks), item("GF-03", blocks)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 || res[1].Document.Source != "gf-02.md" || res[1].Answers != 2 {
		t.Fatalf("result %+v", res)
	}
	after, _ := s.Info()
	if after.Documents != before.Documents+3 || after.Commands != before.Commands+1 {
		t.Errorf("after the import %+v, want 3 documents more in one command (before %+v)", after, before)
	}
	hits, err := s.Search(qda.SearchRequest{Query: "Arbeitgeberansprache", NoFacets: true})
	if err != nil || hits.Total != 3 {
		t.Errorf("search after the bulk import: %v hits, %v; want 3", hits, err)
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if undone, _ := s.Info(); undone.Documents != before.Documents || undone.Interviews != before.Interviews {
		t.Errorf("one undo left %+v, want %+v", undone, before)
	}
}
