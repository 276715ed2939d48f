package qda

import "strings"

// PlanRow is one line of the fieldwork plan ("Mengengerüst"): how many
// interviews are planned for a level, case, wave and role.
type PlanRow struct {
	Level Level `json:"level"`
	// Case is the site's GUID.
	Case GUID   `json:"case"`
	Wave int    `json:"wave"`
	Role string `json:"role"`
	// Planned is the number of interviews.
	Planned int `json:"planned"`
	// Optional marks slots that depend on a condition ("+1 employer service,
	// if present"): they count apart from the required ones.
	Optional bool   `json:"optional,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Plan is the project's fieldwork plan, stored as one aggregate.
type Plan struct {
	Rows []PlanRow `json:"rows"`
}

// Validate checks every row.
func (p *Plan) Validate() error {
	for i, r := range p.Rows {
		if !r.Level.Valid() {
			return Errorf(EInvalid, "plan row %d: unknown level %q", i+1, r.Level)
		}
		if err := validGUID("plan case", r.Case); err != nil {
			return Errorf(EInvalid, "plan row %d: %s", i+1, err.(*Error).Message)
		}
		if r.Wave < 1 || r.Planned < 0 || strings.TrimSpace(r.Role) == "" {
			return Errorf(EInvalid, "plan row %d: needs a wave ≥ 1, a role and a planned count ≥ 0", i+1)
		}
	}
	return nil
}
