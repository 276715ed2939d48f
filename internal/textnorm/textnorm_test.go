package textnorm

import "testing"

func TestCanonical(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Gr\u006f\u0308\u00dfe", "Größe"}, // decomposed ö → NFC
		{"\uFEFFZeile 1\r\nZeile 2\r", "Zeile 1\nZeile 2\n"},
		{"Stra\u00dfe 🙂\n", "Straße 🙂\n"},
		{"a\x00b", "ab"},
	} {
		got, err := Canonical(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Canonical(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
		if !IsCanonical(got) {
			t.Errorf("IsCanonical(%q) = false", got)
		}
	}
	if _, err := Canonical(string([]byte{'a', 0xff})); err == nil {
		t.Error("invalid UTF-8 accepted")
	}
	if IsCanonical("o\u0308") {
		t.Error("decomposed text reported canonical")
	}
}
