package privacy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// Finding is one integrity problem found by Verify.
type Finding struct {
	// Kind classifies the finding, e.g. "coding.document".
	Kind string `json:"kind"`
	// Entity is the GUID (or key) of the entity concerned.
	Entity string `json:"entity"`
	// Message describes the problem.
	Message string `json:"message"`
}

// VerifyReport is the result of Verify.
type VerifyReport struct {
	// Checked counts what was checked, by kind.
	Checked map[string]int `json:"checked"`
	// Findings lists the problems; empty means the project is sound.
	Findings []Finding `json:"findings"`
}

// OK reports whether nothing was found.
func (r *VerifyReport) OK() bool { return len(r.Findings) == 0 }

// Verify checks the project's integrity: every entity decodes and passes its
// rules; every coding points to an existing document and code and lies
// inside the text; each document's length matches its text; references of
// interviews, documents and codes resolve; the coding indexes agree with the
// codings; every command record decodes and every stored text version is
// referred to and found. It also holds the stored data to
// the data-protection rules: every final protocol passes the final gate
// (no open anonymisation findings, the consent an intensive interview
// needs), no interview keeps a recording without consent, and no
// withdrawn interview is left unpurged.
func (s *Service) Verify() (*VerifyReport, error) {
	r := &VerifyReport{Checked: map[string]int{}, Findings: []Finding{}}
	add := func(kind, entity, format string, args ...any) {
		r.Findings = append(r.Findings, Finding{Kind: kind, Entity: entity, Message: fmt.Sprintf(format, args...)})
	}
	if fc, ok := s.Store().(fileChecker); ok {
		if err := fc.CheckFile(); err != nil {
			add("file", "project", "%s", qda.ErrorMessage(err))
		}
	}
	if tc, ok := s.Store().(textVersionChecker); ok {
		problems, err := tc.CheckTextVersions()
		if err != nil {
			add("decode", "text versions", "%v", err)
		}
		for _, p := range problems {
			add("text.version", "texts", "%s", p)
		}
	}
	if pr, ok := s.Store().(pendingReporter); ok {
		ops, err := pr.PendingOperations()
		if err != nil {
			add("pending", "project", "%s", qda.ErrorMessage(err))
		}
		for _, op := range ops {
			add("pending", "project", "an interrupted %s is not finished; close and reopen the project to finish it", op)
		}
	}
	if n, err := s.ReconcileRecordings(); err != nil {
		add("recording.temp", "recordings", "%v", err)
	} else if n > 0 {
		r.Checked["unconfirmed recordings removed"] = n
	}
	err := s.View(func(tx app.Tx) error {
		guidelines, err := tx.Guidelines()
		if err != nil {
			add("decode", "guidelines", "%v", err)
		}
		gset := map[qda.GUID]*qda.Guideline{}
		for i := range guidelines {
			g := &guidelines[i]
			gset[g.GUID] = g
			if err := g.Validate(); err != nil {
				add("guideline", string(g.GUID), "%s", qda.ErrorMessage(err))
			}
		}
		r.Checked["guidelines"] = len(guidelines)

		codes, err := tx.Codes()
		if err != nil {
			add("decode", "codes", "%v", err)
		}
		cset := map[qda.GUID]*qda.Code{}
		for i := range codes {
			cset[codes[i].GUID] = &codes[i]
		}
		for _, c := range codes {
			if err := c.Validate(); err != nil {
				add("code", string(c.GUID), "%s", qda.ErrorMessage(err))
			}
			if c.Parent != "" && cset[c.Parent] == nil {
				add("code.parent", string(c.GUID), "code %q has a missing parent %s", c.Name, c.Parent)
			}
			if qda.WouldCycle(c.GUID, c.Parent, func(id qda.GUID) qda.GUID {
				if p := cset[id]; p != nil && id != c.GUID {
					return p.Parent
				}
				return ""
			}) {
				add("code.cycle", string(c.GUID), "code %q is its own ancestor", c.Name)
			}
			if c.Ref != nil && gset[c.Ref.Guideline] == nil {
				add("code.ref", string(c.GUID), "code %q refers to a missing guideline %s", c.Name, c.Ref.Guideline)
			}
		}
		r.Checked["codes"] = len(codes)

		cases, err := tx.Cases()
		if err != nil {
			add("decode", "cases", "%v", err)
		}
		caseSet := map[qda.GUID]bool{}
		for _, c := range cases {
			caseSet[c.GUID] = true
			if err := c.Validate(); err != nil {
				add("case", string(c.GUID), "%s", qda.ErrorMessage(err))
			}
		}
		r.Checked["cases"] = len(cases)

		ivs, err := tx.Interviews()
		if err != nil {
			add("decode", "interviews", "%v", err)
		}
		ivSet := map[qda.GUID]bool{}
		for _, iv := range ivs {
			ivSet[iv.GUID] = true
			if err := iv.Validate(); err != nil {
				add("interview", string(iv.GUID), "%s", qda.ErrorMessage(err))
			}
			if gset[iv.Guideline] == nil {
				add("interview.guideline", string(iv.GUID), "interview %q refers to a missing guideline", iv.Interviewee)
			}
			if !caseSet[iv.Case] {
				add("interview.case", string(iv.GUID), "interview %q refers to a missing case", iv.Interviewee)
			}
		}
		r.Checked["interviews"] = len(ivs)
		// The data-protection rules hold for what is stored, however it
		// came in: the same gates every write runs.
		for i := range ivs {
			iv := &ivs[i]
			if iv.Consent.Withdrawn != nil {
				add("interview.withdrawn", string(iv.GUID), "%s withdrew their consent, but the interview is not purged yet ('interview withdraw %s' finishes it)", iv.Interviewee, iv.GUID)
				continue
			}
			if err := s.CheckInterview(tx, iv); err != nil {
				add("interview.consent", string(iv.GUID), "%s", qda.ErrorMessage(err))
			}
			if iv.Status == qda.StatusFinal {
				r.Checked["final protocols"]++
				if err := s.CheckFinal(tx, iv); err != nil {
					add("interview.final", string(iv.GUID), "%s is final, but: %s", iv.Interviewee, qda.ErrorMessage(err))
				}
			}
		}

		docs, err := tx.Documents()
		if err != nil {
			add("decode", "documents", "%v", err)
		}
		dset := map[qda.GUID]*qda.Document{}
		for i := range docs {
			d := &docs[i]
			dset[d.GUID] = d
			if err := d.Validate(); err != nil {
				add("document", string(d.GUID), "%s", qda.ErrorMessage(err))
			}
			text, err := tx.Text(d.GUID)
			if err != nil {
				add("document.text", string(d.GUID), "document %q: %s", d.Name, qda.ErrorMessage(err))
				continue
			}
			if err := qda.CheckCanonical(text); err != nil {
				add("document.text", string(d.GUID), "document %q: %s", d.Name, qda.ErrorMessage(err))
			}
			if n := qda.RuneLen(text); n != d.Length {
				add("document.length", string(d.GUID), "document %q records %d characters but its text has %d", d.Name, d.Length, n)
			}
			if d.Interview != "" && !ivSet[d.Interview] {
				add("document.interview", string(d.GUID), "document %q refers to a missing interview", d.Name)
			}
			if d.Case != "" && !caseSet[d.Case] {
				add("document.case", string(d.GUID), "document %q refers to a missing case", d.Name)
			}
		}
		r.Checked["documents"] = len(docs)

		n := 0
		err = tx.EachCoding(func(c *qda.Coding) error {
			n++
			d := dset[c.Document]
			if d == nil {
				add("coding.document", string(c.GUID), "coding refers to a missing document %s", c.Document)
				return nil
			}
			if cset[c.Code] == nil {
				add("coding.code", string(c.GUID), "coding refers to a missing code %s", c.Code)
			}
			if err := c.Validate(d.Length); err != nil {
				add("coding.range", string(c.GUID), "coding in %q: %s", d.Name, qda.ErrorMessage(err))
			}
			return nil
		})
		if err != nil {
			add("decode", "codings", "%v", err)
		}
		r.Checked["codings"] = n
		idx, err := tx.CheckCodingIndexes()
		if err != nil {
			add("decode", "coding indexes", "%v", err)
		}
		sort.Strings(idx)
		for _, m := range idx {
			add("coding.index", "", "%s", m)
		}
		for _, m := range tx.CheckCounts() {
			add("counts", "", "%s", m)
		}

		memos, err := tx.Memos()
		if err != nil {
			add("decode", "memos", "%v", err)
		}
		r.Checked["memos"] = len(memos)

		// A GUID names one entity of one kind.
		users, err := tx.Users()
		if err != nil {
			add("decode", "users", "%v", err)
		}
		kinds := map[qda.GUID][]string{}
		seen := func(kind string, id qda.GUID) { kinds[id] = append(kinds[id], kind) }
		for _, u := range users {
			seen("user", u.GUID)
		}
		for _, g := range guidelines {
			seen("guideline", g.GUID)
		}
		for _, c := range codes {
			seen("code", c.GUID)
		}
		for _, c := range cases {
			seen("case", c.GUID)
		}
		for _, iv := range ivs {
			seen("interview", iv.GUID)
		}
		for _, d := range docs {
			seen("document", d.GUID)
		}
		for _, m := range memos {
			seen("memo", m.GUID)
		}
		_ = tx.EachCoding(func(c *qda.Coding) error {
			if len(kinds[c.GUID]) > 0 {
				seen("coding", c.GUID)
			}
			return nil
		})
		var shared []qda.GUID
		for id, ks := range kinds {
			if len(ks) > 1 {
				shared = append(shared, id)
			}
		}
		sort.Slice(shared, func(i, j int) bool { return shared[i] < shared[j] })
		for _, id := range shared {
			add("guid.shared", string(id), "the GUID %s names entities of different kinds: %s", id, strings.Join(kinds[id], ", "))
		}

		known := map[qda.GUID]bool{}
		for i := range users {
			known[users[i].GUID] = true
		}
		r.Checked["members"] = len(users)
		cmds, orphans := 0, 0
		err = tx.Commands(0, func(c *qda.Command) error {
			cmds++
			if !known[c.User] && orphans < 20 { // the first few; one cause usually explains all
				orphans++
				add("command.user", fmt.Sprint(c.Seq), "command %d (%s) names no member of the project (user %q)", c.Seq, c.Kind, c.User)
			}
			return nil
		})
		if err != nil {
			add("command", "", "a command record does not decode: %v", err)
		}
		r.Checked["commands"] = cmds
		return nil
	})
	return r, err
}

// fileChecker is implemented by stores that can check their file's
// structure (bbolt's page check); Verify runs it when present.
type fileChecker interface {
	// CheckFile returns the file's first structural problems.
	CheckFile() error
}

// textVersionChecker is implemented by stores that keep each text once
// and refer to it from the live text and the command log (see
// store/textversion.go); Verify checks the references.
type textVersionChecker interface {
	// CheckTextVersions returns the references to missing versions,
	// damaged versions and versions nothing refers to.
	CheckTextVersions() ([]string, error)
}

// pendingReporter is implemented by stores that record multi-file
// operations as pending until they are finished (see store/pending.go).
type pendingReporter interface {
	// PendingOperations describes the unfinished operations, e.g.
	// "erase (started 2026-12-05 03:10:00 UTC)".
	PendingOperations() ([]string, error)
}
