package store

import "github.com/protocoder/protocoder/internal/qda"

// Summary returns the summary of a code for a case or interview, or a
// not-found error.
func (t *Tx) Summary(target, code qda.GUID) (*qda.Summary, error) {
	return one[qda.Summary](t, "summary", qda.GUID(qda.SummaryKey(target, code)))
}

// Summaries returns every summary, by target and code.
func (t *Tx) Summaries() ([]qda.Summary, error) { return all[qda.Summary](t, "summary") }

// PutSummary validates and writes a summary.
func (t *Tx) PutSummary(s *qda.Summary) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return t.put("summary", qda.SummaryKey(s.Target, s.Code), s)
}

// DeleteSummary deletes a summary.
func (t *Tx) DeleteSummary(target, code qda.GUID) error {
	return t.del("summary", qda.SummaryKey(target, code))
}

// ReportSource returns the record of the generated report of a case and
// level, or a not-found error.
func (t *Tx) ReportSource(c qda.GUID, l qda.Level) (*qda.ReportSource, error) {
	return one[qda.ReportSource](t, "report", qda.GUID(qda.ReportKey(c, l)))
}

// PutReportSource validates and writes a report record.
func (t *Tx) PutReportSource(r *qda.ReportSource) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return t.put("report", qda.ReportKey(r.Case, r.Level), r)
}

// ReportSources returns every report record.
func (t *Tx) ReportSources() ([]qda.ReportSource, error) { return all[qda.ReportSource](t, "report") }

// DeleteReportSource deletes the record of a case's report on a level (e.g.
// when the report document is purged: the record holds its text).
func (t *Tx) DeleteReportSource(c qda.GUID, l qda.Level) error {
	return t.del("report", qda.ReportKey(c, l))
}
