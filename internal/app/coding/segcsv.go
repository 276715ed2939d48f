package coding

import (
	"io"
	"strconv"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/csvsafe"
)

// SegmentsCSVHeader is the header row of WriteSegmentsCSV.
var SegmentsCSVHeader = []string{"document", "kind", "case", "interviewee", "level", "wave", "role", "question",
	"code", "coder", "start", "end", "before", "text", "after", "guid", "document_guid"}

// WriteSegmentsCSV writes retrieved segments as CSV (RFC 4180, UTF-8): a
// header row, then one row per segment. Positions are rune offsets.
func WriteSegmentsCSV(w io.Writer, segs []app.Retrieved) error {
	cw := csvsafe.NewWriter(w)
	if err := cw.Write(SegmentsCSVHeader); err != nil {
		return err
	}
	for _, r := range segs {
		wave := ""
		if r.Wave > 0 {
			wave = strconv.Itoa(r.Wave)
		}
		row := []string{r.DocName, string(r.Kind), r.Case, r.Interviewee, string(r.Level), wave, r.Role, r.Question,
			r.CodeName, r.CoderName, strconv.Itoa(r.Start), strconv.Itoa(r.End), r.Before, r.Text, r.After,
			string(r.GUID), string(r.Document)}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
