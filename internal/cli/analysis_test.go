package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnalysis_Commands runs the analysis commands on one copy of the
// sample project (building it takes a few seconds).
func TestAnalysis_Commands(t *testing.T) {
	dir := sampleCopy(t)
	cli := func(t *testing.T, stdin string, args ...string) string {
		t.Helper()
		code, out, stderr := run(t, stdin, append([]string{"-p", dir}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		return out
	}
	t.Run("help", func(t *testing.T) {
		for _, c := range []string{"matrix", "query", "query cooc", "summary set", "summary show", "summary grid", "report case", "report export", "agreement"} {
			out := cli(t, "", append(strings.Fields(c), "--help")...)
			if !strings.Contains(out, "usage: protocoder-cli "+c) || !strings.Contains(out, "flags:") {
				t.Errorf("%s --help:\n%s", c, out)
			}
		}
	})
	t.Run("matrix", func(t *testing.T) {
		var m struct {
			Rows   []struct{ Label string }
			Cols   []struct{ Key string }
			Values [][]float64
		}
		out := cli(t, "", "matrix", "--rows", "themes", "--cols", "Umsetzungstyp", "--measure", "documents", "--json")
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatal(err)
		}
		if len(m.Rows) < 6 || !strings.HasPrefix(m.Rows[3].Label, "4. Leistungen aus einer Hand") || m.Cols[0].Key != "1a" {
			t.Errorf("matrix %+v", m)
		}
		csv := cli(t, "", "matrix", "--guideline", "A.1.1", "--cols", "level", "--csv")
		if !strings.HasPrefix(csv, "segments,strategic,operative") || !strings.Contains(csv, "\n6.4 Welcher Prozess der Nachsteuerung") {
			t.Errorf("csv:\n%s", csv)
		}
		if out := cli(t, "", "matrix", "--rows", "themes", "--cell", "1,1"); !strings.Contains(out, "segment(s)") {
			t.Errorf("cell:\n%s", out)
		}
		if code, _, stderr := run(t, "", "-p", dir, "matrix", "--measure", "mean"); code != ExitError || !strings.Contains(stderr, "unknown measure") {
			t.Errorf("bad measure: %d %s", code, stderr)
		}
	})
	t.Run("query", func(t *testing.T) {
		out := cli(t, "", "query", "Vertrauen PARA theme:EJO/2", "--where", "level=operative")
		if !strings.Contains(out, `("Vertrauen" PARA "theme:EJO/2")`) || !strings.Contains(out, "hit(s)") {
			t.Errorf("query:\n%s", out)
		}
		if code, _, stderr := run(t, "", "-p", dir, "query", "Vertrauen AND"); code != ExitError || !strings.Contains(stderr, "ends where a code was expected") {
			t.Errorf("bad query: %d %s", code, stderr)
		}
		if out := cli(t, "", "query", "cooc", "--code", "Vertrauen,Kennzahlensteuerung,Schnittstellenkonflikte", "--mode", "para", "--csv"); !strings.HasPrefix(out, "para,") {
			t.Errorf("cooc:\n%s", out)
		}
	})
	t.Run("agreement", func(t *testing.T) {
		var rep struct {
			Documents []string
			Overall   struct {
				Units        float64
				Kappa, Alpha *float64
			}
		}
		out := cli(t, "", "agreement", "--coders", "jonas,mara", "--unit", "char", "--json")
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if len(rep.Documents) != 5 || rep.Overall.Kappa == nil || rep.Overall.Alpha == nil || rep.Overall.Units < 1000 {
			t.Errorf("agreement %+v", rep)
		}
		if out := cli(t, "", "agreement", "--coders", "jonas,mara", "--disagreements"); !strings.Contains(out, "OVERALL") || !strings.Contains(out, "(not coded)") {
			t.Errorf("table:\n%s", out)
		}
		if code, _, _ := run(t, "", "-p", dir, "agreement", "--coders", "jonas"); code != ExitUsage {
			t.Errorf("one coder: exit %d", code)
		}
	})
	t.Run("summary and report", func(t *testing.T) {
		cli(t, "", "summary", "set", "--case", "JC-11", "--code", "A.1.2:4.1", "Die Post wird taggleich gesichtet.")
		cli(t, "Vertrauen wächst.\n", "summary", "set", "--case", "JC-11", "--code", "Vertrauen", "-")
		if out := cli(t, "", "summary", "show", "--grep", "taggleich"); !strings.Contains(out, "JC-11 · 4.1") || !strings.Contains(out, "1 summary") {
			t.Errorf("show:\n%s", out)
		}
		if out := cli(t, "", "summary", "grid", "--guideline", "A.1.2", "--cols", "themes"); !strings.Contains(out, "JC-11") || !strings.Contains(out, "*") {
			t.Errorf("grid:\n%s", out)
		}
		docx := filepath.Join(t.TempDir(), "jc11.docx")
		out := cli(t, "", "report", "case", "--case", "JC-11", "--level", "strategic", docx)
		if !strings.HasPrefix(out, `created "Fallbericht JC-11 – Strategische Ebene" (A.1.2, A.1.3)`) {
			t.Errorf("report:\n%s", out)
		}
		if b, err := os.ReadFile(docx); err != nil || len(b) < 1000 || string(b[:2]) != "PK" {
			t.Errorf("docx: %v, %d bytes", err, len(b))
		}
		md := cli(t, "", "report", "export", "Fallbericht JC-11 – Strategische Ebene", "-", "--format", "md")
		if !strings.Contains(md, "## 4. Leistungen aus einer Hand\n\n### A.1.2 · 4.1") || !strings.Contains(md, "Die Post wird taggleich gesichtet.") {
			t.Errorf("md:\n%s", md)
		}
		if code, _, stderr := run(t, "", "-p", dir, "report", "case", "--case", "JC-11", "--level", "strategic", "--merge", "--force", docx); code != ExitUsage {
			t.Errorf("merge and force: %d %s", code, stderr)
		}
		if code, _, stderr := run(t, "", "-p", dir, "report", "case", "--case", "JC-11", "--level", "strategic", "x.pdf"); code != ExitUsage || !strings.Contains(stderr, "unknown format") {
			t.Errorf("pdf: %d %s", code, stderr)
		}
		cli(t, "", "undo")
		cli(t, "", "undo")
		if out := cli(t, "", "summary", "show", "--case", "JC-11"); !strings.Contains(out, "1 summary") {
			t.Errorf("after two undos:\n%s", out)
		}
	})
}
