package app_test

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
)

// retrievalFixture is a small project for retrieval, search and autocode:
// two protocols (GF of JC-07 in wave 1, PL of JC-12 in wave 2) with their
// template codings, a case report of JC-07, inductive codes Arbeitgeber >
// Direktakquise and Sonstiges, codings by mara (acting) and jonas.
type retrievalFixture struct {
	s                  *app.Service
	gf, pl, report     *qda.Document
	ag, direkt, other  *qda.Code
	jonas              *qda.User
	jc07, jc12         *qda.Case
	q11                *qda.Code
	agCoding, dkCoding *qda.Coding
}

func newRetrievalFixture(t *testing.T) *retrievalFixture {
	t.Helper()
	s := newService(t, "mara")
	siteAndGuideline(t, s)
	f := &retrievalFixture{s: s}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var err error
	f.jc12, err = s.AddCase(app.NewCase{Name: "JC-12", Kind: qda.CaseJobCentre})
	must(err)
	f.jc07, err = s.Case("JC-07")
	must(err)
	f.jonas, err = s.AddMember(app.NewMember{Name: "jonas", Roles: qda.AllMemberRoles})
	must(err)
	gf, err := s.ImportProtocol(newIV("GF-07"), []qda.ProtocolBlock{
		{Title: "Vorbemerkungen", Body: "Gespräch im Büro der Geschäftsführung."},
		{QuestionID: "1.1", Body: "Die Größe der Teams war entscheidend.\n\nAuch die Arbeitgeberansprache wurde neu geregelt."},
		{QuestionID: "1.2", Body: "Mehr Integrationen durch den Arbeitgeber-Service."},
	}, "Protokoll GF-07", "")
	must(err)
	pl := app.NewInterview{Guideline: "A.1.2", Role: "PL", Case: "JC-12", Wave: 2, Interviewee: "PL-12"}
	plp, err := s.ImportProtocol(pl, []qda.ProtocolBlock{
		{QuestionID: "1.1", Body: "Der Arbeitgeberservice arbeitet eng mit uns. Viele Vorschläge kamen vom Arbeitgeberservice."},
		{QuestionID: "1.2", Body: "Die Vermittlung ist schneller geworden."},
	}, "Protokoll PL-12", "")
	must(err)
	f.gf, f.pl = gf.Document, plp.Document
	f.report, err = s.AddDocument(app.NewDocument{Name: "Fallbericht JC-07", Kind: qda.KindCaseReport, Case: f.jc07.GUID,
		Text: "Der Arbeitgeber ist zentral für die Vermittlung.\n\nDie Straße zum Jobcenter ist weit."})
	must(err)
	f.ag, err = s.AddCode(app.NewCode{Name: "Arbeitgeber"})
	must(err)
	f.direkt, err = s.AddCode(app.NewCode{Name: "Direktakquise", Parent: f.ag.GUID})
	must(err)
	f.other, err = s.AddCode(app.NewCode{Name: "Sonstiges"})
	must(err)
	f.q11, err = s.ResolveCode("A.1.2:1.1")
	must(err)
	code := func(d *qda.Document, c *qda.Code, phrase string, coder qda.GUID) *qda.Coding {
		t.Helper()
		_, text, _, err := s.DocumentWithText(d.GUID)
		must(err)
		i := strings.Index(text, phrase)
		if i < 0 {
			t.Fatalf("%q not in %s", phrase, d.Name)
		}
		start := qda.RuneLen(text[:i])
		cd, err := s.AddCoding(app.NewCoding{Document: d.GUID, Start: start, End: start + qda.RuneLen(phrase), Code: c.GUID, Coder: coder})
		must(err)
		return cd
	}
	f.agCoding = code(f.gf, f.ag, "Arbeitgeberansprache", "")
	f.dkCoding = code(f.pl, f.direkt, "Der Arbeitgeberservice arbeitet eng mit uns.", f.jonas.GUID)
	code(f.report, f.ag, "Der Arbeitgeber ist zentral", "")
	code(f.report, f.other, "Die Straße zum Jobcenter", f.jonas.GUID)
	return f
}

func texts(rs []app.Retrieved) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Text)
	}
	sort.Strings(out)
	return out
}

func TestService_Retrieve(t *testing.T) {
	f := newRetrievalFixture(t)
	for _, tc := range []struct {
		name string
		f    app.CodingFilter
		want []string
	}{
		{"code", app.CodingFilter{Code: f.ag.GUID}, []string{"Arbeitgeberansprache", "Der Arbeitgeber ist zentral"}},
		{"code with sub-codes", app.CodingFilter{Code: f.ag.GUID, SubCodes: true},
			[]string{"Arbeitgeberansprache", "Der Arbeitgeber ist zentral", "Der Arbeitgeberservice arbeitet eng mit uns."}},
		{"two codes", app.CodingFilter{Codes: []qda.GUID{f.direkt.GUID, f.other.GUID}},
			[]string{"Der Arbeitgeberservice arbeitet eng mit uns.", "Die Straße zum Jobcenter"}},
		{"level", app.CodingFilter{Code: f.ag.GUID, SubCodes: true, Level: qda.LevelStrategic},
			[]string{"Arbeitgeberansprache", "Der Arbeitgeberservice arbeitet eng mit uns."}},
		{"wave", app.CodingFilter{Code: f.ag.GUID, SubCodes: true, Wave: 2}, []string{"Der Arbeitgeberservice arbeitet eng mit uns."}},
		{"case", app.CodingFilter{Code: f.ag.GUID, SubCodes: true, Case: f.jc07.GUID},
			[]string{"Arbeitgeberansprache", "Der Arbeitgeber ist zentral"}},
		{"role", app.CodingFilter{Code: f.ag.GUID, SubCodes: true, Role: "pl"}, []string{"Der Arbeitgeberservice arbeitet eng mit uns."}},
		{"coder", app.CodingFilter{Coder: f.jonas.GUID}, []string{"Der Arbeitgeberservice arbeitet eng mit uns.", "Die Straße zum Jobcenter"}},
		{"kind", app.CodingFilter{Kind: qda.KindCaseReport}, []string{"Der Arbeitgeber ist zentral", "Die Straße zum Jobcenter"}},
		{"question with sub-codes none", app.CodingFilter{Code: f.q11.GUID, Role: "GF"},
			[]string{"Die Größe der Teams war entscheidend.\n\nAuch die Arbeitgeberansprache wurde neu geregelt."}},
		{"nothing", app.CodingFilter{Code: f.other.GUID, Level: qda.LevelOperative}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.s.Retrieve(tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if g := texts(got); strings.Join(g, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q\nwant %q", g, tc.want)
			}
			// Segments applies the same filter.
			segs, err := f.s.Segments(tc.f)
			if err != nil || len(segs) != len(got) {
				t.Errorf("Segments: %d, %v; Retrieve: %d", len(segs), err, len(got))
			}
			// Both ways of reading the candidates give the same result,
			// question and context included.
			for _, onePass := range []bool{false, true} {
				other, err := app.RetrieveWith(f.s, tc.f, onePass)
				if err != nil || !reflect.DeepEqual(other, got) {
					t.Errorf("RetrieveWith(onePass=%v) = %+v, %v; Retrieve gave %+v", onePass, other, err, got)
				}
			}
		})
	}
}

// TestService_RetrieveExactlyStored checks retrieval against the codings
// as stored: every coding, with its range and text, once.
func TestService_RetrieveExactlyStored(t *testing.T) {
	f := newRetrievalFixture(t)
	all, err := f.s.Segments(app.CodingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.s.Retrieve(app.CodingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(all) || len(all) != 8 {
		t.Fatalf("%d retrieved, %d stored, want 8", len(got), len(all))
	}
	byID := map[qda.GUID]app.Segment{}
	for _, sg := range all {
		byID[sg.GUID] = sg
	}
	for _, r := range got {
		sg, ok := byID[r.GUID]
		if !ok || sg.Range != r.Range || sg.Text != r.Text || sg.Code != r.Code || sg.Coder != r.Coder {
			t.Errorf("retrieved %+v, stored %+v", r.Segment, sg)
		}
		delete(byID, r.GUID)
	}
}

func TestService_RetrieveSource(t *testing.T) {
	f := newRetrievalFixture(t)
	got, err := f.s.Retrieve(app.CodingFilter{Code: f.ag.GUID, SubCodes: true})
	if err != nil {
		t.Fatal(err)
	}
	// Sorted by document name: Fallbericht, Protokoll GF-07, Protokoll PL-12.
	if len(got) != 3 || got[0].DocName != "Fallbericht JC-07" || got[1].DocName != "Protokoll GF-07" || got[2].DocName != "Protokoll PL-12" {
		t.Fatalf("order %+v", got)
	}
	r := got[1]
	if r.Case != "JC-07" || r.Interviewee != "GF-07" || r.Level != qda.LevelStrategic || r.Wave != 1 || r.Role != "GF" ||
		r.CodeName != "Arbeitgeber" || r.CoderName != "mara" || r.Kind != qda.KindProtocol {
		t.Errorf("source %+v", r)
	}
	if r.Question != f.q11.Name {
		t.Errorf("question %q, want %q", r.Question, f.q11.Name)
	}
	if !strings.HasSuffix(r.Before, "entscheidend.\n\nAuch die ") || !strings.HasPrefix(r.After, " wurde neu geregelt.") {
		t.Errorf("context %q … %q", r.Before, r.After)
	}
	if got[2].CoderName != "jonas" || got[2].Case != "JC-12" || got[2].Wave != 2 || got[2].CodeName != "Direktakquise" {
		t.Errorf("second %+v", got[2])
	}
	if got[0].Case != "JC-07" || got[0].Interviewee != "" || got[0].Question != "" || got[0].Before != "" {
		t.Errorf("report segment %+v", got[0])
	}
}

func TestWriteSegmentsCSV(t *testing.T) {
	f := newRetrievalFixture(t)
	got, err := f.s.Retrieve(app.CodingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := app.WriteSegmentsCSV(&b, got); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(got)+1 || strings.Join(rows[0], ",") != strings.Join(app.SegmentsCSVHeader, ",") {
		t.Fatalf("header %q, %d rows", rows[0], len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	found := false
	for i, row := range rows[1:] {
		if row[col["text"]] != got[i].Text || row[col["guid"]] != string(got[i].GUID) {
			t.Errorf("row %d: %q", i, row)
		}
		if strings.Contains(row[col["text"]], "\n\n") && row[col["document"]] == "Protokoll GF-07" && row[col["case"]] == "JC-07" {
			found = true
		}
	}
	if !found {
		t.Errorf("no row with the multi-paragraph answer of GF-07:\n%s", b.String())
	}
}
