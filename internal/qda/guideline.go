package qda

import (
	"strconv"
	"strings"
)

// Level is the level of the study an interview or guideline belongs to.
type Level string

// Study levels.
const (
	LevelStrategic Level = "strategic"
	LevelOperative Level = "operative"
	LevelIntensive Level = "intensive"
)

// Levels lists the levels in the study's order.
var Levels = []Level{LevelStrategic, LevelOperative, LevelIntensive}

// Valid reports whether l is a known level.
func (l Level) Valid() bool {
	return l == LevelStrategic || l == LevelOperative || l == LevelIntensive
}

// Role is one entry of a guideline's role vocabulary, e.g. GF for
// "Geschäftsführung Grundsicherung" or a column of A.2.1's role matrix.
type Role struct {
	// Code is the short form used in the guideline, without spaces or commas.
	Code string `json:"code"`
	// Label is the long form.
	Label string `json:"label"`
}

// Guideline is an interview guideline ("Leitfaden"): a preamble and a tree
// of sections, lead questions and follow-up prompts, each addressed to some
// of the guideline's roles. It is stored as one aggregate.
type Guideline struct {
	// GUID identifies the guideline.
	GUID GUID `json:"guid"`
	// Key is the study's short reference, e.g. "A.1.1".
	Key string `json:"key"`
	// Title is the full title.
	Title string `json:"title"`
	// Level is the study level the guideline is used on.
	Level Level `json:"level"`
	// Wave is the survey wave, 1 or more.
	Wave int `json:"wave"`
	// Themes names the set of themes the guideline shares with others:
	// guidelines with the same Themes share their numbered themes (the
	// study's strategic and operative guidelines ask about the same themes
	// 1–6). Empty: the guideline's themes are its own. See ThemeKey.
	Themes string `json:"themes,omitempty"`
	// Preamble holds the preamble's paragraphs.
	Preamble []string `json:"preamble,omitempty"`
	// Roles is the role vocabulary in printed order.
	Roles []Role `json:"roles,omitempty"`
	// Sections are the themes in printed order.
	Sections []Section `json:"sections"`
	// Annexes are the tables printed after the questions (A.3.2's
	// "Übersicht: Starttermine"), to which interviewer notes point.
	Annexes []Annex `json:"annexes,omitempty"`
}

// Annex is a table printed with a guideline: a title, a header row and
// rows of the same width.
type Annex struct {
	// Title is the table's title as printed.
	Title string `json:"title"`
	// Header names the columns.
	Header []string `json:"header"`
	// Rows hold the cells, one slice per row, as wide as Header.
	Rows [][]string `json:"rows,omitempty"`
}

// RoleBasis tells where a question's or prompt's roles come from, so that
// a role assignment the print does not show is never taken for one it does.
type RoleBasis string

// Role bases. A question or prompt stores RolesAll or RolesInferred when its
// file says so ("all-roles", "inferred"); RoleSource derives the basis of
// every item, RolesPrinted included.
const (
	// RolesPrinted: the roles are marked in the printed guideline (the dots
	// of A.2.1's matrix, the parentheses of A.1.x), on the item or its block.
	RolesPrinted RoleBasis = "printed"
	// RolesAll: the guideline marks no role for the item; it is asked of
	// every role.
	RolesAll RoleBasis = "all"
	// RolesInferred: the print marks roles but lost their columns (a dot
	// without its column); the assignment was reconstructed.
	RolesInferred RoleBasis = "inferred"
)

// Section is a theme of a guideline, numbered as printed ("1.", "X.").
type Section struct {
	// GUID identifies the section.
	GUID GUID `json:"guid"`
	// Number is the number exactly as printed, e.g. "4." or "X.".
	Number string `json:"number"`
	// Title is the theme's title.
	Title string `json:"title"`
	// Questions are the lead questions in printed order.
	Questions []Question `json:"questions"`
}

// Question is a lead question.
type Question struct {
	// GUID identifies the question; codes refer to it.
	GUID GUID `json:"guid"`
	// ID is the id exactly as printed ("1.1", "2.2a", "1.3a/1.6", "X.2"),
	// empty for unnumbered lead questions. Ids need not be unique.
	ID string `json:"id,omitempty"`
	// Text is the question's text.
	Text string `json:"text"`
	// Roles are the codes of the roles it is addressed to; empty means the
	// roles of its prompts, or all when none has any (see EffectiveRoles).
	Roles []string `json:"roles,omitempty"`
	// RoleBasis is RolesAll when the question is explicitly asked of every
	// role (its prompts' roles then do not narrow it), RolesInferred when
	// Roles were reconstructed, empty otherwise.
	RoleBasis RoleBasis `json:"roleBasis,omitempty"`
	// Optional marks a question asked at the interviewer's discretion.
	Optional bool `json:"optional,omitempty"`
	// Notes are instructions to the interviewer.
	Notes []string `json:"notes,omitempty"`
	// Prompts are the follow-up prompts.
	Prompts []Prompt `json:"prompts,omitempty"`
}

// Prompt is a follow-up prompt ("Spiegelpunkt"), possibly nested.
type Prompt struct {
	// GUID identifies the prompt.
	GUID GUID `json:"guid"`
	// Text is the prompt's text.
	Text string `json:"text"`
	// Roles are the codes of the roles it is addressed to; empty means the
	// roles of its parent.
	Roles []string `json:"roles,omitempty"`
	// RoleBasis is RolesAll for a prompt explicitly asked of every role,
	// RolesInferred when Roles were reconstructed, empty otherwise.
	RoleBasis RoleBasis `json:"roleBasis,omitempty"`
	// Optional marks a discretionary prompt.
	Optional bool `json:"optional,omitempty"`
	// Notes are instructions to the interviewer.
	Notes []string `json:"notes,omitempty"`
	// Prompts are nested prompts.
	Prompts []Prompt `json:"prompts,omitempty"`
}

// Label returns the question as shown in lists: "1.1 Text" or just the text.
func (q *Question) Label() string {
	if q.ID == "" {
		return q.Text
	}
	return q.ID + " " + q.Text
}

// IsQuestionID reports whether tok looks like a printed question id: it
// starts with a digit, or with "X" followed by "." or a digit, and holds only
// letters, digits, "." and "/".
func IsQuestionID(tok string) bool {
	if tok == "" {
		return false
	}
	switch {
	case tok[0] >= '0' && tok[0] <= '9':
	case tok[0] == 'X' && len(tok) > 1 && (tok[1] == '.' || tok[1] >= '0' && tok[1] <= '9'):
	default:
		return false
	}
	for _, r := range tok {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '.' || r == '/') {
			return false
		}
	}
	return true
}

// ThemeKey returns the identity of the theme numbered number ("4" or "4.")
// in the guideline: "SET/4", where SET is the guideline's Themes or, when
// it shares none, its key. Sections of two guidelines are the same theme
// exactly when their keys are equal, never by number alone.
func (g *Guideline) ThemeKey(number string) string {
	set := g.Themes
	if set == "" {
		set = g.Key
	}
	return set + "/" + strings.TrimSuffix(strings.TrimSpace(number), ".")
}

// ThemeNumber returns the section number without its trailing dot, the form
// used to compare themes across guidelines ("4." → "4").
func (s *Section) ThemeNumber() string {
	return strings.TrimSuffix(s.Number, ".")
}

// Counts holds the size of a guideline's question tree.
type Counts struct {
	Sections  int `json:"sections"`
	Questions int `json:"questions"`
	Prompts   int `json:"prompts"` // all prompts, nested ones included
	Nested    int `json:"nested"`  // prompts below another prompt
}

// Count returns the size of the question tree.
func (g *Guideline) Count() Counts {
	var c Counts
	var walk func(ps []Prompt, depth int)
	walk = func(ps []Prompt, depth int) {
		for i := range ps {
			c.Prompts++
			if depth > 0 {
				c.Nested++
			}
			walk(ps[i].Prompts, depth+1)
		}
	}
	c.Sections = len(g.Sections)
	for _, s := range g.Sections {
		c.Questions += len(s.Questions)
		for _, q := range s.Questions {
			walk(q.Prompts, 0)
		}
	}
	return c
}

// Validate checks the guideline: required fields, valid GUIDs that are unique
// within the guideline, and role codes that are declared.
func (g *Guideline) Validate() error {
	if err := validGUID("guideline", g.GUID); err != nil {
		return err
	}
	if strings.TrimSpace(g.Key) == "" || strings.TrimSpace(g.Title) == "" {
		return Errorf(EInvalid, "guideline %s needs a key and a title", g.GUID)
	}
	if err := CheckName("guideline key", g.Key); err != nil {
		return err
	}
	if err := CheckName("guideline title", g.Title); err != nil {
		return err
	}
	if !g.Level.Valid() {
		return Errorf(EInvalid, "guideline %s has unknown level %q", g.Key, g.Level)
	}
	if g.Wave < 1 {
		return Errorf(EInvalid, "guideline %s has wave %d; waves start at 1", g.Key, g.Wave)
	}
	if g.Themes != "" && (strings.ContainsAny(g.Themes, "/ \t\r\n") || strings.TrimSpace(g.Themes) != g.Themes) {
		return Errorf(EInvalid, "guideline %s: the theme set %q must be one word without \"/\"", g.Key, g.Themes)
	}
	declared := map[string]bool{}
	for _, r := range g.Roles {
		if r.Code == "" || strings.ContainsAny(r.Code, " ,{}") || ReservedAttr(r.Code) {
			return Errorf(EInvalid, "guideline %s has an invalid role code %q", g.Key, r.Code)
		}
		if declared[r.Code] {
			return Errorf(EInvalid, "guideline %s declares role %q twice", g.Key, r.Code)
		}
		declared[r.Code] = true
	}
	seen := map[GUID]bool{g.GUID: true}
	check := func(what string, id GUID, roles []string, basis RoleBasis) error {
		if err := validGUID(what, id); err != nil {
			return err
		}
		switch basis {
		case "":
		case RolesAll:
			if len(roles) > 0 {
				return Errorf(EInvalid, "guideline %s: %s is marked for all roles and names roles too", g.Key, what)
			}
		case RolesInferred:
			if len(roles) == 0 {
				return Errorf(EInvalid, "guideline %s: %s is marked inferred but names no role", g.Key, what)
			}
		default:
			return Errorf(EInvalid, "guideline %s: %s has unknown role basis %q", g.Key, what, basis)
		}
		if seen[id] {
			return Errorf(EInvalid, "guideline %s uses GUID %s twice", g.Key, id)
		}
		seen[id] = true
		for _, r := range roles {
			if !declared[r] {
				return Errorf(EInvalid, "guideline %s: %s uses undeclared role %q", g.Key, what, r)
			}
		}
		return nil
	}
	var prompts func(ps []Prompt, where string) error
	prompts = func(ps []Prompt, where string) error {
		for i := range ps {
			w := where + " prompt " + strconv.Itoa(i+1)
			if strings.TrimSpace(ps[i].Text) == "" {
				return Errorf(EInvalid, "guideline %s: %s has no text", g.Key, w)
			}
			if err := check(w, ps[i].GUID, ps[i].Roles, ps[i].RoleBasis); err != nil {
				return err
			}
			if err := prompts(ps[i].Prompts, w); err != nil {
				return err
			}
		}
		return nil
	}
	for _, s := range g.Sections {
		if err := check("section "+s.Number, s.GUID, nil, ""); err != nil {
			return err
		}
		for _, q := range s.Questions {
			w := "question " + q.Label()
			if strings.TrimSpace(q.Text) == "" {
				return Errorf(EInvalid, "guideline %s: a question in section %s has no text", g.Key, s.Number)
			}
			if err := check(w, q.GUID, q.Roles, q.RoleBasis); err != nil {
				return err
			}
			if err := prompts(q.Prompts, w); err != nil {
				return err
			}
		}
	}
	for i, a := range g.Annexes {
		if strings.TrimSpace(a.Title) == "" || len(a.Header) == 0 {
			return Errorf(EInvalid, "guideline %s: annex %d needs a title and a header row", g.Key, i+1)
		}
		for j, r := range a.Rows {
			if len(r) != len(a.Header) {
				return Errorf(EInvalid, "guideline %s: annex %q row %d has %d cells, the header %d", g.Key, a.Title, j+1, len(r), len(a.Header))
			}
		}
	}
	return nil
}

// ReservedAttr reports whether s is an attribute word of the guideline
// format and so cannot be a role code: "optional", "all-roles",
// "inferred".
func ReservedAttr(s string) bool {
	return s == "optional" || s == "all-roles" || s == "inferred"
}

// QuestionByGUID finds a question and its section.
func (g *Guideline) QuestionByGUID(id GUID) (*Section, *Question) {
	for si := range g.Sections {
		for qi := range g.Sections[si].Questions {
			if g.Sections[si].Questions[qi].GUID == id {
				return &g.Sections[si], &g.Sections[si].Questions[qi]
			}
		}
	}
	return nil, nil
}
