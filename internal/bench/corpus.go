package bench

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/importer/protocolmd"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// ProtocolSize is the target size of a generated protocol in bytes (the
// study's protocols are about 15 KB).
const ProtocolSize = 15000

// Coders are the two sample users who code every generated protocol.
var Coders = [2]string{"mara", "jonas"}

// template is a sample protocol whose guideline, role, level and question
// structure generated protocols copy.
type template struct {
	meta   map[string]string
	blocks []qda.ProtocolBlock
}

// Generator generates protocols into a project built from the sample
// project (its guidelines, codes, sites, users): deterministic for a seed.
type Generator struct {
	r         *rand.Rand
	w         *Writer
	templates []template
	jobCentre []string // pseudonyms of the job centres
}

// NewGenerator reads the protocol templates from src (sampledata.FS) and
// the sites from s.
func NewGenerator(s *project.Project, src fs.FS, seed int64) (*Generator, error) {
	var files []string
	err := fs.WalkDir(src, "protocols", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("protocol templates: %w", err)
	}
	sort.Strings(files)
	g := &Generator{r: rand.New(rand.NewSource(seed))}
	g.w = NewWriter(g.r)
	for _, f := range files {
		data, err := fs.ReadFile(src, f)
		if err != nil {
			return nil, err
		}
		p, err := protocolmd.Parse(bytes.NewReader(data), f)
		if err != nil {
			return nil, err
		}
		g.templates = append(g.templates, template{meta: p.Meta, blocks: p.Blocks})
	}
	if len(g.templates) == 0 {
		return nil, qda.Errorf(qda.EInvalid, "no protocol templates")
	}
	cases, err := s.Cases()
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		if c.Kind == qda.CaseJobCentre {
			g.jobCentre = append(g.jobCentre, c.Name)
		}
	}
	sort.Strings(g.jobCentre)
	return g, nil
}

// Protocol returns the i-th protocol: a template's structure with new text
// of about ProtocolSize bytes, at a job centre drawn from all of them
// (strategic protocols of regional directorates keep their site), in the
// template's wave or, for a quarter of the job-centre ones, the other wave.
func (g *Generator) Protocol(i int) (study.NewInterview, []qda.ProtocolBlock, string) {
	t := g.templates[g.r.Intn(len(g.templates))]
	m := t.meta
	site := m["case"]
	if strings.HasPrefix(site, "JC-") && len(g.jobCentre) > 0 {
		site = g.jobCentre[g.r.Intn(len(g.jobCentre))]
	}
	wave, _ := strconv.Atoi(m["wave"])
	n := study.NewInterview{Guideline: m["guideline"], Role: m["role"], Case: site, Wave: wave,
		Interviewee: fmt.Sprintf("%s-%s-%05d", site, m["role"], i), Interviewer: m["interviewer"],
		Status: qda.Status(m["status"]), Recording: qda.RecordingState(m["recording"]),
		Date:    time.Date(2013+wave, time.Month(1+g.r.Intn(12)), 1+g.r.Intn(28), 0, 0, 0, 0, time.UTC),
		Consent: qda.Consent{Recording: true, DataProtection: true, InfoSheet: true}}
	if n.Recording == "none" {
		n.Recording = qda.RecordingNone
	}
	if n.Status == qda.StatusFinal {
		// Generated words look like names to the anonymisation check,
		// and the final gate refuses protocols with open findings.
		n.Status = qda.StatusChecked
	}
	per := ProtocolSize / max(1, len(t.blocks))
	blocks := make([]qda.ProtocolBlock, len(t.blocks))
	for j, b := range t.blocks {
		blocks[j] = qda.ProtocolBlock{Title: b.Title, QuestionID: b.QuestionID, Body: g.w.Text(per/2 + g.r.Intn(per/2+1))}
	}
	return n, blocks, fmt.Sprintf("Protokoll %s %05d", site, i)
}

// Ingested describes an ingest run.
type Ingested struct {
	Docs  []qda.GUID `json:"-"`
	Count int        `json:"protocols"`
	Bytes int        `json:"bytes"`
	// Committed is the time until the last store commit returned (the
	// durable act), Duration until the index had caught up as well.
	Committed time.Duration `json:"committed_ns"`
	Duration  time.Duration `json:"duration_ns"`
}

// Ingest imports protocols from to from+n-1 through Service.ImportProtocol
// (store and, if the service has one, index; one command per protocol;
// the index follows in the background and is waited for at the end),
// reporting progress every 100. Call it with consecutive ranges: the
// protocols are drawn one after another from the seed.
func (g *Generator) Ingest(s *project.Project, from, n int, progress app.Progress) (*Ingested, error) {
	res := &Ingested{}
	start := time.Now()
	for i := from; i < from+n; i++ {
		ni, blocks, name := g.Protocol(i)
		for _, b := range blocks {
			res.Bytes += len(b.Title) + len(b.QuestionID) + len(b.Body)
		}
		p, err := s.ImportProtocol(ni, blocks, name, fmt.Sprintf("bench-%05d.md", i))
		if err != nil {
			return nil, fmt.Errorf("protocol %d: %w", i, err)
		}
		res.Docs = append(res.Docs, p.Document.GUID)
		res.Count++
		if progress != nil && (i+1-from)%100 == 0 {
			progress(i+1-from, n)
		}
	}
	res.Committed = time.Since(start)
	if err := s.WaitIndex(); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	res.Duration = time.Since(start)
	return res, nil
}

// Step is one protocol's import timed alone (IngestEach): until its
// command was committed (durable), and until the index had caught up
// with it as well.
type Step struct {
	Committed, Indexed time.Duration
}

// IngestEach imports protocols from to from+n-1 one command each, as
// Ingest does, but times each alone: the protocol is generated before its
// clock starts, and the index is waited for after each, so that no
// protocol shares a batch of the index with another. One protocol's
// import is so measured the same way in a small and in a large project.
// Committed and Duration of the result are the sums of the steps.
func (g *Generator) IngestEach(s *project.Project, from, n int) (*Ingested, []Step, error) {
	res := &Ingested{}
	steps := make([]Step, 0, n)
	for i := from; i < from+n; i++ {
		ni, blocks, name := g.Protocol(i)
		for _, b := range blocks {
			res.Bytes += len(b.Title) + len(b.QuestionID) + len(b.Body)
		}
		start := time.Now()
		p, err := s.ImportProtocol(ni, blocks, name, fmt.Sprintf("bench-%05d.md", i))
		if err != nil {
			return nil, nil, fmt.Errorf("protocol %d: %w", i, err)
		}
		committed := time.Since(start)
		if err := s.WaitIndex(); err != nil {
			return nil, nil, fmt.Errorf("index: %w", err)
		}
		st := Step{Committed: committed, Indexed: time.Since(start)}
		steps = append(steps, st)
		res.Docs = append(res.Docs, p.Document.GUID)
		res.Count++
		res.Committed += st.Committed
		res.Duration += st.Indexed
	}
	return res, steps, nil
}

// MedianStep returns the medians of the steps' commit and index times
// (of an even number, the mean of the middle two); 0 for none.
func MedianStep(steps []Step) (committed, indexed time.Duration) {
	c, x := make([]time.Duration, len(steps)), make([]time.Duration, len(steps))
	for i, st := range steps {
		c[i], x[i] = st.Committed, st.Indexed
	}
	return medianOf(c), medianOf(x)
}

// medianOf returns the median of ds (sorted in place), 0 for none.
func medianOf(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	n := len(ds)
	if n%2 == 1 {
		return ds[n/2]
	}
	return (ds[n/2-1] + ds[n/2]) / 2
}

// IngestBulk imports protocols from to from+n-1 in one command through
// Service.ImportProtocols, as a folder import does. The protocols are
// drawn from the seed as Ingest draws them, before the clock starts: the
// times are those of the import alone.
func (g *Generator) IngestBulk(s *project.Project, from, n int) (*Ingested, error) {
	res := &Ingested{}
	items := make([]study.ProtocolImport, 0, n)
	for i := from; i < from+n; i++ {
		ni, blocks, name := g.Protocol(i)
		for _, b := range blocks {
			res.Bytes += len(b.Title) + len(b.QuestionID) + len(b.Body)
		}
		items = append(items, study.ProtocolImport{Interview: ni, Blocks: blocks, Name: name, Source: fmt.Sprintf("bench-%05d.md", i)})
	}
	start := time.Now()
	got, err := s.ImportProtocols(items)
	if err != nil {
		return nil, err
	}
	res.Committed = time.Since(start)
	for _, p := range got {
		res.Docs = append(res.Docs, p.Document.GUID)
	}
	if err := s.WaitIndex(); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	res.Count, res.Duration = len(got), time.Since(start)
	return res, nil
}

// CodesPerProtocol is the number of codings each of the two coders adds
// to a generated protocol.
const CodesPerProtocol = 10

// Code adds CodesPerProtocol codings by each of the Coders to every
// document in docs: the first coder's on random passages (40–600
// characters) with codes drawn Zipf-like from the codebook, the second
// coder's overlapping six of them with shifted boundaries (same code in
// most cases) and four of their own. Each document's codings are added in
// one command (coding.Service.AddCodings), as a coder who marks up a
// whole protocol at once adds them. It returns the number of codings and
// the most used code.
func (g *Generator) Code(s *project.Project, docs []qda.GUID, progress app.Progress) (int, qda.GUID, error) {
	codes, err := s.Codes()
	if err != nil {
		return 0, "", err
	}
	if len(codes) < 2 {
		return 0, "", qda.Errorf(qda.EInvalid, "the codebook has fewer than two codes")
	}
	var coder [2]qda.GUID
	for i, name := range Coders {
		u, err := s.User(name)
		if err != nil {
			return 0, "", err
		}
		coder[i] = u.GUID
	}
	all, err := s.Documents()
	if err != nil {
		return 0, "", err
	}
	length := make(map[qda.GUID]int, len(all))
	for _, d := range all {
		length[d.GUID] = d.Length
	}
	zipf := rand.NewZipf(g.r, 1.2, 1, uint64(len(codes)-1))
	n := 0
	batch := make([]coding.NewCoding, 0, 2*CodesPerProtocol)
	for di, doc := range docs {
		dl, ok := length[doc]
		if !ok {
			return n, "", qda.Errorf(qda.ENotFound, "document %s does not exist", doc)
		}
		span := func() (int, int) {
			l := 40 + g.r.Intn(560)
			st := g.r.Intn(max(1, dl-l))
			return st, min(dl, st+l)
		}
		batch = batch[:0]
		add := func(st, end int, code qda.GUID, who qda.GUID) {
			st, end = max(0, st), min(dl, end)
			if end > st {
				batch = append(batch, coding.NewCoding{Document: doc, Start: st, End: end, Code: code, Coder: who})
			}
		}
		for k := 0; k < CodesPerProtocol; k++ {
			st, end := span()
			code := codes[zipf.Uint64()].GUID
			add(st, end, code, coder[0])
			if k < 6 {
				if g.r.Intn(5) == 0 {
					code = codes[zipf.Uint64()].GUID
				}
				add(st+g.r.Intn(41)-20, end+g.r.Intn(41)-20, code, coder[1])
			} else {
				st, end = span()
				add(st, end, codes[zipf.Uint64()].GUID, coder[1])
			}
		}
		if _, err := s.AddCodings(batch); err != nil {
			return n, "", fmt.Errorf("codings of %s: %w", doc, err)
		}
		n += len(batch)
		if progress != nil && (di+1)%100 == 0 {
			progress(di+1, len(docs))
		}
	}
	return n, codes[0].GUID, nil
}
