// Package guideview shows an interview guideline ("Leitfaden"): its
// sections, lead questions with their printed ids and target roles, notes
// and follow-up prompts. A role filter narrows it to what one interviewee
// is asked, using qda's (*Guideline).ForRole.
package guideview

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
)

// Source is what the guideline view needs of an open project.
type Source interface {
	// Guideline returns a guideline by GUID or key.
	Guideline(ref string) (*qda.Guideline, error)
}

// GuideView is the guideline view.
type GuideView struct {
	widget.BaseWidget

	src       Source
	onError   func(error)
	title     *widget.Label
	meta      *widget.Label
	roles     *widget.Select
	roleRow   *fyne.Container
	preamble  *widget.Label
	accordion *widget.Accordion
	body      *widget.RichText
	scroll    *container.Scroll

	guideline *qda.Guideline // as loaded
	shown     *qda.Guideline // after the role filter
	codes     []string       // role codes parallel to roles.Options; "" = all
	metaBase  string         // the meta line without the role's count
}

// New returns an empty guideline view on src; errors go to onError.
func New(src Source, onError func(error)) *GuideView {
	v := &GuideView{src: src, onError: onError}
	v.title = widget.NewLabel("")
	v.title.TextStyle = fyne.TextStyle{Bold: true}
	v.title.SizeName = theme.SizeNameSubHeadingText
	v.title.Wrapping = fyne.TextWrapWord
	v.meta = widget.NewLabel("")
	v.meta.TextStyle = fyne.TextStyle{Italic: true}
	v.meta.Truncation = fyne.TextTruncateEllipsis
	v.roles = widget.NewSelect(nil, v.roleChanged)
	v.roles.PlaceHolder = i18n.Choose()
	v.roleRow = container.NewBorder(nil, nil, widget.NewLabel(lang.X("guide.role", "Role")), nil, v.roles)
	v.preamble = widget.NewLabel("")
	v.preamble.Wrapping = fyne.TextWrapWord
	v.accordion = widget.NewAccordion(widget.NewAccordionItem(lang.X("guide.preamble", "Preamble"), v.preamble))
	v.body = widget.NewRichText()
	v.body.Wrapping = fyne.TextWrapWord
	v.scroll = container.NewVScroll(container.NewVBox(v.accordion, v.body))
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer implements fyne.Widget.
func (v *GuideView) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewVBox(v.title, v.meta, v.roleRow, widget.NewSeparator())
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil, v.scroll))
}

// Guideline returns the guideline shown (before filtering), if any.
func (v *GuideView) Guideline() *qda.Guideline { return v.guideline }

// Load loads the guideline id and shows it unfiltered. It blocks while
// loading, so call it off the UI goroutine; the view is updated with fyne.Do.
func (v *GuideView) Load(id qda.GUID) {
	g, err := v.src.Guideline(string(id))
	fyne.Do(func() {
		if err != nil {
			v.onError(err)
			return
		}
		v.set(g)
	})
}

// set shows g with all roles.
func (v *GuideView) set(g *qda.Guideline) {
	v.guideline = g
	v.title.SetText(g.Key + " – " + g.Title)
	c := g.Count()
	v.metaBase = strings.Join([]string{
		i18n.Level(g.Level),
		lang.X("label.wave", "Wave {{.Wave}}", map[string]any{"Wave": g.Wave}),
		lang.X("guide.counts", "{{.Sections}} themes, {{.Questions}} lead questions, {{.Prompts}} prompts",
			map[string]any{"Sections": c.Sections, "Questions": c.Questions, "Prompts": c.Prompts}),
	}, " · ")
	v.meta.SetText(v.metaBase)
	all := lang.X("guide.allRoles", "All roles")
	opts, codes := []string{all}, []string{""}
	for _, r := range g.Roles {
		label := r.Code
		if r.Label != "" && !sameName(r.Label, r.Code) {
			label += " – " + r.Label
		}
		opts = append(opts, label)
		codes = append(codes, r.Code)
	}
	v.codes = codes
	v.roles.Options = opts
	if len(g.Roles) == 0 {
		v.roleRow.Hide()
	} else {
		v.roleRow.Show()
	}
	v.preamble.SetText(strings.Join(g.Preamble, "\n\n"))
	if len(g.Preamble) == 0 {
		v.accordion.Hide()
	} else {
		v.accordion.Show()
	}
	v.accordion.CloseAll()
	v.roles.SetSelectedIndex(0) // calls roleChanged, which renders
}

// sameName reports whether a role's label only repeats its code
// ("TL Projektteam" for "TL-Projektteam").
func sameName(label, code string) bool {
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", "-")) }
	return norm(label) == norm(code)
}

// SetRole filters the guideline to a role given by code or label; ""
// shows every question. Call it on the UI goroutine.
func (v *GuideView) SetRole(role string) error {
	if v.guideline == nil {
		return nil
	}
	if role == "" {
		v.roles.SetSelectedIndex(0)
		return nil
	}
	code, ok := v.guideline.FindRole(role)
	if !ok {
		_, err := v.guideline.ForRole(role)
		return err
	}
	for i, c := range v.codes {
		if c == code {
			v.roles.SetSelectedIndex(i)
		}
	}
	return nil
}

func (v *GuideView) roleChanged(string) {
	if v.guideline == nil {
		return
	}
	i := v.roles.SelectedIndex()
	shown := v.guideline
	if i > 0 && i < len(v.codes) {
		g, err := v.guideline.ForRole(v.codes[i])
		if err != nil {
			v.onError(err)
			return
		}
		shown = g
	}
	v.shown = shown
	if shown == v.guideline {
		v.meta.SetText(v.metaBase)
	} else {
		v.meta.SetText(v.metaBase + " · " + lang.X("guide.forRole", "for this role: {{.N}} of {{.All}} lead questions",
			map[string]any{"N": shown.Count().Questions, "All": v.guideline.Count().Questions}))
	}
	v.body.Segments = Segments(shown)
	v.body.Refresh()
	v.scroll.ScrollToTop()
}

var (
	roleStyle = widget.RichTextStyle{Inline: true, ColorName: theme.ColorNamePrimary, TextStyle: fyne.TextStyle{Italic: true}}
	noteStyle = widget.RichTextStyle{Inline: true, ColorName: theme.ColorNamePlaceHolder, TextStyle: fyne.TextStyle{Italic: true}}
)

// Segments renders a guideline's question tree as rich text: a sub-heading
// per section, a paragraph per lead question (id in bold, roles in colour),
// notes in grey and prompts as indented bullets. Every paragraph is a run of
// inline text segments whose last one is a block, which ends the line.
func Segments(g *qda.Guideline) []widget.RichTextSegment {
	if len(g.Sections) == 0 {
		return []widget.RichTextSegment{&widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: lang.X("guide.empty", "No questions for this role.")}}
	}
	var out []widget.RichTextSegment
	optional := " (" + lang.X("guide.optional", "optional") + ")"
	// In a role matrix, a question asked of every role because the
	// guideline marks none, and roles reconstructed from a mark that lost
	// its column, say so.
	matrix := len(g.Roles) > 1
	allRoles := "  [" + lang.X("guide.roleSourceAll", "all roles: the guideline marks none") + "]"
	inferred := lang.X("guide.roleSourceInferred", "inferred")
	for _, s := range g.Sections {
		// The empty paragraph ends the heading's row: without it Fyne's
		// rich text (2.8) sets the first question on the heading's last
		// line ("dieselbe1.1").
		out = append(out, &widget.TextSegment{Style: widget.RichTextStyleSubHeading, Text: strings.TrimSpace(s.Number + " " + s.Title)},
			&widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: ""})
		for _, q := range s.Questions {
			var texts []*widget.TextSegment
			if q.ID != "" {
				texts = append(texts, &widget.TextSegment{Style: widget.RichTextStyleStrong, Text: q.ID + "  "})
			}
			texts = append(texts, &widget.TextSegment{Style: widget.RichTextStyleInline, Text: q.Text})
			roles := q.Roles
			switch src := q.RoleSource(); {
			case matrix && src == qda.RolesAll:
				texts = append(texts, &widget.TextSegment{Style: roleStyle, Text: allRoles})
			case matrix && src == qda.RolesInferred && len(roles) > 0:
				roles = append(roles[:len(roles):len(roles)], inferred)
			}
			out = paragraph(out, appendRoles(texts, roles, q.Optional, optional))
			for _, n := range q.Notes {
				out = paragraph(out, []*widget.TextSegment{{Style: noteStyle, Text: "    » " + n}})
			}
			out = appendPrompts(out, q.Prompts, 1, optional, matrix, inferred)
		}
	}
	for _, a := range g.Annexes {
		out = append(out, &widget.TextSegment{Style: widget.RichTextStyleSubHeading, Text: a.Title})
		out = append(out, &widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: strings.Join(a.Header, " · ")})
		for _, r := range a.Rows {
			out = append(out, &widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: strings.Join(r, " · ")})
		}
	}
	return out
}

// paragraph appends texts to out and makes the last one end the line.
func paragraph(out []widget.RichTextSegment, texts []*widget.TextSegment) []widget.RichTextSegment {
	texts[len(texts)-1].Style.Inline = false
	for _, t := range texts {
		out = append(out, t)
	}
	return out
}

func appendRoles(texts []*widget.TextSegment, roles []string, opt bool, optional string) []*widget.TextSegment {
	extra := ""
	if len(roles) > 0 {
		extra = "  [" + strings.Join(roles, ", ") + "]"
	}
	if opt {
		extra += optional
	}
	if extra != "" {
		texts = append(texts, &widget.TextSegment{Style: roleStyle, Text: extra})
	}
	return texts
}

func appendPrompts(out []widget.RichTextSegment, ps []qda.Prompt, depth int, optional string, matrix bool, inferred string) []widget.RichTextSegment {
	bullet := "•"
	if depth > 1 {
		bullet = "◦"
	}
	indent := strings.Repeat("      ", depth)
	for _, p := range ps {
		texts := []*widget.TextSegment{{Style: widget.RichTextStyleInline, Text: indent + bullet + " " + p.Text}}
		roles := p.Roles
		if matrix && len(roles) > 0 && p.RoleBasis == qda.RolesInferred {
			roles = append(roles[:len(roles):len(roles)], inferred)
		}
		out = paragraph(out, appendRoles(texts, roles, p.Optional, optional))
		for _, n := range p.Notes {
			out = paragraph(out, []*widget.TextSegment{{Style: noteStyle, Text: indent + "   » " + n}})
		}
		out = appendPrompts(out, p.Prompts, depth+1, optional, matrix, inferred)
	}
	return out
}
