package i18n

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/protocoder/protocoder/internal/qda"
)

// Level returns the translated name of a study level.
func Level(l qda.Level) string {
	switch l {
	case qda.LevelStrategic:
		return lang.X("level.strategic", "Strategic level")
	case qda.LevelOperative:
		return lang.X("level.operative", "Operative level")
	case qda.LevelIntensive:
		return lang.X("level.intensive", "Intensive case studies")
	}
	return string(l)
}

// DocKind returns the translated name of a document kind.
func DocKind(k qda.DocKind) string {
	switch k {
	case qda.KindProtocol:
		return lang.X("kind.protocol", "Interview protocol")
	case qda.KindCaseReport:
		return lang.X("kind.report", "Case report")
	}
	return lang.X("kind.other", "Other document")
}

// Status returns the translated name of a protocol status.
func Status(s qda.Status) string {
	switch s {
	case qda.StatusDraft:
		return lang.X("status.draft", "draft")
	case qda.StatusComplete:
		return lang.X("status.complete", "complete")
	case qda.StatusChecked:
		return lang.X("status.checked", "checked")
	case qda.StatusFinal:
		return lang.X("status.final", "final")
	}
	return string(s)
}

// Date formats a day in the language's usual form (31.12.2024 in German).
func Date(t time.Time) string {
	return t.Format(lang.X("format.date", "2006-01-02"))
}

// Decimal formats x with prec digits after the decimal separator of the
// language (a comma in German: 0,712).
func Decimal(x float64, prec int) string {
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if sep := lang.X("format.decimal", "."); sep != "." {
		s = strings.Replace(s, ".", sep, 1)
	}
	return s
}

// Percent formats a share (0–1) in per cent with one decimal, in the
// language's form ("71,2 %" in German).
func Percent(share float64) string {
	return lang.X("format.percent", "{{.N}} %", map[string]any{"N": Decimal(share*100, 1)})
}

// CaseKind returns the translated name of a kind of site.
func CaseKind(k qda.CaseKind) string {
	switch k {
	case qda.CaseRegionalDirectorate:
		return lang.X("casekind.rd", "Regional directorate")
	case qda.CaseJobCentre:
		return lang.X("casekind.jc", "Job centre")
	case qda.CaseMinistry:
		return lang.X("casekind.ministry", "Ministry")
	}
	return lang.X("casekind.other", "Other site")
}

// Choose is the place holder of a choice not made yet; Fyne's own,
// "(Select one)", is not translated.
func Choose() string { return lang.X("select.choose", "(choose)") }
