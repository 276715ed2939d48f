package shell

import (
	"image/color"
	"net/url"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Preference keys (fyne.Preferences, for the whole app).
const (
	// ThemeKey is "light", "dark" or "" (the system's).
	ThemeKey = "pref.theme"
	// TextSizeKey is the text size factor (1 = normal).
	TextSizeKey = "pref.textSize"
	// LanguageKey is "de", "en" or "" (the system locale); cmd/protocoder
	// reads it before loading the translations.
	LanguageKey = "pref.language"
)

// Themes, text sizes and languages offered, in the order shown.
var (
	themeValues    = []string{"", "light", "dark"}
	textSizes      = []float64{0.9, 1, 1.15, 1.3}
	languageValues = []string{"", "de", "en"}
)

// appTheme is Fyne's default theme with the variant (light or dark) and
// the text size the user chose.
type appTheme struct {
	fyne.Theme
	variant *fyne.ThemeVariant // nil: the system's
	scale   float32
}

// Color implements fyne.Theme.
func (t appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.variant != nil {
		v = *t.variant
	}
	return t.Theme.Color(n, v)
}

// Size implements fyne.Theme: text sizes grow with the scale.
func (t appTheme) Size(n fyne.ThemeSizeName) float32 {
	s := t.Theme.Size(n)
	switch n {
	case theme.SizeNameText, theme.SizeNameCaptionText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText, theme.SizeNameInlineIcon:
		return s * t.scale
	}
	return s
}

// ThemeFor returns the theme for the stored preferences.
func ThemeFor(prefs fyne.Preferences) fyne.Theme {
	t := appTheme{Theme: theme.DefaultTheme(), scale: float32(prefs.FloatWithFallback(TextSizeKey, 1))}
	if t.scale < 0.5 || t.scale > 2 {
		t.scale = 1
	}
	switch prefs.String(ThemeKey) {
	case "light":
		v := theme.VariantLight
		t.variant = &v
	case "dark":
		v := theme.VariantDark
		t.variant = &v
	}
	return t
}

// applyTheme sets the theme from the preferences.
func (s *Shell) applyTheme() { s.app.Settings().SetTheme(ThemeFor(s.app.Preferences())) }

// ShowPreferences shows the preferences: acting member, language, theme
// and text size. Theme and text size apply at once, the language at the
// next start. Call it on the UI goroutine.
func (s *Shell) ShowPreferences() {
	prefs := s.app.Preferences()
	themeSel := widget.NewRadioGroup([]string{lang.X("prefs.system", "As the system"), lang.X("prefs.light", "Light"), lang.X("prefs.dark", "Dark")}, nil)
	themeSel.Horizontal = true
	themeSel.SetSelected(themeSel.Options[index(themeValues, prefs.String(ThemeKey))])
	themeSel.OnChanged = func(string) {
		prefs.SetString(ThemeKey, themeValues[max(0, index(themeSel.Options, themeSel.Selected))])
		s.applyTheme()
	}
	sizeSel := widget.NewRadioGroup([]string{lang.X("prefs.small", "Small"), lang.X("prefs.normal", "Normal"),
		lang.X("prefs.large", "Large"), lang.X("prefs.larger", "Larger")}, nil)
	sizeSel.Horizontal = true
	cur := prefs.FloatWithFallback(TextSizeKey, 1)
	sizeSel.SetSelected(sizeSel.Options[1])
	for i, f := range textSizes {
		if f == cur {
			sizeSel.SetSelected(sizeSel.Options[i])
		}
	}
	sizeSel.OnChanged = func(string) {
		prefs.SetFloat(TextSizeKey, textSizes[max(0, index(sizeSel.Options, sizeSel.Selected))])
		s.applyTheme()
	}
	langSel := widget.NewRadioGroup([]string{lang.X("prefs.system", "As the system"), "Deutsch", "English"}, nil)
	langSel.Horizontal = true
	langSel.SetSelected(langSel.Options[max(0, index(languageValues, prefs.String(LanguageKey)))])
	langSel.OnChanged = func(string) {
		prefs.SetString(LanguageKey, languageValues[max(0, index(langSel.Options, langSel.Selected))])
	}
	langNote := widget.NewLabel(lang.X("prefs.languageNote", "The language changes at the next start."))
	langNote.Importance = widget.LowImportance
	member := widget.NewLabel(lang.X("prefs.noProject", "(no project open)"))
	memberBtn := widget.NewButtonWithIcon(lang.X("menu.member", "Switch member…"), theme.AccountIcon(), s.switchMember)
	if p := s.project; p != nil {
		member.SetText(p.member)
	} else {
		memberBtn.Disable()
	}
	form := widget.NewForm(
		widget.NewFormItem(lang.X("prefs.member", "Acting member"), container.NewHBox(member, memberBtn)),
		widget.NewFormItem(lang.X("prefs.language", "Language"), container.NewVBox(langSel, langNote)),
		widget.NewFormItem(lang.X("prefs.theme", "Appearance"), themeSel),
		widget.NewFormItem(lang.X("prefs.textSize", "Text size"), sizeSel))
	s.prefsForm = form
	d := dialog.NewCustom(lang.X("menu.prefs", "Preferences…"), lang.X("dialog.close", "Close"), form, s.win)
	d.Resize(fyne.NewSize(640, 0))
	d.Show()
}

// index returns the position of v in vs, or -1.
func index[T comparable](vs []T, v T) int {
	for i, x := range vs {
		if x == v {
			return i
		}
	}
	return -1
}

// DocsDir finds the documentation folder: docs beside the program, in
// ../share/protocoder/docs from it (an installed bundle) or in the working
// folder (a source checkout); "" if there is none.
func DocsDir(executable, workdir string) string {
	var dirs []string
	if executable != "" {
		bin := filepath.Dir(executable)
		dirs = append(dirs, filepath.Join(bin, "docs"), filepath.Join(bin, "..", "share", "protocoder", "docs"), filepath.Join(bin, "..", "docs"))
	}
	if workdir != "" {
		dirs = append(dirs, filepath.Join(workdir, "docs"))
	}
	for _, d := range dirs {
		if st, err := os.Stat(filepath.Join(d, "architecture.md")); err == nil && !st.IsDir() {
			return filepath.Clean(d)
		}
	}
	return ""
}

// openDocs opens the documentation folder in the system's file browser.
func (s *Shell) openDocs() {
	if s.docs == "" {
		return
	}
	u := &url.URL{Scheme: "file", Path: filepath.ToSlash(s.docs)}
	if err := s.app.OpenURL(u); err != nil {
		s.showError(err)
	}
}
