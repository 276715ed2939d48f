package guidefmt

import (
	"errors"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestParse_OverlongLine(t *testing.T) {
	src := header + "\n## 1. A\n\n### 1.1 [GF] " + strings.Repeat("x", MaxLine) + "\n"
	_, err := Parse(strings.NewReader(src), "g.md", nil)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 13 || pe.File != "g.md" || !strings.Contains(pe.Msg, "more than the 64 KiB") {
		t.Errorf("err %v", err)
	}
	_, err = ParsePlain(strings.NewReader("1. A\n"+strings.Repeat("y", MaxLine+1)+"\n"), "plain.txt",
		PlainMeta{Key: "K", Title: "T", Level: qda.LevelStrategic, Wave: 1}, nil)
	if !errors.As(err, &pe) || pe.Line != 2 || pe.File != "plain.txt" {
		t.Errorf("plain: %v", err)
	}
	_, err = Parse(strings.NewReader(strings.Repeat("z\n", MaxFile/2+1)), "big.md", nil)
	if qda.ErrorCode(err) != qda.EInvalid || !strings.Contains(err.Error(), "larger than 16 MiB") {
		t.Errorf("big: %v", err)
	}
}
