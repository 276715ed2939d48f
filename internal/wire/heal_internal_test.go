package wire

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/members"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
)

// flakyIndex fails its first searches as a damaged index does.
type flakyIndex struct {
	app.Index
	fail, resets int
}

func (f *flakyIndex) Search(req qda.SearchRequest) (*qda.SearchResult, error) {
	if f.fail > 0 {
		f.fail--
		return nil, errors.New("zap: segment truncated: EOF")
	}
	return f.Index.Search(req)
}

func (f *flakyIndex) Reset() error { f.resets++; return f.Index.Reset() }

// TestService_SearchRebuildsFailingIndex: a search that fails for another
// reason than the query rebuilds the index and is answered; a query error
// is returned as it is, without a rebuild.
func TestService_SearchRebuildsFailingIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	if err := Init(dir, "Flaky", Options{}); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(dir, store.Options{NoBackup: true})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := openIndex(dir)
	if err != nil {
		t.Fatal(err)
	}
	flaky := &flakyIndex{Index: ix}
	s := project.New(app.Config{Store: storeAdapter{db}, Index: flaky, UserName: "anna"})
	defer func() { _ = s.Close() }()
	if _, err := s.AddMember(members.NewMember{Name: "anna", Roles: []qda.MemberRole{qda.MemberLead}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddDocument(study.NewDocument{Name: "Bericht", Kind: qda.KindOther, Text: "Der Arbeitgeberservice berät.\n"}); err != nil {
		t.Fatal(err)
	}
	flaky.fail = 1
	res, err := s.Search(qda.SearchRequest{Query: "Arbeitgeber"})
	if err != nil || res.Total != 1 || flaky.resets != 1 {
		t.Fatalf("search on a failing index: %+v, %v, %d resets", res, err, flaky.resets)
	}
	if _, err := s.Search(qda.SearchRequest{Query: `"offen`}); qda.ErrorCode(err) != qda.EInvalid || flaky.resets != 1 {
		t.Errorf("query error: %v, %d resets", err, flaky.resets)
	}
}
