package qda

import "strings"

// ReportSection is a part of a report text: a Markdown-style heading line
// ("## 4. Leistungen aus einer Hand"; empty for the text before the first
// heading) and the body up to the next heading.
type ReportSection struct {
	Heading string
	Body    string
}

// SplitSections cuts a report text at its heading lines (lines starting
// with "#"). Bodies are trimmed of surrounding blank lines.
func SplitSections(text string) []ReportSection {
	var out []ReportSection
	cur := ReportSection{}
	var body []string
	flush := func() {
		cur.Body = strings.Trim(strings.Join(body, "\n"), "\n ")
		if cur.Heading != "" || cur.Body != "" {
			out = append(out, cur)
		}
		body = body[:0]
	}
	for _, ln := range strings.Split(text, "\n") {
		if strings.HasPrefix(ln, "#") {
			flush()
			cur = ReportSection{Heading: strings.TrimRight(ln, " ")}
			continue
		}
		body = append(body, ln)
	}
	flush()
	return out
}

// JoinSections is the inverse of SplitSections.
func JoinSections(ss []ReportSection) string {
	var parts []string
	for _, s := range ss {
		if s.Heading != "" {
			parts = append(parts, s.Heading)
		}
		if s.Body != "" {
			parts = append(parts, s.Body)
		}
	}
	return strings.Join(parts, "\n\n") + "\n"
}

// MergeReport merges a regenerated report into one that was edited by hand
// since it was generated, section by section (sections are matched by their
// heading): base is the text as last generated, ours the current text with
// the manual edits, theirs the new generated text. A section changed only
// on one side takes that side; a section changed on both sides keeps the
// manual version and is listed in conflicts, as is a section deleted by hand
// that the generator changed (it stays deleted) and a manually edited
// section the generator dropped (it stays). Sections added by hand stay
// where they were. Manual edits are never lost.
func MergeReport(base, ours, theirs string) (merged string, conflicts []string) {
	index := func(ss []ReportSection) map[string]string {
		m := map[string]string{}
		for _, s := range ss {
			m[s.Heading] = s.Body
		}
		return m
	}
	bs, os, ts := SplitSections(base), SplitSections(ours), SplitSections(theirs)
	b, o, t := index(bs), index(os), index(ts)
	var out []ReportSection
	placed := map[string]bool{}
	// Sections of ours that the generator does not produce any more, or
	// that were added by hand, follow the section they followed in ours.
	after := map[string][]ReportSection{}
	prev := "\x00start"
	for _, s := range os {
		if _, inT := t[s.Heading]; !inT {
			bb, inB := b[s.Heading]
			switch {
			case !inB: // added by hand
				after[prev] = append(after[prev], s)
			case bb != s.Body: // edited by hand, dropped by the generator
				after[prev] = append(after[prev], s)
				conflicts = append(conflicts, s.Heading)
			}
			continue
		}
		prev = s.Heading
	}
	out = append(out, after["\x00start"]...)
	for _, s := range ts {
		if placed[s.Heading] {
			continue
		}
		placed[s.Heading] = true
		ob, inO := o[s.Heading]
		bb, inB := b[s.Heading]
		switch {
		case !inO && inB: // deleted by hand
			if bb != s.Body {
				conflicts = append(conflicts, s.Heading)
			}
		case !inO || ob == s.Body || (inB && ob == bb):
			out = append(out, s)
		case inB && s.Body == bb:
			out = append(out, ReportSection{Heading: s.Heading, Body: ob})
		default:
			out = append(out, ReportSection{Heading: s.Heading, Body: ob})
			conflicts = append(conflicts, s.Heading)
		}
		out = append(out, after[s.Heading]...)
	}
	return JoinSections(out), conflicts
}
