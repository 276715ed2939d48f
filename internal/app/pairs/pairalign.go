package pairs

import (
	"sort"
	"strings"
	"unicode"

	"github.com/protocoder/protocoder/internal/qda"
)

// How the pair view aligns two guidelines' questions (the IFK's A.3.1 and
// the customer's A.3.2 have different question trees):
//
//  1. Known correspondences first: for the study's guidelines A.3.1 and
//     A.3.2 the table below, worked out by reading both guidelines, says
//     which customer question asks about the same matter as an IFK question.
//  2. Then, for questions still unmatched, a lexical rule: two questions
//     correspond when their texts share content words. Words are lowercased,
//     umlauts folded (ä→a, ß→ss), words under five letters and interview
//     boilerplate ("Kunde", "welche", "haben" …) dropped, and the rest cut
//     to their first six letters as a crude stem ("familiäre" and
//     "familiären" meet). A pair scores one point per shared stem, plus one
//     when both themes have the same title; pairs scoring at least two are
//     matched greedily, best first, each question at most once.
//  3. Rows follow the second guideline (the customer's, the longer
//     interview); a matched first-guideline question joins its partner's
//     row, an unmatched one gets a row of its own after the theme of the
//     row of the question before it in its own guideline (or right after
//     that question, when it had no partner either).

// knownCorrespondence maps "FIRST-KEY|SECOND-KEY" to question id pairs
// (first guideline's id → second guideline's id).
var knownCorrespondence = map[string]map[string]string{
	"A.3.1|A.3.2": {
		"1.1": "1.1", // professional background ↔ what did you do last
		"1.2": "1.4", // family situation ↔ family situation
		"1.3": "1.3", // how did they become unemployed ↔ how did you become unemployed
		"2.1": "4.4", // labour-market prospects ↔ what did the adviser say about finding work
		"2.2": "4.6", // need for action ↔ problems you see yourself
		"2.3": "3.2", // change of profile and why ↔ reasons given for more support
		"3.1": "4.3", // placement strategy ↔ how the target occupation was set
		"3.2": "4.2", // topics and messages in talks ↔ the first talk and its topics
		"3.3": "4.8", // what is expected of the customer ↔ the integration agreement (EGV)
		"3.4": "6.1", // customer–adviser relationship ↔ feeling well advised and supported
		"3.5": "4.7", // concrete next steps ↔ next concrete steps agreed
	},
}

// alignQ is a question in a guideline, with its theme.
type alignQ struct {
	q     *qda.Question
	theme *qda.Section
}

func questionsOf(g *qda.Guideline) []alignQ {
	var out []alignQ
	if g == nil {
		return nil
	}
	for si := range g.Sections {
		for qi := range g.Sections[si].Questions {
			out = append(out, alignQ{&g.Sections[si].Questions[qi], &g.Sections[si]})
		}
	}
	return out
}

// Alignment is one row of aligned questions: First from the first
// guideline, Second from the second; either may be nil.
type Alignment struct {
	First, Second *qda.Question
	// Theme is the section the row sits in (of Second, else of First).
	Theme *qda.Section
}

// AlignGuidelines aligns the questions of two guidelines by the rule
// documented above. Either guideline may be nil; the same guideline twice
// aligns every question with itself.
func AlignGuidelines(first, second *qda.Guideline) []Alignment {
	a, b := questionsOf(first), questionsOf(second)
	match := map[int]int{} // index in a → index in b
	used := map[int]bool{}
	if first != nil && second != nil {
		if first.GUID == second.GUID {
			for i := range a {
				match[i], used[i] = i, true
			}
		}
		known := knownCorrespondence[first.Key+"|"+second.Key]
		for i := range a {
			if _, done := match[i]; done {
				continue
			}
			if id, ok := known[a[i].q.ID]; ok {
				for j := range b {
					if !used[j] && b[j].q.ID == id {
						match[i], used[j] = j, true
						break
					}
				}
			}
		}
		lexicalMatch(a, b, match, used)
	}
	// Rows follow b; unmatched questions of a go after the row of their
	// predecessor in a.
	rows := make([]Alignment, 0, len(a)+len(b))
	rowOfB := map[int]int{}
	for j := range b {
		rowOfB[j] = len(rows)
		rows = append(rows, Alignment{Second: b[j].q, Theme: b[j].theme})
	}
	for i := range a {
		if j, ok := match[i]; ok {
			rows[rowOfB[j]].First = a[i].q
		}
	}
	after := -1 // row of a's previous question
	for i := range a {
		if j, ok := match[i]; ok {
			// Go to the end of the partner's theme, so that rows of
			// the first guideline do not split a theme of the second.
			after = rowOfB[j]
			for after+1 < len(rows) && rows[after+1].Theme == rows[after].Theme {
				after++
			}
			continue
		}
		pos := after + 1
		rows = append(rows, Alignment{})
		copy(rows[pos+1:], rows[pos:])
		rows[pos] = Alignment{First: a[i].q, Theme: a[i].theme}
		for k, r := range rowOfB {
			if r >= pos {
				rowOfB[k] = r + 1
			}
		}
		after = pos
	}
	return rows
}

// lexicalMatch adds matches of questions that share content words.
func lexicalMatch(a, b []alignQ, match map[int]int, used map[int]bool) {
	type cand struct{ i, j, score int }
	var cands []cand
	for i := range a {
		if _, done := match[i]; done {
			continue
		}
		sa := stems(a[i].q.Text)
		for j := range b {
			if used[j] {
				continue
			}
			score := 0
			for w := range stems(b[j].q.Text) {
				if sa[w] {
					score++
				}
			}
			if score > 0 && strings.EqualFold(strings.TrimSpace(a[i].theme.Title), strings.TrimSpace(b[j].theme.Title)) {
				score++
			}
			if score >= 2 {
				cands = append(cands, cand{i, j, score})
			}
		}
	}
	sort.SliceStable(cands, func(x, y int) bool {
		if cands[x].score != cands[y].score {
			return cands[x].score > cands[y].score
		}
		if cands[x].i != cands[y].i {
			return cands[x].i < cands[y].i
		}
		return cands[x].j < cands[y].j
	})
	for _, c := range cands {
		if _, done := match[c.i]; !done && !used[c.j] {
			match[c.i], used[c.j] = c.j, true
		}
	}
}

// stopwords are frequent words of interview questions that say nothing
// about their matter (already folded and cut to six letters).
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`kunde kundin kunden welche welcher welches haben hatten werden wurde wurden
		sollen sollte konnen ihrer ihren ihrem ihnen seine seiner sicht dabei daran davor dafur warum wieder
		jobcenter vermittler vermittlerin vermittlungsfachkraft falls schon bereits inzwischen mittlerweile
		gibt geben gemacht sagen gesagt finden andere anderen etwas insgesamt genau`) {
		stopwords[stem(w)] = true
	}
}

// stems returns the content-word stems of a question's text.
func stems(text string) map[string]bool {
	out := map[string]bool{}
	words := strings.FieldsFunc(fold(text), func(r rune) bool { return !unicode.IsLetter(r) })
	for _, w := range words {
		if len([]rune(w)) < 5 {
			continue
		}
		if s := stem(w); !stopwords[s] {
			out[s] = true
		}
	}
	return out
}

func stem(w string) string {
	r := []rune(fold(w))
	if len(r) > 6 {
		r = r[:6]
	}
	return string(r)
}

// fold lowercases and replaces umlauts and ß.
func fold(s string) string {
	return strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss").Replace(strings.ToLower(s))
}
