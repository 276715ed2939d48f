package qda

import (
	"reflect"
	"testing"
)

func TestParseQuery(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`Vertrauen`, `"Vertrauen"`},
		{`a AND b OR c`, `(("a" AND "b") OR "c")`},
		{`a or (b & c)`, `("a" OR ("b" AND "c"))`},
		{`a AND NOT "EGV als Formalie"`, `("a" AND NOT "EGV als Formalie")`},
		{`a not b`, `("a" AND NOT "b")`},
		{`A.2.1:2.2 NEAR 50 theme:4`, `("A.2.1:2.2" NEAR 50 "theme:4")`},
		{`a near/10 b | c`, `(("a" NEAR 10 "b") OR "c")`},
		{`a WITHIN 0 b`, `("a" NEAR 0 "b")`},
		{`a SAMEPARA b`, `("a" PARA "b")`},
		{`„Größe der Teams“ para x`, `("Größe der Teams" PARA "x")`},
		{`"and" AND x`, `("and" AND "x")`},
		{`a UND NICHT b oder c`, `(("a" AND NOT "b") OR "c")`},
		{`a nahe 20 b Absatz c`, `(("a" NEAR 20 "b") PARA "c")`},
		{`a NAHE/5 "Absatz"`, `("a" NEAR 5 "Absatz")`},
	} {
		q, err := ParseQuery(tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if got := q.String(); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.in, got, tc.want)
		}
	}
	for _, bad := range []string{``, `a AND`, `(a OR b`, `a NEAR x b`, `AND a`, `a b`, `"open`, `a NEAR`, `a )`, `UND a`, `a ODER`} {
		if _, err := ParseQuery(bad); ErrorCode(err) != EInvalid {
			t.Errorf("%q: err %v, want invalid", bad, err)
		}
	}
}

func TestQuery_Eval(t *testing.T) {
	spans := map[string][]Range{
		"a": {{0, 10}, {30, 40}, {100, 110}},
		"b": {{5, 15}, {50, 60}},
		"c": {{200, 210}},
	}
	passages := []Range{{0, 45}, {50, 120}, {150, 250}}
	get := func(op string) []Range { return spans[op] }
	for _, tc := range []struct {
		q    string
		want []Range
	}{
		{`a AND b`, []Range{{5, 10}}},
		{`a NOT b`, []Range{{30, 40}, {100, 110}}},
		{`a OR b`, []Range{{0, 10}, {5, 15}, {30, 40}, {50, 60}, {100, 110}}},
		{`a NEAR 10 b`, []Range{{0, 10}, {30, 40}}},
		{`a NEAR 40 b`, []Range{{0, 10}, {30, 40}, {100, 110}}},
		{`a PARA b`, []Range{{0, 45}, {50, 120}}},
		{`(a OR c) NOT b`, []Range{{30, 40}, {100, 110}, {200, 210}}},
		{`c AND a`, nil},
	} {
		q, err := ParseQuery(tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.Eval(get, passages); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s = %v, want %v", tc.q, got, tc.want)
		}
	}
	q, _ := ParseQuery(`(a OR b) AND a NEAR 3 c`)
	if got := q.Operands(); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("operands %v", got)
	}
}
