package interviews

import (
	"sort"
	"strconv"
	"strings"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// Column is a column of the interview list.
type Column int

// The list's columns, in display order.
const (
	ColLevel Column = iota
	ColWave
	ColCase
	ColGuideline
	ColRole
	ColInterviewee
	ColInterviewer
	ColDate
	ColStatus
	numCols
)

// row is an interview with the texts of its cells.
type row struct {
	iv    qda.Interview
	cells [numCols]string
}

// makeRows renders interviews with names from Names.
func makeRows(ivs []qda.Interview, names map[qda.GUID]string) []row {
	out := make([]row, len(ivs))
	for i, iv := range ivs {
		r := row{iv: iv}
		r.cells[ColLevel] = i18n.Level(iv.Level)
		r.cells[ColWave] = strconv.Itoa(iv.Wave)
		r.cells[ColCase] = names[iv.Case]
		r.cells[ColGuideline] = names[iv.Guideline]
		r.cells[ColRole] = iv.Role
		r.cells[ColInterviewee] = iv.Interviewee
		r.cells[ColInterviewer] = names[iv.Interviewer]
		if !iv.Date.IsZero() {
			r.cells[ColDate] = i18n.Date(iv.Date)
		}
		r.cells[ColStatus] = i18n.Status(iv.Status)
		out[i] = r
	}
	return out
}

// Filter selects interviews; zero fields match everything.
type Filter struct {
	Level  qda.Level  // study level
	Case   qda.GUID   // site
	Wave   int        // survey wave
	Status qda.Status // protocol status
}

func (f Filter) match(iv *qda.Interview) bool {
	return (f.Level == "" || iv.Level == f.Level) && (f.Case == "" || iv.Case == f.Case) &&
		(f.Wave == 0 || iv.Wave == f.Wave) && (f.Status == "" || iv.Status == f.Status)
}

// Sort orders the list by a column.
type Sort struct {
	Column Column // the column compared
	Desc   bool   // descending instead of ascending
}

func rank[T comparable](list []T, x T) int {
	for i, y := range list {
		if y == x {
			return i
		}
	}
	return len(list)
}

// less compares two rows by column c; ties keep the service's order.
func less(a, b *row, c Column) int {
	switch c {
	case ColLevel:
		return rank(qda.Levels, a.iv.Level) - rank(qda.Levels, b.iv.Level)
	case ColWave:
		return a.iv.Wave - b.iv.Wave
	case ColDate:
		return a.iv.Date.Compare(b.iv.Date)
	case ColStatus:
		return rank(qda.Statuses, a.iv.Status) - rank(qda.Statuses, b.iv.Status)
	}
	return strings.Compare(fold(a.cells[c]), fold(b.cells[c]))
}

// fold makes names comparable the way German readers sort them.
func fold(s string) string {
	return strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss").Replace(strings.ToLower(s))
}

// view returns the rows matching f, ordered by s.
func view(all []row, f Filter, s Sort) []row {
	var out []row
	for i := range all {
		if f.match(&all[i].iv) {
			out = append(out, all[i])
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		d := less(&out[i], &out[j], s.Column)
		if s.Desc {
			return d > 0
		}
		return d < 0
	})
	return out
}

// Rows returns the interviews shown, filtered and sorted as in the table.
func (l *List) Rows() []qda.Interview {
	out := make([]qda.Interview, len(l.rows))
	for i, r := range l.rows {
		out[i] = r.iv
	}
	return out
}
