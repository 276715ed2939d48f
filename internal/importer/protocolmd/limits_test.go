package protocolmd

import (
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestParse_OverlongLine(t *testing.T) {
	src := "---\ninterviewee: GF-07\n---\n\n### 1.1\n" + strings.Repeat("x", MaxLine+1) + "\n"
	_, err := Parse(strings.NewReader(src), "gf07.md")
	if qda.ErrorCode(err) != qda.EInvalid || !strings.Contains(err.Error(), "gf07.md:6:") ||
		!strings.Contains(err.Error(), "longer than 4 MiB") || strings.Contains(err.Error(), "bufio") {
		t.Errorf("err %v", err)
	}
	if _, err := Parse(strings.NewReader("### 1.1\n"+strings.Repeat("x", 2<<20)+"\n"), "long.md"); err != nil {
		t.Errorf("a 2 MiB paragraph: %v", err)
	}
}
