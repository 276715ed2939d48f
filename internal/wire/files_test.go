package wire

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestFileReader_ReadSource(t *testing.T) {
	tmp := t.TempDir()
	md := filepath.Join(tmp, "p.md")
	if err := os.WriteFile(md, []byte("\uFEFF---\r\ninterviewee: GF-07\r\n---\r\n\r\n### 1.1\r\nGrößer.\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(tmp, "big.md")
	if err := os.WriteFile(big, []byte(strings.Repeat("x", 2048)), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		max        int64
		check      func(t *testing.T, format, meta, text string, blocks, answers int)
		reason     string
	}{
		{"protocoder Markdown", md, 0, func(t *testing.T, format, meta, text string, blocks, answers int) {
			if format != "md" || meta != "GF-07" || answers != 1 {
				t.Errorf("format %s, interviewee %q, %d answers", format, meta, answers)
			}
		}, ""},
		{"docx", filepath.Join("..", "importer", "textfile", "testdata", "protokoll.docx"), 0, func(t *testing.T, format, meta, text string, blocks, answers int) {
			if format != "docx" || blocks == 0 || !strings.Contains(text, "2.2a") {
				t.Errorf("format %s, %d blocks, text %q", format, blocks, text)
			}
		}, ""},
		{"Markdown over the limit", big, 1024, nil, "big.md: the file is larger than the limit"},
		{"txt over the limit", filepath.Join("..", "importer", "textfile", "testdata", "protokoll.txt"), 16, nil, "protokoll.txt: the file is larger than the limit"},
		{"missing", filepath.Join(tmp, "fehlt.md"), 0, nil, "fehlt.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := FileReader{MaxBytes: tt.max}.ReadSource(tt.path)
			if tt.reason != "" {
				if err == nil || !strings.Contains(err.Error(), tt.reason) || qda.ErrorCode(err) == qda.EInternal {
					t.Errorf("error %v, want one saying %q", err, tt.reason)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, f.Format, f.Meta["interviewee"], f.Text, len(f.Blocks), len(f.Protocol))
		})
	}
}
