package study

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// Deliverables: the study's reports as objects with an owner, a due date
// and a status. GenerateDeliverables derives the list from the fieldwork
// plan — the reports the summary grid and the case reports feed: a case
// report per job centre on the strategic level and per site on the
// operative level, a report per site's intensive case studies, and one
// employer report across sites — and links each to its report document
// once one exists. They are kept in the plan aggregate (qda.Plan), next to
// the waves they report on.

// DeliverableRow is a deliverable as listed: names instead of GUIDs and
// whether it is overdue.
type DeliverableRow struct {
	ID       string                `json:"id"`
	Kind     qda.DeliverableKind   `json:"kind"`
	Title    string                `json:"title"`
	Level    qda.Level             `json:"level,omitempty"`
	Case     string                `json:"case,omitempty"`
	Owner    string                `json:"owner,omitempty"`
	Due      string                `json:"due,omitempty"`
	Status   qda.DeliverableStatus `json:"status"`
	Document string                `json:"document,omitempty"`
	Overdue  bool                  `json:"overdue"`
	Note     string                `json:"note,omitempty"`
}

// GenerateOptions steer GenerateDeliverables.
type GenerateOptions struct {
	// Due and Owner are given to every new deliverable.
	Due, Owner string
	// EmployerRole is the plan role of the employer interviews (A.2.2),
	// "AG" when empty; with no such row there is no employer report.
	EmployerRole string
}

var levelWords = map[qda.Level]struct{ title, match string }{
	qda.LevelStrategic: {"strategische Ebene", "strateg"},
	qda.LevelOperative: {"operative Ebene", "operativ"},
	qda.LevelIntensive: {"Intensivfallstudien", "intensiv"},
}

// GenerateDeliverables adds the deliverables the plan implies and links
// report documents to those without one, in one command; existing
// deliverables keep their owner, due date and status. It returns how many
// it added and linked.
func (s *Service) GenerateDeliverables(o GenerateOptions) (added, linked int, err error) {
	if o.Due != "" {
		if _, err := time.Parse(time.DateOnly, o.Due); err != nil {
			return 0, 0, qda.Errorf(qda.EInvalid, "the due date is YYYY-MM-DD, not %q", o.Due)
		}
	}
	if o.EmployerRole == "" {
		o.EmployerRole = "AG"
	}
	err = s.Write("deliverables.generate", "generate the deliverables from the plan", func(tx app.Tx) error {
		added, linked = 0, 0
		p, err := tx.Plan()
		if err != nil {
			return err
		}
		cases, err := tx.Cases()
		if err != nil {
			return err
		}
		byGUID := map[qda.GUID]*qda.Case{}
		for i := range cases {
			byGUID[cases[i].GUID] = &cases[i]
		}
		np := *p
		np.Deliverables = append([]qda.Deliverable(nil), p.Deliverables...)
		have := map[string]bool{}
		for _, d := range np.Deliverables {
			have[d.ID] = true
		}
		add := func(d qda.Deliverable) {
			if have[d.ID] {
				return
			}
			have[d.ID] = true
			d.Status, d.Due, d.Owner = qda.DeliverDraft, o.Due, o.Owner
			np.Deliverables = append(np.Deliverables, d)
			added++
		}
		type lc struct {
			level qda.Level
			cse   qda.GUID
		}
		seen := map[lc]bool{}
		var sites []lc
		employer := false
		for _, r := range p.Rows {
			if r.Level == qda.LevelOperative && strings.EqualFold(r.Role, o.EmployerRole) {
				employer = true
			}
			k := lc{r.Level, r.Case}
			if seen[k] {
				continue
			}
			seen[k] = true
			c := byGUID[r.Case]
			if c == nil || r.Level == qda.LevelStrategic && c.Kind != qda.CaseJobCentre {
				continue
			}
			sites = append(sites, k)
		}
		sort.SliceStable(sites, func(i, j int) bool {
			if sites[i].level != sites[j].level {
				return app.LevelRank(sites[i].level) < app.LevelRank(sites[j].level)
			}
			return byGUID[sites[i].cse].Name < byGUID[sites[j].cse].Name
		})
		for _, k := range sites {
			name := byGUID[k.cse].Name
			if k.level == qda.LevelIntensive {
				add(qda.Deliverable{ID: "intensive_report/" + name, Kind: qda.DeliverIntensiveReport, Level: k.level, Case: k.cse,
					Title: "Bericht zu den Intensivfallstudien " + name})
				continue
			}
			add(qda.Deliverable{ID: fmt.Sprintf("case_report/%s/%s", k.level, name), Kind: qda.DeliverCaseReport, Level: k.level, Case: k.cse,
				Title: "Fallbericht " + name + " – " + levelWords[k.level].title})
		}
		if employer {
			add(qda.Deliverable{ID: "employer_report", Kind: qda.DeliverEmployerReport, Level: qda.LevelOperative,
				Title: "Arbeitgeberbericht über alle Fallstudienstandorte (A.2.2)"})
		}
		docs, err := tx.Documents()
		if err != nil {
			return err
		}
		for i := range np.Deliverables {
			d := &np.Deliverables[i]
			if d.Document != "" {
				continue
			}
			if doc := reportFor(d, docs); doc != nil {
				d.Document = doc.GUID
				linked++
			}
		}
		if err := np.Validate(); err != nil {
			return err
		}
		return tx.PutPlan(&np)
	})
	return added, linked, err
}

// reportFor finds the report document of a deliverable: a report of its
// site whose name names its level, or, for the employer report, a report
// without a site that names employers.
func reportFor(d *qda.Deliverable, docs []qda.Document) *qda.Document {
	for i := range docs {
		doc := &docs[i]
		if doc.Kind != qda.KindCaseReport {
			continue
		}
		name := strings.ToLower(doc.Name)
		switch d.Kind {
		case qda.DeliverEmployerReport:
			if doc.Case == "" && strings.Contains(name, "arbeitgeber") {
				return doc
			}
		case qda.DeliverCaseReport, qda.DeliverIntensiveReport:
			if doc.Case == d.Case && d.Case != "" && strings.Contains(name, levelWords[d.Level].match) {
				return doc
			}
		}
	}
	return nil
}

// DeliverableChange changes a deliverable; nil fields stay.
type DeliverableChange struct {
	Status   *qda.DeliverableStatus
	Owner    *string
	Due      *string
	Document *string // a document's GUID or name; "" unlinks
	Note     *string
}

// SetDeliverable changes a deliverable, in one command.
func (s *Service) SetDeliverable(id string, ch DeliverableChange) error {
	return s.Write("deliverables.set", "change deliverable "+id, func(tx app.Tx) error {
		p, err := tx.Plan()
		if err != nil {
			return err
		}
		np := *p
		np.Deliverables = append([]qda.Deliverable(nil), p.Deliverables...)
		var d *qda.Deliverable
		for i := range np.Deliverables {
			if strings.EqualFold(np.Deliverables[i].ID, strings.TrimSpace(id)) {
				d = &np.Deliverables[i]
			}
		}
		if d == nil {
			return qda.Errorf(qda.ENotFound, "no deliverable %q ('deliverables list' shows them)", id)
		}
		if ch.Status != nil {
			d.Status = *ch.Status
		}
		if ch.Owner != nil {
			d.Owner = strings.TrimSpace(*ch.Owner)
		}
		if ch.Due != nil {
			d.Due = strings.TrimSpace(*ch.Due)
		}
		if ch.Note != nil {
			d.Note = strings.TrimSpace(*ch.Note)
		}
		if ch.Document != nil {
			d.Document = ""
			if ref := strings.TrimSpace(*ch.Document); ref != "" {
				docs, err := tx.Documents()
				if err != nil {
					return err
				}
				var hits []qda.GUID
				for _, doc := range docs {
					if string(doc.GUID) == ref || strings.EqualFold(doc.Name, ref) {
						hits = append(hits, doc.GUID)
					}
				}
				switch len(hits) {
				case 0:
					return qda.Errorf(qda.ENotFound, "no document %q", ref)
				case 1:
					d.Document = hits[0]
				default:
					return qda.Errorf(qda.EInvalid, "%d documents are named %q; use the GUID", len(hits), ref)
				}
			}
		}
		if err := np.Validate(); err != nil {
			return err
		}
		return tx.PutPlan(&np)
	})
}

// Deliverables lists the deliverables, those due first; today decides
// which are overdue (due before today and not delivered).
func (s *Service) Deliverables() ([]DeliverableRow, error) {
	today := s.Now().UTC().Format(time.DateOnly)
	var out []DeliverableRow
	err := s.View(func(tx app.Tx) error {
		p, err := tx.Plan()
		if err != nil {
			return err
		}
		names, err := caseNames(tx)
		if err != nil {
			return err
		}
		docs, err := tx.Documents()
		if err != nil {
			return err
		}
		docName := map[qda.GUID]string{}
		for _, d := range docs {
			docName[d.GUID] = d.Name
		}
		for _, d := range p.Deliverables {
			out = append(out, DeliverableRow{ID: d.ID, Kind: d.Kind, Title: d.Title, Level: d.Level, Case: names[d.Case],
				Owner: d.Owner, Due: d.Due, Status: d.Status, Document: docName[d.Document], Note: d.Note,
				Overdue: d.Due != "" && d.Due < today && d.Status != qda.DeliverDelivered})
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.Status == qda.DeliverDelivered) != (b.Status == qda.DeliverDelivered) {
			return b.Status == qda.DeliverDelivered
		}
		if a.Due != b.Due {
			return a.Due != "" && (b.Due == "" || a.Due < b.Due)
		}
		return false
	})
	return out, err
}
