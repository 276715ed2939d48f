package privacy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// KindExport is the command kind of an export's audit entry: a command
// without change images that records who exported what, when, and where
// to.
const KindExport = "export"

// ExportRequest describes an export for Export.
type ExportRequest struct {
	// Format is the file format ("qdpx", "qdc", "csv", "xlsx", "md",
	// "docx", "backup" …).
	Format string
	// What names the content ("project", "codebook", "coded segments",
	// "report Fallbericht JC-07" …), for the audit entry.
	What string
	// To is where it goes: a path, or "standard output".
	To string
	// AllDocuments: the export carries the text of every document (a
	// project file, a backup). Otherwise Documents lists the documents
	// whose text it carries (none for a codebook or a matrix of counts).
	AllDocuments bool
	Documents    []qda.GUID
	// Confirm is asked when the exported documents have open
	// anonymisation findings (n findings in the named documents); the
	// export goes on only if it returns true. Nil refuses such an export.
	Confirm func(n int, docs []string) bool
}

// ExportReport tells what Export recorded.
type ExportReport struct {
	// Command is the audit entry's command.
	Command qda.GUID `json:"command"`
	// Documents counts the documents whose text went out.
	Documents int `json:"documents"`
	// OpenFindings counts the open anonymisation findings in them that
	// the user confirmed to export.
	OpenFindings int `json:"open_findings"`
}

// Export runs every export of project content through one path: the
// acting member must be known (who), the exported documents are checked
// for open anonymisation findings — if there are any, req.Confirm must
// agree — then write writes the file, and the export is recorded in the
// command log as a command without images (who, when, what, where to;
// never the content), which the audit log lists. Nothing is recorded when
// write fails; if recording fails after the file was written, the error
// says so.
func (s *Service) Export(req ExportRequest, write func() error) (*ExportReport, error) {
	if strings.TrimSpace(req.To) == "" || strings.TrimSpace(req.Format) == "" {
		return nil, qda.Errorf(qda.EInvalid, "an export needs a format and a destination")
	}
	if _, err := s.ActingMember(); err != nil {
		return nil, err
	}
	rep := &ExportReport{}
	var names []string
	err := s.View(func(tx app.Tx) error {
		docs, err := exportDocs(tx, req)
		if err != nil {
			return err
		}
		rep.Documents = len(docs)
		if len(docs) == 0 {
			return nil
		}
		c, err := s.checker(tx)
		if err != nil {
			return err
		}
		corpus, err := guideCorpus(tx)
		if err != nil {
			return err
		}
		for i := range docs {
			fs, err := findingsOf(tx, c, corpus, &docs[i], false)
			if err != nil {
				return err
			}
			if len(fs) > 0 {
				rep.OpenFindings += len(fs)
				names = append(names, docs[i].Name)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if rep.OpenFindings > 0 && (req.Confirm == nil || !req.Confirm(rep.OpenFindings, names)) {
		return nil, qda.Errorf(qda.EConflict, "not exported: %d open anonymization finding(s) in %s ('anon check' lists them; confirm to export anyway)",
			rep.OpenFindings, strings.Join(names, ", "))
	}
	if err := write(); err != nil {
		return nil, err
	}
	summary := fmt.Sprintf("export %s as %s to %s", req.What, req.Format, req.To)
	if rep.Documents > 0 {
		summary += fmt.Sprintf(" (text of %d document(s)", rep.Documents)
		if rep.OpenFindings > 0 {
			summary += fmt.Sprintf(", %d open anonymization finding(s) confirmed", rep.OpenFindings)
		}
		summary += ")"
	}
	cmd := &qda.Command{Kind: KindExport, Summary: summary}
	if err := s.WriteCmd(cmd, func(app.Tx) error { return nil }); err != nil {
		return nil, fmt.Errorf("exported to %s, but the audit log could not record it: %w", req.To, err)
	}
	rep.Command = cmd.GUID
	return rep, nil
}

// exportDocs returns the documents an export carries, sorted by name.
func exportDocs(tx app.Tx, req ExportRequest) ([]qda.Document, error) {
	if !req.AllDocuments && len(req.Documents) == 0 {
		return nil, nil
	}
	all, err := tx.Documents()
	if err != nil {
		return nil, err
	}
	want := map[qda.GUID]bool{}
	for _, id := range req.Documents {
		want[id] = true
	}
	out := all[:0]
	for _, d := range all {
		if req.AllDocuments || want[d.GUID] {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
