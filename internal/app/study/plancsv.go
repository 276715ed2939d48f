package study

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/protocoder/protocoder/internal/csvsafe"
	"github.com/protocoder/protocoder/internal/qda"
)

// maxPlanNote is the longest note of a plan row, in bytes.
const maxPlanNote = 10000

// planHeader is the CSV layout of the fieldwork plan.
var planHeader = []string{"level", "case", "wave", "role", "planned", "optional", "note", "group"}

// ParsePlanCSV reads a fieldwork plan in CSV (header
// level,case,wave,role,planned,optional,note[,group]; optional is yes/no;
// group divides a role, e.g. Bestandskraft and Neueinstellung). Errors
// name the line. Cells escaped against formula injection by WritePlanCSV
// ("'-x") read back as written ("-x").
func ParsePlanCSV(r io.Reader) ([]PlanInput, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, qda.Errorf(qda.EInvalid, "the plan has no header line: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))] = i
	}
	for _, h := range planHeader[:5] {
		if _, ok := col[h]; !ok {
			return nil, qda.Errorf(qda.EInvalid, "the plan's header lacks the column %q", h)
		}
	}
	var out []PlanInput
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		} else if err != nil {
			return nil, qda.Errorf(qda.EInvalid, "line %d: %v", line, err)
		}
		get := func(h string) string {
			if i, ok := col[h]; ok && i < len(rec) {
				return strings.TrimSpace(csvsafe.Unescape(rec[i]))
			}
			return ""
		}
		wave, err1 := strconv.Atoi(get("wave"))
		planned, err2 := strconv.Atoi(get("planned"))
		if err1 != nil || err2 != nil {
			return nil, qda.Errorf(qda.EInvalid, "line %d: wave and planned must be whole numbers", line)
		}
		opt := strings.ToLower(get("optional"))
		if opt != "" && opt != "yes" && opt != "no" {
			return nil, qda.Errorf(qda.EInvalid, "line %d: optional is yes or no, not %q", line, opt)
		}
		for _, h := range []string{"case", "role"} {
			if err := qda.CheckName(h, get(h)); err != nil {
				return nil, qda.Errorf(qda.EInvalid, "line %d: %s", line, qda.ErrorMessage(err))
			}
		}
		if n := len(get("note")); n > maxPlanNote {
			return nil, qda.Errorf(qda.EInvalid, "line %d: the note has %d bytes; at most %d are allowed", line, n, maxPlanNote)
		}
		lv := qda.Level(get("level"))
		if !lv.Valid() {
			return nil, qda.Errorf(qda.EInvalid, "line %d: unknown level %q", line, lv)
		}
		if g := get("group"); g != "" {
			if err := qda.CheckName("group", g); err != nil {
				return nil, qda.Errorf(qda.EInvalid, "line %d: %s", line, qda.ErrorMessage(err))
			}
		}
		out = append(out, PlanInput{Level: lv, Case: get("case"), Wave: wave, Role: get("role"), Group: get("group"), Planned: planned,
			Optional: opt == "yes", Note: get("note")})
	}
}

// WritePlanCSV writes a plan in the layout ParsePlanCSV reads; the group
// column only when a row has a group.
func WritePlanCSV(w io.Writer, rows []PlanInput) error {
	cw := csvsafe.NewWriter(w)
	header := planHeader
	grouped := slices.ContainsFunc(rows, func(r PlanInput) bool { return r.Group != "" })
	if !grouped {
		header = planHeader[:len(planHeader)-1]
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		opt := "no"
		if r.Optional {
			opt = "yes"
		}
		rec := []string{string(r.Level), r.Case, fmt.Sprint(r.Wave), r.Role, fmt.Sprint(r.Planned), opt, r.Note}
		if grouped {
			rec = append(rec, r.Group)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ParseWindowsCSV reads the wave windows in CSV (header
// level,wave,from,to[,min_gap_months,note]; dates YYYY-MM-DD). Errors name
// the line.
func ParseWindowsCSV(r io.Reader) ([]qda.WaveWindow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, qda.Errorf(qda.EInvalid, "the wave windows have no header line: %v", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))] = i
	}
	for _, h := range []string{"level", "wave", "from", "to"} {
		if _, ok := col[h]; !ok {
			return nil, qda.Errorf(qda.EInvalid, "the wave windows' header lacks the column %q", h)
		}
	}
	var out []qda.WaveWindow
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			p := qda.Plan{Windows: out}
			return out, p.Validate()
		} else if err != nil {
			return nil, qda.Errorf(qda.EInvalid, "line %d: %v", line, err)
		}
		get := func(h string) string {
			if i, ok := col[h]; ok && i < len(rec) {
				return strings.TrimSpace(csvsafe.Unescape(rec[i]))
			}
			return ""
		}
		w := qda.WaveWindow{Level: qda.Level(get("level")), From: get("from"), To: get("to"), Note: get("note")}
		if w.Wave, err = strconv.Atoi(get("wave")); err != nil {
			return nil, qda.Errorf(qda.EInvalid, "line %d: the wave must be a whole number", line)
		}
		if g := get("min_gap_months"); g != "" {
			if w.MinGapMonths, err = strconv.Atoi(g); err != nil {
				return nil, qda.Errorf(qda.EInvalid, "line %d: min_gap_months must be a whole number", line)
			}
		}
		if err := (&qda.Plan{Windows: []qda.WaveWindow{w}}).Validate(); err != nil {
			return nil, qda.Errorf(qda.EInvalid, "line %d: %s", line, qda.ErrorMessage(err))
		}
		out = append(out, w)
	}
}
