package qda

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// AttrType is the type of a user-defined attribute.
type AttrType string

// Attribute types.
const (
	AttrText   AttrType = "text"
	AttrNumber AttrType = "number"
	AttrDate   AttrType = "date" // YYYY-MM-DD
	AttrChoice AttrType = "choice"
)

// AttrScope says which entities an attribute describes.
type AttrScope string

// Attribute scopes.
const (
	ScopeCase      AttrScope = "case"
	ScopeInterview AttrScope = "interview"
)

// AttributeDef defines a typed attribute of cases or interviews, such as a
// site's regional directorate or implementation type. Definitions are
// user-editable; values are kept on the entities as text.
type AttributeDef struct {
	// GUID identifies the definition; values are keyed by it.
	GUID GUID `json:"guid"`
	// Name is the attribute's display name, unique within its scope.
	Name string `json:"name"`
	// Type is the value type.
	Type AttrType `json:"type"`
	// Scope is the kind of entity the attribute belongs to.
	Scope AttrScope `json:"scope"`
	// Choices lists the allowed values of a choice attribute, in order.
	Choices []string `json:"choices,omitempty"`
	// Description explains the attribute.
	Description string `json:"description,omitempty"`
}

// Validate checks the definition itself.
func (d *AttributeDef) Validate() error {
	if err := validGUID("attribute", d.GUID); err != nil {
		return err
	}
	if strings.TrimSpace(d.Name) == "" {
		return Errorf(EInvalid, "an attribute needs a name")
	}
	if err := CheckName("attribute name", d.Name); err != nil {
		return err
	}
	switch d.Type {
	case AttrText, AttrNumber, AttrDate:
	case AttrChoice:
		if len(d.Choices) == 0 {
			return Errorf(EInvalid, "choice attribute %q has no choices", d.Name)
		}
	default:
		return Errorf(EInvalid, "attribute %q has unknown type %q", d.Name, d.Type)
	}
	if d.Scope != ScopeCase && d.Scope != ScopeInterview {
		return Errorf(EInvalid, "attribute %q has unknown scope %q", d.Name, d.Scope)
	}
	return nil
}

// CheckValue reports whether v is a valid value of the attribute. The empty
// string always is: it means "not set".
func (d *AttributeDef) CheckValue(v string) error {
	if v == "" {
		return nil
	}
	switch d.Type {
	case AttrNumber:
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return Errorf(EInvalid, "attribute %q expects a number, not %q", d.Name, v)
		}
	case AttrDate:
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return Errorf(EInvalid, "attribute %q expects a date YYYY-MM-DD, not %q", d.Name, v)
		}
	case AttrChoice:
		if !slices.Contains(d.Choices, v) {
			return Errorf(EInvalid, "attribute %q expects one of %s, not %q", d.Name, strings.Join(d.Choices, ", "), v)
		}
	}
	return nil
}
