package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestBench_JSON(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and indexes a corpus")
	}
	code, out, stderr := run(t, "", "bench", "--docs", "50", "--json")
	if code != 0 {
		t.Fatalf("bench: exit %d: %s", code, stderr)
	}
	var r struct {
		Docs    int      `json:"docs"`
		MB      *float64 `json:"mb"`
		Figures []struct {
			Name   string   `json:"name"`
			Value  *float64 `json:"value"`
			Unit   *string  `json:"unit"`
			Target string   `json:"target"`
			Met    *bool    `json:"met"`
		} `json:"figures"`
		Notes []string `json:"notes"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("bench --json is not one JSON object: %v\n%s", err, out)
	}
	if r.Docs != 50 || r.MB == nil || *r.MB <= 0 {
		t.Errorf("docs = %d, mb = %v", r.Docs, r.MB)
	}
	names := map[string]bool{}
	for _, f := range r.Figures {
		if f.Value == nil || f.Unit == nil {
			t.Errorf("figure %q lacks value or unit", f.Name)
		}
		if (f.Target == "") != (f.Met == nil) {
			t.Errorf("figure %q: target %q with met %v", f.Name, f.Target, f.Met)
		}
		names[f.Name] = true
	}
	for _, want := range []string{"ingest into store + index (50 protocols, one command each, fsync): store commits (durable)",
		"ingest into store + index (50 protocols, one command each, fsync): until the index caught up", "index rebuild",
		"index throughput ÷ stock bleve de", "import one protocol at 50 ÷ at the start (store + index caught up: median of 50 ÷ median of the first 50)",
		"search word p50", "search word p95", "search phrase+highlight p95", "search faceted p95",
		"regex scan word p50 (texts already in memory)", "scan ÷ search word (p50)", "scan ÷ search phrase+highlight (p50)", "scan ÷ search faceted (p50)",
		"QualCoder's method ÷ search word (p50)", "add one coding (store commit)", "add one coding (store + index visible)"} {
		if !names[want] {
			t.Errorf("no figure %q in %v", want, names)
		}
	}
	for _, prefix := range []string{"load all ", "retrieve one code (", "code × case matrix (", "agreement of 2 coders ("} {
		found := false
		for n := range names {
			found = found || strings.HasPrefix(n, prefix)
		}
		if !found {
			t.Errorf("no figure starting %q", prefix)
		}
	}
	// The test binary is not protocoder-cli: cold open is absent with a note.
	if names["cold open max RSS"] {
		t.Error("cold open measured from a test binary")
	}
	if !strings.Contains(strings.Join(r.Notes, "\n"), "cold open not measured") {
		t.Errorf("no note on the cold open: %v", r.Notes)
	}
}

func TestGenCorpus_BadInput(t *testing.T) {
	for _, args := range [][]string{
		{"gen-corpus", "--docs", "5"},
		{"gen-corpus", "--docs", "0", "--out", filepath.Join(t.TempDir(), "c")},
		{"bench", "--docs", "-1"},
	} {
		if code, _, _ := run(t, "", args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
	}
}

func TestBench_Corpus(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and indexes a corpus")
	}
	dir := filepath.Join(t.TempDir(), "c")
	if code, _, stderr := run(t, "", "gen-corpus", "--docs", "12", "--indexed", "2", "--out", dir); code != 0 {
		t.Fatalf("gen-corpus: exit %d: %s", code, stderr)
	}
	code, out, stderr := run(t, "", "bench", "--corpus", dir, "--scans", "1", "--json")
	if code != 0 {
		t.Fatalf("bench --corpus: exit %d: %s", code, stderr)
	}
	var r struct {
		Docs    int     `json:"docs"`
		MB      float64 `json:"mb"`
		Figures []struct {
			Name string `json:"name"`
		} `json:"figures"`
		Notes []string `json:"notes"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("bench --json is not one JSON object: %v\n%s", err, out)
	}
	// gen-corpus imports a few more before and after the 12, to time one
	// import at the start and at N.
	if r.Docs < 12 || r.Docs > 12+2*(1+min(EachIngest, 12)) || r.MB <= 0 {
		t.Errorf("docs = %d, mb = %v, want the generated protocols and their text", r.Docs, r.MB)
	}
	names := map[string]bool{}
	for _, f := range r.Figures {
		names[f.Name] = true
		if strings.HasPrefix(f.Name, "ingest ") || f.Name == "index rebuild" {
			t.Errorf("an ingest row on a corpus built before: %q", f.Name)
		}
	}
	for _, want := range []string{"project.db ÷ protocol text", "search word p95", "QualCoder's method ÷ search word (p50)",
		"add one coding (store + index visible)"} {
		if !names[want] {
			t.Errorf("no figure %q in %v", want, names)
		}
	}
	if !strings.Contains(strings.Join(r.Notes, "\n"), "regex scans per query kind: 1") {
		t.Errorf("the notes do not say how the corpus was measured: %v", r.Notes)
	}
}

func TestBench_CorpusBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"bench", "--scans", "0"}, ExitUsage},
		{[]string{"bench", "--corpus", dir, "--keep", filepath.Join(dir, "k")}, ExitUsage},
		{[]string{"bench", "--corpus", filepath.Join(dir, "none")}, -1},
	} {
		code, _, _ := run(t, "", tc.args...)
		if tc.want >= 0 && code != tc.want || tc.want < 0 && code == 0 {
			t.Errorf("%v: exit %d, want %d (-1: any failure)", tc.args, code, tc.want)
		}
	}
}
