package workbench

import (
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// metadata builds the line under the title: kind · site · level, wave,
// role and interviewee, date, status · length · codings.
func metadata(src Source, d *qda.Document, codings []qda.Coding) (string, error) {
	parts := []string{i18n.DocKind(d.Kind)}
	caseID := d.Case
	var iv *qda.Interview
	if d.Interview != "" {
		ivs, err := src.Interviews()
		if err != nil {
			return "", err
		}
		for i := range ivs {
			if ivs[i].GUID == d.Interview {
				iv = &ivs[i]
			}
		}
		if iv != nil && caseID == "" {
			caseID = iv.Case
		}
	}
	if caseID != "" {
		cases, err := src.Cases()
		if err != nil {
			return "", err
		}
		for _, c := range cases {
			if c.GUID == caseID {
				parts = append(parts, lang.X("doc.site", "Site {{.Name}}", map[string]any{"Name": c.Name}))
			}
		}
	}
	if iv != nil {
		parts = append(parts, i18n.Level(iv.Level), lang.X("label.wave", "Wave {{.Wave}}", map[string]any{"Wave": iv.Wave}))
		who := iv.Interviewee
		if iv.Role != "" {
			who += " (" + iv.Role + ")"
		}
		if strings.TrimSpace(who) != "" {
			parts = append(parts, who)
		}
		if !iv.Date.IsZero() {
			parts = append(parts, i18n.Date(iv.Date))
		}
		parts = append(parts, i18n.Status(iv.Status))
	}
	n := len(codings)
	parts = append(parts,
		lang.XN("doc.length", "{{.N}} characters", d.Length, map[string]any{"N": d.Length}),
		lang.XN("count.codings", "{{.N}} codings", n, map[string]any{"N": n}))
	return strings.Join(parts, " · "), nil
}

// hoverLine turns the view's hover description ("code · coder" lines,
// each followed by an indented memo line if there is a memo) into one
// line: "code · coder — memo   |   code · coder".
func hoverLine(info string) string {
	if info == "" {
		return ""
	}
	var out []string
	for _, l := range strings.Split(info, "\n") {
		if memo, ok := strings.CutPrefix(l, "    "); ok && len(out) > 0 {
			out[len(out)-1] += " — " + memo
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "   |   ")
}

// short cuts s to n runes with an ellipsis, on one line.
func short(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
