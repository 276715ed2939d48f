package privacy

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/anon"
	"github.com/protocoder/protocoder/internal/qda"
)

// AnonFinding is an anonymization finding in a document, as the review
// and `anon check` show it.
type AnonFinding struct {
	// ID identifies the finding for AnonApply and AnonIgnore.
	ID string `json:"id"`
	// Document and DocName tell where it is.
	Document qda.GUID `json:"document"`
	DocName  string   `json:"document_name"`
	anon.Finding
	// Before and After are up to 40 characters of context.
	Before string `json:"before"`
	After  string `json:"after"`
	// Ignored is set (with the reason) for findings reviewed and left as
	// they are; AnonCheck lists them only when asked.
	Ignored bool   `json:"ignored,omitempty"`
	Reason  string `json:"reason,omitempty"`

	fingerprint string
}

// fingerprint identifies a finding's occurrence for ignore decisions.
func fingerprint(doc qda.GUID, runes []rune, f anon.Finding) string {
	n := anon.FingerprintContext
	return anon.Fingerprint(string(doc), f.Kind, f.Text, string(runes[max(0, f.Start-n):f.Start]), string(runes[f.End:min(len(runes), f.End+n)]))
}

// contextRunes is how much context AnonFinding carries on each side.
const contextRunes = 40

// findingsOf checks one document inside tx.
func findingsOf(tx app.Tx, c *anon.Checker, corpus string, d *qda.Document, withIgnored bool) ([]AnonFinding, error) {
	text, err := tx.Text(d.GUID)
	if err != nil {
		return nil, err
	}
	igs, err := tx.AnonIgnores(d.GUID)
	if err != nil {
		return nil, err
	}
	reasons := map[string]string{}
	for _, ig := range igs {
		reasons[ig.Fingerprint] = ig.Reason
	}
	runes := []rune(text)
	var out []AnonFinding
	for _, f := range c.Check(text) {
		if fromGuideline(runes, f, corpus) {
			continue
		}
		af := AnonFinding{ID: anon.ID(string(d.GUID), f), Document: d.GUID, DocName: d.Name, Finding: f,
			fingerprint: fingerprint(d.GUID, runes, f)}
		if r, ok := reasons[fingerprint(d.GUID, runes, f)]; ok {
			if !withIgnored {
				continue
			}
			af.Ignored, af.Reason = true, r
		}
		af.Before = string(runes[max(0, f.Start-contextRunes):f.Start])
		af.After = string(runes[f.End:min(len(runes), f.End+contextRunes)])
		out = append(out, af)
	}
	return out, nil
}

// AnonCheckOptions select what AnonCheck looks at.
type AnonCheckOptions struct {
	// Document is a document GUID or name; empty checks every document.
	Document string
	// WithIgnored also lists findings that were ignored.
	WithIgnored bool
}

// AnonCheck runs the anonymization checker over one or all documents.
// Real names from the pseudonym key are only found while it is unlocked.
func (s *Service) AnonCheck(o AnonCheckOptions) ([]AnonFinding, error) {
	var out []AnonFinding
	err := s.View(func(tx app.Tx) error {
		docs, err := anonDocs(tx, o.Document)
		if err != nil {
			return err
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
			fs, err := findingsOf(tx, c, corpus, &docs[i], o.WithIgnored)
			if err != nil {
				return err
			}
			out = append(out, fs...)
		}
		return nil
	})
	return out, err
}

// anonDocs returns the documents a check covers, sorted by name.
func anonDocs(tx app.Tx, ref string) ([]qda.Document, error) {
	docs, err := tx.Documents()
	if err != nil {
		return nil, err
	}
	if ref != "" {
		for _, d := range docs {
			if string(d.GUID) == ref || strings.EqualFold(d.Name, ref) {
				return []qda.Document{d}, nil
			}
		}
		return nil, qda.Errorf(qda.ENotFound, "no document %q", ref)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].Name < docs[j].Name })
	return docs, nil
}

// AnonApplyRequest says which findings AnonApply replaces.
type AnonApplyRequest struct {
	// IDs are findings to replace.
	IDs []string
	// SameText also replaces every other open finding with the same text
	// and kind, in every document ("replace all").
	SameText bool
	// All replaces every open finding (of Document, if set).
	All      bool
	Document string
	// Replacement overrides the suggestion (only with IDs).
	Replacement string
}

// AnonApplyResult tells what AnonApply did.
type AnonApplyResult struct {
	Replaced  int `json:"replaced"`
	Documents int `json:"documents"`
	// NewPseudonyms lists pseudonyms created in the key for it.
	NewPseudonyms []string `json:"new_pseudonyms,omitempty"`
	// Skipped counts findings in final protocols, which are read-only.
	Skipped int `json:"skipped,omitempty"`
	// Undoable is set when the replaced texts were kept sealed with the
	// pseudonym key (it was unlocked), so a key holder can undo.
	Undoable bool `json:"undoable"`
	// Erasure tells how the replaced texts were erased from the disk.
	Erasure *EraseStats `json:"erasure,omitempty"`
}

// AnonApply replaces findings by their pseudonyms in one undoable command.
// A person, place or organisation without a pseudonym gets a new one in
// the key ("[Person 3]") when the key is unlocked, else a placeholder.
func (s *Service) AnonApply(req AnonApplyRequest) (*AnonApplyResult, error) {
	all, err := s.AnonCheck(AnonCheckOptions{Document: req.Document})
	if err != nil {
		return nil, err
	}
	chosen, err := selectFindings(all, req)
	if err != nil {
		return nil, err
	}
	res := &AnonApplyResult{}
	repl, err := s.replacements(chosen, req.Replacement, res)
	if err != nil {
		return nil, err
	}
	byDoc := map[qda.GUID][]anon.Finding{}
	for _, f := range chosen {
		byDoc[f.Document] = append(byDoc[f.Document], f.Finding)
	}
	summary := fmt.Sprintf("anonymize: %d finding(s) replaced in %d document(s)", len(chosen), len(byDoc))
	apply := func(tx app.Tx) error {
		res.Replaced, res.Documents, res.Skipped = 0, 0, 0
		for id, fs := range byDoc {
			n, err := s.replaceInDoc(tx, id, fs, repl)
			if err != nil {
				return err
			}
			if n == 0 {
				res.Skipped += len(fs)
				continue
			}
			res.Replaced += n
			res.Documents++
		}
		if res.Replaced == 0 {
			return qda.Errorf(qda.EConflict, "nothing to replace (%d finding(s) are in final protocols; reopen them first)", res.Skipped)
		}
		return nil
	}
	er, ok := s.Store().(Eraser)
	if !ok {
		// A store without a folder (in memory) keeps nothing on disk.
		if err := s.Write("anon.replace", summary, apply); err != nil {
			return nil, err
		}
		res.Undoable = true
		return res, nil
	}
	// The replaced texts leave the disk: the command log keeps them only
	// sealed with the pseudonym key (without the key unlocked, not at
	// all), the store file and the backups are rewritten, the index is
	// rebuilt. Texts the project still holds elsewhere stay.
	spec := EraseSpec{Derived: true, Seal: func([]byte) ([]byte, error) { return nil, nil }}
	if s.KeyStatus().Unlocked {
		spec.Seal, res.Undoable = s.sealImage, true
	}
	seen := map[string]bool{}
	for _, f := range chosen {
		if !seen[f.Text] {
			seen[f.Text] = true
			spec.Needles = append(spec.Needles, f.Text)
		}
	}
	cmd := &qda.Command{Kind: "anon.replace", Summary: summary}
	stats, err := s.eraseAs(er, cmd, apply, spec)
	res.Erasure = &stats
	if err != nil {
		return res, err
	}
	return res, nil
}

// redoAnonymisation redoes an anonymisation that was undone: it writes the
// anonymised texts again as an erasure of the words they no longer hold
// (see EraseSpec.Seal), so that the real names leave the disk again.
func (s *Service) redoAnonymisation(cmd *qda.Command, changes []qda.Change, apply func(tx app.Tx) error) error {
	er, ok := s.Store().(Eraser)
	if !ok {
		return s.WriteCmd(cmd, apply)
	}
	if !s.KeyStatus().Unlocked {
		return qda.Errorf(qda.EProtected, "this command replaced real names: unlock the pseudonym key to redo it")
	}
	spec := EraseSpec{Derived: true, Seal: s.sealImage}
	seen := map[string]bool{}
	for _, c := range changes {
		if c.Entity != "text" {
			continue
		}
		var before, after string
		if json.Unmarshal(c.Before, &before) != nil || json.Unmarshal(c.After, &after) != nil {
			continue
		}
		kept := map[string]bool{}
		for _, w := range words(after) {
			kept[w] = true
		}
		for _, w := range words(before) {
			if !kept[w] && !seen[w] {
				seen[w] = true
				spec.Needles = append(spec.Needles, w)
			}
		}
	}
	_, err := s.eraseAs(er, cmd, apply, spec)
	return err
}

// words splits a text at white space and trims punctuation around each
// word ("Westermann," → "Westermann"; "info@example.de." → "info@example.de").
func words(text string) []string {
	var out []string
	for _, f := range strings.Fields(text) {
		if w := strings.TrimFunc(f, func(r rune) bool { return unicode.IsPunct(r) && r != '@' && r != '[' && r != ']' }); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// selectFindings picks the findings a request names.
func selectFindings(all []AnonFinding, req AnonApplyRequest) ([]AnonFinding, error) {
	if req.All {
		if len(all) == 0 {
			return nil, qda.Errorf(qda.EConflict, "there are no open findings")
		}
		return all, nil
	}
	if len(req.IDs) == 0 {
		return nil, qda.Errorf(qda.EInvalid, "name the findings to replace, or all")
	}
	byID := map[string]AnonFinding{}
	for _, f := range all {
		byID[f.ID] = f
	}
	var chosen []AnonFinding
	same := map[string]bool{}
	for _, id := range req.IDs {
		f, ok := byID[id]
		if !ok {
			return nil, qda.Errorf(qda.ENotFound, "no open finding %s (run 'anon check' again: the text may have changed)", id)
		}
		chosen = append(chosen, f)
		same[string(f.Kind)+"\x1f"+strings.ToLower(f.Text)] = true
	}
	if req.SameText {
		picked := map[string]bool{}
		for _, f := range chosen {
			picked[f.ID] = true
		}
		for _, f := range all {
			if !picked[f.ID] && same[string(f.Kind)+"\x1f"+strings.ToLower(f.Text)] {
				chosen = append(chosen, f)
			}
		}
	}
	return chosen, nil
}

// replacements decides the replacement text of each finding, creating
// pseudonyms in the unlocked key where needed.
func (s *Service) replacements(fs []AnonFinding, override string, res *AnonApplyResult) (map[string]string, error) {
	out := map[string]string{}
	s.anon.mu.Lock()
	defer s.anon.mu.Unlock()
	for _, f := range fs {
		key := string(f.Kind) + "\x1f" + f.Text
		switch {
		case override != "":
			out[key] = override
		case f.Source == anon.SourceKey:
			out[key] = f.Suggestion
		case s.anon.key != nil && (f.Kind == anon.KindPerson || f.Kind == anon.KindPlace || f.Kind == anon.KindOrg):
			if _, ok := out[key]; ok {
				continue
			}
			_, existed := s.anon.key.Lookup(f.Text)
			p, err := s.newPseudonymLocked(f.Text, f.Kind)
			if err != nil {
				return nil, err
			}
			if !existed {
				res.NewPseudonyms = append(res.NewPseudonyms, p)
			}
			out[key] = p
		default:
			out[key] = f.Suggestion
		}
	}
	return out, nil
}

// replaceInDoc replaces findings in one document (re-checking that each
// still stands where it was) and re-anchors the codings. It returns how
// many it replaced; 0 for a final protocol.
func (s *Service) replaceInDoc(tx app.Tx, id qda.GUID, fs []anon.Finding, repl map[string]string) (int, error) {
	d, err := tx.Document(id)
	if err != nil {
		return 0, err
	}
	if d.Interview != "" {
		if iv, err := tx.Interview(d.Interview); err == nil && iv.Status == qda.StatusFinal {
			return 0, nil
		}
	}
	text, err := tx.Text(id)
	if err != nil {
		return 0, err
	}
	runes := []rune(text)
	for _, f := range fs {
		if f.End > len(runes) || string(runes[f.Start:f.End]) != f.Text {
			return 0, qda.Errorf(qda.EConflict, "the text of %s has changed since the check; check again", d.Name)
		}
	}
	newText := anon.Replace(text, fs, func(f anon.Finding) string { return repl[string(f.Kind)+"\x1f"+f.Text] })
	if err := s.ReplaceText(tx, d, newText, true, nil); err != nil {
		return 0, err
	}
	d.Length, d.Modified = qda.RuneLen(newText), s.Now().UTC()
	if err := tx.PutDocument(d); err != nil {
		return 0, err
	}
	return len(fs), tx.PutText(id, newText)
}

// AnonIgnore records that a finding is to be left as it is, with a reason;
// the decision is a command of its own (kind anon.ignore) in the audit log
// and can be undone.
func (s *Service) AnonIgnore(id, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return qda.Errorf(qda.EInvalid, "give a reason for leaving the finding as it is")
	}
	all, err := s.AnonCheck(AnonCheckOptions{})
	if err != nil {
		return err
	}
	var f *AnonFinding
	for i := range all {
		if all[i].ID == id {
			f = &all[i]
		}
	}
	if f == nil {
		return qda.Errorf(qda.ENotFound, "no open finding %s (run 'anon check' again: the text may have changed)", id)
	}
	gid, err := s.NewGUID()
	if err != nil {
		return err
	}
	ig := &qda.AnonIgnore{GUID: gid, Document: f.Document, Kind: string(f.Kind), Reason: strings.TrimSpace(reason),
		Fingerprint: f.fingerprint, Time: s.Now().UTC()}
	summary := fmt.Sprintf("ignore a %s finding in %s: %s", f.Kind, f.DocName, ig.Reason)
	return s.Write("anon.ignore", summary, func(tx app.Tx) error {
		ig.User = s.Actor()
		return tx.PutAnonIgnore(ig)
	})
}

// anonGate refuses to make a protocol final while it has open findings.
func (s *Service) anonGate(tx app.Tx, iv *qda.Interview) error {
	d, err := app.FindProtocol(tx, iv.GUID)
	if qda.ErrorCode(err) == qda.ENotFound {
		return nil
	} else if err != nil {
		return err
	}
	c, err := s.checker(tx)
	if err != nil {
		return err
	}
	corpus, err := guideCorpus(tx)
	if err != nil {
		return err
	}
	fs, err := findingsOf(tx, c, corpus, d, false)
	if err != nil {
		return err
	}
	if len(fs) > 0 {
		return qda.Errorf(qda.EConflict, "the protocol of %s has %d open anonymization finding(s); replace or ignore them before it becomes final ('anon check %s')",
			iv.Interviewee, len(fs), d.Name).WithKey("final.anon", map[string]any{"Name": iv.Interviewee, "N": len(fs)})
	}
	return nil
}
