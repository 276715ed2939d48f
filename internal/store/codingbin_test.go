package store

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestPackCoding(t *testing.T) {
	created := time.Date(2026, 11, 24, 21, 5, 7, 123456789, time.UTC)
	base := qda.Coding{GUID: "0a1b2c3d-0e1f-4a5b-8c7d-9e0f1a2b3c4d", Document: "5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f",
		Range: qda.Range{Start: 4511, End: 4887}, Code: "fb2569a7-1486-5661-b50e-b71edbcbefb6", Coder: "22e28d69-4d3d-488a-8c49-52f4d935c15f", Created: created}
	with := func(f func(c *qda.Coding)) []byte {
		c := base
		f(&c)
		b, err := json.Marshal(&c)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name   string
		plain  []byte
		packed bool
	}{
		{"as protocoder writes it", with(func(*qda.Coding) {}), true},
		{"memo and origin", with(func(c *qda.Coding) { c.Memo, c.Origin = "Größe \"zitiert\"\nneue Zeile <b> 🙂", qda.OriginAuto }), true},
		{"negative and huge offsets", with(func(c *qda.Coding) { c.Start, c.End = -3, 1<<40 }), true},
		{"the zero time", with(func(c *qda.Coding) { c.Created = time.Time{} }), true},
		{"whole seconds", with(func(c *qda.Coding) { c.Created = created.Truncate(time.Second) }), true},
		{"a time with an offset", with(func(c *qda.Coding) { c.Created = created.In(time.FixedZone("", 3600)) }), false},
		{"a GUID in capitals", with(func(c *qda.Coding) { c.Code = "FB2569A7-1486-5661-B50E-B71EDBCBEFB6" }), false},
		{"a GUID that is none", with(func(c *qda.Coding) { c.Document = "doc-1" }), false},
		{"no coder", with(func(c *qda.Coding) { c.Coder = "" }), false},
		{"fields in another order", []byte(`{"document":"5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f","guid":"0a1b2c3d-0e1f-4a5b-8c7d-9e0f1a2b3c4d"}`), false},
		{"spaces", bytes.Replace(with(func(*qda.Coding) {}), []byte(`,"start"`), []byte(`, "start"`), 1), false},
		{"an escape json.Marshal does not write", bytes.Replace(with(func(c *qda.Coding) { c.Memo = "ab" }), []byte(`"ab"`), []byte(`"a\u0062"`), 1), false},
		{"another entity", []byte(`{"guid":"0a1b2c3d-0e1f-4a5b-8c7d-9e0f1a2b3c4d","name":"anna"}`), false},
		{"not JSON", []byte(`{"guid":"0a1b`), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := packCoding(tt.plain)
			if (b != nil) != tt.packed {
				t.Fatalf("packed = %v, want %v", b != nil, tt.packed)
			}
			if b == nil {
				return
			}
			if len(b) > len(tt.plain)/2 {
				t.Errorf("%d bytes for %d of JSON", len(b), len(tt.plain))
			}
			back, err := codingJSON(b)
			if err != nil || !bytes.Equal(back, tt.plain) {
				t.Fatalf("JSON back: %v\n%s\nwant\n%s", err, back, tt.plain)
			}
			var got, want qda.Coding
			if err := unpackCoding(b, &got); err != nil {
				t.Fatal(err)
			}
			_ = json.Unmarshal(tt.plain, &want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("unpacked %+v, want %+v", got, want)
			}
			var ref qda.CodingRef
			if err := codingRefOf(b, &ref, guidOf); err != nil || ref.Document != want.Document || ref.Code != want.Code || ref.Coder != want.Coder || ref.Range != want.Range {
				t.Errorf("ref %+v, %v", ref, err)
			}
		})
	}
}

func TestUnpackCoding_Damaged(t *testing.T) {
	c := qda.Coding{GUID: guid(1), Document: guid(2), Range: qda.Range{End: 5}, Code: guid(3), Coder: guid(4), Created: t0, Memo: "Notiz"}
	plain, _ := json.Marshal(&c)
	b := packCoding(plain)
	if b == nil {
		t.Fatal("test premise: the coding packs")
	}
	for _, bad := range [][]byte{nil, b[:63], b[:len(b)-1], append(bytes.Clone(b), 0), append(bytes.Clone(b[:len(b)-7]), 0xff)} {
		var got qda.Coding
		if err := unpackCoding(bad, &got); err == nil {
			t.Errorf("%x unpacked to %+v", bad, got)
		}
	}
}

func FuzzPackCoding(f *testing.F) {
	for _, s := range []string{
		`{"guid":"0a1b2c3d-0e1f-4a5b-8c7d-9e0f1a2b3c4d","document":"5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f","start":1,"end":2,"code":"fb2569a7-1486-5661-b50e-b71edbcbefb6","coder":"22e28d69-4d3d-488a-8c49-52f4d935c15f","created":"2026-11-24T21:05:07Z"}`,
		`{"guid":"0a1b2c3d-0e1f-4a5b-8c7d-9e0f1a2b3c4d","document":"5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f","start":1,"end":2,"code":"fb2569a7-1486-5661-b50e-b71edbcbefb6","coder":"22e28d69-4d3d-488a-8c49-52f4d935c15f","created":"2026-11-24T21:05:07.5Z","memo":"x\ny","origin":"autocode"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, plain []byte) {
		b := packCoding(plain)
		if b == nil {
			return
		}
		if back, err := codingJSON(b); err != nil || !bytes.Equal(back, plain) {
			t.Fatalf("%s packs, and gives back %s (%v)", plain, back, err)
		}
	})
}
