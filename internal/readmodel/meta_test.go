package readmodel

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// memSource is a Source holding interviews and documents, with a command
// log that names what each change wrote.
type memSource struct {
	ivs  map[qda.GUID]qda.Interview
	docs map[qda.GUID]qda.Document
	cmds []qda.Command
}

func (m *memSource) LastCommandSeq() uint64 { return uint64(len(m.cmds)) }
func (m *memSource) Commands(from uint64, fn func(*qda.Command) error) error {
	for i := max(from, 1); i <= uint64(len(m.cmds)); i++ {
		if err := fn(&m.cmds[i-1]); err != nil {
			return err
		}
	}
	return nil
}
func (m *memSource) Interviews() ([]qda.Interview, error) {
	return slices.Collect(maps.Values(m.ivs)), nil
}
func (m *memSource) Interview(id qda.GUID) (*qda.Interview, error) {
	if iv, ok := m.ivs[id]; ok {
		return &iv, nil
	}
	return nil, qda.Errorf(qda.ENotFound, "interview %s", id)
}
func (m *memSource) Documents() ([]qda.Document, error) {
	return slices.Collect(maps.Values(m.docs)), nil
}
func (m *memSource) Document(id qda.GUID) (*qda.Document, error) {
	if d, ok := m.docs[id]; ok {
		return &d, nil
	}
	return nil, qda.Errorf(qda.ENotFound, "document %s", id)
}
func (m *memSource) Cases() ([]qda.Case, error) { return nil, nil }
func (m *memSource) Case(id qda.GUID) (*qda.Case, error) {
	return nil, qda.Errorf(qda.ENotFound, "case %s", id)
}
func (m *memSource) Users() ([]qda.User, error) { return nil, nil }
func (m *memSource) User(id qda.GUID) (*qda.User, error) {
	return nil, qda.Errorf(qda.ENotFound, "user %s", id)
}
func (m *memSource) Codes() ([]qda.Code, error) { return nil, nil }
func (m *memSource) Code(id qda.GUID) (*qda.Code, error) {
	return nil, qda.Errorf(qda.ENotFound, "code %s", id)
}
func (m *memSource) Guidelines() ([]qda.Guideline, error) { return nil, nil }
func (m *memSource) Guideline(id qda.GUID) (*qda.Guideline, error) {
	return nil, qda.Errorf(qda.ENotFound, "guideline %s", id)
}
func (m *memSource) Coding(id qda.GUID) (*qda.Coding, error) {
	return nil, qda.Errorf(qda.ENotFound, "coding %s", id)
}
func (m *memSource) EachCodingRef(func(*qda.CodingRef) error) error { return nil }

// commit records a command that wrote the named entities.
func (m *memSource) commit(changes ...qda.Change) {
	m.cmds = append(m.cmds, qda.Command{Seq: uint64(len(m.cmds) + 1), Changes: changes})
}

func ivID(i int) qda.GUID  { return qda.GUID(fmt.Sprintf("iv-%05d", i)) }
func docID(i int) qda.GUID { return qda.GUID(fmt.Sprintf("doc-%05d", i)) }

// TestMetaCache_Snapshot follows added, moved and removed documents and
// interviews: the new view holds them, the view before is unchanged, and
// the refresh shares all but the changed parts of the large maps with it.
func TestMetaCache_Snapshot(t *testing.T) {
	const n = 5000
	src := &memSource{ivs: map[qda.GUID]qda.Interview{}, docs: map[qda.GUID]qda.Document{}}
	for i := range n {
		src.ivs[ivID(i)] = qda.Interview{GUID: ivID(i), Interviewee: fmt.Sprint(i)}
		src.docs[docID(i)] = qda.Document{GUID: docID(i), Name: fmt.Sprint(i), Interview: ivID(i)}
	}
	src.docs["free"] = qda.Document{GUID: "free", Name: "no interview"}
	src.commit()
	var c MetaCache
	before, err := c.Snapshot(src)
	if err != nil {
		t.Fatal(err)
	}

	// One command: a new interview with its document, a document moved
	// to another interview, a document and an interview removed.
	src.ivs[ivID(n)] = qda.Interview{GUID: ivID(n), Interviewee: "new"}
	src.docs[docID(n)] = qda.Document{GUID: docID(n), Name: "new", Interview: ivID(n)}
	moved := src.docs[docID(1)]
	moved.Interview = ivID(2)
	src.docs[docID(1)] = moved
	delete(src.docs, docID(3))
	delete(src.ivs, ivID(4))
	src.commit(qda.Change{Entity: "interview", Key: string(ivID(n))}, qda.Change{Entity: "document", Key: string(docID(n))},
		qda.Change{Entity: "document", Key: string(docID(1))}, qda.Change{Entity: "document", Key: string(docID(3))},
		qda.Change{Entity: "interview", Key: string(ivID(4))}, qda.Change{Entity: "coding", Key: "c1"})
	after, err := c.Snapshot(src)
	if err != nil {
		t.Fatal(err)
	}

	sorted := func(ids []qda.GUID) []qda.GUID { return slices.Sorted(slices.Values(ids)) }
	for _, tc := range []struct {
		view  *View
		iv    qda.GUID
		want  []qda.GUID
		label string
	}{
		{before, ivID(1), []qda.GUID{docID(1)}, "before, interview 1"},
		{before, ivID(2), []qda.GUID{docID(2)}, "before, interview 2"},
		{before, ivID(3), []qda.GUID{docID(3)}, "before, interview 3"},
		{before, ivID(n), nil, "before, the new interview"},
		{after, ivID(1), nil, "after, interview 1 (its document moved)"},
		{after, ivID(2), []qda.GUID{docID(1), docID(2)}, "after, interview 2"},
		{after, ivID(3), nil, "after, interview 3 (its document removed)"},
		{after, ivID(n), []qda.GUID{docID(n)}, "after, the new interview"},
		{after, "", nil, "documents without an interview are not listed"},
	} {
		if got := sorted(tc.view.DocumentsOfInterview(tc.iv)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: DocumentsOfInterview = %v, want %v", tc.label, got, tc.want)
		}
	}
	if before.Docs.Len() != n+1 || after.Docs.Len() != n+1 || before.Meta.Interviews.Len() != n || after.Meta.Interviews.Len() != n {
		t.Errorf("documents %d → %d, interviews %d → %d", before.Docs.Len(), after.Docs.Len(), before.Meta.Interviews.Len(), after.Meta.Interviews.Len())
	}
	if d := after.Docs.Get(docID(1)); d == nil || d.Interview != ivID(2) {
		t.Errorf("after: the moved document is %+v", d)
	}
	if d := before.Docs.Get(docID(1)); d == nil || d.Interview != ivID(1) {
		t.Errorf("before: the moved document is %+v", d)
	}
	if after.Docs.Get(docID(3)) != nil || before.Docs.Get(docID(3)) == nil {
		t.Error("the removed document: not removed after or missing before")
	}
	if after.Meta.Interviews.Get(ivID(4)) != nil || after.Meta.Interviews.Get(ivID(n)) == nil || before.Meta.Interviews.Get(ivID(n)) != nil {
		t.Error("the interviews removed and added are not so after, or before")
	}
	// Four documents and two interviews changed: at most as many parts
	// of each map were copied, the rest shared with the view before.
	if s := sharedParts(before.Docs, after.Docs); s < mapParts-4 {
		t.Errorf("the documents after share %d of %d parts with those before", s, mapParts)
	}
	if s := sharedParts(before.Meta.Interviews, after.Meta.Interviews); s < mapParts-2 {
		t.Errorf("the interviews after share %d of %d parts with those before", s, mapParts)
	}

	// A view loaded anew lists the same documents per interview.
	var fresh MetaCache
	again, err := fresh.Snapshot(src)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n + 1 {
		if got, want := sorted(again.DocumentsOfInterview(ivID(i))), sorted(after.DocumentsOfInterview(ivID(i))); !slices.Equal(got, want) {
			t.Errorf("interview %d: loaded %v, refreshed %v", i, got, want)
		}
	}
}
