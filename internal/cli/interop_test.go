package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// codingRows returns the codings of a project as "guid doc start end code"
// lines, sorted.
func codingRows(t *testing.T, dir string) []string {
	t.Helper()
	var segs []struct {
		GUID     string `json:"guid"`
		Document string `json:"document"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		Code     string `json:"code"`
		CodeName string `json:"code_name"`
	}
	if err := json.Unmarshal([]byte(runOK(t, "-p", dir, "coding", "list", "--json")), &segs); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(segs))
	for i, s := range segs {
		out[i] = strings.Join([]string{s.GUID, s.Document, itoa(s.Start), itoa(s.End), s.Code, s.CodeName}, " ")
	}
	sort.Strings(out)
	return out
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestExchange_SampleDialectsRoundTrip exports the sample project in the
// default, qualcoder and atlas dialects and imports each back into a new
// project, with and without --dialect: the codings (GUID, document, range,
// code and its name) are identical; the files have no byte order mark,
// unique code names and dated notes.
func TestExchange_SampleDialectsRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the sample project six times")
	}
	tmp := t.TempDir()
	src := filepath.Join(tmp, "sample")
	runOK(t, "sample", src)
	want := codingRows(t, src)
	if len(want) < 100 {
		t.Fatalf("the sample has %d codings", len(want))
	}
	names := regexp.MustCompile(`<Code guid="[^"]*" name="([^"]*)"`)
	for _, d := range []string{"", "qualcoder", "atlas"} {
		file := filepath.Join(tmp, "x-"+d+".qdpx")
		args := []string{"-p", src, "export", "qdpx", file}
		if d != "" {
			args = append(args, "--dialect", d)
		}
		if out := runOK(t, args...); !strings.Contains(out, "made unique") {
			t.Errorf("export says %q", out)
		}
		qde := zipEntry(t, file, "project.qde")
		seen := map[string]bool{}
		for _, m := range names.FindAllSubmatch(qde, -1) {
			if k := strings.ToLower(string(m[1])); seen[k] {
				t.Errorf("%s: code name %q twice", d, m[1])
			} else {
				seen[k] = true
			}
		}
		if n, dated := bytes.Count(qde, []byte("<Note ")), len(regexp.MustCompile(`<Note [^>]*creationDateTime="[^"]+"[^>]*modifiedDateTime="[^"]+"`).FindAll(qde, -1)); n != dated {
			t.Errorf("%s: %d notes, %d dated", d, n, dated)
		}
		for _, m := range regexp.MustCompile(`plainTextPath="internal://([^"]+)"`).FindAllSubmatch(qde, -1) {
			if bytes.HasPrefix(zipEntry(t, file, "sources/"+string(m[1])), []byte("\uFEFF")) {
				t.Errorf("%s: source %s starts with a byte order mark", d, m[1])
			}
		}
		for _, flag := range []bool{false, true} {
			if flag && d == "" {
				continue
			}
			dst := filepath.Join(tmp, "re-"+d+map[bool]string{true: "-flag"}[flag])
			args := []string{"-p", dst, "--user", "jonas", "import", "qdpx", file, "--new"}
			if flag {
				args = append(args, "--dialect", d)
			}
			runOK(t, args...)
			got := codingRows(t, dst)
			same := 0
			gotSet := map[string]bool{}
			for _, g := range got {
				gotSet[g] = true
			}
			for _, w := range want {
				if gotSet[w] {
					same++
				}
			}
			if same != len(want) || len(got) != len(want) {
				t.Errorf("dialect %q, --dialect given %v: %d of %d codings identical (%d read)", d, flag, same, len(want), len(got))
			}
		}
	}
}
