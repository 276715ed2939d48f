// The sample project's work: protocols with their interviews, the
// codings found by quotes, the summaries and the generated reports.

package wire

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/importer/protocolmd"
	"github.com/protocoder/protocoder/internal/qda"
)

func (b *sampleBuilder) protocols() error {
	var files []string
	err := fs.WalkDir(b.src, "protocols", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	})
	if err != nil && !isNotExist(err) {
		return err
	}
	sort.Strings(files)
	for _, f := range files {
		data, err := fs.ReadFile(b.src, f)
		if err != nil {
			return err
		}
		p, err := protocolmd.Parse(bytes.NewReader(data), f)
		if err != nil {
			return err
		}
		n, err := interviewFromMeta(p.Meta)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		res, err := b.s.ImportProtocol(n, p.Blocks, "Protokoll "+n.Interviewee, path.Base(f))
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		b.docs[strings.TrimPrefix(f, "protocols/")] = res.Document.GUID
	}
	return nil
}

// interviewFromMeta reads a protocol file's front matter.
func interviewFromMeta(m map[string]string) (study.NewInterview, error) {
	n := study.NewInterview{Guideline: m["guideline"], Role: m["role"], Case: m["case"], Interviewee: m["interviewee"],
		Interviewer: m["interviewer"], Status: qda.Status(m["status"]), Recording: qda.RecordingState(m["recording"]),
		Attributes: map[string]string{}}
	if n.Recording == "none" {
		n.Recording = qda.RecordingNone
	}
	if w, err := strconv.Atoi(m["wave"]); err == nil {
		n.Wave = w
	}
	if m["date"] != "" {
		d, err := time.Parse(time.DateOnly, m["date"])
		if err != nil {
			return n, qda.Errorf(qda.EInvalid, "date %q is not YYYY-MM-DD", m["date"])
		}
		n.Date = d
	}
	for _, c := range strings.Split(m["consent"], ",") {
		switch strings.TrimSpace(c) {
		case "recording":
			n.Consent.Recording = true
		case "data_protection":
			n.Consent.DataProtection = true
		case "info_sheet":
			n.Consent.InfoSheet = true
		}
	}
	if v := m["customer_since"]; v != "" {
		n.Attributes[AttrCustomerOf] = v
	}
	if v := m["pair"]; v != "" {
		n.Attributes[AttrPair] = v
	}
	if v := m["customer"]; v != "" {
		n.Attributes[AttrCustomer] = v
	}
	if v := m["group"]; v != "" {
		n.Attributes[AttrGroup] = v
	}
	return n, nil
}

func (b *sampleBuilder) codings() error {
	rows, err := readCSV(b.src, "codings.csv")
	if err != nil {
		return err
	}
	texts := map[qda.GUID]string{}
	for i, r := range rows {
		where := fmt.Sprintf("codings.csv row %d", i+2)
		doc, ok := b.docs[r["protocol"]]
		if !ok {
			return fmt.Errorf("%s: no protocol %q", where, r["protocol"])
		}
		text, ok := texts[doc]
		if !ok {
			if _, text, _, err = b.s.DocumentWithText(doc); err != nil {
				return err
			}
			texts[doc] = text
		}
		occ := 1
		if v := strings.TrimSpace(r["occurrence"]); v != "" {
			if occ, err = strconv.Atoi(v); err != nil || occ < 1 {
				return fmt.Errorf("%s: bad occurrence %q", where, v)
			}
		}
		start, end, ok := findQuote(text, r["quote"], occ)
		if !ok {
			return fmt.Errorf("%s: quote %q not found in %s", where, r["quote"], r["protocol"])
		}
		code, err := b.code(r["code"])
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		coder, err := b.s.User(r["coder"])
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		if _, err := b.s.AddCoding(coding.NewCoding{Document: doc, Start: start, End: end, Code: code, Coder: coder.GUID}); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
	}
	return nil
}

// summaries writes the summary-grid cells of summaries.csv (site, code as
// KEY:QUESTION, text), so that the summary grid and a case report of a
// case-study site have content.
func (b *sampleBuilder) summaries() error {
	rows, err := readCSV(b.src, "summaries.csv")
	if err != nil {
		return err
	}
	for i, r := range rows {
		where := fmt.Sprintf("summaries.csv row %d", i+2)
		c, err := b.s.Case(r["case"])
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		code, err := b.s.ResolveCode(r["code"])
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		if _, err := b.s.SetSummary(c.GUID, code.GUID, r["text"], nil); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
	}
	return nil
}

// code resolves "KEY:QUESTION" or an inductive code path "Parent/Child",
// creating inductive codes on first use.
func (b *sampleBuilder) code(ref string) (qda.GUID, error) {
	if c, err := b.s.ResolveCode(ref); err == nil {
		return c.GUID, nil
	} else if strings.Contains(ref, ":") {
		return "", err
	}
	var parent qda.GUID
	for _, name := range strings.Split(ref, "/") {
		codes, err := b.s.Codes()
		if err != nil {
			return "", err
		}
		var found qda.GUID
		for _, c := range codes {
			if c.Parent == parent && strings.EqualFold(c.Name, name) {
				found = c.GUID
			}
		}
		if found == "" {
			c, err := b.s.AddCode(coding.NewCode{Name: name, Parent: parent})
			if err != nil {
				return "", err
			}
			found = c.GUID
		}
		parent = found
	}
	return parent, nil
}

// findQuote returns the rune range of the occ-th occurrence of quote.
func findQuote(text, quote string, occ int) (int, int, bool) {
	if quote == "" {
		return 0, 0, false
	}
	from := 0
	for ; occ > 0; occ-- {
		i := strings.Index(text[from:], quote)
		if i < 0 {
			return 0, 0, false
		}
		if occ == 1 {
			start := qda.RuneLen(text[:from+i])
			return start, start + qda.RuneLen(quote), true
		}
		from += i + len(quote)
	}
	return 0, 0, false
}

func (b *sampleBuilder) reports() error {
	files, err := fs.Glob(b.src, "reports/*.md")
	if err != nil {
		return err
	}
	for _, f := range files {
		data, err := fs.ReadFile(b.src, f)
		if err != nil {
			return err
		}
		p, err := protocolmd.Parse(bytes.NewReader(data), f)
		if err != nil {
			return err
		}
		var caseID qda.GUID
		if p.Meta["case"] != "" {
			c, err := b.s.Case(p.Meta["case"])
			if err != nil {
				return fmt.Errorf("%s: %w", f, err)
			}
			caseID = c.GUID
		}
		kind := qda.DocKind(p.Meta["kind"])
		if kind == "" {
			kind = qda.KindCaseReport
		}
		var parts []string
		for _, blk := range p.Blocks {
			if blk.Title != "" {
				parts = append(parts, blk.Title)
			}
			if blk.QuestionID != "" {
				parts = append(parts, blk.QuestionID)
			}
			if strings.TrimSpace(blk.Body) != "" {
				parts = append(parts, blk.Body)
			}
		}
		name := p.Meta["title"]
		if name == "" {
			name = strings.TrimSuffix(path.Base(f), ".md")
		}
		if _, err := b.s.AddDocument(study.NewDocument{Name: name, Kind: kind, Text: strings.Join(parts, "\n\n") + "\n", Case: caseID, Source: path.Base(f)}); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
	}
	return nil
}
