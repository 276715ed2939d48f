package wire

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/members"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/importer/guidefmt"
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
