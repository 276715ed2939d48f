package cli

import (
	"encoding/json"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/protocoder/protocoder/internal/store"
	"github.com/protocoder/protocoder/internal/wire"
	"github.com/protocoder/protocoder/sampledata"
)

// pairSampleProject builds the sample project cut down to the guidelines,
// sites, users and the intensive protocols with their codings.
func pairSampleProject(t *testing.T) string {
	t.Helper()
	src := fstest.MapFS{}
	err := fs.WalkDir(sampledata.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !strings.HasPrefix(p, "guidelines/") && !strings.HasPrefix(p, "protocols/intensiv/") &&
			p != "cases.csv" && p != "users.csv" && p != "codings.csv" {
			return nil
		}
		data, err := fs.ReadFile(sampledata.FS, p)
		if p == "codings.csv" {
			var keep []string
			for i, l := range strings.Split(string(data), "\n") {
				if i == 0 || strings.HasPrefix(l, "intensiv/") {
					keep = append(keep, l)
				}
			}
			data = []byte(strings.Join(keep, "\n") + "\n")
		}
		src[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "p")
	if err := wire.CreateSample(dir, src, wire.Options{Store: store.Options{NoBackup: true, NoSync: true}}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestMain_Pair(t *testing.T) {
	dir := pairSampleProject(t)
	cli := func(want int, args ...string) string {
		t.Helper()
		code, out, errs := run(t, "", append([]string{"-p", dir, "--user", "tobias"}, args...)...)
		if code != want {
			t.Fatalf("%v: exit %d, want %d\n%s%s", args, code, want, out, errs)
		}
		return out + errs
	}
	out := cli(0, "pair", "list")
	for _, want := range []string{"P-04-1  JC-04  IFK-04-02@1 KU-04-01@1 KU-04-02@1 IFK-04-02@2 KU-04-01@2 KU-04-02@2  2012-09-01      2013-03-01       before",
		"P-11-1  JC-11", "after"} {
		if !strings.Contains(out, want) {
			t.Errorf("pair list lacks %q:\n%s", want, out)
		}
	}
	out = cli(0, "pair", "show", "KU-04-01@2")
	for _, want := range []string{"pair\tP-04-1", "start\tbefore (customer since 2012-09-01, programme start 2013-03-01)",
		"-- IFK A.3.1 1.2 ↔ KU A.3.2 1.4", "[Vertrauen · mara]", "== 6. Allgemeine Bewertung"} {
		if !strings.Contains(out, want) {
			t.Errorf("pair show lacks %q:\n%s", want, out)
		}
	}
	var v struct {
		ID      string `json:"id"`
		Columns []struct {
			Role string `json:"role"`
			Wave int    `json:"wave"`
		} `json:"columns"`
		Rows []struct {
			Questions [2]*struct {
				ID string `json:"id"`
			} `json:"questions"`
			Cells []struct {
				Answer string `json:"answer"`
			} `json:"cells"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(cli(0, "pair", "show", "P-11-1", "--json")), &v); err != nil {
		t.Fatal(err)
	}
	if v.ID != "P-11-1" || len(v.Columns) != 4 || v.Columns[1].Role != "KU" || v.Columns[2].Wave != 2 {
		t.Errorf("json pair %+v", v)
	}
	found := false
	for _, r := range v.Rows {
		if r.Questions[0] != nil && r.Questions[1] != nil && r.Questions[0].ID == "3.5" && r.Questions[1].ID == "4.7" {
			found = len(r.Cells) == 4
		}
	}
	if !found {
		t.Errorf("no row aligning IFK 3.5 with customer 4.7")
	}

	if out := cli(0, "interview", "show", "IFK-11-01@1"); !strings.Contains(out, "start\tafter (customer since 2013-10-01, programme start 2013-06-01, date from pair P-11-1)") {
		t.Errorf("interview show:\n%s", out)
	}
	if out := cli(0, "interview", "show", "KU-02-01", "--json"); !strings.Contains(out, `"flag": "after"`) {
		t.Errorf("interview show --json:\n%s", out)
	}

	if out := cli(0, "pair", "unlink", "P-11-1"); !strings.Contains(out, "unlinked 4 interview(s)") {
		t.Errorf("unlink: %s", out)
	}
	cli(1, "pair", "show", "P-11-1")
	cli(0, "undo")
	cli(0, "pair", "show", "P-11-1")
	cli(0, "pair", "unlink", "KU-11-01@2")
	if out := cli(0, "pair", "link", "IFK-11-01@1", "KU-11-01@2"); out != "pair P-11-1 (JC-11): 4 interviews\n" {
		t.Errorf("link: %q", out)
	}
	cli(1, "pair", "link", "IFK-11-01@1", "KU-04-01@1")
	cli(1, "pair", "link", "KU-11-01", "KU-02-01")
	cli(2, "pair", "link", "IFK-11-01@1")
	cli(2, "pair", "unlink")
	cli(1, "pair", "show", "KU-09-01")
}
