package coding_test

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/qda"
)

// TestService_RetrievePage: the pages, put together, are Retrieve's result
// in its order, for every filter of TestService_Retrieve and page size.
func TestService_RetrievePage(t *testing.T) {
	f := apptest.NewRetrievalFixture(t)
	for _, cf := range []app.CodingFilter{
		{Code: f.AG.GUID}, {Code: f.AG.GUID, SubCodes: true}, {Codes: []qda.GUID{f.Direkt.GUID, f.Other.GUID}},
		{Coder: f.Jonas.GUID}, {Kind: qda.KindCaseReport}, {Code: f.Q11.GUID, Role: "GF"}, {Code: f.Other.GUID, Level: qda.LevelOperative},
		{Document: f.GF.GUID},
	} {
		all, err := f.S.Retrieve(cf)
		if err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int{1, 2, 3, 100} {
			var got []app.Retrieved
			for offset := 0; ; offset += limit {
				p, err := f.S.RetrievePage(cf, offset, limit)
				if err != nil {
					t.Fatal(err)
				}
				if p.Total != len(all) {
					t.Fatalf("%+v: total %d, Retrieve gave %d", cf, p.Total, len(all))
				}
				if len(p.Segments) == 0 {
					break
				}
				got = append(got, p.Segments...)
			}
			if len(all) == 0 && len(got) == 0 {
				continue
			}
			if !reflect.DeepEqual(got, all) {
				t.Errorf("%+v, pages of %d: %+v\nRetrieve: %+v", cf, limit, got, all)
			}
		}
	}
	// A limit as large as an int can be does not overflow.
	all, _ := f.S.Retrieve(app.CodingFilter{Code: f.AG.GUID, SubCodes: true})
	if p, err := f.S.RetrievePage(app.CodingFilter{Code: f.AG.GUID, SubCodes: true}, 1, math.MaxInt); err != nil ||
		len(all) < 2 || !reflect.DeepEqual(p.Segments, all[1:]) {
		t.Errorf("RetrievePage(1, MaxInt) = %v, %v; want all but the first of %d", p, err, len(all))
	}
	for _, bad := range [][2]int{{-1, 10}, {0, 0}} {
		if _, err := f.S.RetrievePage(app.CodingFilter{Code: f.AG.GUID}, bad[0], bad[1]); qda.ErrorCode(err) != qda.EInvalid {
			t.Errorf("RetrievePage(offset %d, limit %d): %v, want invalid", bad[0], bad[1], err)
		}
	}
}

// TestService_RetrieveParallel: a retrieval cut into parts on several
// cores gives what one cut in one view gives, for every filter and number
// of parts; parts cut after a command came in are refused.
func TestService_RetrieveParallel(t *testing.T) {
	f := apptest.NewRetrievalFixture(t)
	filters := []app.CodingFilter{
		{Code: f.AG.GUID}, {Code: f.AG.GUID, SubCodes: true}, {Codes: []qda.GUID{f.Direkt.GUID, f.Other.GUID}},
		{Coder: f.Jonas.GUID}, {}, {Document: f.GF.GUID},
	}
	for _, cf := range filters {
		coding.SetRetrieveCut(f.S.Coding, 1, 1)
		want, err := f.S.Retrieve(cf)
		if err != nil {
			t.Fatal(err)
		}
		for _, workers := range []int{2, 3, 8} {
			coding.SetRetrieveCut(f.S.Coding, workers, 1)
			got, err := f.S.Retrieve(cf)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%+v in %d parts: %+v\nin one: %+v", cf, workers, got, want)
			}
		}
	}
	if err := coding.CutAfterACommand(f.S.Coding, app.CodingFilter{}); !errors.Is(err, coding.ErrStoreMoved) {
		t.Errorf("cut after a command: %v, want %v", err, coding.ErrStoreMoved)
	}
}
