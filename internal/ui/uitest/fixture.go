package uitest

import (
	"os"
	"sync"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// ns is the namespace of the fixture's GUIDs.
const ns qda.GUID = "6f1c9d1e-3a0b-4c1e-9a51-000000000000"

// ID returns the fixture GUID for a name such as "case:JC-07".
func ID(name string) qda.GUID { return qda.NameGUID(ns, name) }

// Sample returns a store holding a small study: two guidelines (one with
// roles GF, PL and CF), three sites, five interviews on two levels and two
// waves (one without a protocol), two case reports, one other document, a
// codebook of five codes and a few codings.
func Sample() *MemStore {
	m := NewMemStore("EJO-Evaluation")
	day := func(d int) time.Time { return time.Date(2024, 3, d, 0, 0, 0, 0, time.UTC) }

	m.Users[ID("user:anna")] = qda.User{GUID: ID("user:anna"), Name: "anna", Initials: "AA", Roles: []qda.MemberRole{qda.MemberLead, qda.MemberInterviewer, qda.MemberCoder}}

	m.Guidelines[ID("g:A.1.1")] = qda.Guideline{
		GUID: ID("g:A.1.1"), Key: "A.1.1", Title: "Strategische Ebene – Geschäftsführung", Level: qda.LevelStrategic, Wave: 1,
		Preamble: []string{"Vor Beginn der Interviews ist darauf hinzuweisen, dass keine Klarnamen erfasst werden."},
		Roles:    []qda.Role{{Code: "GF", Label: "Geschäftsführung Grundsicherung"}, {Code: "PL", Label: "Projektleitung"}, {Code: "CF", Label: "Controlling"}},
		Sections: []qda.Section{
			{GUID: ID("s:1"), Number: "1.", Title: "Strategische Bedeutung", Questions: []qda.Question{
				{GUID: ID("q:1.1"), ID: "1.1", Text: "Welche Ziele verfolgt Ihr Jobcenter?", Roles: []string{"GF", "PL"}},
				{GUID: ID("q:1.2"), ID: "1.2", Text: "Was läuft gut, was weniger gut?", Notes: []string{"Nach Ermessen stellen."}, Prompts: []qda.Prompt{
					{GUID: ID("p:1.2a"), Text: "Kennzahlen und Zielerreichung", Roles: []string{"CF"}},
					{GUID: ID("p:1.2b"), Text: "Größe der Teams", Roles: []string{"GF"}, Prompts: []qda.Prompt{
						{GUID: ID("p:1.2b1"), Text: "Veränderungen seit Beginn"},
					}},
				}},
			}},
			{GUID: ID("s:2"), Number: "2.", Title: "Steuerung", Questions: []qda.Question{
				{GUID: ID("q:2.1"), ID: "2.1", Text: "Wie wird die Zielerreichung gemessen?", Roles: []string{"CF"}},
			}},
		},
	}
	m.Guidelines[ID("g:A.2.1")] = qda.Guideline{
		GUID: ID("g:A.2.1"), Key: "A.2.1", Title: "Erweiterte Joboffensive – Operative Ebene", Level: qda.LevelOperative, Wave: 1,
		Sections: []qda.Section{{GUID: ID("s:op1"), Number: "1.", Title: "Zuweisung", Questions: []qda.Question{
			{GUID: ID("q:op1.1"), ID: "1.1", Text: "Wie hat sich die Zuweisungspraxis verändert?"},
		}}},
	}

	for _, c := range []qda.Case{
		{GUID: ID("case:JC-07"), Name: "JC-07", Kind: qda.CaseJobCentre},
		{GUID: ID("case:JC-12"), Name: "JC-12", Kind: qda.CaseJobCentre},
		{GUID: ID("case:RD-Nord"), Name: "RD-Nord", Kind: qda.CaseRegionalDirectorate},
	} {
		m.Cases[c.GUID] = c
	}

	iv := func(name string, g string, lvl qda.Level, wave int, cs, role string, d int) {
		m.Interviews[ID("iv:"+name)] = qda.Interview{GUID: ID("iv:" + name), Guideline: ID("g:" + g), Level: lvl, Wave: wave,
			Case: ID("case:" + cs), Role: role, Interviewee: name, Date: day(d), Status: qda.StatusComplete}
	}
	iv("GF-07", "A.1.1", qda.LevelStrategic, 1, "JC-07", "GF", 4)
	iv("PL-07", "A.1.1", qda.LevelStrategic, 2, "JC-07", "PL", 5)
	iv("GF-RD", "A.1.1", qda.LevelStrategic, 1, "RD-Nord", "GF", 6)
	iv("TL-12", "A.2.1", qda.LevelOperative, 1, "JC-12", "", 7)
	iv("IFK-12", "A.2.1", qda.LevelOperative, 1, "JC-12", "", 8)

	doc := func(name string, kind qda.DocKind, ivName, cs, text string) {
		id := ID("doc:" + name)
		d := qda.Document{GUID: id, Name: name, Kind: kind, Length: qda.RuneLen(text), Created: day(10), Modified: day(11)}
		if ivName != "" {
			d.Interview = ID("iv:" + ivName)
		}
		if cs != "" {
			d.Case = ID("case:" + cs)
		}
		m.Documents[id] = d
		m.Texts[id] = text
	}
	doc("Protokoll GF-07", qda.KindProtocol, "GF-07", "JC-07", "Die Geschäftsführerin beschreibt die Ziele.\n\nÜber die Größe der Teams wurde gesprochen.")
	doc("Protokoll PL-07", qda.KindProtocol, "PL-07", "JC-07", "Die Projektleitung äußert sich zur Zusammenarbeit.")
	doc("Protokoll GF-RD", qda.KindProtocol, "GF-RD", "RD-Nord", "Die Regionaldirektion steuert über Kennzahlen.")
	doc("Protokoll TL-12", qda.KindProtocol, "TL-12", "JC-12", "Die Teamleitung schildert die Zuweisung.")
	doc("Fallbericht JC-07", qda.KindCaseReport, "", "JC-07", "Zusammenfassung für JC-07.")
	doc("Fallbericht JC-12", qda.KindCaseReport, "", "JC-12", "Zusammenfassung für JC-12.")
	doc("Konzeptpapier Süd", qda.KindOther, "", "", "Ein Konzeptpapier.")

	code := func(name, parent, color string, order int) {
		c := qda.Code{GUID: ID("code:" + name), Name: name, Color: color, Order: order}
		if parent != "" {
			c.Parent = ID("code:" + parent)
		}
		m.Codes[c.GUID] = c
	}
	code("Strategische Bedeutung", "", "#4363d8", 1)
	code("Ziele", "Strategische Bedeutung", "#3cb44b", 1)
	code("Erwartungen", "Strategische Bedeutung", "#f58231", 2)
	code("Zusammenarbeit mit AG-S", "", "#e6194b", 2)
	code("Überraschungen", "", "#911eb4", 3)

	coding := func(n, docName, codeName string, start, end int) {
		id := ID("coding:" + n)
		m.Codings[id] = qda.Coding{GUID: id, Document: ID("doc:" + docName), Code: ID("code:" + codeName),
			Coder: ID("user:anna"), Range: qda.Range{Start: start, End: end}, Created: day(12)}
	}
	coding("1", "Protokoll GF-07", "Ziele", 0, 10)
	coding("2", "Protokoll GF-07", "Ziele", 20, 30)
	coding("3", "Protokoll PL-07", "Zusammenarbeit mit AG-S", 0, 10)
	coding("4", "Protokoll GF-RD", "Ziele", 4, 12)
	return m
}

// Service returns a project.Project on m acting as user.
func Service(m *MemStore, user string) *project.Project {
	return project.New(app.Config{Store: m, UserName: user})
}

// Opener is a fake project opener: it knows the stores registered under a
// folder and creates empty ones on Init. It creates the folders on disk so
// that code checking for missing folders sees them.
type Opener struct {
	mu       sync.Mutex
	Projects map[string]*MemStore
	// User is the acting user of every opened Service.
	User string
}

// NewOpener returns an Opener without projects.
func NewOpener(user string) *Opener { return &Opener{Projects: map[string]*MemStore{}, User: user} }

// Add registers a store under dir and creates the folder.
func (o *Opener) Add(dir string, m *MemStore) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.Projects[dir] = m
	return os.MkdirAll(dir, 0o755)
}

// Open returns a Service on the store registered under dir.
func (o *Opener) Open(dir string) (*project.Project, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	m, ok := o.Projects[dir]
	if !ok {
		return nil, qda.Errorf(qda.ENotProject, "%s is not a protocoder project", dir)
	}
	m.mu.Lock()
	m.closed = false
	m.mu.Unlock()
	return Service(m, o.User), nil
}

// Init registers a new, empty project under dir.
func (o *Opener) Init(dir, name string) error {
	o.mu.Lock()
	_, exists := o.Projects[dir]
	o.mu.Unlock()
	if exists {
		return qda.Errorf(qda.EConflict, "%s already holds a project", dir)
	}
	return o.Add(dir, NewMemStore(name))
}

// Sample registers a fresh copy of the sample fixture under dir.
func (o *Opener) Sample(dir string) error {
	o.mu.Lock()
	_, exists := o.Projects[dir]
	o.mu.Unlock()
	if exists {
		return qda.Errorf(qda.EConflict, "%s already holds a project", dir)
	}
	return o.Add(dir, Sample())
}

// Language switches the UI language for the rest of the test binary by
// setting the locale environment and registering the translations again.
func Language(t testing.TB, code string) {
	t.Helper()
	t.Setenv("LC_ALL", code)
	t.Setenv("LANGUAGE", code)
	if err := i18n.Register(); err != nil {
		t.Fatal(err)
	}
}
