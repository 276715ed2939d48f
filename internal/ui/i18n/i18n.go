// Package i18n holds protocoder's user-interface translations. German is the
// primary language: every key has a German text, and the English file
// mirrors it key for key. The UI looks strings up with lang.X, passing a
// dotted key and the English text as fallback (fyne.io/fyne/v2/lang); the
// language follows the system locale.
package i18n

import (
	"embed"

	"fyne.io/fyne/v2/lang"
)

//go:embed translations
var translations embed.FS

// Register loads the translations into Fyne's lang package and picks the
// language closest to the system locale (LANGUAGE, LC_ALL, LC_MESSAGES,
// LANG on Linux). Calling it again re-reads the locale, which tests use to
// switch languages.
func Register() error {
	return lang.AddTranslationsFS(translations, "translations")
}

// Files returns the embedded translation files (for tests and tools).
func Files() embed.FS { return translations }
