package app

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/protocoder/protocoder/internal/qda"
)

// Guidelines returns every guideline, sorted by key.
func (s *Service) Guidelines() ([]qda.Guideline, error) {
	var out []qda.Guideline
	err := s.store.View(func(tx Tx) (err error) { out, err = tx.Guidelines(); return err })
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, err
}

// Guideline returns one guideline, found by GUID or by key (e.g. "A.1.1").
func (s *Service) Guideline(ref string) (*qda.Guideline, error) {
	var g *qda.Guideline
	err := s.store.View(func(tx Tx) (err error) { g, err = FindGuideline(tx, ref); return err })
	return g, err
}

// FindGuideline finds a guideline by GUID or key (case-insensitive) in tx;
// by key it reads every guideline. Service.FindGuideline is the faster way.
func FindGuideline(tx Tx, ref string) (*qda.Guideline, error) {
	if g, err := tx.Guideline(qda.GUID(ref)); err == nil {
		return g, nil
	}
	gs, err := tx.Guidelines()
	if err != nil {
		return nil, err
	}
	for i := range gs {
		if strings.EqualFold(gs[i].Key, ref) {
			return &gs[i], nil
		}
	}
	return nil, qda.Errorf(qda.ENotFound, "no guideline %q", ref).WithKey("guideline.notFound", map[string]any{"Ref": ref})
}

// FindGuideline is the package function FindGuideline, looking a key up in
// the metadata cache first: the guideline it names is read from tx and
// taken only if its key matches, so a stale cache (or uncommitted changes
// in tx) costs a full read, never a wrong answer.
func (s *Service) FindGuideline(tx Tx, ref string) (*qda.Guideline, error) {
	if g, err := tx.Guideline(qda.GUID(ref)); err == nil {
		return g, nil
	}
	if id, ok := s.meta.GuidelineOfKey(ref); ok {
		if g, err := tx.Guideline(id); err == nil && strings.EqualFold(g.Key, ref) {
			return g, nil
		}
	}
	gs, err := tx.Guidelines()
	if err != nil {
		return nil, err
	}
	// The keys read here may be uncommitted: they are only hints, which
	// the lookup above checks.
	s.meta.HintGuidelines(gs)
	for i := range gs {
		if strings.EqualFold(gs[i].Key, ref) {
			return &gs[i], nil
		}
	}
	return nil, qda.Errorf(qda.ENotFound, "no guideline %q", ref)
}

// Codes returns the codebook, sorted by parent, order and name.
func (s *Service) Codes() ([]qda.Code, error) {
	var out []qda.Code
	err := s.store.View(func(tx Tx) (err error) { out, err = tx.Codes(); return err })
	sort.Slice(out, func(i, j int) bool {
		if out[i].Parent != out[j].Parent {
			return out[i].Parent < out[j].Parent
		}
		if out[i].Order != out[j].Order {
			return out[i].Order < out[j].Order
		}
		return out[i].Name < out[j].Name
	})
	return out, err
}

// Cases returns every case, sorted by pseudonym.
func (s *Service) Cases() ([]qda.Case, error) {
	var out []qda.Case
	err := s.store.View(func(tx Tx) (err error) { out, err = tx.Cases(); return err })
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

// Interviews returns every interview, sorted by level, wave and date.
func (s *Service) Interviews() ([]qda.Interview, error) {
	var out []qda.Interview
	err := s.store.View(func(tx Tx) (err error) { out, err = tx.Interviews(); return err })
	sortInterviews(out)
	return out, err
}

func LevelRank(l qda.Level) int {
	for i, x := range qda.Levels {
		if x == l {
			return i
		}
	}
	return len(qda.Levels)
}

// Documents returns the metadata of every document, sorted by name.
func (s *Service) Documents() ([]qda.Document, error) {
	var out []qda.Document
	err := s.store.View(func(tx Tx) (err error) { out, err = tx.Documents(); return err })
	sortRecords(out, func(i, j int) int { return strings.Compare(out[i].Name, out[j].Name) })
	return out, err
}

// DocumentWithText returns a document's metadata, text and codings (sorted
// by start).
func (s *Service) DocumentWithText(id qda.GUID) (*qda.Document, string, []qda.Coding, error) {
	var d *qda.Document
	var text string
	var cs []qda.Coding
	err := s.store.View(func(tx Tx) (err error) {
		if d, err = tx.Document(id); err != nil {
			return err
		}
		if text, err = tx.Text(id); err != nil {
			return err
		}
		cs, err = tx.CodingsOfDocument(id)
		return err
	})
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].Start != cs[j].Start {
			return cs[i].Start < cs[j].Start
		}
		return cs[i].End > cs[j].End
	})
	return d, text, cs, err
}

// Users returns the project's users, sorted by name.
func (s *Service) Users() ([]qda.User, error) {
	var out []qda.User
	err := s.store.View(func(tx Tx) (err error) { out, err = tx.Users(); return err })
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

// User returns a user by name or GUID.
func (s *Service) User(ref string) (*qda.User, error) {
	var u *qda.User
	err := s.store.View(func(tx Tx) (err error) { u, err = FindUser(tx, ref); return err })
	return u, err
}

// Names maps the GUIDs of codes, users, cases, guidelines and documents to
// their display names, for listings.
func (s *Service) Names() (map[qda.GUID]string, error) {
	n := map[qda.GUID]string{}
	err := s.store.View(func(tx Tx) error {
		codes, err := tx.Codes()
		if err != nil {
			return err
		}
		for _, c := range codes {
			n[c.GUID] = c.Name
		}
		users, err := tx.Users()
		if err != nil {
			return err
		}
		for _, u := range users {
			n[u.GUID] = u.Name
		}
		cases, err := tx.Cases()
		if err != nil {
			return err
		}
		for _, c := range cases {
			n[c.GUID] = c.Name
		}
		gs, err := tx.Guidelines()
		if err != nil {
			return err
		}
		for _, g := range gs {
			n[g.GUID] = g.Key
		}
		docs, err := tx.Documents()
		for _, d := range docs {
			n[d.GUID] = d.Name
		}
		return err
	})
	return n, err
}

// AttributeDefs returns the attribute definitions, by scope and name.
func (s *Service) AttributeDefs() ([]qda.AttributeDef, error) {
	var out []qda.AttributeDef
	err := s.store.View(func(tx Tx) (err error) { out, err = tx.AttributeDefs(); return err })
	sort.Slice(out, func(i, j int) bool {
		if out[i].Scope != out[j].Scope {
			return out[i].Scope < out[j].Scope
		}
		return out[i].Name < out[j].Name
	})
	return out, err
}

// Case returns a case by pseudonym or GUID.
func (s *Service) Case(ref string) (*qda.Case, error) {
	var c *qda.Case
	err := s.store.View(func(tx Tx) (err error) { c, err = FindCase(tx, ref); return err })
	return c, err
}

func FindCase(tx Tx, ref string) (*qda.Case, error) {
	if c, err := tx.Case(qda.GUID(ref)); err == nil {
		return c, nil
	}
	cs, err := tx.Cases()
	if err != nil {
		return nil, err
	}
	for i := range cs {
		if strings.EqualFold(cs[i].Name, strings.TrimSpace(ref)) {
			return &cs[i], nil
		}
	}
	return nil, qda.Errorf(qda.ENotFound, "no case %q", ref).WithKey("case.notFound", map[string]any{"Ref": ref})
}

func FindUser(tx Tx, ref string) (*qda.User, error) {
	if u, err := tx.User(qda.GUID(ref)); err == nil {
		return u, nil
	}
	us, err := tx.Users()
	if err != nil {
		return nil, err
	}
	if u := MatchMember(us, ref); u != nil {
		return u, nil
	}
	return nil, qda.Errorf(qda.ENotFound, "%q is not a member of this project (add members with: %s)", ref, AddMemberHint)
}

// Interview returns an interview by GUID, interviewee pseudonym or
// "PSEUDONYM@WAVE".
func (s *Service) Interview(ref string) (*qda.Interview, error) {
	var iv *qda.Interview
	err := s.store.View(func(tx Tx) (err error) { iv, err = FindInterviewRef(tx, ref); return err })
	return iv, err
}

func FindInterview(tx Tx, ref string) (*qda.Interview, error) {
	if iv, err := tx.Interview(qda.GUID(ref)); err == nil {
		return iv, nil
	}
	ivs, err := tx.Interviews()
	if err != nil {
		return nil, err
	}
	var hits []*qda.Interview
	for i := range ivs {
		if strings.EqualFold(ivs[i].Interviewee, ref) {
			hits = append(hits, &ivs[i])
		}
	}
	switch len(hits) {
	case 1:
		return hits[0], nil
	case 0:
		return nil, qda.Errorf(qda.ENotFound, "no interview %q", ref).WithKey("interview.notFound", map[string]any{"Ref": ref})
	default:
		return nil, qda.Errorf(qda.EInvalid, "%d interviews have the interviewee %q; use the GUID or %s@WAVE", len(hits), ref, ref)
	}
}

// ProtocolOf returns the protocol document of an interview, if any.
func (s *Service) ProtocolOf(iv qda.GUID) (*qda.Document, error) {
	var out *qda.Document
	err := s.store.View(func(tx Tx) error {
		d, err := FindProtocol(tx, iv)
		out = d
		return err
	})
	return out, err
}

func FindProtocol(tx Tx, iv qda.GUID) (*qda.Document, error) {
	docs, err := tx.Documents()
	if err != nil {
		return nil, err
	}
	for i := range docs {
		if docs[i].Interview == iv && docs[i].Kind == qda.KindProtocol {
			return &docs[i], nil
		}
	}
	return nil, qda.Errorf(qda.ENotFound, "interview %s has no protocol yet", iv)
}

// ResolveCode finds a code by GUID, by "KEY:QUESTION" (e.g. "A.1.1:1.1",
// the code of that question), or by its unique name.
func (s *Service) ResolveCode(ref string) (*qda.Code, error) {
	var out *qda.Code
	err := s.store.View(func(tx Tx) error {
		if c, err := tx.Code(qda.GUID(ref)); err == nil {
			out = c
			return nil
		}
		codes, err := tx.Codes()
		if err != nil {
			return err
		}
		if key, qid, ok := strings.Cut(ref, ":"); ok {
			if g, err := FindGuideline(tx, key); err == nil {
				var hits []*qda.Code
				for i := range codes {
					r := codes[i].Ref
					if r != nil && r.Guideline == g.GUID && r.Kind == qda.RefQuestion && r.QuestionID == qid {
						hits = append(hits, &codes[i])
					}
				}
				if len(hits) == 1 {
					out = hits[0]
					return nil
				} else if len(hits) > 1 {
					return qda.Errorf(qda.EInvalid, "guideline %s has %d questions %s; use the code's GUID", g.Key, len(hits), qid)
				}
			}
		}
		var hits []*qda.Code
		for i := range codes {
			if strings.EqualFold(codes[i].Name, ref) {
				hits = append(hits, &codes[i])
			}
		}
		switch len(hits) {
		case 1:
			out = hits[0]
			return nil
		case 0:
			return qda.Errorf(qda.ENotFound, "no code %q", ref).WithKey("code.notFound", map[string]any{"Ref": ref})
		default:
			return qda.Errorf(qda.EInvalid, "%d codes are named %q; use the GUID", len(hits), ref).WithKey("code.ambiguous", map[string]any{"N": len(hits), "Ref": ref})
		}
	})
	return out, err
}

// ThemeCodes returns the codes that belong to one theme: the theme codes
// themselves and every question and prompt code below them, in every
// guideline that shares the theme. A theme is named by its identity
// "SET/N" (see qda.Guideline.ThemeKey: "EJO/4", or "A.3.2/4" for a
// guideline whose themes are its own) or by its number alone ("4", "4.")
// when only one theme has that number; a number that several themes share
// is refused with their identities, so that themes are never matched by
// number alone.
func (s *Service) ThemeCodes(theme string) ([]qda.Code, error) {
	theme = strings.TrimSuffix(strings.TrimSpace(theme), ".")
	codes, err := s.Codes()
	if err != nil {
		return nil, err
	}
	gs, err := s.Guidelines()
	if err != nil {
		return nil, err
	}
	keyOf := ThemeKeys(gs)
	want := ""
	if strings.Contains(theme, "/") {
		set, n, _ := strings.Cut(theme, "/")
		want = strings.TrimSpace(set) + "/" + strings.TrimSuffix(strings.TrimSpace(n), ".")
	} else {
		var found []string
		for _, c := range codes {
			if k := keyOf(c.Ref); k != "" && c.Ref.Theme == theme && !slices.Contains(found, k) {
				found = append(found, k)
			}
		}
		switch len(found) {
		case 0:
			return nil, nil
		case 1:
			want = found[0]
		default:
			sort.Strings(found)
			return nil, qda.Errorf(qda.EInvalid, "theme %s is ambiguous: %s have a theme numbered %s; name one of them", theme, strings.Join(found, ", "), theme)
		}
	}
	var out []qda.Code
	for _, c := range codes {
		if k := keyOf(c.Ref); k != "" && strings.EqualFold(k, want) {
			out = append(out, c)
		}
	}
	return out, nil
}

// ThemeKeys returns a function giving the theme identity of a code's
// reference ("EJO/4", see qda.Guideline.ThemeKey), "" for a code without a
// theme or of an unknown guideline.
func ThemeKeys(gs []qda.Guideline) func(*qda.QuestionRef) string {
	byGUID := make(map[qda.GUID]*qda.Guideline, len(gs))
	for i := range gs {
		byGUID[gs[i].GUID] = &gs[i]
	}
	return func(r *qda.QuestionRef) string {
		if r == nil || r.Theme == "" {
			return ""
		}
		g := byGUID[r.Guideline]
		if g == nil {
			return ""
		}
		return g.ThemeKey(r.Theme)
	}
}

// FindInterviewRef resolves an interview by GUID, interviewee pseudonym or
// "PSEUDONYM@WAVE" (the same person interviewed in two waves).
func FindInterviewRef(tx Tx, ref string) (*qda.Interview, error) {
	name, w, ok := strings.Cut(ref, "@")
	if !ok {
		return FindInterview(tx, ref)
	}
	wave, err := strconv.Atoi(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(w)), "w"))
	if err != nil {
		return nil, qda.Errorf(qda.EInvalid, "%q: the wave after @ must be a number", ref)
	}
	ivs, err := tx.Interviews()
	if err != nil {
		return nil, err
	}
	for i := range ivs {
		if ivs[i].Wave == wave && strings.EqualFold(ivs[i].Interviewee, strings.TrimSpace(name)) {
			return &ivs[i], nil
		}
	}
	return nil, qda.Errorf(qda.ENotFound, "no interview %q in wave %d", name, wave)
}
