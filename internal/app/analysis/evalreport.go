package analysis

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// EvalReport writes the report section of one evaluation question (or of
// every question, for an empty id) in Markdown: per linked code — a theme
// stands for its questions, a question for its prompts — the summary
// cells written for it, site by site, and the number of coded segments
// with up to quotes of them per site. It is organised by question across
// sites, the way the interim report's chapters are organised by topic.
func (s *Service) EvalReport(id string, quotes int) (string, error) {
	if quotes < 0 {
		quotes = 0
	}
	var b strings.Builder
	err := s.View(func(tx app.Tx) error {
		p, err := tx.Plan()
		if err != nil {
			return err
		}
		qs := p.Questions
		if id != "" {
			i := slices.IndexFunc(qs, func(q qda.EvalQuestion) bool { return strings.EqualFold(q.ID, strings.TrimSpace(id)) })
			if i < 0 {
				return qda.Errorf(qda.ENotFound, "no evaluation question %q", id)
			}
			qs = qs[i : i+1]
		}
		if len(qs) == 0 {
			return qda.Errorf(qda.ENotFound, "the study has no evaluation questions yet")
		}
		codes, err := tx.Codes()
		if err != nil {
			return err
		}
		byGUID := map[qda.GUID]*qda.Code{}
		kids := map[qda.GUID][]qda.GUID{}
		for i := range codes {
			byGUID[codes[i].GUID] = &codes[i]
			kids[codes[i].Parent] = append(kids[codes[i].Parent], codes[i].GUID)
		}
		sums, err := tx.Summaries()
		if err != nil {
			return err
		}
		cases, err := tx.Cases()
		if err != nil {
			return err
		}
		caseName := map[qda.GUID]string{}
		for _, c := range cases {
			caseName[c.GUID] = c.Name
		}
		ivs, err := tx.Interviews()
		if err != nil {
			return err
		}
		ivName := map[qda.GUID]string{}
		ivCase := map[qda.GUID]qda.GUID{}
		for _, iv := range ivs {
			ivName[iv.GUID], ivCase[iv.GUID] = iv.Interviewee, iv.Case
		}
		docs, err := tx.Documents()
		if err != nil {
			return err
		}
		docOf := map[qda.GUID]*qda.Document{}
		for i := range docs {
			docOf[docs[i].GUID] = &docs[i]
		}
		texts := map[qda.GUID]string{}
		for qi, q := range qs {
			if qi > 0 {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "# %s %s\n", q.ID, q.Text)
			if len(q.Codes) == 0 {
				b.WriteString("\n(Noch keine Codes verknüpft.)\n")
			}
			for _, cg := range q.Codes {
				code := byGUID[cg]
				if code == nil {
					continue
				}
				set := []qda.GUID{cg}
				for i := 0; i < len(set); i++ {
					set = append(set, kids[set[i]]...)
				}
				heading := code.Name
				if code.Ref != nil {
					if g, err := tx.Guideline(code.Ref.Guideline); err == nil {
						heading = g.Key + " · " + heading
					}
				}
				fmt.Fprintf(&b, "\n## %s\n", heading)
				var cells []qda.Summary
				for _, sm := range sums {
					if slices.Contains(set, sm.Code) && strings.TrimSpace(sm.Text) != "" {
						cells = append(cells, sm)
					}
				}
				target := func(g qda.GUID) string {
					if n := caseName[g]; n != "" {
						return n
					}
					return caseName[ivCase[g]] + " · " + ivName[g]
				}
				sort.SliceStable(cells, func(i, j int) bool { return target(cells[i].Target) < target(cells[j].Target) })
				for _, sm := range cells {
					label := target(sm.Target)
					if sm.Code != cg {
						label += " · " + byGUID[sm.Code].Name
					}
					fmt.Fprintf(&b, "\n### %s\n\n%s\n", label, strings.TrimSpace(sm.Text))
				}
				perCase := map[string][]qda.Coding{}
				total := 0
				for _, g := range set {
					cs, err := tx.CodingsOfCode(g)
					if err != nil {
						return err
					}
					for _, c := range cs {
						d := docOf[c.Document]
						if d == nil {
							continue
						}
						site := caseName[d.Case]
						if site == "" {
							site = caseName[ivCase[d.Interview]]
						}
						perCase[site] = append(perCase[site], c)
						total++
					}
				}
				if total == 0 {
					b.WriteString("\n(Keine codierten Segmente.)\n")
					continue
				}
				var sites []string
				for site := range perCase {
					sites = append(sites, site)
				}
				sort.Strings(sites)
				fmt.Fprintf(&b, "\n%s.\n", segmentsAtSites(total, len(sites)))
				if quotes == 0 {
					continue
				}
				for _, site := range sites {
					cs := perCase[site]
					sort.SliceStable(cs, func(i, j int) bool {
						if cs[i].Document != cs[j].Document {
							return cs[i].Document < cs[j].Document
						}
						return cs[i].Start < cs[j].Start
					})
					fmt.Fprintf(&b, "\n**%s** (%d)\n", site, len(cs))
					for _, c := range cs[:min(quotes, len(cs))] {
						text, ok := texts[c.Document]
						if !ok {
							if text, err = tx.Text(c.Document); err != nil {
								return err
							}
							texts[c.Document] = text
						}
						if c.Range.Check(qda.RuneLen(text)) != nil {
							continue
						}
						who := ivName[docOf[c.Document].Interview]
						if who == "" {
							who = docOf[c.Document].Name
						}
						quote := strings.Join(strings.Fields(qda.Slice(text, c.Start, c.End)), " ")
						if r := []rune(quote); len(r) > 300 {
							quote = string(r[:300]) + " …"
						}
						fmt.Fprintf(&b, "\n> „%s“ (%s)\n", quote, who)
					}
				}
			}
		}
		return nil
	})
	return b.String(), err
}

// segmentsAtSites says how many coded segments come from how many sites,
// in singular or plural: "1 codiertes Segment an 1 Standort",
// "7 codierte Segmente an 4 Standorten".
func segmentsAtSites(segments, sites int) string {
	seg := fmt.Sprintf("%d codierte Segmente", segments)
	if segments == 1 {
		seg = "1 codiertes Segment"
	}
	at := fmt.Sprintf("an %d Standorten", sites)
	if sites == 1 {
		at = "an 1 Standort"
	}
	return seg + " " + at
}
