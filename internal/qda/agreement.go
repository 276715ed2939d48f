package qda

import "math"

// Reliability accumulates reliability data — units, each with one nominal
// value per coder — and computes percent agreement, Cohen's κ (two coders)
// and Krippendorff's α for nominal data (any number of coders, missing values
// allowed). A unit may carry a weight: a run of w identical units (such as w
// characters that every coder coded alike) is added once with weight w.
//
// Values are small non-negative integers naming categories; a negative value
// means "missing" (the coder did not judge the unit). Units with fewer than
// two values are not pairable and are ignored by every measure.
type Reliability struct {
	coders int
	// n is the number of pairable values (Krippendorff's n..).
	n float64
	// nc is the number of pairable values per category (n_c).
	nc map[int]float64
	// disagree is Σ_{c≠k} o_ck, the observed disagreement mass.
	disagree float64
	// units and agree count pairable units and units where all values
	// are equal.
	units, agree float64
	// table is the coder 0 × coder 1 contingency table (two coders only),
	// from units where both coders gave a value.
	table map[[2]int]float64
	// tableN is the table's total.
	tableN float64
	cnt    map[int]int // scratch
}

// NewReliability returns an empty accumulator for the given number of
// coders.
func NewReliability(coders int) *Reliability {
	return &Reliability{coders: coders, nc: map[int]float64{}, table: map[[2]int]float64{}, cnt: map[int]int{}}
}

// Coders returns the number of coders the accumulator was made for.
func (r *Reliability) Coders() int { return r.coders }

// Add adds a unit with one value per coder (len(values) == Coders(); a
// negative value is missing) and weight w > 0.
func (r *Reliability) Add(values []int, w float64) {
	if w <= 0 {
		return
	}
	clear(r.cnt)
	m := 0
	for _, v := range values {
		if v >= 0 {
			r.cnt[v]++
			m++
		}
	}
	if m < 2 {
		return
	}
	sq := 0
	for c, k := range r.cnt {
		r.nc[c] += w * float64(k)
		sq += k * k
	}
	r.n += w * float64(m)
	r.disagree += w * float64(m*m-sq) / float64(m-1)
	r.units += w
	if len(r.cnt) == 1 {
		r.agree += w
	}
	if r.coders == 2 {
		r.table[[2]int{values[0], values[1]}] += w
		r.tableN += w
	}
}

// Merge adds the data of o (made for the same number of coders) to r, as if
// o's units had been added to r.
func (r *Reliability) Merge(o *Reliability) {
	r.n += o.n
	for c, v := range o.nc {
		r.nc[c] += v
	}
	r.disagree += o.disagree
	r.units += o.units
	r.agree += o.agree
	for k, v := range o.table {
		r.table[k] += v
	}
	r.tableN += o.tableN
}

// Units returns the total weight of pairable units.
func (r *Reliability) Units() float64 { return r.units }

// Percent returns the share of pairable units on which all coders gave the
// same value, between 0 and 1; NaN without units.
func (r *Reliability) Percent() float64 {
	if r.units == 0 {
		return math.NaN()
	}
	return r.agree / r.units
}

// Observed returns Cohen's p_o and the chance agreement p_e of the two
// coders' contingency table; NaNs unless the accumulator is for two coders
// and has units.
func (r *Reliability) Observed() (po, pe float64) {
	if r.coders != 2 || r.tableN == 0 {
		return math.NaN(), math.NaN()
	}
	row, col := map[int]float64{}, map[int]float64{}
	diag := 0.0
	for k, v := range r.table {
		row[k[0]] += v
		col[k[1]] += v
		if k[0] == k[1] {
			diag += v
		}
	}
	for c, v := range row {
		pe += v * col[c]
	}
	return diag / r.tableN, pe / (r.tableN * r.tableN)
}

// Kappa returns Cohen's κ = (p_o − p_e) / (1 − p_e) for two coders; NaN
// for more coders, without units, or when chance agreement is 1 (both
// coders used one and the same category throughout).
func (r *Reliability) Kappa() float64 {
	po, pe := r.Observed()
	return kappa(po, pe)
}

func kappa(po, pe float64) float64 {
	if math.IsNaN(po) || math.IsNaN(pe) || pe >= 1 {
		return math.NaN()
	}
	return (po - pe) / (1 - pe)
}

// Alpha returns Krippendorff's α for nominal data:
// α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c · n_k, computed from the
// coincidences of pairable values (Krippendorff 2011, "Computing
// Krippendorff's Alpha-Reliability"). NaN without pairable values or when
// all values fall into one category (no expected disagreement).
func (r *Reliability) Alpha() float64 {
	if r.n <= 1 {
		return math.NaN()
	}
	sq := 0.0
	for _, v := range r.nc {
		sq += v * v
	}
	expected := r.n*r.n - sq // Σ_{c≠k} n_c n_k
	if expected <= 0 {
		return math.NaN()
	}
	return 1 - (r.n-1)*r.disagree/expected
}

// PooledKappa returns the pooled κ of several two-coder accumulators, one per
// category (e.g. per code): (mean p_o − mean p_e) / (1 − mean p_e), after De
// Vries et al. (2008), "Using pooled kappa to summarize interrater agreement
// across many items", Field Methods 20(3). Accumulators without units are
// skipped; NaN if none is left.
func PooledKappa(rs []*Reliability) float64 {
	var po, pe float64
	n := 0
	for _, r := range rs {
		o, e := r.Observed()
		if math.IsNaN(o) {
			continue
		}
		po += o
		pe += e
		n++
	}
	if n == 0 {
		return math.NaN()
	}
	return kappa(po/float64(n), pe/float64(n))
}
