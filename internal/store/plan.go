package store

import "github.com/protocoder/protocoder/internal/qda"

const planKey = "plan"

// Plan returns the fieldwork plan (empty if none was entered).
func (t *Tx) Plan() (*qda.Plan, error) {
	var p qda.Plan
	_, err := t.get("plan", planKey, &p)
	return &p, err
}

// PutPlan validates and replaces the fieldwork plan.
func (t *Tx) PutPlan(p *qda.Plan) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return t.put("plan", planKey, p)
}
