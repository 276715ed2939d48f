package store

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestDecodeCoding(t *testing.T) {
	created := time.Date(2026, 11, 24, 21, 5, 7, 123456789, time.FixedZone("", 3600))
	for _, c := range []qda.Coding{
		{},
		{GUID: guid(1), Document: guid(2), Range: qda.Range{Start: 0, End: 17}, Code: guid(3), Coder: guid(4), Created: created},
		{GUID: guid(1), Document: guid(2), Range: qda.Range{Start: 1 << 40, End: -3}, Code: guid(3), Coder: guid(4),
			Created: created.UTC(), Memo: "Größe \"zitiert\"\nneue Zeile <b>", Origin: qda.OriginAuto},
	} {
		raw, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var got qda.Coding
		if !fastCoding(raw, &got) {
			t.Errorf("%s took the slow path", raw)
		}
		checkCodingSameAsJSON(t, raw)
	}
	for _, raw := range []string{
		`{}`, `{"guid":"a"}`, `{"GUID":"a"}`, `{"start":01}`, `{"start":1.5}`, `{"start":1e3}`, `{"start":-}`,
		`{"start":99999999999999999999}`, `{"memo":null}`, `{"memo":"\u00e4\ud83d\ude42"}`, `{"created":"2026-13-01T00:00:00Z"}`,
		`{"guid":"a","guid":"b"}`, `{"guid":"a"} `, ` {"guid":"a"}`, `{"guid":"a",}`, `{"guid":"ä"}`, `{"x":1}`,
		`{"guid":"a\"b"}`, `{"start":1`, `[1]`, `{"origin":"import","end":5,"start":2}`,
	} {
		checkCodingSameAsJSON(t, []byte(raw))
	}
}

// checkCodingSameAsJSON fails unless decodeCoding agrees with
// json.Unmarshal on raw.
func checkCodingSameAsJSON(t *testing.T, raw []byte) {
	t.Helper()
	var want, got qda.Coding
	werr := json.Unmarshal(raw, &want)
	err := decodeCoding(raw, &got)
	if (err == nil) != (werr == nil) {
		t.Fatalf("decodeCoding(%s): error %v, json.Unmarshal: %v", raw, err, werr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeCoding(%s) = %+v, json.Unmarshal gives %+v", raw, got, want)
	}
}

func FuzzDecodeCoding(f *testing.F) {
	for _, s := range []string{`{"guid":"a","document":"b","start":1,"end":2,"code":"c","coder":"d","created":"2026-11-24T21:05:07Z"}`,
		`{"memo":"x\ny","origin":"autocode"}`, `{"start":-0}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		checkCodingSameAsJSON(t, raw)
	})
}

func BenchmarkDecodeCoding(b *testing.B) {
	raw, _ := json.Marshal(qda.Coding{GUID: guid(1), Document: guid(2), Range: qda.Range{Start: 100, End: 400},
		Code: guid(3), Coder: guid(4), Created: time.Now()})
	b.Run("fast", func(b *testing.B) {
		for b.Loop() {
			var c qda.Coding
			_ = decodeCoding(raw, &c)
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			var c qda.Coding
			_ = json.Unmarshal(raw, &c)
		}
	})
}
