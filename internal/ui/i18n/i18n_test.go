package i18n_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// load merges every translation file of one language: "de.json" plus the
// per-view files such as "interviews.de.json". A key defined twice is an
// error, since go-i18n would silently keep only one of them.
func load(t *testing.T, name string) map[string]any {
	t.Helper()
	entries, err := i18n.Files().ReadDir("translations")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{}
	for _, e := range entries {
		if e.Name() != name && !strings.HasSuffix(e.Name(), "."+name) {
			continue
		}
		data, err := i18n.Files().ReadFile("translations/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		part := map[string]any{}
		if err := json.Unmarshal(data, &part); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		for k, v := range part {
			if _, dup := m[k]; dup {
				t.Errorf("%s: key %q is defined in two files", e.Name(), k)
			}
			m[k] = v
		}
	}
	if len(m) == 0 {
		t.Fatalf("no translation files for %s", name)
	}
	return m
}

// usedKeys collects the literal keys of lang.X and lang.XN calls in the
// UI's Go files.
func usedKeys(t *testing.T) map[string]string {
	t.Helper()
	re := regexp.MustCompile(`lang\.XN?\(\s*"([^"]+)"`)
	bad := regexp.MustCompile(`lang\.(XN?|LN?)\(\s*[^"\s]`)
	keys := map[string]string{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			keys[m[1]] = path
		}
		if loc := bad.FindIndex(src); loc != nil {
			t.Errorf("%s: lang call without a literal key: %s", path, src[loc[0]:loc[1]+20])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestTranslations_Keys(t *testing.T) {
	used := usedKeys(t)
	if len(used) < 50 {
		t.Fatalf("found only %d keys; is the scan broken?", len(used))
	}
	for _, file := range []string{"de.json", "en.json"} {
		t.Run(file, func(t *testing.T) {
			m := load(t, file)
			for k, path := range used {
				if _, ok := m[k]; !ok {
					t.Errorf("key %q (used in %s) is missing", k, path)
				}
			}
			var unused []string
			for k := range m {
				if _, ok := used[k]; !ok {
					unused = append(unused, k)
				}
			}
			sort.Strings(unused)
			if len(unused) > 0 {
				t.Errorf("unused keys: %v", unused)
			}
		})
	}
}

func TestRegister_Language(t *testing.T) {
	tests := []struct {
		locale string
		key    string
		want   string
	}{
		{"de_DE.UTF-8", "menu.open", "Projekt öffnen…"},
		{"de_AT.UTF-8", "nav.guidelines", "Leitfäden"},
		{"en_GB.UTF-8", "menu.open", "Open project…"},
		{"en_US.UTF-8", "nav.guidelines", "Guidelines"},
	}
	for _, tt := range tests {
		t.Run(tt.locale+"/"+tt.key, func(t *testing.T) {
			t.Setenv("LANGUAGE", "")
			t.Setenv("LC_ALL", tt.locale)
			if err := i18n.Register(); err != nil {
				t.Fatal(err)
			}
			if got := lang.X(tt.key, "fallback"); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecimal_English(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "en_GB.UTF-8")
	if err := i18n.Register(); err != nil {
		t.Fatal(err)
	}
	if got := i18n.Decimal(0.7125, 3) + " " + i18n.Percent(0.5); got != "0.713 50.0%" {
		t.Errorf("got %q", got)
	}
}

func TestLabels_German(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "de_DE.UTF-8")
	if err := i18n.Register(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, got, want string
	}{
		{"level", i18n.Level(qda.LevelOperative), "Operative Ebene"},
		{"kind", i18n.DocKind(qda.KindCaseReport), "Fallbericht"},
		{"status", i18n.Status(qda.StatusDraft), "Entwurf"},
		{"date", i18n.Date(time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)), "04.03.2024"},
		{"plural one", lang.XN("count.guidelines", "", 1, map[string]any{"N": 1}), "1 Leitfaden"},
		{"plural other", lang.XN("count.guidelines", "", 3, map[string]any{"N": 3}), "3 Leitfäden"},
		{"decimal", i18n.Decimal(0.7125, 3), "0,713"},
		{"negative decimal", i18n.Decimal(-1.5, 1), "-1,5"},
		{"percent", i18n.Percent(0.7126), "71,3 %"},
		{"error", i18n.Error(qda.Errorf(qda.EAlreadyOpen, "already open")), "Das Projekt ist in einem anderen protocoder-Fenster oder Programm geöffnet. Schließen Sie es dort und versuchen Sie es erneut."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

// TestKeyed_everyKey: every message key the app gives its errors
// (WithKey("…") in internal/) is rendered in the user's language.
func TestKeyed_everyKey(t *testing.T) {
	re := regexp.MustCompile(`WithKey\("([^"]+)"`)
	keys := map[string]string{"undo.changedSince": "undo.go", "redo.changedSince": "undo.go"} // kind+".changedSince"
	err := filepath.WalkDir(filepath.Join("..", ".."), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			keys[m[1]] = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) < 30 {
		t.Fatalf("found only %d keys; is the scan broken?", len(keys))
	}
	for k, path := range keys {
		if !i18n.Keyed(&qda.Error{Code: qda.EConflict, Key: k}) {
			t.Errorf("key %q (given in %s) has no message", k, path)
		}
	}
}

func TestError_keyedGerman(t *testing.T) {
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "de_DE.UTF-8")
	if err := i18n.Register(); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"duplicate code", qda.Errorf(qda.EConflict, "x").WithKey("code.exists", map[string]any{"Name": "Ziele"}),
			"Einzelheiten: An dieser Stelle gibt es schon einen Code „Ziele“."},
		{"status and plural", qda.Errorf(qda.EConflict, "x").WithKey("status.oneStep", map[string]any{"From": qda.StatusComplete, "To": qda.StatusFinal}),
			"Einzelheiten: Ein Protokoll geht Schritt für Schritt von „vollständig“ zu „final“."},
		{"date", qda.Errorf(qda.EConflict, "x").WithKey("final.refused", map[string]any{"Name": "GF-07", "Date": day}),
			"Einzelheiten: GF-07 hat das Interview abgelehnt (erfasst am 02.05.2024); ein abgelehntes Interview wird nie endgültig."},
		{"plural one", qda.Errorf(qda.EConflict, "x").WithKey("final.anon", map[string]any{"Name": "GF-07", "N": 1}),
			"Einzelheiten: Das Protokoll von GF-07 hat 1 offenen Anonymisierungsbefund. Ersetzen oder ignorieren Sie ihn (Reiter Datenschutz), bevor es endgültig wird."},
		{"wrapped", fmt.Errorf("a.md: %w", qda.Errorf(qda.ENotFound, "x").WithKey("interview.notFound", map[string]any{"Ref": "XX"})),
			"Einzelheiten: Es gibt kein Interview „XX“."},
		{"unkeyed stays English", qda.Errorf(qda.EInvalid, "bad input"), "Einzelheiten: bad input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := i18n.Error(tt.err)
			if !strings.HasSuffix(got, tt.want) {
				t.Errorf("got %q, want it to end in %q", got, tt.want)
			}
		})
	}
}
