package coding_test

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/coding"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/qda"
)

func texts(rs []app.Retrieved) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Text)
	}
	sort.Strings(out)
	return out
}

func TestService_Retrieve(t *testing.T) {
	f := apptest.NewRetrievalFixture(t)
	for _, tc := range []struct {
		name string
		f    app.CodingFilter
		want []string
	}{
		{"code", app.CodingFilter{Code: f.AG.GUID}, []string{"Arbeitgeberansprache", "Der Arbeitgeber ist zentral"}},
		{"code with sub-codes", app.CodingFilter{Code: f.AG.GUID, SubCodes: true},
			[]string{"Arbeitgeberansprache", "Der Arbeitgeber ist zentral", "Der Arbeitgeberservice arbeitet eng mit uns."}},
		{"two codes", app.CodingFilter{Codes: []qda.GUID{f.Direkt.GUID, f.Other.GUID}},
			[]string{"Der Arbeitgeberservice arbeitet eng mit uns.", "Die Straße zum Jobcenter"}},
		{"level", app.CodingFilter{Code: f.AG.GUID, SubCodes: true, Level: qda.LevelStrategic},
			[]string{"Arbeitgeberansprache", "Der Arbeitgeberservice arbeitet eng mit uns."}},
		{"wave", app.CodingFilter{Code: f.AG.GUID, SubCodes: true, Wave: 2}, []string{"Der Arbeitgeberservice arbeitet eng mit uns."}},
		{"case", app.CodingFilter{Code: f.AG.GUID, SubCodes: true, Case: f.JC07.GUID},
			[]string{"Arbeitgeberansprache", "Der Arbeitgeber ist zentral"}},
		{"role", app.CodingFilter{Code: f.AG.GUID, SubCodes: true, Role: "pl"}, []string{"Der Arbeitgeberservice arbeitet eng mit uns."}},
		{"coder", app.CodingFilter{Coder: f.Jonas.GUID}, []string{"Der Arbeitgeberservice arbeitet eng mit uns.", "Die Straße zum Jobcenter"}},
		{"kind", app.CodingFilter{Kind: qda.KindCaseReport}, []string{"Der Arbeitgeber ist zentral", "Die Straße zum Jobcenter"}},
		{"question with sub-codes none", app.CodingFilter{Code: f.Q11.GUID, Role: "GF"},
			[]string{"Die Größe der Teams war entscheidend.\n\nAuch die Arbeitgeberansprache wurde neu geregelt."}},
		{"nothing", app.CodingFilter{Code: f.Other.GUID, Level: qda.LevelOperative}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.S.Retrieve(tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if g := texts(got); strings.Join(g, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q\nwant %q", g, tc.want)
			}
			// Segments applies the same filter.
			segs, err := f.S.Segments(tc.f)
			if err != nil || len(segs) != len(got) {
				t.Errorf("Segments: %d, %v; Retrieve: %d", len(segs), err, len(got))
			}
			// Both ways of reading the candidates (the coding table, the
			// store) give the same result, question and context included.
			for _, fromStore := range []bool{false, true} {
				other, err := coding.RetrieveWith(f.S.Coding, tc.f, fromStore)
				if err != nil || !reflect.DeepEqual(other, got) {
					t.Errorf("RetrieveWith(fromStore=%v) = %+v, %v; Retrieve gave %+v", fromStore, other, err, got)
				}
			}
		})
	}
}

// TestService_RetrieveExactlyStored checks retrieval against the codings
// as stored: every coding, with its range and text, once.
func TestService_RetrieveExactlyStored(t *testing.T) {
	f := apptest.NewRetrievalFixture(t)
	all, err := f.S.Segments(app.CodingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.S.Retrieve(app.CodingFilter{})
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
	f := apptest.NewRetrievalFixture(t)
	got, err := f.S.Retrieve(app.CodingFilter{Code: f.AG.GUID, SubCodes: true})
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
	if r.Question != f.Q11.Name {
		t.Errorf("question %q, want %q", r.Question, f.Q11.Name)
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
	f := apptest.NewRetrievalFixture(t)
	got, err := f.S.Retrieve(app.CodingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := coding.WriteSegmentsCSV(&b, got); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(got)+1 || strings.Join(rows[0], ",") != strings.Join(coding.SegmentsCSVHeader, ",") {
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
