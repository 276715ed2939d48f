package qdpx

import (
	"archive/zip"
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

// dirZip zips a fixture folder of testdata into a QDPX.
func dirZip(tb testing.TB, dir string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	root := filepath.Join("testdata", dir)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		w, err := zw.Create(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// segments maps "code name/coder name" to the coded texts.
func segments(s *qda.Snapshot) map[string][]string {
	names := map[qda.GUID]string{}
	for _, c := range s.Codes {
		names[c.GUID] = c.Name
	}
	for _, u := range s.Users {
		names[u.GUID] = u.Name
	}
	out := map[string][]string{}
	for _, c := range s.Codings {
		k := names[c.Code] + "/" + names[c.Coder]
		out[k] = append(out[k], qda.Slice(s.Texts[c.Document], c.Start, c.End))
	}
	return out
}

func warnKinds(r *Report) map[string]int {
	out := map[string]int{}
	for _, w := range r.Warnings {
		out[w.Kind]++
	}
	return out
}

func TestRead_NVivoStyle(t *testing.T) {
	snap, rep, err := Read(dirZip(t, "nvivo-style"), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Dialect != DialectNVivo {
		t.Errorf("dialect %s", rep.Dialect)
	}
	segs := segments(snap)
	if got := segs["Teamgröße/Nora NVivo"]; len(got) != 2 || got[0] != "Größe der Teams zählt 😀 sehr" || got[1] != "🙂" {
		t.Errorf("Teamgröße segments %q", got)
	}
	if got := segs["Orte/Nora NVivo"]; len(got) != 1 || got[0] != "Straße" {
		t.Errorf("Orte segments %q", got)
	}
	if len(snap.Users) != 1 || snap.Users[0].GUID != "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" {
		t.Errorf("users %+v (GUIDs lower case, without braces)", snap.Users)
	}
	colors := map[string]string{}
	for _, c := range snap.Codes {
		colors[c.Name] = c.Color
	}
	if colors["Themen"] != "#ff00aa" || colors["Teamgröße"] != "#3366cc" || colors["Orte"] == "" {
		t.Errorf("colours %v", colors)
	}
	if len(snap.Cases) != 1 || snap.Documents[0].Case != snap.Cases[0].GUID {
		t.Errorf("case of the source: %+v / %+v", snap.Cases, snap.Documents)
	}
	if len(snap.Memos) != 1 || snap.Memos[0].Target != "c8d9e0f1-a2b3-4c4d-9e6f-7a8b9c0d1e2f" || snap.Memos[0].Text != "Straße im Süden." {
		t.Errorf("memos %+v", snap.Memos)
	}
	k := warnKinds(rep)
	if k["source"] != 1 || k["link"] != 1 || k["code"] != 1 {
		t.Errorf("warnings %+v", rep.Warnings)
	}
}

func TestRead_MAXQDAStyle(t *testing.T) {
	snap, rep, err := Read(dirZip(t, "maxqda-style"), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Dialect != DialectMAXQDA {
		t.Errorf("dialect %s", rep.Dialect)
	}
	text := snap.Texts[snap.Documents[0].GUID]
	if strings.Contains(text, "\r") || !strings.HasPrefix(text, "Protokoll Jobcenter Nord\n\nFrage") {
		t.Errorf("text not canonical: %q", text)
	}
	segs := segments(snap)
	if got := segs["Gründe/Max Muster"]; len(got) != 1 || got[0] != "Weil die Größe passt – und Maß hält." {
		t.Errorf("Max's segments %q", got)
	}
	if got := segs["Gründe/Mia Muster"]; len(got) != 1 || got[0] != "Weil die Größe passt – und Maß hält." {
		t.Errorf("Mia's segment on the same passage %q", got)
	}
	if got := segs["Beteiligung/Mia Muster"]; len(got) != 2 || got[0] != "Frage 1.1: Warum beteiligt?\nWeil" || got[1] != "Ende 😀." {
		t.Errorf("Beteiligung segments %q", got)
	}
	vals := map[string]string{}
	for _, d := range snap.AttributeDefs {
		vals[d.Name+"/"+string(d.Type)] = snap.Cases[0].Attributes[d.GUID]
	}
	if vals["Region/text"] != "Nord" || vals["Beschäftigte/number"] != "420" {
		t.Errorf("case attributes %v", vals)
	}
	k := warnKinds(rep)
	if k["selection"] != 1 || k["variable"] != 1 || k["set"] != 1 {
		t.Errorf("warnings %+v", rep.Warnings)
	}
}

func TestRead_ATLASSamples(t *testing.T) {
	dir := filepath.Join(refiDir(t), "samples")
	for _, tc := range []struct {
		file         string
		users, codes int
	}{
		{"blank-atlas-project.qdpx", 2, 0},
		{"target-atlas-project.qdpx", 2, 3},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			snap, rep, err := Read(data, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Dialect != DialectATLAS || !strings.HasPrefix(rep.Origin, "ATLAS.ti") {
				t.Errorf("report %+v", rep)
			}
			if len(snap.Users) != tc.users || len(snap.Codes) != tc.codes || snap.Project.Name == "" {
				t.Errorf("users %d codes %d project %+v", len(snap.Users), len(snap.Codes), snap.Project)
			}
			for _, c := range snap.Codes {
				if err := c.Validate(); err != nil {
					t.Error(err)
				}
			}
			for _, u := range snap.Users {
				if err := u.Validate(); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// TestRead_DerivesRoles: a file without protocoder's extension carries no
// roles; the reader derives them from the file's codings and marks them.
func TestRead_DerivesRoles(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, sample(), WriteOptions{Dialect: DialectMAXQDA, NoExtension: true}); err != nil {
		t.Fatal(err)
	}
	snap, _, err := Read(buf.Bytes(), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	coders := map[qda.GUID]bool{}
	for _, c := range snap.Codings {
		coders[c.Coder] = true
	}
	for _, u := range snap.Users {
		want := qda.DeriveRoles(false, coders[u.GUID])
		if !u.RolesDerived || !reflect.DeepEqual(u.Roles, want) {
			t.Errorf("user %s: roles %v (derived %v), want %v", u.Name, u.Roles, u.RolesDerived, want)
		}
	}
}
