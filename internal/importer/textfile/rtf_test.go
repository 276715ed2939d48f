package textfile

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// rtfOutline parses src and renders paragraphs as "H<level> text".
func rtfOutline(t *testing.T, src string) []string {
	t.Helper()
	texts, levels, _, err := ParseRTF([]byte(src))
	if err != nil {
		t.Fatalf("ParseRTF: %v", err)
	}
	var out []string
	for i, s := range texts {
		if strings.TrimSpace(s) != "" {
			out = append(out, "H"+string(rune('0'+levels[i]))+" "+s)
		}
	}
	return out
}

func TestParseRTF_Cases(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"plain", `{\rtf1\ansi Hallo {\b Welt}\par Zweiter\par}`, []string{"H0 Hallo Welt", "H0 Zweiter"}},
		{"hex-cp1252", `{\rtf1\ansi Gr\'f6\'dfe \'84Zitat\'93 \'96 \'80\par}`, []string{"H0 Größe „Zitat“ – €"}},
		{"ansicpg1250", `{\rtf1\ansi\ansicpg1250 \'b9\'e6\par}`, []string{"H0 ąć"}},
		{"unicode-uc1", `{\rtf1 Gr\u246?\u223?e\par}`, []string{"H0 Größe"}},
		{"unicode-uc1-hex-fallback", `{\rtf1 Gr\u246\'f6\u223\'dfe\par}`, []string{"H0 Größe"}},
		{"unicode-uc2", `{\rtf1\uc2 A\u8222\'84\'84B\par}`, []string{"H0 A„B"}},
		{"unicode-uc0", `{\rtf1\uc0 A\u8222 B\par}`, []string{"H0 A„B"}},
		{"uc-scoped", `{\rtf1 {\uc2 \u246 xx}\u246 y\par}`, []string{"H0 öö"}},
		{"unicode-negative", `{\rtf1 \u-3913 ?\par}`, []string{"H0 \uF0B7"}},
		{"surrogate-pair", `{\rtf1 a \uc0 \u55357\uc1 \u56898\'3f b\par}`, []string{"H0 a 🙂 b"}},
		{"surrogate-negative", `{\rtf1 \u-10179?\u-8638?\par}`, []string{"H0 🙂"}},
		{"lone-surrogate", `{\rtf1 \u55357?x\par}`, []string{"H0 \uFFFDx"}},
		{"symbols", `{\rtf1 a\tab b\line c\~d\-e\_f\{\}\\\emdash\endash\lquote\rquote\ldblquote\rdblquote\bullet\par}`, []string{"H0 a\tb\nc\u00A0de-f{}\\—–‘’“”•"}},
		{"ignorable", `{\rtf1{\fonttbl{\f0 Arial;}}{\colortbl;\red0;}{\*\generator X;}{\info{\author A}{\title Mein Titel}}{\*\unknown zz}Text\par}`, []string{"H0 Text"}},
		{"pict-bin", "{\\rtf1 A{\\pict\\bin4 }}{}}B\\par}", []string{"H0 AB"}},
		{"bin-in-body", "{\\rtf1 A\\bin3 xyzB\\par}", []string{"H0 AB"}},
		{"field", `{\rtf1 Siehe {\field{\*\fldinst HYPERLINK "x"}{\fldrslt Link}} hier\par}`, []string{"H0 Siehe Link hier"}},
		{"old-fldinst", `{\rtf1 {\field{\fldinst PAGE}{\fldrslt 3}}\par}`, []string{"H0 3"}},
		{"footnote", `{\rtf1 Text{\footnote Fußnote}.\par}`, []string{"H0 Text[1].", "H0 [Fußnote 1] Fußnote"}},
		{"endnote with two paragraphs", `{\rtf1 Text\chftn{\footnote\ftnalt {\chftn} Eins\par Zwei}.\par Weiter\par}`, []string{"H0 Text[1].", "H0 Weiter", "H0 [Endnote 1] Eins", "H0 Zwei"}},
		{"hidden", `{\rtf1 a{\v versteckt}b\v x\v0 c\par}`, []string{"H0 abc"}},
		{"escaped-newline-par", "{\\rtf1 a\\\nb}", []string{"H0 a", "H0 b"}},
		{"raw-utf8", "{\\rtf1 Größe 🙂\\par}", []string{"H0 Größe 🙂"}},
		{"raw-cp1252", "{\\rtf1 Gr\xf6\xdfe\\par}", []string{"H0 Größe"}},
		{"table-cells", `{\rtf1 \intbl A\cell B\cell\row}`, []string{"H0 A", "H0 B"}},
		{"stylesheet-headings", `{\rtf1{\stylesheet{\s0 Normal;}{\s1\outlinelevel0 Heading 1;}{\s2 heading 2;}{\s3 \u220?berschrift 3;}{\*\cs10 Default Paragraph Font;}}` +
			`\pard\s1 Eins\par\pard\s2 Zwei\par\pard\s3 Drei\par\pard Body\par}`,
			[]string{"H1 Eins", "H2 Zwei", "H3 Drei", "H0 Body"}},
		{"outlinelevel-direct", `{\rtf1\pard\outlinelevel1 Titel\par\pard Text\par}`, []string{"H2 Titel", "H0 Text"}},
		{"pard-in-listtext-scoped", `{\rtf1{\stylesheet{\s3\outlinelevel2 Heading 3;}}\pard\plain\s3{\listtext\pard\plain \tab}2.2a Frage\par}`, []string{"H3 2.2a Frage"}},
		{"truncated", `{\rtf1 Anfang\par Ende ohne Klammer`, []string{"H0 Anfang", "H0 Ende ohne Klammer"}},
		{"text-after-end", `{\rtf1 Drin\par}Draußen`, []string{"H0 Drin"}},
		{"bom", "\xEF\xBB\xBF{\\rtf1 x}", []string{"H0 x"}},
		{"long-control-word", `{\rtf1 \` + strings.Repeat("a", 40) + ` x\par}`, []string{"H0 aaaaaaaa x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rtfOutline(t, tt.src); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParseRTF_Title(t *testing.T) {
	_, _, title, err := ParseRTF([]byte(`{\rtf1{\info{\title Protokoll \u220?bersicht}{\author Mara}}x}`))
	if err != nil || title != "Protokoll Übersicht" {
		t.Errorf("title %q, err %v", title, err)
	}
}

func TestParseRTF_Errors(t *testing.T) {
	tests := []struct{ name, src, err string }{
		{"no-header", "Hallo", ErrNotRTF.Error()},
		{"text-before-header", "x{\\rtf1 a}", ErrNotRTF.Error()},
		{"too-deep", "{\\rtf1 " + strings.Repeat("{", maxRTFDepth+1), "nested too deeply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := ParseRTF([]byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("error %v, want %q", err, tt.err)
			}
		})
	}
}

func TestReadFile_TruncatedRTF(t *testing.T) {
	d := mustRead(t, "truncated.rtf")
	got := outline(d)
	want := append(append([]string(nil), officeOutline[:5]...), "H0 [] Die Interviewperson sieht das Hauptziel in der Verbesserung der")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("outline:\n%q\nwant:\n%q", got, want)
	}
}

// FuzzParseRTF checks that parsing never panics and always yields valid
// UTF-8 that the builder accepts.
func FuzzParseRTF(f *testing.F) {
	for _, s := range []string{
		`{\rtf1\ansi Gr\'f6\'dfe\par}`, `{\rtf1\uc0 \u55357\uc1 \u56898\'3f}`,
		`{\rtf1{\stylesheet{\s1\outlinelevel0 Heading 1;}}\pard\s1 T\par}`,
		"{\\rtf1 {\\pict\\bin3 abc}x\\\n}", `{\rtf1{\*\x y}{\field{\*\fldinst a}{\fldrslt b}}\u-3913?}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, title, err := parseRTF(data)
		if err != nil {
			return
		}
		if !utf8.ValidString(title) {
			t.Fatal("title not UTF-8")
		}
		for _, p := range b.paras {
			if !utf8.ValidString(p.text) || p.heading < 0 || p.heading > 6 {
				t.Fatalf("bad paragraph %q level %d", p.text, p.heading)
			}
		}
		d, err := b.doc("fuzz.rtf", FormatRtf)
		if err != nil {
			t.Fatalf("doc: %v", err)
		}
		checkDoc(t, d)
	})
}
