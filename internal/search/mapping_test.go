package search

import "testing"

func TestNewMapping_Validate(t *testing.T) {
	if err := NewMapping().Validate(); err != nil {
		t.Fatalf("mapping does not validate: %v", err)
	}
}
