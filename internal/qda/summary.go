package qda

import (
	"strings"
	"time"
)

// Summary is a researcher's condensed account of what a case — or a single
// interview — says about one code (a guideline question, a theme or an
// inductive code): the cell text of the summary grid. Case reports are
// generated from the summaries of a case.
type Summary struct {
	// Target is the case or interview summarised.
	Target GUID `json:"target"`
	// Code is the code summarised.
	Code GUID `json:"code"`
	// Text is the summary.
	Text string `json:"text"`
	// Quotes lists codings selected as quotes for the case report, in
	// order.
	Quotes []GUID `json:"quotes,omitempty"`
	// Author is the user who last edited it.
	Author GUID `json:"author,omitempty"`
	// Modified is when it was last edited.
	Modified time.Time `json:"modified"`
}

// SummaryKey is the store key of a summary: "TARGET/CODE".
func SummaryKey(target, code GUID) string { return string(target) + "/" + string(code) }

// Validate checks the summary's own fields.
func (s *Summary) Validate() error {
	if err := validGUID("summary target", s.Target); err != nil {
		return err
	}
	if err := validGUID("summary code", s.Code); err != nil {
		return err
	}
	if strings.TrimSpace(s.Text) == "" && len(s.Quotes) == 0 {
		return Errorf(EInvalid, "a summary needs a text or a quote")
	}
	for _, q := range s.Quotes {
		if err := validGUID("quote", q); err != nil {
			return err
		}
	}
	return nil
}

// ReportSource records how a case report document was generated, so that
// regenerating it can tell manual edits made since.
type ReportSource struct {
	// Case and Level identify the report; one report per case and level.
	Case  GUID  `json:"case"`
	Level Level `json:"level"`
	// Document is the generated report document.
	Document GUID `json:"document"`
	// Generated is the text as last generated (or merged).
	Generated string `json:"generated"`
	// Time is when it was last generated.
	Time time.Time `json:"time"`
}

// ReportKey is the store key of a report source: "CASE/LEVEL".
func ReportKey(c GUID, l Level) string { return string(c) + "/" + string(l) }

// Validate checks the record.
func (r *ReportSource) Validate() error {
	if err := validGUID("report case", r.Case); err != nil {
		return err
	}
	if err := validGUID("report document", r.Document); err != nil {
		return err
	}
	if !r.Level.Valid() {
		return Errorf(EInvalid, "report has unknown level %q", r.Level)
	}
	return nil
}
