package exchange

import (
	"sort"

	"github.com/protocoder/protocoder/internal/qda"
)

// mergeKind merges the entities of one kind: put writes the source's
// version (after checking and repairing its references), del deletes this
// project's (nil: deletions in the source are noted, not followed).
func mergeKind[T any](m *merger, entity string, ours, theirs []T, id func(*T) qda.GUID, name func(*T) string,
	put func(*T) error, del func(qda.GUID) error) (map[qda.GUID]verdict, error) {
	om, tm := map[qda.GUID]*T{}, map[qda.GUID]*T{}
	var keys []qda.GUID
	for i := range ours {
		om[id(&ours[i])] = &ours[i]
		keys = append(keys, id(&ours[i]))
	}
	for i := range theirs {
		k := id(&theirs[i])
		if _, ok := om[k]; !ok {
			if _, dup := tm[k]; !dup {
				keys = append(keys, k)
			}
		}
		tm[k] = &theirs[i]
	}
	out := map[qda.GUID]verdict{}
	for _, k := range keys {
		o, t := om[k], tm[k]
		if t == nil && !m.hist {
			continue
		}
		n := ""
		if t != nil {
			n = name(t)
		} else {
			n = name(o)
		}
		var delFn func() error
		if del != nil {
			delFn = func() error { return del(k) }
		}
		v, err := m.apply(entity, k, n, image(o), image(t), func() error { return put(t) }, delFn)
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}

func (m *merger) users() error {
	ours, err := m.tx.Users()
	if err != nil {
		return err
	}
	derived := derivedRoles(m.src)
	// Roles a reader derived from the file's work do not compete with the
	// roles of a member the project knows: ours stay.
	byID := map[qda.GUID]qda.User{}
	for _, u := range ours {
		byID[u.GUID] = u
	}
	theirs := make([]qda.User, len(m.src.Users))
	for i, u := range m.src.Users {
		if o, ok := byID[u.GUID]; ok && u.RolesDerived && len(o.Roles) > 0 {
			u.Roles = o.Roles
		}
		theirs[i] = u
	}
	_, err = mergeKind(m, "user", ours, theirs, func(u *qda.User) qda.GUID { return u.GUID },
		func(u *qda.User) string { return u.Name },
		func(u *qda.User) error {
			if len(u.Roles) == 0 && !u.Placeholder {
				// A file without roles: keep ours, or derive them.
				if o, err := m.tx.User(u.GUID); err == nil && len(o.Roles) > 0 {
					u.Roles = o.Roles
				} else {
					u.Roles = derived(u.GUID)
				}
			}
			if err := u.Validate(); err != nil {
				return skipf("%s", qda.ErrorMessage(err))
			}
			return m.tx.PutUser(u)
		}, nil)
	return err
}

// derivedRoles returns the roles of a user of a snapshot without roles (a
// file from another program, or from before members): those its work in the
// snapshot implies (qda.DeriveRoles).
func derivedRoles(src *qda.Snapshot) func(qda.GUID) []qda.MemberRole {
	interviewed, coded := map[qda.GUID]bool{}, map[qda.GUID]bool{}
	for _, iv := range src.Interviews {
		interviewed[iv.Interviewer] = true
	}
	for _, c := range src.Codings {
		coded[c.Coder] = true
	}
	return func(id qda.GUID) []qda.MemberRole { return qda.DeriveRoles(interviewed[id], coded[id]) }
}

func (m *merger) attrDefs() error {
	ours, err := m.tx.AttributeDefs()
	if err != nil {
		return err
	}
	_, err = mergeKind(m, "attribute", ours, m.src.AttributeDefs, func(d *qda.AttributeDef) qda.GUID { return d.GUID },
		func(d *qda.AttributeDef) string { return d.Name },
		func(d *qda.AttributeDef) error {
			if err := d.Validate(); err != nil {
				return skipf("%s", qda.ErrorMessage(err))
			}
			return m.tx.PutAttributeDef(d)
		}, nil)
	return err
}

// checkAttrs drops attribute values whose definition is missing or that do
// not fit it.
func (m *merger) checkAttrs(vals map[qda.GUID]string, where string) map[qda.GUID]string {
	for id, v := range vals {
		def, err := m.tx.AttributeDef(id)
		if err != nil || def.CheckValue(v) != nil {
			m.rep.note("%s: attribute value %q is left out (unknown attribute or unfit value)", where, v)
			delete(vals, id)
		}
	}
	return vals
}

func (m *merger) cases() error {
	ours, err := m.tx.Cases()
	if err != nil {
		return err
	}
	_, err = mergeKind(m, "case", ours, m.src.Cases, func(c *qda.Case) qda.GUID { return c.GUID },
		func(c *qda.Case) string { return c.Name },
		func(c *qda.Case) error {
			if c.RealName == "" {
				if cur, err := m.tx.Case(c.GUID); err == nil {
					c.RealName = cur.RealName // an exchange file never carries it
				}
			}
			c.Attributes = m.checkAttrs(c.Attributes, "case "+c.Name)
			if err := c.Validate(); err != nil {
				return skipf("%s", qda.ErrorMessage(err))
			}
			return m.tx.PutCase(c)
		}, nil)
	return err
}

func (m *merger) guidelines() error {
	ours, err := m.tx.Guidelines()
	if err != nil {
		return err
	}
	_, err = mergeKind(m, "guideline", ours, m.src.Guidelines, func(g *qda.Guideline) qda.GUID { return g.GUID },
		func(g *qda.Guideline) string { return g.Key },
		func(g *qda.Guideline) error {
			if err := g.Validate(); err != nil {
				return skipf("%s", qda.ErrorMessage(err))
			}
			all, err := m.tx.Guidelines()
			if err != nil {
				return err
			}
			for _, o := range all {
				if o.GUID != g.GUID && o.Key == g.Key {
					return skipf("this project has another guideline with the key %s", g.Key)
				}
			}
			return m.tx.PutGuideline(g)
		}, nil)
	return err
}

func (m *merger) codes() error {
	ours, err := m.tx.Codes()
	if err != nil {
		return err
	}
	// Parents first, so that a new code's parent is in when it comes.
	theirs := append([]qda.Code(nil), m.src.Codes...)
	depth := map[qda.GUID]int{}
	parent := map[qda.GUID]qda.GUID{}
	for _, c := range theirs {
		parent[c.GUID] = c.Parent
	}
	var d func(id qda.GUID, n int) int
	d = func(id qda.GUID, n int) int {
		if p := parent[id]; p != "" && n < 1000 {
			return 1 + d(p, n+1)
		}
		return 0
	}
	for _, c := range theirs {
		depth[c.GUID] = d(c.GUID, 0)
	}
	sort.SliceStable(theirs, func(i, j int) bool { return depth[theirs[i].GUID] < depth[theirs[j].GUID] })
	parentOf := func(id qda.GUID) qda.GUID {
		if c, err := m.tx.Code(id); err == nil {
			return c.Parent
		}
		return ""
	}
	_, err = mergeKind(m, "code", ours, theirs, func(c *qda.Code) qda.GUID { return c.GUID },
		func(c *qda.Code) string { return c.Name },
		func(c *qda.Code) error {
			if c.Parent != "" {
				if _, err := m.tx.Code(c.Parent); err != nil || qda.WouldCycle(c.GUID, c.Parent, parentOf) {
					m.rep.note("code %q: its parent code is not in this project; it comes in at the top level", c.Name)
					c.Parent = ""
				}
			}
			if c.Ref != nil {
				if _, err := m.tx.Guideline(c.Ref.Guideline); err != nil {
					m.rep.note("code %q: its guideline is not in this project; the reference to its question is dropped", c.Name)
					c.Ref = nil
				}
			}
			if err := c.Validate(); err != nil {
				return skipf("%s", qda.ErrorMessage(err))
			}
			return m.tx.PutCode(c)
		}, nil)
	return err
}

func (m *merger) interviews() error {
	ours, err := m.tx.Interviews()
	if err != nil {
		return err
	}
	_, err = mergeKind(m, "interview", ours, m.src.Interviews, func(iv *qda.Interview) qda.GUID { return iv.GUID },
		func(iv *qda.Interview) string { return iv.Interviewee + " " + iv.Date.Format("2006-01-02") },
		func(iv *qda.Interview) error {
			if _, err := m.tx.Guideline(iv.Guideline); err != nil {
				return skipf("its guideline is not in this project")
			}
			if _, err := m.tx.Case(iv.Case); err != nil {
				return skipf("its case is not in this project")
			}
			if iv.Interviewer != "" {
				if _, err := m.tx.User(iv.Interviewer); err != nil {
					iv.Interviewer = ""
				}
			}
			iv.Attributes = m.checkAttrs(iv.Attributes, "interview "+iv.Interviewee)
			if err := iv.Validate(); err != nil {
				return skipf("%s", qda.ErrorMessage(err))
			}
			m.wroteIV[iv.GUID] = true
			return m.tx.PutInterview(iv)
		}, nil)
	return err
}

func (m *merger) memos() error {
	ours, err := m.tx.Memos()
	if err != nil {
		return err
	}
	vs, err := mergeKind(m, "memo", ours, m.src.Memos, func(x *qda.Memo) qda.GUID { return x.GUID },
		func(x *qda.Memo) string { return x.Title },
		func(x *qda.Memo) error {
			if x.Author != "" {
				if _, err := m.tx.User(x.Author); err != nil {
					x.Author = ""
				}
			}
			if err := x.Validate(); err != nil {
				return skipf("%s", qda.ErrorMessage(err))
			}
			return m.tx.PutMemo(x)
		}, func(id qda.GUID) error { return m.tx.DeleteMemo(id) })
	if err != nil {
		return err
	}
	// The source's version of a memo in conflict comes in beside it, so
	// that no text is lost; the user merges the two by hand.
	for _, t := range m.src.Memos {
		if vs[t.GUID] != vConflict {
			continue
		}
		side := t
		side.GUID = qda.NameGUID(t.GUID, "conflict/"+imageHash(image(&t)))
		if _, err := m.tx.Memo(side.GUID); err == nil {
			continue
		}
		side.Title = t.Title + " (Konflikt: Fassung aus " + m.rep.Source + ")"
		if side.Author != "" {
			if _, err := m.tx.User(side.Author); err != nil {
				side.Author = ""
			}
		}
		if err := m.tx.PutMemo(&side); err != nil {
			return err
		}
		for i := range m.rep.Conflicts {
			c := &m.rep.Conflicts[i]
			if c.Entity == "memo" && c.GUID == t.GUID {
				c.Resolution = "this project's version was kept; the source's version was added as memo " + string(side.GUID)
			}
		}
	}
	return nil
}

func (m *merger) plan() error {
	ours, err := m.tx.Plan()
	if err != nil && qda.ErrorCode(err) != qda.ENotFound {
		return err
	}
	if ours != nil && len(ours.Rows) == 0 {
		ours = nil
	}
	theirs := m.src.Plan
	if theirs != nil && len(theirs.Rows) == 0 {
		theirs = nil
	}
	if theirs == nil && !m.hist {
		return nil
	}
	_, err = m.apply("plan", "plan", "plan", image(ours), image(theirs), func() error {
		if err := theirs.Validate(); err != nil {
			return skipf("%s", qda.ErrorMessage(err))
		}
		return m.tx.PutPlan(theirs)
	}, nil)
	return err
}
