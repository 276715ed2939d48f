package wire

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/members"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/importer/guidefmt"
	"github.com/protocoder/protocoder/internal/importer/protocolmd"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// SampleName is the name of the sample project.
const SampleName = "Beispielprojekt EJO"

// CreateSample builds a fresh sample project in dir from the sample files in
// src (sampledata.FS): guidelines with their codes, sites with attributes,
// users, protocols with template codings, second-coder codings and reports.
func CreateSample(dir string, src fs.FS, o Options) error {
	users, err := readCSV(src, "users.csv")
	if err != nil {
		return err
	}
	if len(users) == 0 {
		return fmt.Errorf("sample project: users.csv names no team members")
	}
	// The first member of users.csv builds the sample, whoever asked.
	o.User, o.UserFallback = users[0]["name"], ""
	if err := Init(dir, SampleName, o); err != nil {
		return err
	}
	// Build without the index and without an fsync per command (a sample
	// that fails half-way is thrown away anyway), then make the file
	// durable and build the index once: seconds instead of half a minute.
	bulk := o
	bulk.NoIndex, bulk.Store.NoSync = true, true
	s, err := Open(dir, bulk)
	if err != nil {
		return err
	}
	b := &sampleBuilder{s: s, src: src, docs: map[string]qda.GUID{}}
	err = b.build(users)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := syncFile(filepath.Join(dir, "project.db")); err != nil {
		return err
	}
	s, err = Open(dir, o)
	if err != nil {
		return err
	}
	_, err = s.EnsureIndex(nil)
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncFile flushes a file written without fsync to disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

type sampleBuilder struct {
	s    *project.Project
	src  fs.FS
	docs map[string]qda.GUID // protocol path (below protocols/) → document
}

func (b *sampleBuilder) build(users []map[string]string) error {
	// The first member of users.csv is added first and acts for the
	// rest of the build (the sample's lead).
	for i, u := range users {
		roles, err := qda.ParseRoles(u["roles"])
		if err != nil {
			return fmt.Errorf("users.csv row %d: %w", i+2, err)
		}
		m := members.NewMember{Name: u["name"], FullName: u["full_name"], Initials: u["initials"], Roles: roles}
		if _, err := b.s.AddMember(m); err != nil && qda.ErrorCode(err) != qda.EConflict {
			return fmt.Errorf("users.csv row %d: %w", i+2, err)
		}
	}
	steps := []func() error{b.guidelines, b.attributes, b.cases, b.caseHistory, b.plan, b.protocols, b.attrition, b.codings, b.summaries, b.reports, b.deliverables, b.evalQuestions}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("sample project: %w", err)
		}
	}
	return nil
}

func (b *sampleBuilder) guidelines() error {
	files, err := fs.Glob(b.src, "guidelines/*.guide.md")
	if err != nil {
		return err
	}
	for _, f := range files {
		data, err := fs.ReadFile(b.src, f)
		if err != nil {
			return err
		}
		g, err := guidefmt.Parse(bytes.NewReader(data), f, app.RandomIDs{}.NewGUID)
		if err != nil {
			return err
		}
		if _, err := b.s.ImportGuideline(g, study.ImportOptions{}); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
	}
	return nil
}

// Sample attribute names.
const (
	AttrRD         = "Regionaldirektion"
	AttrType       = "Umsetzungstyp"
	AttrStart      = app.AttrProgrammeStart
	AttrEmployer   = "Arbeitgeberservice"
	AttrCaseStudy  = "Fallstudienstandort"
	AttrCustomerOf = app.AttrCustomerSince
	AttrPair       = app.AttrPair
	AttrCustomer   = app.AttrCustomer
	AttrGroup      = app.AttrGroup
)

func (b *sampleBuilder) attributes() error {
	for _, d := range []qda.AttributeDef{
		{Name: AttrRD, Type: qda.AttrChoice, Scope: qda.ScopeCase, Choices: []string{"NRW", "NSB"}, Description: "zuständige Regionaldirektion"},
		{Name: AttrType, Type: qda.AttrChoice, Scope: qda.ScopeCase, Choices: []string{"1a", "1b", "2a", "2b"}, Description: "Umsetzungstyp nach Arbeitgeberakquise und Zuweisung (Übersicht 2-4)"},
		{Name: AttrStart, Type: qda.AttrDate, Scope: qda.ScopeCase, Description: "operativer Start der EJO im Jobcenter"},
		{Name: AttrEmployer, Type: qda.AttrChoice, Scope: qda.ScopeCase, Choices: []string{"gemeinsam", "eigener"}, Description: "gemeinsamer Arbeitgeber-Service oder eigener des Jobcenters"},
		{Name: AttrCaseStudy, Type: qda.AttrChoice, Scope: qda.ScopeCase, Choices: []string{"ja", "nein"}, Description: "Standort der vertiefenden Fallstudien"},
		{Name: AttrCustomerOf, Type: qda.AttrDate, Scope: qda.ScopeInterview, Description: "seit wann die Kundin/der Kunde im Jobcenter betreut wird (A.3.2, Frage 2.1)"},
		{Name: AttrPair, Type: qda.AttrText, Scope: qda.ScopeInterview, Description: "Kennung der Intensivfallstudie (eine IFK und ihre Kundinnen und Kunden über die Wellen)"},
		{Name: AttrGroup, Type: qda.AttrChoice, Scope: qda.ScopeInterview, Choices: []string{"Bestandskraft", "Neueinstellung"}, Description: "Gruppe der IFK im Projektteam, wie der Mengenplan sie zählt (Übersichten 2-2 und 2-3)"},
		{Name: AttrCustomer, Type: qda.AttrText, Scope: qda.ScopeInterview, Description: "Kundin/Kunde, über die/den die IFK im Interview A.3.1 spricht"},
	} {
		if _, err := b.s.AddAttributeDef(d); err != nil {
			return err
		}
	}
	return nil
}

func (b *sampleBuilder) cases() error {
	rows, err := readCSV(b.src, "cases.csv")
	if err != nil {
		return err
	}
	employer := map[string]string{"joint": "gemeinsam", "own": "eigener"}
	caseStudy := map[string]string{"yes": "ja", "no": "nein"}
	for _, r := range rows {
		attrs := map[string]string{AttrRD: r["regional_directorate"], AttrType: r["implementation_type"],
			AttrStart: r["programme_start"], AttrEmployer: employer[r["employer_service"]], AttrCaseStudy: caseStudy[r["case_study"]]}
		// The real names stay out of the project: they belong in a
		// pseudonym key, which the sample has not.
		if _, err := b.s.AddCase(study.NewCase{Name: r["pseudonym"], Kind: qda.CaseKind(r["kind"]), Attributes: attrs}); err != nil {
			return fmt.Errorf("cases.csv %s: %w", r["pseudonym"], err)
		}
	}
	return nil
}

func (b *sampleBuilder) plan() error {
	data, err := fs.ReadFile(b.src, "plan.csv")
	if isNotExist(err) {
		return nil
	} else if err != nil {
		return err
	}
	rows, err := study.ParsePlanCSV(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("plan.csv: %w", err)
	}
	if _, err = b.s.ImportPlan(rows); err != nil {
		return err
	}
	data, err = fs.ReadFile(b.src, "waves.csv")
	if isNotExist(err) {
		return nil
	} else if err != nil {
		return err
	}
	ws, err := study.ParseWindowsCSV(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("waves.csv: %w", err)
	}
	for _, w := range ws {
		if err := b.s.SetWaveWindow(w); err != nil {
			return fmt.Errorf("waves.csv: %w", err)
		}
	}
	return nil
}

// deliverables derives the study's reports from the plan, due at the end
// of the fieldwork (2015-06-30, the end of wave 2), and applies the status
// of those the sample has written (deliverables.csv).
func (b *sampleBuilder) deliverables() error {
	if _, _, err := b.s.GenerateDeliverables(study.GenerateOptions{Due: "2015-06-30", Owner: "mara"}); err != nil {
		return err
	}
	rows, err := readCSV(b.src, "deliverables.csv")
	if err != nil {
		return err
	}
	for i, r := range rows {
		st, owner, due, note := qda.DeliverableStatus(r["status"]), r["owner"], r["due"], r["note"]
		if err := b.s.SetDeliverable(r["id"], study.DeliverableChange{Status: &st, Owner: &owner, Due: &due, Note: &note}); err != nil {
			return fmt.Errorf("deliverables.csv row %d: %w", i+2, err)
		}
	}
	return nil
}

// evalQuestions adds the study's evaluation questions with their codes
// (evaluation-questions.csv; codes separated by ";").
func (b *sampleBuilder) evalQuestions() error {
	rows, err := readCSV(b.src, "evaluation-questions.csv")
	if err != nil {
		return err
	}
	for i, r := range rows {
		if err := b.s.AddEvalQuestion(r["id"], r["text"], ""); err != nil {
			return fmt.Errorf("evaluation-questions.csv row %d: %w", i+2, err)
		}
		if codes := strings.Split(r["codes"], ";"); r["codes"] != "" {
			if err := b.s.LinkEvalQuestion(r["id"], codes, false); err != nil {
				return fmt.Errorf("evaluation-questions.csv row %d: %w", i+2, err)
			}
		}
	}
	return nil
}

// caseHistory records the sites' re-typing (case-history.csv).
func (b *sampleBuilder) caseHistory() error {
	rows, err := readCSV(b.src, "case-history.csv")
	if err != nil {
		return err
	}
	for i, r := range rows {
		if _, err := b.s.ChangeCaseAttribute(r["case"], r["attribute"], r["value"], r["from"], r["reason"]); err != nil {
			return fmt.Errorf("case-history.csv row %d: %w", i+2, err)
		}
	}
	return nil
}

// attrition records the panel members the sample's study lost
// (attrition.csv), after the protocols, since an exit needs the person's
// interviews.
func (b *sampleBuilder) attrition() error {
	rows, err := readCSV(b.src, "attrition.csv")
	if isNotExist(err) {
		return nil
	} else if err != nil {
		return err
	}
	for i, r := range rows {
		w, err := strconv.Atoi(r["from_wave"])
		if err != nil {
			return fmt.Errorf("attrition.csv row %d: from_wave must be a number", i+2)
		}
		if _, err := b.s.RecordExit(study.PanelExit{Person: r["person"], Case: r["case"], Level: qda.Level(r["level"]),
			Kind: qda.ExitKind(r["kind"]), FromWave: w, Date: r["date"], Reason: r["reason"]}); err != nil {
			return fmt.Errorf("attrition.csv row %d: %w", i+2, err)
		}
	}
	return nil
}

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

// readCSV reads a CSV file with a header into maps; a missing file is empty.
func readCSV(src fs.FS, name string) ([]map[string]string, error) {
	f, err := src.Open(name)
	if isNotExist(err) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err == io.EOF {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		m := map[string]string{}
		for i, h := range header {
			if i < len(rec) {
				m[strings.TrimSpace(h)] = strings.TrimSpace(rec[i])
			}
		}
		out = append(out, m)
	}
	return out, nil
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
