package sheet

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// evil holds cells a spreadsheet would run as formulas if written as they are.
var evil = &Table{Name: "Codebuch", Header: []string{"code", "count"}, Numeric: []bool{false, true},
	Rows: [][]string{
		{`=cmd|' /C calc'!A0`, "-3"},
		{`-2+3+cmd|' /C calc'!A0`, "+1.5"},
		{`@SUM(1+1)*cmd|' /C calc'!A0`, "7"},
		{"+1+1", "0"},
	}}

func TestWriteCSV_EscapesFormulas(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, evil, false); err != nil {
		t.Fatal(err)
	}
	want := "code,count\n'=cmd|' /C calc'!A0,-3\n'-2+3+cmd|' /C calc'!A0,+1.5\n'@SUM(1+1)*cmd|' /C calc'!A0,7\n'+1+1,0\n"
	if buf.String() != want {
		t.Errorf("csv\n%s\nwant\n%s", buf.String(), want)
	}
}

// TestWriteCSV_LibreOfficeShowsText: LibreOffice Calc reads the escaped
// cells as text, not as formulas (converted to flat ODS, no cell has a
// table:formula), and the numbers as numbers.
func TestWriteCSV_LibreOfficeShowsText(t *testing.T) {
	bin, err := exec.LookPath("soffice")
	if err != nil {
		if bin, err = exec.LookPath("libreoffice"); err != nil {
			t.Skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui); check skipped")
		}
	}
	if calc, _ := filepath.Glob(filepath.Join(filepath.Dir(resolve(bin)), "..", "lib*", "libreoffice", "program", "libsclo.so")); len(calc) == 0 {
		if _, err := os.Stat("/usr/lib/libreoffice/program/libsclo.so"); err != nil {
			t.Skip("LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui); check skipped")
		}
	}
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, evil, false); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "codebook.csv")
	if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// As in TestWriteXLSX_LibreOffice: stopped only shortly before go
	// test's -timeout.
	ctx := context.Background()
	if deadline, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline.Add(-10*time.Second))
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--infilter=CSV:44,34,76,1", "--convert-to", "fods", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("LibreOffice did not finish before the test's deadline (go test -timeout):\n%s", out)
	}
	if err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	got, err := os.ReadFile(filepath.Join(dir, "codebook.fods"))
	if err != nil {
		t.Fatalf("%v; LibreOffice said:\n%s", err, out)
	}
	doc := string(got)
	if strings.Contains(doc, "table:formula=") {
		t.Errorf("LibreOffice read a formula:\n%s", regexp.MustCompile(`<table:table-cell table:formula[^>]*>`).FindAllString(doc, -1))
	}
	cells := regexp.MustCompile(`<table:table-cell[^>]*office:value-type="(\w+)"[^>]*>\s*<text:p>([^<]*)</text:p>`).FindAllStringSubmatch(doc, -1)
	types := map[string]string{}
	for _, c := range cells {
		types[strings.ReplaceAll(c[2], "&apos;", "'")] = c[1]
	}
	for _, r := range evil.Rows {
		if ty := types["'"+r[0]]; ty != "string" {
			t.Errorf("cell %q: LibreOffice type %q, want string (cells %v)", r[0], ty, types)
		}
	}
	if ty := types["-3"]; ty != "float" {
		t.Errorf("-3: LibreOffice type %q, want float", ty)
	}
}
