package qda

import "time"

// CodingStamp holds in 16 bytes what a coding shows besides its ref: when
// it was made, its origin, and whether it has a memo (not the memo
// itself). A retrieval fills a segment from the stamps of the coding
// table and reads from the store only the codings whose stamp does not
// tell all (Fill): those with a memo and the rare ones whose time or
// origin the stamp cannot hold. The zero stamp tells nothing.
type CodingStamp struct {
	created int64 // Unix nanoseconds, UTC
	flags   uint8
}

// Stamp flags: stampKnown marks a stamp made by StampOf from a coding
// whose time and origin it holds; the origin is one of stampOrigins.
const (
	stampKnown      = 1 << 0
	stampMemo       = 1 << 1
	stampOriginBits = 2
	stampOriginMask = 3 << stampOriginBits
)

// stampOrigins are the origins a stamp holds, by their number.
var stampOrigins = [...]Origin{OriginManual, OriginTemplate, OriginAuto, OriginImport}

// Times whose Unix nanoseconds fit an int64 (1678 to 2262).
var (
	stampMin = time.Unix(0, -1<<63)
	stampMax = time.Unix(0, 1<<63-1)
)

// StampOf returns c's stamp: one that tells nothing if c's time is not in
// UTC (its zone would be lost), outside the years 1678 to 2262, or its
// origin is not one of protocoder's.
func StampOf(c *Coding) CodingStamp {
	if c.Created.Location() != time.UTC || c.Created.Before(stampMin) || c.Created.After(stampMax) {
		return CodingStamp{}
	}
	for i, o := range stampOrigins {
		if c.Origin == o {
			s := CodingStamp{created: c.Created.UnixNano(), flags: stampKnown | uint8(i)<<stampOriginBits}
			if c.Memo != "" {
				s.flags |= stampMemo
			}
			return s
		}
	}
	return CodingStamp{}
}

// Fill sets c's time, origin and memo from the stamp and reports whether
// that is all of them: false if the stamp tells nothing or the coding has
// a memo (read the coding then), with c unchanged.
func (s CodingStamp) Fill(c *Coding) bool {
	if s.flags&stampKnown == 0 || s.flags&stampMemo != 0 {
		return false
	}
	c.Created = time.Unix(0, s.created).UTC()
	c.Origin = stampOrigins[(s.flags&stampOriginMask)>>stampOriginBits]
	c.Memo = ""
	return true
}

// Ref returns c's ref with its stamp.
func (c *Coding) Ref() CodingRef {
	return CodingRef{GUID: c.GUID, Document: c.Document, Code: c.Code, Coder: c.Coder, Range: c.Range, Stamp: StampOf(c)}
}
