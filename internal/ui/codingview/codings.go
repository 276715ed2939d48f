package codingview

import (
	"cmp"
	"image/color"
	"slices"
	"strconv"

	"github.com/protocoder/protocoder/internal/qda"
)

// CodeStyle is how a code is shown: its name and its colour "#rrggbb".
type CodeStyle struct {
	// Name labels the code's stripes and hover descriptions.
	Name string
	// Color is the code's colour as "#rrggbb"; anything else shows grey.
	Color string
}

// Stripe layout limits.
const (
	maxColumns = 12   // stripe columns per group; deeper overlaps share the last one
	labelled   = 4    // columns per group wide enough for a label; the others are narrow
	narrowW    = 10   // width of a column without labels
	minColW    = 14   // narrowest labelled column; a label needs about 40
	stripeFrac = 0.25 // share of the view's width the stripes may take
	stripeGap  = 40   // runes between two codings that may share a stripe column
	maxUnder   = 3    // underline lanes under a text line
)

// shown is a coding that passes the coder filter, with what drawing it needs.
type shown struct {
	c     qda.Coding
	name  string
	color color.NRGBA
	group int // stripe group: 0, or the coder's index in compare mode
	col   int // stripe column within the group
	under int // underline lane among all shown codings
}

// group is a column group of the stripe margin.
type group struct {
	coder qda.GUID // empty unless in compare mode
	cols  int
}

// rebuild recomputes the shown codings, their stripe columns and
// underline lanes from the codings, the code styles and the filters.
func (v *View) rebuild() {
	n := v.lay.Len()
	v.shown = v.shown[:0]
	gi := map[qda.GUID]int{}
	for i, c := range v.compare {
		gi[c] = i
	}
	for _, c := range v.codings {
		if v.filter != nil && !v.filter[c.Coder] {
			continue
		}
		g, ok := 0, true
		if v.compare != nil {
			g, ok = gi[c.Coder]
		}
		c.Start, c.End = clamp(c.Start, 0, n), clamp(c.End, 0, n)
		if !ok || c.End <= c.Start {
			continue
		}
		st := v.codes[c.Code]
		name := st.Name
		if name == "" {
			name = "?"
		}
		v.shown = append(v.shown, shown{c: c, name: name, color: parseColor(st.Color), group: g})
	}
	slices.SortStableFunc(v.shown, func(a, b shown) int {
		return cmp.Or(cmp.Compare(a.c.Start, b.c.Start), cmp.Compare(b.c.End, a.c.End))
	})
	ng := max(1, len(v.compare))
	v.groups = make([]group, ng)
	for i := range v.groups {
		if v.compare != nil {
			v.groups[i].coder = v.compare[i]
		}
		v.groups[i].cols = 1
	}
	ends := make([][]int, ng)
	var under []int
	for i := range v.shown {
		s := &v.shown[i]
		s.col = lane(&ends[s.group], s.c.Start, s.c.End+stripeGap)
		v.groups[s.group].cols = max(v.groups[s.group].cols, min(s.col+1, maxColumns))
		s.col = min(s.col, maxColumns-1)
		s.under = lane(&under, s.c.Start, s.c.End)
	}
	if v.compare == nil {
		v.groups[0].cols = max(v.groups[0].cols, 2)
	}
	if v.coding(v.selCoding) < 0 {
		v.selCoding = ""
	}
}

// lane returns the lowest lane whose last interval ended at or before
// start and records end for it.
func lane(ends *[]int, start, end int) int {
	for k, e := range *ends {
		if e <= start {
			(*ends)[k] = end
			return k
		}
	}
	*ends = append(*ends, end)
	return len(*ends) - 1
}

// parseColor parses "#rrggbb"; anything else is grey.
func parseColor(s string) color.NRGBA {
	if len(s) == 7 && s[0] == '#' {
		if v, err := strconv.ParseUint(s[1:], 16, 32); err == nil {
			return color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
		}
	}
	return color.NRGBA{0x88, 0x88, 0x88, 0xff}
}

// withAlpha returns c with alpha a.
func withAlpha(c color.NRGBA, a uint8) color.NRGBA { c.A = a; return c }

// at returns the shown codings that cover offset, outermost first.
func (v *View) at(offset int) []int {
	var out []int
	for i := range v.shown {
		c := v.shown[i].c
		if c.Start > offset {
			break
		}
		if offset < c.End {
			out = append(out, i)
		}
	}
	return out
}

// coding returns the index of the shown coding with id, or -1.
func (v *View) coding(id qda.GUID) int {
	for i := range v.shown {
		if v.shown[i].c.GUID == id {
			return i
		}
	}
	return -1
}
