package qda

import "strings"

// CaseKind classifies a site.
type CaseKind string

// Case kinds of the study design.
const (
	CaseRegionalDirectorate CaseKind = "regional_directorate"
	CaseJobCentre           CaseKind = "job_centre"
	CaseMinistry            CaseKind = "ministry"
	CaseOther               CaseKind = "other"
)

// Case is a site of the study, such as a job centre or a regional
// directorate, known inside the project by its pseudonym.
type Case struct {
	// GUID identifies the case.
	GUID GUID `json:"guid"`
	// Name is the pseudonym shown everywhere, e.g. "JC-07".
	Name string `json:"name"`
	// Kind classifies the site.
	Kind CaseKind `json:"kind"`
	// Description is free text.
	Description string `json:"description,omitempty"`
	// Attributes maps an AttributeDef GUID to its value as text.
	Attributes map[GUID]string `json:"attributes,omitempty"`
	// RealName is the site's real name as older versions kept it in the
	// project file. New real names go into the encrypted pseudonym key
	// only; one found here moves into the key (and is erased from the disk)
	// as soon as the key is unlocked, and no export includes it.
	RealName string `json:"real_name,omitempty"`
}

// Validate checks the case's own fields.
func (c *Case) Validate() error {
	if err := validGUID("case", c.GUID); err != nil {
		return err
	}
	if strings.TrimSpace(c.Name) == "" {
		return Errorf(EInvalid, "a case needs a pseudonym")
	}
	if err := CheckName("case pseudonym", c.Name); err != nil {
		return err
	}
	switch c.Kind {
	case CaseRegionalDirectorate, CaseJobCentre, CaseMinistry, CaseOther:
	default:
		return Errorf(EInvalid, "case %q has unknown kind %q", c.Name, c.Kind)
	}
	return nil
}
