package qdpx

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestWrite_ValidatesAgainstSchema(t *testing.T) {
	for _, d := range append([]Dialect{""}, Dialects...) {
		t.Run(string(d)+"-dialect", func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, sample(), WriteOptions{Dialect: d, Origin: "protocoder test"}); err != nil {
				t.Fatal(err)
			}
			qde := entry(t, buf.Bytes(), "project.qde")
			xmllint(t, qde, "Project-mrt2019.xsd")
			for _, want := range []string{`xmlns="urn:QDA-XML:project:1.0"`, `plainTextPath="internal://`, `<Set `, `name="1.1 Warum?"`, `creatingUser="`} {
				if !strings.Contains(string(qde), want) {
					t.Errorf("project.qde lacks %s", want)
				}
			}
		})
	}
}

func TestWriteCodebook_ValidatesAgainstSchema(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCodebook(&buf, sample(), "protocoder test"); err != nil {
		t.Fatal(err)
	}
	xmllint(t, buf.Bytes(), "Codebook.xsd")
	snap, rep, err := ReadCodebook(buf.Bytes(), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Codes) != 5 {
		t.Fatalf("codes %d", len(snap.Codes))
	}
	want := map[qda.GUID]qda.Code{}
	for _, c := range sample().Codes {
		c.Ref = nil
		want[c.GUID] = c
	}
	for _, c := range snap.Codes {
		w := want[c.GUID]
		if c.Name != w.Name || c.Parent != w.Parent || c.Color != w.Color || c.Description != w.Description || c.Memo != w.Memo {
			t.Errorf("code %s: got %+v want %+v", c.GUID, c, w)
		}
	}
	if len(rep.Warnings) != 1 || rep.Warnings[0].Kind != "set" {
		t.Errorf("warnings %+v", rep.Warnings)
	}
	if err := WriteCodebook(&buf, &qda.Snapshot{}, ""); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("empty codebook: %v", err)
	}
}

// normal sorts a snapshot's slices for comparison.
func normal(s *qda.Snapshot) *qda.Snapshot {
	c := *s
	c.History, c.Commands = nil, nil
	sort.Slice(c.Users, func(i, j int) bool { return c.Users[i].GUID < c.Users[j].GUID })
	sort.Slice(c.AttributeDefs, func(i, j int) bool { return c.AttributeDefs[i].GUID < c.AttributeDefs[j].GUID })
	sort.Slice(c.Cases, func(i, j int) bool { return c.Cases[i].GUID < c.Cases[j].GUID })
	sort.Slice(c.Codes, func(i, j int) bool { return c.Codes[i].GUID < c.Codes[j].GUID })
	sort.Slice(c.Documents, func(i, j int) bool { return c.Documents[i].GUID < c.Documents[j].GUID })
	sort.Slice(c.Codings, func(i, j int) bool { return c.Codings[i].GUID < c.Codings[j].GUID })
	sort.Slice(c.Memos, func(i, j int) bool { return c.Memos[i].GUID < c.Memos[j].GUID })
	return &c
}

func jsonOf(tb testing.TB, v any) string {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func TestRead_RoundTripEveryDialect(t *testing.T) {
	for _, d := range Dialects {
		t.Run(string(d), func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, sample(), WriteOptions{Dialect: d}); err != nil {
				t.Fatal(err)
			}
			got, rep, err := Read(buf.Bytes(), ReadOptions{Dialect: d})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Warnings) > 0 {
				t.Errorf("warnings: %+v", rep.Warnings)
			}
			if !rep.Extension {
				t.Error("extension not seen")
			}
			want := normal(sample())
			if g := normal(got); !reflect.DeepEqual(g, want) {
				t.Errorf("round trip differs:\n%s\nwant\n%s", jsonOf(t, g), jsonOf(t, want))
			}
		})
	}
}

func TestRead_WithoutExtension(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, sample(), WriteOptions{NoExtension: true, Origin: "QualCoder 3.5"}); err != nil {
		t.Fatal(err)
	}
	got, rep, err := Read(buf.Bytes(), ReadOptions{Dialect: DialectREFI})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Extension || len(got.Guidelines) != 0 || len(got.Interviews) != 0 {
		t.Fatalf("extension data without extension: %+v", rep)
	}
	want := normal(sample())
	g := normal(got)
	if len(g.Codes) != len(want.Codes) || len(g.Codings) != len(want.Codings) || len(g.Users) != len(want.Users) || len(g.Cases) != 1 {
		t.Fatalf("counts: %s", jsonOf(t, g))
	}
	for i := range g.Codings {
		if g.Codings[i].Range != want.Codings[i].Range || g.Codings[i].Coder != want.Codings[i].Coder || g.Codings[i].Memo != want.Codings[i].Memo {
			t.Errorf("coding %d: %+v want %+v", i, g.Codings[i], want.Codings[i])
		}
	}
	for i := range g.Documents {
		if got, want := g.Texts[g.Documents[i].GUID], want.Texts[g.Documents[i].GUID]; got != want {
			t.Errorf("text %q want %q", got, want)
		}
	}
	if g.Cases[0].Attributes[g.AttributeDefs[0].GUID] != "gE" && g.Cases[0].Attributes[g.AttributeDefs[1].GUID] != "gE" {
		t.Errorf("case attributes %+v defs %+v", g.Cases[0], g.AttributeDefs)
	}
	// The interview memo sits on the protocol, the project memo on the project.
	targets := map[string]qda.GUID{}
	for _, m := range g.Memos {
		targets[m.Title] = m.Target
	}
	if targets["Zum Interview"] != g.Documents[0].GUID && targets["Zum Interview"] != g.Documents[1].GUID || targets["Projektmemo"] != "" {
		t.Errorf("memo targets %+v", targets)
	}
	kinds := map[string]int{}
	for _, w := range rep.Warnings {
		kinds[w.Kind]++
	}
	if kinds["variable"] == 0 || kinds["set"] == 0 {
		t.Errorf("warnings %+v", rep.Warnings)
	}
}
