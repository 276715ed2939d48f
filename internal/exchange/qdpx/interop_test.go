package qdpx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/protocoder/protocoder/internal/qda"
)

// interopSample returns the bytes of a file in shared/interop-samples
// beside the repository; the test is skipped when it is absent.
func interopSample(tb testing.TB, rel string) []byte {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	for d := filepath.Dir(file); d != filepath.Dir(d); d = filepath.Dir(d) {
		for _, p := range []string{filepath.Join(d, "..", "shared", "interop-samples", rel), filepath.Join(d, "shared", "interop-samples", rel)} {
			if data, err := os.ReadFile(p); err == nil {
				return data
			}
		}
	}
	tb.Skipf("shared/interop-samples/%s not found beside the repository", rel)
	return nil
}

// tree returns "parent name > name" for every code, and the number of
// codes with a parent.
func tree(s *qda.Snapshot) (map[string]bool, int) {
	name := map[qda.GUID]string{}
	for _, c := range s.Codes {
		name[c.GUID] = c.Name
	}
	out, parents := map[string]bool{}, 0
	for _, c := range s.Codes {
		if c.Parent != "" {
			parents++
		}
		out[name[c.Parent]+" > "+c.Name] = true
	}
	return out, parents
}

func TestReadCodebook_Namespace04(t *testing.T) {
	for _, tc := range []struct {
		file       string
		dialect    Dialect
		codes      int
		parents    int
		edges      []string
		warnKinds  map[string]int
		wantColors map[string]string
	}{
		{"atlas-0.4-codebook.qdc", DialectATLAS, 6, 3,
			[]string{" > Beratung", "Beratung > Beratung: Häufigkeit", "Beratung > Beratung: Qualität", "Beratung: Qualität > gut 🙂", " > Vermittlung", " > Straße & Wohnort"},
			map[string]int{}, map[string]string{"Beratung": "#46aa00", "Beratung: Qualität": "#ff7800"}},
		{"maxqda-0.4-codebook.qdc", DialectMAXQDA, 5, 3,
			[]string{" > Themen", "Themen > Teamgröße", "Themen > Zusammenarbeit", "Zusammenarbeit > mit Kommunen", " > Orte"},
			map[string]int{"code": 1, "set": 1}, map[string]string{"Orte": "#ff00aa"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			snap, rep, err := ReadCodebook(data, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			edges, parents := tree(snap)
			if len(snap.Codes) != tc.codes || parents != tc.parents {
				t.Errorf("%d codes, %d with a parent; want %d, %d", len(snap.Codes), parents, tc.codes, tc.parents)
			}
			for _, e := range tc.edges {
				if !edges[e] {
					t.Errorf("missing %q in %v", e, edges)
				}
			}
			if rep.Dialect != tc.dialect {
				t.Errorf("dialect %s", rep.Dialect)
			}
			if got := warnKinds(rep); len(got) != len(tc.warnKinds) || got["code"] != tc.warnKinds["code"] || got["set"] != tc.warnKinds["set"] {
				t.Errorf("warnings %+v", rep.Warnings)
			}
			for _, c := range snap.Codes {
				if want, ok := tc.wantColors[c.Name]; ok && c.Color != want {
					t.Errorf("%s: colour %s, want %s", c.Name, c.Color, want)
				}
			}
		})
	}
}

// TestReadCodebook_MAXQDA24Tree reads the code tree of a real MAXQDA 24
// project as a codebook in the 0:4 namespace, as MAXQDA 24 writes one.
func TestReadCodebook_MAXQDA24Tree(t *testing.T) {
	qdpx := interopSample(t, "refi/maxqda24_icls.qdpx")
	qde := entry(t, qdpx, "project.qde")
	start, end := bytes.Index(qde, []byte("<CodeBook>")), bytes.Index(qde, []byte("</CodeBook>"))
	if start < 0 || end < start {
		t.Fatal("no CodeBook in the sample")
	}
	var qdc []byte
	qdc = append(qdc, `<?xml version="1.0" encoding="utf-8"?>`+"\n"+`<CodeBook xmlns="urn:QDA-XML:codebook:0:4" origin="MAXQDA 24 (Release 24.7.0)">`...)
	qdc = append(qdc, qde[start+len("<CodeBook>"):end]...)
	qdc = append(qdc, "</CodeBook>\n"...)
	cb, _, err := ReadCodebook(qdc, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	proj, rep, err := Read(qdpx, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want, wantParents := tree(proj)
	got, parents := tree(cb)
	if len(cb.Codes) != 307 || len(proj.Codes) != 307 || parents != 289 || wantParents != 289 {
		t.Errorf("codebook %d codes (%d with a parent), project %d (%d); want 307 (289)", len(cb.Codes), parents, len(proj.Codes), wantParents)
	}
	for e := range want {
		if !got[e] {
			t.Errorf("codebook lacks %q", e)
		}
	}
	if n := warnKinds(rep)["set"]; n != 2 {
		t.Errorf("%d set warnings, want 2: %+v", n, rep.Warnings)
	}
}

func TestReadCodebook_TruncatedATLAS(t *testing.T) {
	data := interopSample(t, "refi/atlas234_codebook_truncated.qdc")
	_, _, err := ReadCodebook(data, ReadOptions{})
	if qda.ErrorCode(err) != qda.EInvalid || !strings.Contains(qda.ErrorMessage(err), "truncated") {
		t.Errorf("truncated codebook: %v", err)
	}
	// What ATLAS.ti 23.4 wrote before the cut, closed, reads with its tree.
	cut := bytes.LastIndex(data, []byte("\n    <Code "))
	if cut < 0 {
		t.Fatal("no cut-off code in the sample")
	}
	whole := append(append([]byte(nil), data[:cut]...), "\n  </Codes>\n</CodeBook>\n"...)
	snap, rep, err := ReadCodebook(whole, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	edges, parents := tree(snap)
	if len(snap.Codes) != 5 || parents != 1 || !edges["code3 > subcode 3.1"] || !edges[" > subcode 2.1"] || rep.Dialect != DialectATLAS {
		t.Errorf("%d codes, %d with a parent: %v (%s)", len(snap.Codes), parents, edges, rep.Dialect)
	}
	for _, c := range snap.Codes {
		if c.Name == "code1" && c.Description != "popisek - nebo přesněji Comment - kódu 1" {
			t.Errorf("description %q", c.Description)
		}
	}
}

func TestReadCodebook_Samples(t *testing.T) {
	for _, tc := range []struct {
		file              string
		codes, notCodable int
	}{
		{"refi/qualcoder382_codebook.qdc", 38, 0},
		{"refi/taguette141_codebook.qdc", 3, 0},
	} {
		t.Run(tc.file, func(t *testing.T) {
			snap, rep, err := ReadCodebook(interopSample(t, tc.file), ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(snap.Codes) != tc.codes {
				t.Errorf("%d codes, want %d", len(snap.Codes), tc.codes)
			}
			raw := interopSample(t, tc.file)
			n := bytes.Count(raw, []byte(`isCodable="false"`))
			warned := false
			for _, w := range rep.Warnings {
				warned = warned || w.Kind == "code" && strings.Contains(w.Message, "not codable")
			}
			if warned != (n > 0) {
				t.Errorf("%d non-codable categories, warned %v: %+v", n, warned, rep.Warnings)
			}
		})
	}
}

func TestRead_InteropSamples(t *testing.T) {
	t.Run("nvivo word copies", func(t *testing.T) {
		_, rep, err := Read(interopSample(t, "refi/nvivo_mac15.qdpx"), ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, w := range rep.Warnings {
			if w.Kind == "source" && strings.Contains(w.Message, "rich text copy") && strings.Contains(w.Message, ".docx") {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%d warnings about Word copies, want 2: %+v", n, rep.Warnings)
		}
	})
	t.Run("qc sources named after their file", func(t *testing.T) {
		snap, _, err := Read(interopSample(t, "refi/qc132_demo.qdpx"), ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		for _, d := range snap.Documents {
			names[d.Name] = true
		}
		if !names["board_2017"] || !names["admin-1"] || len(snap.Codings) != 205 {
			t.Errorf("documents %v, %d codings", names, len(snap.Codings))
		}
	})
}

// repeatedNames is sample() with a second guideline tree whose theme and
// question repeat the names of the first, and a coding of each.
func repeatedNames() *qda.Snapshot {
	s := sample()
	root2, sec2, q2 := g(40), g(41), g(42)
	s.Codes = append(s.Codes,
		qda.Code{GUID: root2, Name: "A.2.1 Leitfaden", Order: 2, Color: "#607d8b"},
		qda.Code{GUID: sec2, Name: "1. Bedeutung", Parent: root2, Color: "#e6194b", Memo: "zweites Memo"},
		qda.Code{GUID: q2, Name: "1.1 Warum?", Parent: sec2, Color: "#e6194b", Description: "Warum?"},
		qda.Code{GUID: g(43), Name: "1.1 warum? ", Parent: sec2, Order: 1, Color: "#e6194b"},
	)
	s.Codings = append(s.Codings, qda.Coding{GUID: g(44), Document: g(11), Range: qda.Range{Start: 0, End: 14}, Code: q2,
		Coder: g(5), Created: time.Date(2026, 3, 2, 9, 0, 0, 987654321, time.UTC)})
	return s
}

func TestWrite_UniqueCodeNames(t *testing.T) {
	s := repeatedNames()
	var buf bytes.Buffer
	if err := Write(&buf, s, WriteOptions{Origin: "protocoder", NoExtension: true}); err != nil {
		t.Fatal(err)
	}
	qde := entry(t, buf.Bytes(), "project.qde")
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`<Code guid="[^"]*" name="([^"]*)"`).FindAllSubmatch(qde, -1) {
		k := strings.ToLower(strings.TrimSpace(string(m[1])))
		if seen[k] {
			t.Errorf("name %q twice", m[1])
		}
		seen[k] = true
	}
	for _, want := range []string{`name="A.1.1 Leitfaden › 1. Bedeutung"`, `name="A.2.1 Leitfaden › 1. Bedeutung"`,
		`name="A.1.1 Leitfaden › 1. Bedeutung › 1.1 Warum?"`, `name="A.2.1 Leitfaden › 1. Bedeutung › 1.1 Warum?"`, `name="A.2.1 Leitfaden › 1. Bedeutung › 1.1 warum? (2)"`} {
		if !bytes.Contains(qde, []byte(want)) {
			t.Errorf("project.qde lacks %s", want)
		}
	}
	xmllint(t, qde, "Project-mrt2019.xsd")
	got, _, err := Read(buf.Bytes(), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[qda.GUID]qda.Code{}
	for _, c := range got.Codes {
		byID[c.GUID] = c
	}
	for _, c := range s.Codes {
		if g := byID[c.GUID]; g.Name != strings.TrimSpace(c.Name) || g.Description != c.Description {
			t.Errorf("code %s back as %q / %q, want %q / %q", c.GUID, g.Name, g.Description, c.Name, c.Description)
		}
	}
	// The codebook too.
	buf.Reset()
	if err := WriteCodebook(&buf, s, "protocoder"); err != nil {
		t.Fatal(err)
	}
	xmllint(t, buf.Bytes(), "Codebook.xsd")
	cb, _, err := ReadCodebook(buf.Bytes(), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cb.Codes {
		want := byID[c.GUID]
		if c.Name != want.Name || c.Description != want.Description {
			t.Errorf("codebook code %s back as %q / %q, want %q / %q", c.GUID, c.Name, c.Description, want.Name, want.Description)
		}
	}
}

func TestExportNames_Number(t *testing.T) {
	a, b, c, d := g(50), g(51), g(52), g(53)
	kids := map[qda.GUID][]qda.Code{
		"": {{GUID: a, Name: "X"}, {GUID: b, Name: "x"}, {GUID: c, Name: "X (2)"}},
		a:  {{GUID: d, Name: "X", Parent: a}},
	}
	n := newExportNames(kids)
	got := []string{n.name(kids[""][0]), n.name(kids[""][1]), n.name(kids[""][2]), n.name(kids[a][0])}
	want := []string{"X", "x (3)", "X (2)", "X › X"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("names %q, want %q", got, want)
			break
		}
	}
}

// qualCoderRead checks a QDPX by the rules of QualCoder's importer
// (src/qualcoder/refi.py): sources are read as UTF-8 (a byte order mark is
// a character), a selection's text is text[start:end] in code points; code
// names must be unique (codes are found by name); every Note has
// creationDateTime and modifiedDateTime, which it parses as
// "YYYY-MM-DDTHH:MM:SS" after dropping a "Z". It returns the coded texts by
// coding GUID.
func qualCoderRead(t *testing.T, data []byte) map[string]string {
	t.Helper()
	type sel struct {
		Start   int `xml:"startPosition,attr"`
		End     int `xml:"endPosition,attr"`
		Codings []struct {
			GUID string `xml:"guid,attr"`
		} `xml:"Coding"`
	}
	type code struct {
		Name  string `xml:"name,attr"`
		Codes []code `xml:"Code"`
	}
	var p struct {
		Codes   []code `xml:"CodeBook>Codes>Code"`
		Sources []struct {
			Path string `xml:"plainTextPath,attr"`
			Sels []sel  `xml:"PlainTextSelection"`
		} `xml:"Sources>TextSource"`
		Notes []struct {
			Name     string `xml:"name,attr"`
			Created  string `xml:"creationDateTime,attr"`
			Modified string `xml:"modifiedDateTime,attr"`
		} `xml:"Notes>Note"`
	}
	if err := xml.Unmarshal(entry(t, data, "project.qde"), &p); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	var walk func([]code)
	walk = func(cs []code) {
		for _, c := range cs {
			if names[c.Name] {
				t.Errorf("QualCoder: code name %q twice; it would merge the codes", c.Name)
			}
			names[c.Name] = true
			walk(c.Codes)
		}
	}
	walk(p.Codes)
	dt := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?$`)
	for _, n := range p.Notes {
		if !dt.MatchString(n.Created) || !dt.MatchString(n.Modified) {
			t.Errorf("QualCoder: note %q has times %q / %q", n.Name, n.Created, n.Modified)
		}
	}
	out := map[string]string{}
	for _, s := range p.Sources {
		raw := entry(t, data, "sources/"+strings.TrimPrefix(s.Path, "internal://"))
		if !utf8.Valid(raw) {
			t.Fatalf("QualCoder: %s is not UTF-8", s.Path)
		}
		text := []rune(string(raw))
		for _, x := range s.Sels {
			if x.Start < 0 || x.End > len(text) || x.End < x.Start {
				t.Errorf("QualCoder: selection [%d, %d) outside %s", x.Start, x.End, s.Path)
				continue
			}
			for _, c := range x.Codings {
				out[c.GUID] = string(text[x.Start:x.End])
			}
		}
	}
	return out
}

// codingKeys returns every coding as GUID, document, range and code.
func codingKeys(s *qda.Snapshot) map[qda.GUID]string {
	out := map[qda.GUID]string{}
	for _, c := range s.Codings {
		out[c.GUID] = fmt.Sprintf("%s [%d, %d) %s", c.Document, c.Start, c.End, c.Code)
	}
	return out
}

func TestWrite_DialectsRoundTripWithoutFlag(t *testing.T) {
	s := repeatedNames()
	// CRLF counting and UTF-16 units only matter with line ends and emoji
	// before a coding: both are in the sample text.
	want := codingKeys(s)
	for _, d := range append([]Dialect{DialectAuto}, Dialects...) {
		t.Run("dialect-"+string(d), func(t *testing.T) {
			for _, noExt := range []bool{false, true} {
				var buf bytes.Buffer
				if err := Write(&buf, s, WriteOptions{Dialect: d, Origin: "protocoder", NoExtension: noExt}); err != nil {
					t.Fatal(err)
				}
				data := buf.Bytes()
				for _, f := range mustZip(t, data) {
					if bytes.HasPrefix(f, []byte("\uFEFF")) {
						t.Error("an entry starts with a byte order mark")
					}
				}
				qde := entry(t, data, "project.qde")
				if regexp.MustCompile(`DateTime="[^"]*\.\d`).Match(qde) {
					t.Error("a dateTime has a fraction of a second")
				}
				if n, m := bytes.Count(qde, []byte("<Note ")), regexp.MustCompile(`<Note [^>]*creationDateTime="[^"]+"[^>]*modifiedDateTime="[^"]+"`).FindAll(qde, -1); n == 0 || len(m) != n {
					t.Errorf("%d notes, %d of them dated", n, len(m))
				}
				for _, read := range []ReadOptions{{}, {Dialect: d}} {
					got, rep, err := Read(data, read)
					if err != nil {
						t.Fatal(err)
					}
					if wantD := map[Dialect]Dialect{DialectAuto: DialectREFI}[d]; rep.Dialect != d && rep.Dialect != wantD {
						t.Errorf("read as %s", rep.Dialect)
					}
					gk := codingKeys(got)
					same := 0
					for id, k := range want {
						if gk[id] == k {
							same++
						}
					}
					if same != len(want) || len(gk) != len(want) {
						t.Errorf("extension %v, --dialect %q: %d of %d codings identical (%d read)", !noExt, read.Dialect, same, len(want), len(gk))
					}
				}
				if d == DialectAuto || d == DialectQualCoder || d == DialectREFI {
					texts := qualCoderRead(t, data)
					for _, c := range s.Codings {
						if w := qda.Slice(s.Texts[c.Document], c.Start, c.End); texts[string(c.GUID)] != w {
							t.Errorf("QualCoder reads coding %s as %q, want %q", c.GUID, texts[string(c.GUID)], w)
						}
					}
				}
			}
		})
	}
}

func TestOriginDialect(t *testing.T) {
	for in, want := range map[string]Dialect{
		"protocoder (positions: atlas)": DialectATLAS, "protocoder (positions: nvivo)": DialectNVivo,
		"protocoder (positions: refi)": DialectREFI, "protocoder": DialectREFI, "protocoder (positions: bogus)": DialectREFI,
		"MAXQDA 24 (Release 24.7.0)": DialectMAXQDA, "ATLAS.ti Win 23.4.0": DialectATLAS,
	} {
		if got := OriginDialect(in); got != want {
			t.Errorf("%q: %s, want %s", in, got, want)
		}
	}
}

// mustZip returns the contents of all entries of a zip.
func mustZip(tb testing.TB, data []byte) map[string][]byte {
	tb.Helper()
	a, err := openArchive(data, ReadOptions{}.withDefaults())
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range a.zr.File {
		b, err := a.read(f)
		if err != nil {
			tb.Fatal(err)
		}
		out[f.Name] = b
	}
	return out
}

func TestReadQDE_BareWithSourcesFolder(t *testing.T) {
	for _, dir := range []string{"maxqda-style", "nvivo-style"} {
		t.Run(dir, func(t *testing.T) {
			root := filepath.Join("testdata", dir)
			qde, err := os.ReadFile(filepath.Join(root, "project.qde"))
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := ReadQDE(qde, os.DirFS(root), ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			want, _, err := Read(dirZip(t, dir), ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Documents) == 0 || jsonOf(t, normal(got)) != jsonOf(t, normal(want)) {
				t.Errorf("bare .qde read otherwise than the archive:\n%s\nwant\n%s", jsonOf(t, normal(got)), jsonOf(t, normal(want)))
			}
			if _, _, err := ReadQDE(qde, os.DirFS(root), ReadOptions{MaxTotal: int64(len(qde)) + 10}); qda.ErrorCode(err) != qda.EInvalid {
				t.Errorf("over the limit: %v", err)
			}
		})
	}
}

func TestRead_ProjectDocumentOfAnyName(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, sample(), WriteOptions{Origin: "protocoder"}); err != nil {
		t.Fatal(err)
	}
	files := mustZip(t, buf.Bytes())
	want, _, err := Read(buf.Bytes(), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, prefix := range []string{"", "Trial/"} {
		var args []string
		for name, data := range files {
			if name == "project.qde" {
				name = "Trial.qde"
			}
			args = append(args, prefix+name, string(data))
		}
		got, _, err := Read(makeZip(t, args...), ReadOptions{})
		if err != nil {
			t.Fatalf("%q: %v", prefix, err)
		}
		if jsonOf(t, normal(got)) != jsonOf(t, normal(want)) {
			t.Errorf("%qTrial.qde read otherwise than project.qde", prefix)
		}
	}
	two := makeZip(t, "a.qde", string(files["project.qde"]), "b.qde", string(files["project.qde"]))
	if _, _, err := Read(two, ReadOptions{}); qda.ErrorCode(err) != qda.EInvalid || !strings.Contains(err.Error(), "several") {
		t.Errorf("two project documents: %v", err)
	}
}
