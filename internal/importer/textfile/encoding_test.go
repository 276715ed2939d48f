package textfile

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDecodeText_Cases(t *testing.T) {
	tests := []struct {
		name, in, want, enc, err string
	}{
		{"utf8", "Größe 👍", "Größe 👍", EncUTF8, ""},
		{"utf8-bom", "\xEF\xBB\xBFÄ", "Ä", EncUTF8BOM, ""},
		{"utf8-bom-invalid", "\xEF\xBB\xBFa\xFFb", "", "", "invalid byte 0xFF in line 1 (byte offset 1)"},
		{"utf16le-bom", "\xFF\xFEG\x00\xF6\x00=\xD8M\xDC", "Gö👍", EncUTF16LE, ""},
		{"utf16be-bom", "\xFE\xFF\x00G\x00\xF6\xD8=\xDCM", "Gö👍", EncUTF16BE, ""},
		{"utf16le-guess", "H\x00a\x00l\x00l\x00o\x00\n\x00", "Hallo\n", EncUTF16LE, ""},
		{"utf16be-guess", "\x00H\x00a\x00l\x00l\x00o\x00\n", "Hallo\n", EncUTF16BE, ""},
		{"utf16-odd", "\xFF\xFEa\x00b", "", "", "cut off"},
		{"utf16-lone-high", "\xFF\xFE=\xD8a\x00", "", "", "unpaired surrogate at character 1"},
		{"utf16-lone-low", "\xFF\xFEa\x00M\xDC", "", "", "unpaired surrogate at character 2"},
		{"utf16-nul", "\xFF\xFEa\x00\x00\x00", "", "", ErrBinary.Error()},
		{"cp1252", "Gr\xF6\xDFe \x84Zitat\x93 \x96 \x80 \x81", "Größe „Zitat“ – € \u0081", EncCP1252, ""},
		{"latin1", "Stra\xDFe", "Straße", EncCP1252, ""},
		{"broken-utf8", "Größe und \xC3(", "", "", "not valid UTF-8: invalid byte 0xC3 in line 1 (byte offset 12)"},
		{"broken-utf8-line", "ä\nb\n\xE2\x82", "", "", "line 3"},
		{"nul", "abc\x00def", "", "", ErrBinary.Error()},
		{"controls", strings.Repeat("\x01\x02ab", 10), "", "", ErrBinary.Error()},
		{"form-feed-ok", "a\fb\x1Ac", "a\fb\x1Ac", EncUTF8, ""},
		{"empty", "", "", EncUTF8, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, enc, err := DecodeText([]byte(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || enc != tt.enc {
				t.Errorf("got %q %s, want %q %s", got, enc, tt.want, tt.enc)
			}
		})
	}
}

// FuzzDecodeText checks that decoding never panics, that its result is
// valid UTF-8 and that text decoded as UTF-8 or Windows-1252 keeps its
// length in runes.
func FuzzDecodeText(f *testing.F) {
	for _, s := range []string{"Größe", "\xEF\xBB\xBFa", "\xFF\xFEa\x00", "\xFE\xFF\x00a", "a\x00b\x00", "Gr\xF6\xDFe", "\xC3(", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, enc, err := DecodeText(data)
		if err != nil {
			if s != "" || enc != "" {
				t.Fatalf("error %v with result %q %q", err, s, enc)
			}
			if !errors.Is(err, ErrBinary) && err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 from %s", enc)
		}
		switch enc {
		case EncUTF8:
			if s != string(data) {
				t.Fatal("UTF-8 changed")
			}
		case EncCP1252:
			if utf8.RuneCountInString(s) != len(data) {
				t.Fatal("Windows-1252 must map byte to rune")
			}
		}
	})
}
