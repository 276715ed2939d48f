package privacy

import (
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/anon"
	"github.com/protocoder/protocoder/internal/qda"
)

// guideCorpus is the text of every guideline of the project (titles,
// questions, prompts, notes): composed protocols repeat the questions as
// headings, and what a guideline says ("die Berliner Joboffensive") is no
// slip of the interviewer's.
func guideCorpus(tx app.Tx) (string, error) {
	gs, err := tx.Guidelines()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	var prompts func(ps []qda.Prompt)
	prompts = func(ps []qda.Prompt) {
		for _, p := range ps {
			b.WriteString(p.Text + "\n")
			prompts(p.Prompts)
		}
	}
	for _, g := range gs {
		b.WriteString(g.Title + "\n")
		for _, p := range g.Preamble {
			b.WriteString(p + "\n")
		}
		for _, s := range g.Sections {
			b.WriteString(s.Title + "\n")
			for _, q := range s.Questions {
				b.WriteString(q.Text + "\n")
				for _, n := range q.Notes {
					b.WriteString(n + "\n")
				}
				prompts(q.Prompts)
			}
		}
	}
	return b.String(), nil
}

// fromGuideline reports whether a finding stands in a passage copied from
// a guideline: its line, from the finding on up to 24 characters either
// side, appears verbatim in the guidelines' text.
func fromGuideline(runes []rune, f anon.Finding, corpus string) bool {
	if corpus == "" {
		return false
	}
	start, end := f.Start, f.End
	for start > 0 && f.Start-start < 24 && runes[start-1] != '\n' {
		start--
	}
	for end < len(runes) && end-f.End < 24 && runes[end] != '\n' {
		end++
	}
	window := strings.TrimSpace(strings.TrimLeft(string(runes[start:end]), "# "))
	if len([]rune(window)) < len([]rune(f.Text))+12 {
		return false
	}
	return strings.Contains(corpus, window)
}
