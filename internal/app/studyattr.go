package app

import (
	"strings"

	"github.com/protocoder/protocoder/internal/qda"
)

// Names of the attributes the study design features read. They are looked
// up by name (ignoring case), so a project defines them like any other
// attribute; the English aliases are accepted too.
const (
	// AttrPair is the interview attribute holding the id of an intensive
	// case-study pair (IFK and customer over the waves), e.g. "P-04-1".
	AttrPair = "Paar"
	// AttrCustomerSince is the interview attribute (a date) telling since
	// when the customer is a customer of the job centre (A.3.2, question 2.1).
	AttrCustomerSince = "Kunde seit"
	// AttrProgrammeStart is the case attribute (a date) of the programme's
	// start at the site.
	AttrProgrammeStart = "Programmstart"
	// AttrCustomer is the attribute of an IFK's interview about a customer
	// (A.3.1) in an intensive case with several customers: the customer's
	// pseudonym, e.g. "KU-04-02". Without it the interview is about every
	// customer of the case.
	AttrCustomer = "Kunde"
	// AttrGroup is the interview attribute naming the group of a role the
	// fieldwork plan counts apart, e.g. "Bestandskraft" or
	// "Neueinstellung" for the IFK of the project teams.
	AttrGroup = "Gruppe"
)

// attrAliases lists the accepted names of each study attribute.
var attrAliases = map[string][]string{
	AttrPair:           {AttrPair, "pair"},
	AttrCustomer:       {AttrCustomer, "customer"},
	AttrGroup:          {AttrGroup, "group"},
	AttrCustomerSince:  {AttrCustomerSince, "customer since", "customer_since"},
	AttrProgrammeStart: {AttrProgrammeStart, "programme start", "programme_start", "program start"},
}

// StudyAttr finds the definition of a study attribute in a scope, nil if
// the project has none.
func StudyAttr(defs []qda.AttributeDef, scope qda.AttrScope, name string) *qda.AttributeDef {
	for _, alias := range attrAliases[name] {
		for i := range defs {
			if defs[i].Scope == scope && strings.EqualFold(defs[i].Name, alias) {
				return &defs[i]
			}
		}
	}
	return nil
}

// AttrValue returns the value of a study attribute in vals, "" if unset.
func AttrValue(defs []qda.AttributeDef, scope qda.AttrScope, name string, vals map[qda.GUID]string) string {
	if d := StudyAttr(defs, scope, name); d != nil {
		return strings.TrimSpace(vals[d.GUID])
	}
	return ""
}

// CodeGUID derives the GUID of the code standing for a part of a guideline,
// so that importing the same guideline file on two laptops yields the same
// codes, which then merge.
func CodeGUID(target qda.GUID) qda.GUID { return qda.NameGUID(target, "code") }
