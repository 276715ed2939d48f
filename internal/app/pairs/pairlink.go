package pairs

import (
	"strconv"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// newPairID returns "P-<site number>-<n>" (the sample's form: P-04-1 for
// JC-04) with the next free n.
func newPairID(defs []qda.AttributeDef, ivs []qda.Interview, site string) string {
	suffix := site
	if i := strings.LastIndex(site, "-"); i >= 0 && i < len(site)-1 {
		suffix = site[i+1:]
	}
	prefix := "P-" + suffix + "-"
	n := 0
	for _, iv := range ivs {
		v := app.AttrValue(defs, qda.ScopeInterview, app.AttrPair, iv.Attributes)
		if k, err := strconv.Atoi(strings.TrimPrefix(v, prefix)); strings.HasPrefix(v, prefix) && err == nil && k > n {
			n = k
		}
	}
	return prefix + strconv.Itoa(n+1)
}

// LinkPair puts interview b into a's pair (or a into b's), creating a new
// pair when neither belongs to one, in one command. It refuses to merge two
// pairs and to link interviews that cannot form a pair (see checkPair).
func (s *Service) LinkPair(a, b string) (*Pair, error) {
	var p *Pair
	err := s.Write("pair.link", "link interviews "+a+" and "+b, func(tx app.Tx) error {
		ia, err := app.FindInterviewRef(tx, a)
		if err != nil {
			return err
		}
		ib, err := app.FindInterviewRef(tx, b)
		if err != nil {
			return err
		}
		if ia.GUID == ib.GUID {
			return qda.Errorf(qda.EInvalid, "an interview cannot be paired with itself")
		}
		def, err := s.ensurePairAttr(tx)
		if err != nil {
			return err
		}
		defs, err := tx.AttributeDefs()
		if err != nil {
			return err
		}
		ivs, err := tx.Interviews()
		if err != nil {
			return err
		}
		pa, pb := ia.Attributes[def.GUID], ib.Attributes[def.GUID]
		switch {
		case pa != "" && strings.EqualFold(pa, pb):
			return qda.Errorf(qda.EConflict, "%s and %s are already linked in pair %s", ia.Interviewee, ib.Interviewee, pa)
		case pa != "" && pb != "":
			return qda.Errorf(qda.EConflict, "%s belongs to pair %s and %s to pair %s; unlink one of them first", ia.Interviewee, pa, ib.Interviewee, pb)
		}
		id := pa + pb
		if id == "" {
			c, err := tx.Case(ia.Case)
			if err != nil {
				return err
			}
			id = newPairID(defs, ivs, c.Name)
		}
		members := membersOf(defs, ivs, id)
		for _, iv := range []*qda.Interview{ia, ib} {
			if iv.Attributes[def.GUID] == "" {
				members = append(members, *iv)
			}
		}
		if err := checkPair(tx, defs, members); err != nil {
			return err
		}
		for _, iv := range []*qda.Interview{ia, ib} {
			if iv.Attributes[def.GUID] == "" {
				if iv.Attributes == nil {
					iv.Attributes = map[qda.GUID]string{}
				}
				iv.Attributes[def.GUID] = id
				if err := tx.PutInterview(iv); err != nil {
					return err
				}
			}
		}
		ivs, err = tx.Interviews()
		if err != nil {
			return err
		}
		p, err = buildPair(tx, defs, id, membersOf(defs, ivs, id))
		return err
	})
	return p, err
}

// ensurePairAttr returns the pair attribute's definition, defining it
// inside tx when the project has none.
func (s *Service) ensurePairAttr(tx app.Tx) (*qda.AttributeDef, error) {
	defs, err := tx.AttributeDefs()
	if err != nil {
		return nil, err
	}
	if d := app.StudyAttr(defs, qda.ScopeInterview, app.AttrPair); d != nil {
		return d, nil
	}
	id, err := s.NewGUID()
	if err != nil {
		return nil, err
	}
	d := &qda.AttributeDef{GUID: id, Name: app.AttrPair, Type: qda.AttrText, Scope: qda.ScopeInterview,
		Description: "Kennung des IFK-Kunden-Paars der Intensivfallstudien"}
	return d, tx.PutAttributeDef(d)
}

// UnlinkPair removes interviews from their pairs, in one command. A ref is
// an interview (which must belong to a pair) or a pair id (which dissolves
// the whole pair). It returns the number of interviews unlinked.
func (s *Service) UnlinkPair(refs ...string) (int, error) {
	if len(refs) == 0 {
		return 0, qda.Errorf(qda.EInvalid, "give an interview or a pair to unlink")
	}
	n := 0
	err := s.Write("pair.unlink", "unlink "+strings.Join(refs, ", "), func(tx app.Tx) error {
		defs, err := tx.AttributeDefs()
		if err != nil {
			return err
		}
		def := app.StudyAttr(defs, qda.ScopeInterview, app.AttrPair)
		if def == nil {
			return qda.Errorf(qda.ENotFound, "the project has no pairs")
		}
		for _, ref := range refs {
			ivs, err := tx.Interviews()
			if err != nil {
				return err
			}
			targets := membersOf(defs, ivs, strings.TrimSpace(ref))
			if len(targets) == 0 {
				iv, err := app.FindInterviewRef(tx, ref)
				if err != nil {
					return err
				}
				if iv.Attributes[def.GUID] == "" {
					return qda.Errorf(qda.EInvalid, "interview %s (wave %d) belongs to no pair", iv.Interviewee, iv.Wave)
				}
				targets = []qda.Interview{*iv}
			}
			for i := range targets {
				delete(targets[i].Attributes, def.GUID)
				if err := tx.PutInterview(&targets[i]); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	return n, err
}
