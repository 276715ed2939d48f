//go:build unix

package torture

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/protocoder/protocoder/internal/qda"
)

// Kinds of torture operations.
const (
	opCodeAdd      = "code add"
	opCodeSet      = "code set"
	opCodeRename   = "code rename"
	opDocImport    = "document import"
	opProtoImport  = "protocol import"
	opCodingAdd    = "coding add"
	opCodingDelete = "coding delete"
	opCodeMemo     = "code memo"
)

// op is one command of a torture cycle and what its output confirmed.
type op struct {
	kind string
	line string // the command line, in batch syntax
	// What the op does.
	code   qda.GUID // code set, code rename: the code
	name   string   // code add: the name; code rename: the new name
	desc   string   // code set: the description; code memo: the memo
	files  []string // imports: the files
	tokens []string // imports: a word only that file holds
	coding qda.GUID // coding delete
	doc    qda.GUID // coding add: document and range
	start  int
	end    int
	// What the output said.
	done  bool       // "# ok" (batch) or exit 0
	errs  string     // "# error: …"
	guids []qda.GUID // the GUID printed per file, or of the created entity
}

// units is how many commands the op commits when it completes.
func (o *op) units() int {
	if len(o.files) > 0 {
		return len(o.files)
	}
	return 1
}

// confirmed is how many of the op's commands its output confirmed.
func (o *op) confirmed() int {
	switch o.kind {
	case opDocImport, opProtoImport, opCodeAdd, opCodingAdd:
		return len(o.guids)
	}
	if o.done {
		return 1
	}
	return 0
}

// commands is how many commands the confirmed part of the op committed:
// a protocol import of several files is one command (all files or none),
// a document import one per file.
func (o *op) commands() int {
	if o.kind == opProtoImport {
		return min(o.confirmed(), 1)
	}
	return o.confirmed()
}

// guidAt matches a GUID at the start of a line or after a tab.
var guidAt = regexp.MustCompile(`(?:^|\t)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\t|$)`)

// take records one line of the op's output.
func (o *op) take(line string) {
	if m := guidAt.FindStringSubmatch(line); m != nil {
		o.guids = append(o.guids, qda.GUID(m[1]))
	}
}

// planner makes the operations of torture cycles.
type planner struct {
	rng     *rand.Rand
	dataDir string   // where generated files go
	protos  []string // sample protocol files to vary
	n       int      // counter for unique names
}

func newPlanner(rng *rand.Rand, dataDir string) (*planner, error) {
	protos, err := filepath.Glob(repoFile("sampledata/protocols/*/*.md"))
	if err != nil || len(protos) == 0 {
		return nil, fmt.Errorf("no sample protocols found: %v", err)
	}
	sort.Strings(protos)
	return &planner{rng: rng, dataDir: dataDir, protos: protos}, nil
}

func (p *planner) next() int { p.n++; return p.n }

// plan returns about n operations valid on the state sn, applied in order.
func (p *planner) plan(sn *snapshot, n int) ([]*op, error) {
	var ops []*op
	var newCodes []string
	renamed, described, deleted, memoed := map[qda.GUID]bool{}, map[qda.GUID]bool{}, map[qda.GUID]bool{}, map[qda.GUID]bool{}
	ours := p.tortureCodes(sn)
	allCodes := make([]qda.GUID, 0, len(sn.codes))
	for g := range sn.codes {
		allCodes = append(allCodes, g)
	}
	sort.Slice(allCodes, func(i, j int) bool { return allCodes[i] < allCodes[j] })
	var codings []qda.GUID
	for g := range sn.codings {
		codings = append(codings, g)
	}
	sort.Slice(codings, func(i, j int) bool { return codings[i] < codings[j] })
	for len(ops) < n {
		r := p.rng.IntN(100)
		switch {
		case r < 15:
			name := fmt.Sprintf("T-%d", p.next())
			newCodes = append(newCodes, name)
			ops = append(ops, &op{kind: opCodeAdd, name: name, line: "code add " + name})
		case r < 25 && len(ours) > 0:
			g := ours[p.rng.IntN(len(ours))]
			if described[g] {
				continue
			}
			described[g] = true
			d := fmt.Sprintf("Beschreibung %d", p.next())
			ops = append(ops, &op{kind: opCodeSet, code: g, desc: d, line: fmt.Sprintf("code set %s --description %q", g, d)})
		case r < 30 && len(ours) > 0:
			g := ours[p.rng.IntN(len(ours))]
			if memoed[g] {
				continue
			}
			memoed[g] = true
			m := fmt.Sprintf("Memo %d: warum dieser Code", p.next())
			ops = append(ops, &op{kind: opCodeMemo, code: g, desc: m, line: fmt.Sprintf("code set %s --memo %q", g, m)})
		case r < 35 && len(ours) > 0:
			g := ours[p.rng.IntN(len(ours))]
			if renamed[g] {
				continue
			}
			renamed[g] = true
			name := fmt.Sprintf("T-%d-umbenannt", p.next())
			ops = append(ops, &op{kind: opCodeRename, code: g, name: name, line: fmt.Sprintf("code rename %s %s", g, name)})
		case r < 55:
			o, err := p.docImport(1 + p.rng.IntN(4))
			if err != nil {
				return nil, err
			}
			ops = append(ops, o)
		case r < 70:
			o, err := p.protoImport(1 + p.rng.IntN(3))
			if err != nil {
				return nil, err
			}
			ops = append(ops, o)
		case r < 95:
			d, ok := sn.docOfLength(20, p.rng.IntN)
			if !ok {
				continue
			}
			start := p.rng.IntN(d.Length - 10)
			end := start + 1 + p.rng.IntN(min(200, d.Length-start))
			ref := ""
			if len(newCodes) > 0 && p.rng.IntN(2) == 0 {
				ref = newCodes[p.rng.IntN(len(newCodes))]
			} else {
				ref = string(allCodes[p.rng.IntN(len(allCodes))])
			}
			ops = append(ops, &op{kind: opCodingAdd, doc: d.GUID, start: start, end: end,
				line: fmt.Sprintf("coding add --doc %s --start %d --end %d --code %s", d.GUID, start, end, ref)})
		case len(codings) > 0:
			g := codings[p.rng.IntN(len(codings))]
			if deleted[g] {
				continue
			}
			deleted[g] = true
			ops = append(ops, &op{kind: opCodingDelete, coding: g, line: "coding delete " + string(g)})
		}
	}
	return ops, nil
}

// tortureCodes returns the codes made by earlier cycles, in GUID order.
func (p *planner) tortureCodes(sn *snapshot) []qda.GUID {
	var out []qda.GUID
	for g, c := range sn.codes {
		if strings.HasPrefix(c.Name, "T-") {
			out = append(out, g)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// words fill generated documents.
var words = strings.Fields(`Arbeitgeberservice Vermittlung Jobcenter Kundin Kunde Beratung Integrationsfachkraft
Maßnahme Förderung Eingliederung Projektteam Basisteam Leistungsteam Geschäftsführung Übergang Größe
Vorschläge Zusammenarbeit Betrieb Stelle Bewerbung Qualifizierung Arbeitsmarkt Sozialgesetzbuch Ziel
Steuerung Kennzahlen Controlling Träger Netzwerk Erfahrung Aufwand Wirkung Schnittstelle Fallzahl`)

// docImport writes k text files with unique names and words.
func (p *planner) docImport(k int) (*op, error) {
	o := &op{kind: opDocImport}
	for range k {
		i := p.next()
		tok := fmt.Sprintf("torturewort%dx", i) // "x" ends it: torturewort1x is no part of torturewort12x
		var b strings.Builder
		paras := 3 + p.rng.IntN(30)
		for j := range paras {
			for w := range 20 + p.rng.IntN(80) {
				if w > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(words[p.rng.IntN(len(words))])
			}
			if j == paras/2 {
				b.WriteString(" " + tok)
			}
			b.WriteString(".\n\n")
		}
		path := filepath.Join(p.dataDir, fmt.Sprintf("D-%d.txt", i))
		if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
			return nil, err
		}
		o.files, o.tokens = append(o.files, path), append(o.tokens, tok)
	}
	o.line = "document import " + strings.Join(o.files, " ")
	return o, nil
}

// noRecording matches a protocol's recording state, which the torture's
// protocols leave out (a recording can then be attached).
var noRecording = regexp.MustCompile(`(?m)^recording: .*\n`)

// protoImport writes k protocols: sample protocols with a new interviewee
// pseudonym and a section holding a unique word.
func (p *planner) protoImport(k int) (*op, error) {
	o := &op{kind: opProtoImport}
	for range k {
		i := p.next()
		src := p.protos[p.rng.IntN(len(p.protos))]
		b, err := os.ReadFile(src)
		if err != nil {
			return nil, err
		}
		tok := fmt.Sprintf("torturewort%dx", i) // "x" ends it: torturewort1x is no part of torturewort12x
		text := regexp.MustCompile(`(?m)^interviewee: .*$`).ReplaceAllString(string(b), fmt.Sprintf("interviewee: TT-%d", i))
		text = noRecording.ReplaceAllString(text, "")
		text += fmt.Sprintf("\n## Nachtrag\n\nKennwort %s.\n", tok)
		path := filepath.Join(p.dataDir, fmt.Sprintf("P-%d.md", i))
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			return nil, err
		}
		o.files, o.tokens = append(o.files, path), append(o.tokens, tok)
	}
	o.line = "protocol import " + strings.Join(o.files, " ")
	return o, nil
}
