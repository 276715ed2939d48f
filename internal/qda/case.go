package qda

import (
	"strings"
	"time"
)

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
	// History records changes of attribute values with the date from
	// which the new value holds (the typology's re-typing of a site),
	// oldest first. Attributes holds the current values.
	History []AttrChange `json:"history,omitempty"`
}

// AttrChange is one change of a case attribute: from a date on, the value
// is Value instead of Previous.
type AttrChange struct {
	Attribute GUID   `json:"attribute"`
	Previous  string `json:"previous"`
	Value     string `json:"value"`
	// From is the first day the new value holds, YYYY-MM-DD.
	From   string `json:"from"`
	Reason string `json:"reason"`
	// Recorded is when the change was entered, YYYY-MM-DD.
	Recorded string `json:"recorded,omitempty"`
}

// AttrAt returns the value of an attribute valid on a day (YYYY-MM-DD):
// the value of the latest change from that day or earlier, the previous
// value of the first change before it, the current value without changes
// or for an empty day.
func (c *Case) AttrAt(attr GUID, day string) string {
	if day == "" {
		return c.Attributes[attr]
	}
	val, seen := "", false
	for _, h := range c.History {
		if h.Attribute != attr {
			continue
		}
		if h.From <= day {
			val, seen = h.Value, true
			continue
		}
		if !seen {
			return h.Previous
		}
		break
	}
	if seen {
		return val
	}
	return c.Attributes[attr]
}

// Validate checks the case's own fields.
func (c *Case) Validate() error {
	if err := validGUID("case", c.GUID); err != nil {
		return err
	}
	if strings.TrimSpace(c.Name) == "" {
		return Errorf(EInvalid, "a case needs a pseudonym").WithKey("case.noName", nil)
	}
	if err := CheckName("case pseudonym", c.Name); err != nil {
		return err
	}
	switch c.Kind {
	case CaseRegionalDirectorate, CaseJobCentre, CaseMinistry, CaseOther:
	default:
		return Errorf(EInvalid, "case %q has unknown kind %q", c.Name, c.Kind)
	}
	for i, h := range c.History {
		if _, err := time.Parse(time.DateOnly, h.From); err != nil || validGUID("history attribute", h.Attribute) != nil {
			return Errorf(EInvalid, "case %q: change %d needs an attribute and a day YYYY-MM-DD", c.Name, i+1)
		}
		if i > 0 && h.From < c.History[i-1].From {
			return Errorf(EInvalid, "case %q: the changes are not in date order", c.Name)
		}
	}
	return nil
}
