package study

import (
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// AddAttributeDef defines a new case or interview attribute.
func (s *Service) AddAttributeDef(d qda.AttributeDef) (*qda.AttributeDef, error) {
	id, err := s.NewGUID()
	if err != nil {
		return nil, err
	}
	d.GUID = id
	err = s.Write("attribute.add", "define attribute "+d.Name, func(tx app.Tx) error {
		defs, err := tx.AttributeDefs()
		if err != nil {
			return err
		}
		for _, o := range defs {
			if o.Scope == d.Scope && strings.EqualFold(o.Name, d.Name) {
				return qda.Errorf(qda.EConflict, "a %s attribute %q exists already", d.Scope, d.Name).WithKey("attribute.exists", map[string]any{"Name": d.Name})
			}
		}
		return tx.PutAttributeDef(&d)
	})
	return &d, err
}

// findAttr resolves an attribute of a scope by name or GUID.
func findAttr(tx app.Tx, scope qda.AttrScope, ref string) (*qda.AttributeDef, error) {
	defs, err := tx.AttributeDefs()
	if err != nil {
		return nil, err
	}
	for i := range defs {
		if defs[i].Scope == scope && (string(defs[i].GUID) == ref || strings.EqualFold(defs[i].Name, ref)) {
			return &defs[i], nil
		}
	}
	return nil, qda.Errorf(qda.ENotFound, "no %s attribute %q", scope, ref)
}

// setAttrs validates values given by attribute name and stores them in m.
func setAttrs(tx app.Tx, scope qda.AttrScope, m map[qda.GUID]string, values map[string]string) (map[qda.GUID]string, error) {
	if m == nil {
		m = map[qda.GUID]string{}
	}
	for name, v := range values {
		d, err := findAttr(tx, scope, name)
		if err != nil {
			return nil, err
		}
		if err := d.CheckValue(v); err != nil {
			return nil, err
		}
		if v == "" {
			delete(m, d.GUID)
		} else {
			m[d.GUID] = v
		}
	}
	return m, nil
}

// NewCase describes a site to add.
type NewCase struct {
	Name        string
	Kind        qda.CaseKind
	Description string
	// Attributes by attribute name.
	Attributes map[string]string
}

// AddCase adds a site.
func (s *Service) AddCase(n NewCase) (*qda.Case, error) {
	id, err := s.NewGUID()
	if err != nil {
		return nil, err
	}
	c := &qda.Case{GUID: id, Name: strings.TrimSpace(n.Name), Kind: n.Kind, Description: n.Description}
	if c.Kind == "" {
		c.Kind = qda.CaseOther
	}
	err = s.Write("case.add", "add case "+c.Name, func(tx app.Tx) error {
		if _, err := app.FindCase(tx, c.Name); err == nil {
			return qda.Errorf(qda.EConflict, "a case %q exists already", c.Name).WithKey("case.exists", map[string]any{"Name": c.Name})
		}
		if c.Attributes, err = setAttrs(tx, qda.ScopeCase, nil, n.Attributes); err != nil {
			return err
		}
		return tx.PutCase(c)
	})
	return c, err
}

// SetCaseAttributes sets attribute values of a case (empty removes one).
func (s *Service) SetCaseAttributes(ref string, values map[string]string) (*qda.Case, error) {
	var c *qda.Case
	err := s.Write("case.set", "set attributes of case "+ref, func(tx app.Tx) (err error) {
		if c, err = app.FindCase(tx, ref); err != nil {
			return err
		}
		if c.Attributes, err = setAttrs(tx, qda.ScopeCase, c.Attributes, values); err != nil {
			return err
		}
		return tx.PutCase(c)
	})
	return c, err
}

// AttrValues returns an entity's attribute values by attribute name.
func (s *Service) AttrValues(vals map[qda.GUID]string) (map[string]string, error) {
	out := map[string]string{}
	defs, err := s.AttributeDefs()
	for _, d := range defs {
		if v, ok := vals[d.GUID]; ok {
			out[d.Name] = v
		}
	}
	return out, err
}
