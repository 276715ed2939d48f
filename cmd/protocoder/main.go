// Command protocoder is the desktop app: it opens the project folder given
// as its first argument (or in $PROTOCODER_PROJECT), else shows the start
// screen with New, Open and the recent projects. `protocoder --version`
// prints the version and the revision it was built from, without a window.
//
// Build it with the fyne.Do migration flag:
//
//	go build -tags migrated_fynedo -o protocoder ./cmd/protocoder
package main

import (
	"fmt"
	"log/slog"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/protocoder/protocoder/internal/audio/device"
	"github.com/protocoder/protocoder/internal/ui/i18n"
	"github.com/protocoder/protocoder/internal/ui/shell"
	"github.com/protocoder/protocoder/internal/version"
	"github.com/protocoder/protocoder/internal/wire"
)

func main() {
	if wantsVersion(os.Args[1:]) {
		fmt.Println(version.Read().String("protocoder"))
		return
	}
	level := slog.LevelInfo
	if os.Getenv("PROTOCODER_DEBUG") != "" {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	a := app.NewWithID("org.protocoder.app")
	// The language chosen in the preferences wins over the system locale.
	if l := a.Preferences().String(shell.LanguageKey); l != "" {
		_ = os.Setenv("LANGUAGE", l)
	}
	if err := i18n.Register(); err != nil {
		log.Error("load translations", "err", err)
	}
	user := shell.UserName(os.Getenv)
	w := a.NewWindow("protocoder")
	w.Resize(windowSize(os.Getenv("PROTOCODER_GEOMETRY")))
	// The audio device opens when a recording is first played; without a
	// sound card the editor's recording bar says so.
	op := opener{user: user, log: log}
	sh := shell.New(shell.Config{App: a, Window: w, Opener: op, User: user, Log: log,
		View: os.Getenv("PROTOCODER_VIEW"), Files: wire.Files{}, DocsDir: docsDir(), Audio: device.New(),
		Team: newTeamConnector(op.options, nil)})
	sh.Start(shell.ProjectArg(os.Args[1:], os.Getenv))
	w.ShowAndRun()
	sh.Close()
}

// windowSize parses "WIDTHxHEIGHT" (for screenshots); the default suits a
// 1366×768 laptop screen and up.
func windowSize(geometry string) fyne.Size {
	var w, h float32
	if _, err := fmt.Sscanf(geometry, "%fx%f", &w, &h); err == nil && w >= 400 && h >= 300 {
		return fyne.NewSize(w, h)
	}
	return fyne.NewSize(1280, 760)
}

// wantsVersion reports whether the arguments ask only for the version
// (--version or -version), which is printed without opening a window.
func wantsVersion(args []string) bool {
	for _, a := range args {
		if a == "--version" || a == "-version" {
			return true
		}
	}
	return false
}

// docsDir finds the documentation folder beside the program or in the
// working folder.
func docsDir() string {
	exe, _ := os.Executable()
	wd, _ := os.Getwd()
	return shell.DocsDir(exe, wd)
}
