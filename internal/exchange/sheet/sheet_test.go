package sheet

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func table() *Table {
	return &Table{Name: "Segmente: Größe/Maß", Header: []string{"Dokument", "Code", "Start", "Text"}, Numeric: []bool{false, false, true},
		Rows: [][]string{
			{"Protokoll GF Nord", "1.1 Warum?", "16", "Die Größe der Teams 🙂 zählt.\nZweite Zeile, mit \"Zitat\"."},
			{"Konzept | Entwurf", "Induktiv: Straße", "0", "Fußgänger"},
			{"Leer", "", "7"},
		}}
}

func TestWriteCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, table(), true); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "\uFEFFDokument,Code,Start,Text\n") {
		t.Errorf("csv starts %q", buf.String()[:40])
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF"))).ReadAll()
	if err != nil || len(recs) != 4 || recs[1][3] != table().Rows[0][3] {
		t.Errorf("read back %q %v", recs, err)
	}
}

func TestWriteMarkdown(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, table()); err != nil {
		t.Fatal(err)
	}
	want := "# Segmente: Größe/Maß\n\n| Dokument | Code | Start | Text |\n| --- | --- | ---: | --- |\n" +
		"| Protokoll GF Nord | 1.1 Warum? | 16 | Die Größe der Teams 🙂 zählt.<br>Zweite Zeile, mit \"Zitat\". |\n" +
		"| Konzept \\| Entwurf | Induktiv: Straße | 0 | Fußgänger |\n| Leer |  | 7 |  |\n"
	if buf.String() != want {
		t.Errorf("markdown\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestWriteXLSX(t *testing.T) {
	long := &Table{Name: "Segmente: Größe/Maß", Header: []string{"x"}, Rows: [][]string{{strings.Repeat("ä", 40000)}, {"a\x01b"}}}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, table(), long); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"Segmente_ Größe_Maß", "Segmente_ Größe_Maß 2"}) {
		t.Errorf("sheets %q", got)
	}
	rows, err := f.GetRows("Segmente_ Größe_Maß")
	if err != nil || len(rows) != 4 || rows[1][3] != table().Rows[0][3] || rows[2][2] != "0" {
		t.Errorf("rows %q %v", rows, err)
	}
	if typ, _ := f.GetCellType("Segmente_ Größe_Maß", "C2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("C2 type %v", typ)
	}
	cut, _ := f.GetCellValue("Segmente_ Größe_Maß 2", "A2")
	if n := len([]rune(cut)); n > maxCell || !strings.HasSuffix(cut, "…") {
		t.Errorf("long cell: %d runes", n)
	}
	if v, _ := f.GetCellValue("Segmente_ Größe_Maß 2", "A3"); v != "ab" {
		t.Errorf("control character kept: %q", v)
	}
}

// TestWriteXLSX_LibreOffice converts the workbook to CSV with LibreOffice
// and compares it with WriteCSV's output.
func TestWriteXLSX_LibreOffice(t *testing.T) {
	bin, err := exec.LookPath("libreoffice")
	if err != nil {
		if bin, err = exec.LookPath("soffice"); err != nil {
			t.Skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui); xlsx check skipped")
		}
	}
	if calc, _ := filepath.Glob(filepath.Join(filepath.Dir(resolve(bin)), "..", "lib*", "libreoffice", "program", "libsclo.so")); len(calc) == 0 {
		if _, err := os.Stat("/usr/lib/libreoffice/program/libsclo.so"); err != nil {
			t.Skip("LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui); xlsx check skipped")
		}
	}
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, table()); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "segmente.xlsx")
	if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// LibreOffice takes as long as it takes (a first start on a busy
	// machine can take minutes); it is only stopped shortly before go
	// test's -timeout would end the test binary and leave it running.
	ctx := context.Background()
	if deadline, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline.Add(-10*time.Second))
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("LibreOffice did not finish before the test's deadline (go test -timeout):\n%s", out)
	}
	if err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	got, err := os.ReadFile(filepath.Join(dir, "segmente.csv"))
	if err != nil {
		t.Fatalf("%v; LibreOffice said:\n%s", err, out)
	}
	var want bytes.Buffer
	if err := WriteCSV(&want, table(), false); err != nil {
		t.Fatal(err)
	}
	g, err := csv.NewReader(bytes.NewReader(got)).ReadAll()
	if err != nil {
		t.Fatalf("LibreOffice's CSV: %v\n%s", err, got)
	}
	w, _ := csv.NewReader(&want).ReadAll()
	if !reflect.DeepEqual(g, w) {
		t.Errorf("LibreOffice read\n%q\nwant\n%q", g, w)
	}
}

// resolve follows symbolic links of a program path.
func resolve(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}
