package qda

import (
	"math"
	"slices"
	"sort"
)

// CoderSpan is one coder's coding of one document, with coder and code as
// small integers: coders 0…n−1, codes 1…k (0 means "no code").
type CoderSpan struct {
	Coder int
	Code  int
	Range
}

// SegmentUnit is a place in a document that at least one coder coded, with
// what each coder coded there: the unit of segment-level agreement.
type SegmentUnit struct {
	// Range spans the unit's segments.
	Range Range
	// Codes holds one code per coder; 0 where the coder coded nothing here.
	Codes []int
	// Spans holds per coder the index of the coder's span in the input, -1
	// where the coder coded nothing here.
	Spans []int
}

// Agrees reports whether all coders gave the unit the same code.
func (u *SegmentUnit) Agrees() bool {
	for _, c := range u.Codes[1:] {
		if c != u.Codes[0] {
			return false
		}
	}
	return true
}

// OverlapShare returns the share of two ranges' joint extent that both
// cover: |a ∩ b| / (max end − min start), 0 if they do not overlap.
func OverlapShare(a, b Range) float64 {
	lo, hi := max(a.Start, b.Start), min(a.End, b.End)
	if hi <= lo {
		return 0
	}
	return float64(hi-lo) / float64(max(a.End, b.End)-min(a.Start, b.Start))
}

// MatchSegments groups the coders' spans of one document into units. Spans
// of different coders fall into one unit when they overlap by at least
// minShare (see OverlapShare) — first among spans with the same code, then,
// for coders still missing from a unit, among spans with any code (the
// coders put different codes on the same text). Every span lands in exactly
// one unit; a coder holds at most one span per unit. Units are sorted by
// position.
func MatchSegments(spans []CoderSpan, coders int, minShare float64) []SegmentUnit {
	order := make([]int, len(spans))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		x, y := spans[a], spans[b]
		if x.Coder != y.Coder {
			return x.Coder - y.Coder
		}
		if x.Start != y.Start {
			return x.Start - y.Start
		}
		return x.End - y.End
	})
	byCoder := make([][]int, coders)
	for _, i := range order {
		byCoder[spans[i].Coder] = append(byCoder[spans[i].Coder], i)
	}
	used := make([]bool, len(spans))
	// best finds coder k's unused span that overlaps seed most (at least
	// minShare), with the seed's code if sameCode.
	best := func(seed int, k int, sameCode bool) int {
		s := spans[seed]
		bi, bs := -1, 0.0
		for _, i := range byCoder[k] {
			x := spans[i]
			if x.Start >= s.End {
				break
			}
			if used[i] || (sameCode && x.Code != s.Code) {
				continue
			}
			if sh := OverlapShare(s.Range, x.Range); sh >= minShare && sh > bs {
				bi, bs = i, sh
			}
		}
		return bi
	}
	newUnit := func(seed int) SegmentUnit {
		u := SegmentUnit{Codes: make([]int, coders), Spans: make([]int, coders)}
		for k := range u.Spans {
			u.Spans[k] = -1
		}
		u.add(spans, seed)
		used[seed] = true
		return u
	}
	var units []SegmentUnit
	var seeds []int
	// Pass 1: same-code matches.
	for _, i := range order {
		if used[i] {
			continue
		}
		u := newUnit(i)
		n := 0
		for k := range coders {
			if k == spans[i].Coder {
				continue
			}
			if j := best(i, k, true); j >= 0 {
				u.add(spans, j)
				used[j] = true
				n++
			}
		}
		if n == 0 {
			used[i] = false
			continue
		}
		units = append(units, u)
		seeds = append(seeds, i)
	}
	// Pass 2: fill the gaps of those units with spans of any code.
	for ui := range units {
		for k := range coders {
			if units[ui].Spans[k] < 0 {
				if j := best(seeds[ui], k, false); j >= 0 {
					units[ui].add(spans, j)
					used[j] = true
				}
			}
		}
	}
	// Pass 3: what is left starts units of its own.
	for _, i := range order {
		if used[i] {
			continue
		}
		u := newUnit(i)
		for k := range coders {
			if k != spans[i].Coder {
				if j := best(i, k, false); j >= 0 {
					u.add(spans, j)
					used[j] = true
				}
			}
		}
		units = append(units, u)
	}
	slices.SortStableFunc(units, func(a, b SegmentUnit) int {
		if a.Range.Start != b.Range.Start {
			return a.Range.Start - b.Range.Start
		}
		return a.Range.End - b.Range.End
	})
	return units
}

func (u *SegmentUnit) add(spans []CoderSpan, i int) {
	s := spans[i]
	if u.Range.End == 0 && u.Range.Start == 0 && u.allEmpty() {
		u.Range = s.Range
	} else {
		u.Range = Range{Start: min(u.Range.Start, s.Start), End: max(u.Range.End, s.End)}
	}
	u.Codes[s.Coder], u.Spans[s.Coder] = s.Code, i
}

func (u *SegmentUnit) allEmpty() bool {
	for _, s := range u.Spans {
		if s >= 0 {
			return false
		}
	}
	return true
}

// CharRuns cuts a document's coded text into runs of characters over which
// every coder's set of codes stays the same, and calls fn for each run that
// at least one coder coded, with the codes of each coder (sorted, without
// duplicates). fn must not keep the slices.
func CharRuns(spans []CoderSpan, coders int, fn func(r Range, codes [][]int)) {
	type event struct{ pos, coder, code, delta int }
	ev := make([]event, 0, 2*len(spans))
	for _, s := range spans {
		ev = append(ev, event{s.Start, s.Coder, s.Code, 1}, event{s.End, s.Coder, s.Code, -1})
	}
	slices.SortFunc(ev, func(a, b event) int { return a.pos - b.pos })
	active := make([]map[int]int, coders)
	for k := range active {
		active[k] = map[int]int{}
	}
	codes := make([][]int, coders)
	total := 0
	for i := 0; i < len(ev); {
		pos := ev[i].pos
		for ; i < len(ev) && ev[i].pos == pos; i++ {
			e := ev[i]
			active[e.coder][e.code] += e.delta
			if active[e.coder][e.code] == 0 {
				delete(active[e.coder], e.code)
			}
			total += e.delta
		}
		if total == 0 || i == len(ev) {
			continue
		}
		for k := range codes {
			codes[k] = codes[k][:0]
			for c := range active[k] {
				codes[k] = append(codes[k], c)
			}
			slices.Sort(codes[k])
		}
		fn(Range{Start: pos, End: ev[i].pos}, codes)
	}
}

// CodeAgreement holds agreement figures for one code or overall. Figures
// that are undefined for the data (e.g. κ with more than two coders) are
// NaN.
type CodeAgreement struct {
	// Code is the code's number (0 for the overall figures).
	Code int
	// Units is the number of units (characters or segments) in which at
	// least one coder applied the code (overall: all units).
	Units float64
	// Agree is how many of those all coders coded alike.
	Agree float64
	// Percent is Agree / Units.
	Percent float64
	// Kappa is Cohen's κ (two coders only; overall at character level the
	// pooled κ over codes).
	Kappa float64
	// Alpha is Krippendorff's α for nominal data.
	Alpha float64
}

// AgreementStats is the result of ComputeAgreement.
type AgreementStats struct {
	Overall CodeAgreement
	// PerCode holds the figures of every code some coder applied, by code.
	PerCode []CodeAgreement
	// Units holds each document's segment units (see MatchSegments), at
	// both levels, e.g. for a list of disagreements.
	Units [][]SegmentUnit
}

// ComputeAgreement computes inter-coder agreement over documents, each given
// as the spans of all coders in it.
//
// At segment level (segments true) the units are those of MatchSegments;
// each coder's value is the code given there or "none". Overall figures are
// nominal over codes; a code's figures treat the same units as "this code"
// against "anything else" (category-specific agreement), and its Percent
// counts the units where some coder gave the code.
//
// At character level the units are the characters some coder coded with
// any code; a code's figures are binary (coded with it or not), and the
// overall figures pool the codes: α over all (character, code) pairs, κ as
// the pooled κ of De Vries et al. (2008); overall Percent is the share of
// characters on which all coders applied identical sets of codes.
func ComputeAgreement(docs [][]CoderSpan, coders int, segments bool, minShare float64) *AgreementStats {
	per := map[int]*Reliability{}
	involved := map[int]*[2]float64{} // units, agree
	acc := func(c int) *Reliability {
		if per[c] == nil {
			per[c] = NewReliability(coders)
			involved[c] = &[2]float64{}
		}
		return per[c]
	}
	overall := NewReliability(coders)
	var total, totalAgree float64
	vals := make([]int, coders)
	addBinary := func(code int, has func(k int) bool, w float64) {
		all := true
		for k := range vals {
			vals[k] = 0
			if has(k) {
				vals[k] = 1
			} else {
				all = false
			}
		}
		acc(code).Add(vals, w)
		involved[code][0] += w
		if all {
			involved[code][1] += w
		}
	}
	units := make([][]SegmentUnit, len(docs))
	for i, spans := range docs {
		units[i] = MatchSegments(spans, coders, minShare)
		if segments {
			for _, u := range units[i] {
				overall.Add(u.Codes, 1)
				total++
				for _, c := range uniqueCodes(u.Codes) {
					addBinary(c, func(k int) bool { return u.Codes[k] == c }, 1)
				}
			}
			continue
		}
		CharRuns(spans, coders, func(r Range, codes [][]int) {
			w := float64(r.End - r.Start)
			total += w
			same := true
			for k := 1; k < coders; k++ {
				same = same && slices.Equal(codes[k], codes[0])
			}
			if same {
				totalAgree += w
			}
			var union []int
			for _, cs := range codes {
				union = append(union, cs...)
			}
			for _, c := range uniqueCodes(union) {
				addBinary(c, func(k int) bool { _, ok := slices.BinarySearch(codes[k], c); return ok }, w)
			}
		})
	}
	st := &AgreementStats{Units: units}
	zeros := make([]int, coders)
	var list []*Reliability
	for c, r := range per {
		inv := involved[c]
		ca := CodeAgreement{Code: c, Units: inv[0], Agree: inv[1], Percent: inv[1] / inv[0]}
		r.Add(zeros, total-inv[0]) // the units where nobody applied c
		ca.Kappa, ca.Alpha = r.Kappa(), r.Alpha()
		st.PerCode = append(st.PerCode, ca)
		list = append(list, r)
	}
	sort.Slice(st.PerCode, func(i, j int) bool { return st.PerCode[i].Code < st.PerCode[j].Code })
	o := CodeAgreement{Units: total, Percent: math.NaN(), Kappa: math.NaN(), Alpha: math.NaN()}
	if segments {
		o.Agree = overall.agree
		o.Percent, o.Kappa, o.Alpha = overall.Percent(), overall.Kappa(), overall.Alpha()
	} else if total > 0 {
		pooled := NewReliability(coders)
		for _, r := range list {
			pooled.Merge(r)
		}
		o.Agree, o.Percent = totalAgree, totalAgree/total
		o.Kappa, o.Alpha = PooledKappa(list), pooled.Alpha()
	}
	st.Overall = o
	return st
}

// uniqueCodes returns the distinct non-zero codes of cs, sorted.
func uniqueCodes(cs []int) []int {
	out := make([]int, 0, len(cs))
	for _, c := range cs {
		if c != 0 && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}
