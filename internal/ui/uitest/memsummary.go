package uitest

import (
	"sort"

	"github.com/protocoder/protocoder/internal/qda"
)

// Summary implements app.Tx.
func (t memTx) Summary(target, code qda.GUID) (*qda.Summary, error) {
	s, ok := t.m.Summaries[qda.SummaryKey(target, code)]
	if !ok {
		return nil, qda.Errorf(qda.ENotFound, "no summary %s", qda.SummaryKey(target, code))
	}
	return &s, nil
}

// Summaries implements app.Tx.
func (t memTx) Summaries() ([]qda.Summary, error) {
	keys := make([]string, 0, len(t.m.Summaries))
	for k := range t.m.Summaries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]qda.Summary, 0, len(keys))
	for _, k := range keys {
		out = append(out, t.m.Summaries[k])
	}
	return out, nil
}

// PutSummary implements app.Tx.
func (t memTx) PutSummary(s *qda.Summary) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if t.m.Summaries == nil {
		t.m.Summaries = map[string]qda.Summary{}
	}
	t.m.Summaries[qda.SummaryKey(s.Target, s.Code)] = *s
	return nil
}

// DeleteSummary implements app.Tx.
func (t memTx) DeleteSummary(target, code qda.GUID) error {
	delete(t.m.Summaries, qda.SummaryKey(target, code))
	return nil
}

// ReportSource implements app.Tx.
func (t memTx) ReportSource(c qda.GUID, l qda.Level) (*qda.ReportSource, error) {
	r, ok := t.m.Reports[qda.ReportKey(c, l)]
	if !ok {
		return nil, qda.Errorf(qda.ENotFound, "no report %s", qda.ReportKey(c, l))
	}
	return &r, nil
}

// PutReportSource implements app.Tx.
func (t memTx) PutReportSource(r *qda.ReportSource) error {
	if t.m.Reports == nil {
		t.m.Reports = map[string]qda.ReportSource{}
	}
	t.m.Reports[qda.ReportKey(r.Case, r.Level)] = *r
	return nil
}

// ReportSources implements app.Tx.
func (t memTx) ReportSources() ([]qda.ReportSource, error) {
	keys := make([]string, 0, len(t.m.Reports))
	for k := range t.m.Reports {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]qda.ReportSource, 0, len(keys))
	for _, k := range keys {
		out = append(out, t.m.Reports[k])
	}
	return out, nil
}

// DeleteReportSource implements app.Tx.
func (t memTx) DeleteReportSource(c qda.GUID, l qda.Level) error {
	delete(t.m.Reports, qda.ReportKey(c, l))
	return nil
}
