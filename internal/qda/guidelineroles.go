// Target roles of a guideline: which questions and prompts a role is
// asked, and where that comes from.

package qda

import "strings"

// FindRole resolves a role given by code or label, ignoring case and
// treating spaces and hyphens alike ("TL Leistungsteam" finds the code
// "TL-Leistungsteam"). It returns the code.
func (g *Guideline) FindRole(s string) (string, bool) {
	norm := func(x string) string {
		return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(x), " ", "-"))
	}
	want := norm(s)
	for _, r := range g.Roles {
		if norm(r.Code) == want || norm(r.Label) == want {
			return r.Code, true
		}
	}
	return "", false
}

// ForRole returns a copy of the guideline holding only what is addressed to
// the role given by code or label. Roles are resolved like the cells of a
// table whose merged cells lost their borders:
//   - a question's effective roles are its own; without own roles, the union
//     of the roles anywhere among its prompts; without any, every role;
//   - a prompt's effective roles are its own, else its parent's effective
//     roles.
//
// A question is kept when its effective roles include the role, and under it
// the prompts whose effective roles do (or that lead to such a prompt).
// Sections left empty are dropped; a guideline without roles applies to
// everyone.
func (g *Guideline) ForRole(role string) (*Guideline, error) {
	code, ok := g.FindRole(role)
	if !ok {
		if len(g.Roles) == 0 {
			cp := *g
			return &cp, nil
		}
		codes := make([]string, len(g.Roles))
		for i, r := range g.Roles {
			codes[i] = r.Code
		}
		return nil, Errorf(EInvalid, "guideline %s has no role %q (roles: %s)", g.Key, role, strings.Join(codes, ", "))
	}
	out := *g
	out.Sections = nil
	for _, s := range g.Sections {
		fs := s
		fs.Questions = nil
		for _, q := range s.Questions {
			eff := q.EffectiveRoles()
			if eff != nil && !containsRole(eff, code) {
				continue
			}
			fq := q
			fq.Prompts = filterPrompts(q.Prompts, code, eff)
			fs.Questions = append(fs.Questions, fq)
		}
		if len(fs.Questions) > 0 {
			out.Sections = append(out.Sections, fs)
		}
	}
	return &out, nil
}

// EffectiveRoles returns the roles a question is addressed to (see ForRole);
// nil means every role.
func (q *Question) EffectiveRoles() []string {
	if len(q.Roles) > 0 {
		return q.Roles
	}
	if q.RoleBasis == RolesAll {
		return nil
	}
	var union []string
	var walk func(ps []Prompt)
	walk = func(ps []Prompt) {
		for _, p := range ps {
			for _, r := range p.Roles {
				if !containsRole(union, r) {
					union = append(union, r)
				}
			}
			walk(p.Prompts)
		}
	}
	walk(q.Prompts)
	return union
}

// RoleSource tells where the question's effective roles come from:
// RolesPrinted when they are its own or its prompts' printed roles,
// RolesInferred when any of those was reconstructed, RolesAll when the
// guideline marks none (explicitly or because no item of the block carries
// a role).
func (q *Question) RoleSource() RoleBasis {
	if len(q.Roles) > 0 {
		if q.RoleBasis == RolesInferred {
			return RolesInferred
		}
		return RolesPrinted
	}
	if q.RoleBasis == RolesAll {
		return RolesAll
	}
	found, inferred := false, false
	var walk func(ps []Prompt)
	walk = func(ps []Prompt) {
		for _, p := range ps {
			if len(p.Roles) > 0 {
				found = true
				inferred = inferred || p.RoleBasis == RolesInferred
			}
			walk(p.Prompts)
		}
	}
	walk(q.Prompts)
	switch {
	case inferred:
		return RolesInferred
	case found:
		return RolesPrinted
	}
	return RolesAll
}

// PromptRoleSource tells where a prompt's effective roles come from, given
// the source of its parent (the question's RoleSource or the parent
// prompt's): its own roles (printed or inferred), an explicit all-roles
// mark, else the parent's.
func PromptRoleSource(p *Prompt, parent RoleBasis) RoleBasis {
	switch {
	case len(p.Roles) > 0 && p.RoleBasis == RolesInferred:
		return RolesInferred
	case len(p.Roles) > 0:
		return RolesPrinted
	case p.RoleBasis == RolesAll:
		return RolesAll
	}
	return parent
}

// filterPrompts keeps the prompts addressed to code, given their parent's
// effective roles (nil: every role).
func filterPrompts(ps []Prompt, code string, parent []string) []Prompt {
	var out []Prompt
	for _, p := range ps {
		eff := parent
		switch {
		case len(p.Roles) > 0:
			eff = p.Roles
		case p.RoleBasis == RolesAll:
			eff = nil
		}
		kids := filterPrompts(p.Prompts, code, eff)
		if eff == nil || containsRole(eff, code) || len(kids) > 0 {
			fp := p
			fp.Prompts = kids
			out = append(out, fp)
		}
	}
	return out
}

func containsRole(roles []string, code string) bool {
	for _, r := range roles {
		if r == code {
			return true
		}
	}
	return false
}
