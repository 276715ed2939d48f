package store

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDecodeJSONString(t *testing.T) {
	for _, s := range []string{
		"", "a", "Größe Straße", "Zeile\nZeile\tTab\r\"zitat\" \\ / <b>&</b>",
		"🙂 emoji \u2028 \u2029", "\x00\x01\x1f", strings.Repeat("Arbeitgeberservice ", 1000),
	} {
		raw, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeJSONString(raw)
		if err != nil || got != s {
			t.Errorf("decodeJSONString(%s) = %q, %v; want %q", raw, got, err, s)
		}
		if _, ok := fastJSONString(raw); !ok {
			t.Errorf("%s took the slow path", raw)
		}
	}
	for _, raw := range []string{`"\ud83d\ude42"`, `"\u00e4"`, `"\/"`, `"\ud83d"`, `"\ud83dx"`, `"\x"`, `"a`, `  "a"`, `1`, `"` + "\xff" + `"`, `"a"b"`, `"\`, `"\u12"`} {
		checkSameAsJSON(t, []byte(raw))
	}
}

// checkSameAsJSON fails unless decodeJSONString agrees with json.Unmarshal
// on raw, in the value and in whether it is an error.
func checkSameAsJSON(t *testing.T, raw []byte) {
	t.Helper()
	var want string
	werr := json.Unmarshal(raw, &want)
	got, err := decodeJSONString(raw)
	if (err == nil) != (werr == nil) || (err == nil && got != want) {
		t.Errorf("decodeJSONString(%q) = %q, %v; json.Unmarshal gives %q, %v", raw, got, err, want, werr)
	}
}

func FuzzDecodeJSONString(f *testing.F) {
	for _, s := range []string{`"a\nb"`, `"\ud83d\ude42"`, `"Größe"`, `"\u0000"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		checkSameAsJSON(t, raw)
		s := string(raw)
		enc, _ := json.Marshal(s)
		checkSameAsJSON(t, enc)
	})
}
