package qda

// HoldsLevel reports whether interviews of level l take place at a site
// of kind k. The study interviews the management of regional
// directorates, ministries and job centres on the strategic level; the
// operative level and the intensive case studies take place in job
// centres only. A site of another kind may hold any level (the study
// design does not know it).
func (k CaseKind) HoldsLevel(l Level) bool {
	switch k {
	case CaseRegionalDirectorate, CaseMinistry:
		return l == LevelStrategic
	}
	return true
}
