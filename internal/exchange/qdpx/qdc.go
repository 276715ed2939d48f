package qdpx

import (
	"io"
	"strings"

	"github.com/protocoder/protocoder/internal/qda"
)

// WriteCodebook writes the codebook of snap as a .qdc file (REFI-QDA
// codebook exchange): the code tree with colours and descriptions, and one
// set per guideline. Code memos have no place in a .qdc; they are appended
// to the description after a line "Memo:".
func WriteCodebook(w io.Writer, snap *qda.Snapshot, origin string) error {
	b := newBuilder(snap, WriteOptions{Dialect: DialectREFI})
	cb := &xCodeBookFile{Origin: origin, Codes: xCBCodes{Codes: cbCodes(b, "")}}
	if sets := b.sets(); sets != nil {
		cb.Sets = &xCBSets{}
		for _, s := range sets.Sets {
			xs := xCBSet{GUID: s.GUID, Name: s.Name, Description: s.Description}
			for _, m := range s.MemberCodes {
				xs.Members = append(xs.Members, xCBMember{GUID: m.Target})
			}
			cb.Sets.Sets = append(cb.Sets.Sets, xs)
		}
	}
	if len(cb.Codes.Codes) == 0 {
		return qda.Errorf(qda.EInvalid, "the project has no codes; a codebook needs at least one")
	}
	out, err := marshalXML(cb)
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// memoMark separates a code's description from its memo in a .qdc.
const memoMark = "\n\nMemo:\n"

func cbCodes(b *builder, parent qda.GUID) []xCBCode {
	var out []xCBCode
	for _, c := range b.kids[parent] {
		desc := c.Description
		if c.Memo != "" {
			desc += memoMark + c.Memo
		}
		out = append(out, xCBCode{GUID: string(c.GUID), Name: b.names.name(c), IsCodable: true, Color: c.Color,
			Description: b.names.description(c, desc), Codes: cbCodes(b, c.GUID)})
	}
	return out
}

// ReadCodebook reads a .qdc file into a snapshot that holds only codes.
func ReadCodebook(data []byte, o ReadOptions) (*qda.Snapshot, *Report, error) {
	if max := o.withDefaults().MaxEntry; int64(len(data)) > max {
		return nil, nil, qda.Errorf(qda.EInvalid, "the codebook has %d bytes, more than the %d MiB accepted", len(data), max>>20)
	}
	var cb xCodeBookFile
	if err := decodeXML(data, &cb, "codebook"); err != nil {
		return nil, nil, err
	}
	r := &reader{o: o.withDefaults(), rep: &Report{Dialect: OriginDialect(cb.Origin)}, snap: &qda.Snapshot{}, guids: map[string]qda.GUID{}}
	r.rep.Origin = cb.Origin
	var walk func(cs []xCBCode, parent qda.GUID)
	walk = func(cs []xCBCode, parent qda.GUID) {
		for i, c := range cs {
			xc := xCode{GUID: c.GUID, Name: c.Name, IsCodable: c.IsCodable, Color: c.Color, Description: c.Description}
			code := r.code(xc, parent, i)
			if code == nil {
				continue
			}
			if desc, memo, ok := strings.Cut(code.Description, memoMark); ok {
				code.Description, code.Memo = desc, memo
			}
			r.snap.Codes = append(r.snap.Codes, *code)
			walk(c.Codes, code.GUID)
		}
	}
	walk(cb.Codes.Codes, "")
	r.warnNotCodable()
	if cb.Sets != nil {
		for _, s := range cb.Sets.Sets {
			r.rep.warn("set", "set %q (%d codes) is not kept: protocoder groups codes by guideline and parent code", s.Name, len(s.Members))
		}
	}
	return r.snap, r.rep, nil
}
