package qda

import "unicode"

// OffsetMap maps rune offsets of an old text to a new text after an edit.
// It is computed from a diff of the two texts: runes kept by the edit map to
// their new position; inserted runes belong to no old offset.
type OffsetMap struct {
	// kept[i] is the new offset of old rune i, or -1 if it was deleted.
	kept   []int
	newLen int
}

// maxDiffD bounds the edit distance the diff explores (its memory grows
// with its square); beyond it, the differing middle is diffed by lines.
const maxDiffD = 2000

// DiffOffsets computes the OffsetMap from old to new. Common prefix and
// suffix are matched first; the differing middle is aligned with Myers'
// O(ND) diff on words (or, for large rewrites, on lines); the regions
// between matched words are aligned rune by rune. Typical edits cost time
// linear in the text.
func DiffOffsets(oldText, newText string) *OffsetMap {
	a, b := []rune(oldText), []rune(newText)
	m := &OffsetMap{kept: make([]int, len(a)), newLen: len(b)}
	for i := range m.kept {
		m.kept[i] = -1
	}
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		m.kept[p] = p
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		m.kept[len(a)-1-s] = len(b) - 1 - s
		s++
	}
	midA, midB := a[p:len(a)-s], b[p:len(b)-s]
	ta, tb := tokenize(midA), tokenize(midB)
	pairs, ok := myers(ta.keys, tb.keys)
	if !ok {
		ta, tb = splitLines(midA), splitLines(midB)
		pairs, _ = myers(ta.keys, tb.keys)
	}
	// pairs come last-first; walk them in text order, aligning the gaps
	// between matched tokens rune by rune.
	ga, gb := 0, 0
	for i := len(pairs) - 1; i >= -1; i-- {
		na, nb := len(midA), len(midB)
		if i >= 0 {
			na, nb = ta.starts[pairs[i][0]], tb.starts[pairs[i][1]]
		}
		alignGap(m, midA[ga:na], midB[gb:nb], p+ga, p+gb)
		if i < 0 {
			break
		}
		n := ta.lens[pairs[i][0]]
		for j := 0; j < n; j++ {
			m.kept[p+na+j] = p + nb + j
		}
		ga, gb = na+n, nb+n
	}
	return m
}

// minGapRun is the shortest run of equal runes inside a replaced region
// that counts as kept; shorter matches are coincidences of letters.
const minGapRun = 3

// alignGap aligns a replaced region rune by rune (a typo fixed inside a
// word keeps the word), keeping only runs of at least minGapRun runes.
func alignGap(m *OffsetMap, a, b []rune, offA, offB int) {
	if len(a) == 0 || len(b) == 0 || len(a) > 4000 || len(b) > 4000 {
		return
	}
	pairs, ok := myers(a, b)
	if !ok {
		return
	}
	for i := 0; i < len(pairs); {
		j := i
		for j+1 < len(pairs) && pairs[j+1][0] == pairs[j][0]-1 && pairs[j+1][1] == pairs[j][1]-1 {
			j++
		}
		if j-i+1 >= minGapRun {
			for k := i; k <= j; k++ {
				m.kept[offA+pairs[k][0]] = offB + pairs[k][1]
			}
		}
		i = j + 1
	}
}

// tokenize splits runes into words (letters and digits) and single other
// runes, the unit of the first diff pass.
func tokenize(rs []rune) lines {
	var l lines
	for i := 0; i < len(rs); {
		j := i + 1
		if unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i]) {
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j])) {
				j++
			}
		}
		l.keys = append(l.keys, string(rs[i:j]))
		l.starts = append(l.starts, i)
		l.lens = append(l.lens, j-i)
		i = j
	}
	return l
}

type lines struct {
	keys         []string
	starts, lens []int
}

func splitLines(rs []rune) lines {
	var l lines
	start := 0
	for i, r := range rs {
		if r == '\n' || i == len(rs)-1 {
			l.keys = append(l.keys, string(rs[start:i+1]))
			l.starts = append(l.starts, start)
			l.lens = append(l.lens, i+1-start)
			start = i + 1
		}
	}
	return l
}

// myers returns the matched index pairs of a shortest edit script between
// a and b; ok is false when the edit distance exceeds maxDiffD.
func myers[T comparable](a, b []T) (pairs [][2]int, ok bool) {
	n, mm := len(a), len(b)
	if n == 0 || mm == 0 {
		return nil, true
	}
	maxD := min(n+mm, maxDiffD)
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int // trace[d] holds v[off-d-1 : off+d+2] before step d
	for d := 0; d <= maxD; d++ {
		trace = append(trace, append([]int(nil), v[off-d-1:off+d+2]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < mm && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= mm {
				return backtrack(trace, n, mm, d), true
			}
		}
	}
	return nil, false
}

func backtrack(trace [][]int, n, mm, d int) [][2]int {
	var pairs [][2]int
	x, y := n, mm
	for ; d > 0; d-- {
		t := trace[d]
		at := func(k int) int { return t[k+d+1] }
		k := x - y
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		py := px - pk
		for x > px && y > py {
			x--
			y--
			pairs = append(pairs, [2]int{x, y})
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		x--
		y--
		pairs = append(pairs, [2]int{x, y})
	}
	return pairs
}

// MapRange maps a half-open range of the old text to the new text: from the
// first kept rune at or after Start to just after the last kept rune before
// End. ok is false when no rune of the range survived the edit.
func (m *OffsetMap) MapRange(r Range) (Range, bool) {
	start, end := -1, -1
	for i := r.Start; i < r.End && i < len(m.kept); i++ {
		if m.kept[i] >= 0 {
			start = m.kept[i]
			break
		}
	}
	for i := min(r.End, len(m.kept)) - 1; i >= r.Start; i-- {
		if m.kept[i] >= 0 {
			end = m.kept[i] + 1
			break
		}
	}
	if start < 0 || end <= start {
		return Range{}, false
	}
	return Range{Start: start, End: end}, true
}

// Reanchor moves codings from an old to a new version of their document's
// text. It returns the codings that survive with their new ranges and those
// whose text was deleted entirely (to be reported, never silently dropped).
func Reanchor(oldText, newText string, codings []Coding) (kept, lost []Coding) {
	m := DiffOffsets(oldText, newText)
	for _, c := range codings {
		if r, ok := m.MapRange(c.Range); ok {
			c.Range = r
			kept = append(kept, c)
		} else {
			lost = append(lost, c)
		}
	}
	return kept, lost
}
