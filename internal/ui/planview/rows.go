package planview

import (
	"sort"

	"github.com/protocoder/protocoder/internal/app/study"
	"github.com/protocoder/protocoder/internal/qda"
)

// rowKind says what a table row shows.
type rowKind int

const (
	rowLevel rowKind = iota // a level's heading
	rowCell                 // one case and role
	rowTotal                // a level's totals
)

// tableRow is one row of the dashboard: a case and role (or a level's
// heading or totals) with its counts per wave.
type tableRow struct {
	kind  rowKind
	level qda.Level
	cse   string
	role  string
	group string // the plan group of a role the plan divides, e.g. Bestandskraft
	waves map[int]study.PlanCell
}

// roleText is the role with its plan group.
func (r tableRow) roleText() string {
	if r.group != "" {
		return r.role + " (" + r.group + ")"
	}
	return r.role
}

// buildRows lays the plan status out as the seed's tables: per level a
// heading, one row per case × role (cases in order, roles in plan order)
// and a totals row; columns are the waves. A level other than "" keeps
// only that level's rows.
func buildRows(st *study.PlanStatus, only qda.Level) ([]tableRow, []int) {
	if st == nil {
		return nil, []int{1}
	}
	waveSet := map[int]bool{}
	type key struct {
		level            qda.Level
		cse, role, group string
	}
	byKey := map[key]*tableRow{}
	roleOrder := map[key]int{}
	var keys []key
	for _, c := range st.Cells {
		if only != "" && c.Level != only {
			continue
		}
		waveSet[c.Wave] = true
		k := key{c.Level, c.Case, c.Role, c.Group}
		r := byKey[k]
		if r == nil {
			r = &tableRow{kind: rowCell, level: c.Level, cse: c.Case, role: c.Role, group: c.Group, waves: map[int]study.PlanCell{}}
			byKey[k] = r
			keys = append(keys, k)
		}
		r.waves[c.Wave] = c
		rk := key{c.Level, "", c.Role, ""}
		if _, ok := roleOrder[rk]; !ok {
			roleOrder[rk] = len(roleOrder)
		}
	}
	sort.SliceStable(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.level != b.level {
			return levelRank(a.level) < levelRank(b.level)
		}
		if a.cse != b.cse {
			return a.cse < b.cse
		}
		if a.role != b.role {
			return roleOrder[key{a.level, "", a.role, ""}] < roleOrder[key{b.level, "", b.role, ""}]
		}
		return a.group < b.group
	})
	totals := map[qda.Level]map[int]study.PlanCell{}
	for _, t := range st.Totals {
		if only != "" && t.Level != only {
			continue
		}
		waveSet[t.Wave] = true
		if totals[t.Level] == nil {
			totals[t.Level] = map[int]study.PlanCell{}
		}
		totals[t.Level][t.Wave] = t.PlanCell
	}
	var rows []tableRow
	for i, k := range keys {
		if i == 0 || keys[i-1].level != k.level {
			rows = append(rows, tableRow{kind: rowLevel, level: k.level})
		}
		rows = append(rows, *byKey[k])
		if i == len(keys)-1 || keys[i+1].level != k.level {
			rows = append(rows, tableRow{kind: rowTotal, level: k.level, waves: totals[k.level]})
		}
	}
	var waves []int
	for w := range waveSet {
		waves = append(waves, w)
	}
	sort.Ints(waves)
	if len(waves) == 0 {
		waves = []int{1}
	}
	return rows, waves
}

func levelRank(l qda.Level) int {
	for i, x := range qda.Levels {
		if x == l {
			return i
		}
	}
	return len(qda.Levels)
}

// barGroup is one group of the chart: a level in a wave.
type barGroup struct {
	level     qda.Level
	wave      int
	planned   int
	optional  int
	conducted int
	final     int
	refused   int
	dropped   int
}

// chartGroups returns the chart's groups, one per level and wave.
func chartGroups(st *study.PlanStatus) []barGroup {
	if st == nil {
		return nil
	}
	var out []barGroup
	for _, t := range st.Totals {
		out = append(out, barGroup{level: t.Level, wave: t.Wave, planned: t.Planned, optional: t.Optional,
			conducted: t.Conducted, final: t.Final, refused: t.Refused, dropped: t.Dropped})
	}
	return out
}
