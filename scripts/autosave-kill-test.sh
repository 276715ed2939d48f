#!/usr/bin/env bash
# Crash test of the protocol editor's autosave under a real window.
#
#   scripts/autosave-kill-test.sh            # from the repository root
#   AUTOSAVE=3s KILL_DISPLAY=:97 scripts/autosave-kill-test.sh
#
# 1. creates the sample project in a temporary folder and registers a new
#    interview (KILL-01, A.2.1, role TL-Basisteam) with protocoder-cli;
# 2. builds a throwaway window that opens the protocol editor on it
#    (cmd/protocoder has no wiring to the editor yet): its main package is
#    written to the temporary folder and compiled into the module with
#    go build -overlay, so nothing is added to the repository;
# 3. runs it under Xvfb, types an answer with xdotool into the focused
#    answer field (the editor focuses the first empty answer), waits a
#    little longer than the autosave delay and kills it with kill -9;
# 4. checks with 'protocoder-cli protocol export' that the typed text is in
#    the protocol, under its question.
#
# Exit status 0 when the text survived. Needs the Debian packages xvfb
# xdotool x11-utils netpbm and the GUI build dependencies (APT_GUI in the
# Makefile; `make deps-gui` installs them). A screenshot taken just before the kill is
# written to $KILL_SHOT (default /tmp/autosave-kill.png).
set -euo pipefail

delay=${AUTOSAVE:-3s}
display=${KILL_DISPLAY:-:97}
shot=${KILL_SHOT:-/tmp/autosave-kill.png}
text=${KILL_TEXT:-"Absturztest: Die Zuweisung läuft über das Büro der Teamleitung – Größe der Teams spielt keine Rolle."}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
xvfb_pid=""
app_pid=""
cleanup() {
	[[ -n $app_pid ]] && kill -9 "$app_pid" 2>/dev/null || true
	[[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
cd "$root"

echo "== building protocoder-cli and the editor window"
CGO_ENABLED=0 go build -o "$work/cli" ./cmd/protocoder-cli
mkdir -p "$work/main"
cat >"$work/main/main.go" <<'EOF'
// Throwaway window: the protocol editor on one interview of a project.
//
//	editor DIR INTERVIEWEE   (AUTOSAVE=3s)
package main

import (
	"log"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/dialog"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/i18n"
	"github.com/protocoder/protocoder/internal/ui/protocoleditor"
	"github.com/protocoder/protocoder/internal/wire"
)

func main() {
	a := app.NewWithID("org.protocoder.killtest")
	if err := i18n.Register(); err != nil {
		log.Print(err)
	}
	svc, err := wire.Open(os.Args[1], wire.Options{User: os.Getenv("PROTOCODER_USER")})
	if err != nil {
		log.Fatal(err)
	}
	defer svc.Close()
	iv, err := svc.Interview(os.Args[2])
	if err != nil {
		log.Fatal(err)
	}
	w := a.NewWindow("protocoder autosave test")
	w.Resize(fyne.NewSize(1000, 700))
	ed := protocoleditor.New(svc, w, func(err error) { log.Print(err); dialog.ShowError(err, w) })
	if d, err := time.ParseDuration(os.Getenv("AUTOSAVE")); err == nil {
		ed.Delay = d
	}
	ed.OnLoaded = func(*qda.Interview) { ed.FocusFirstEmpty(); log.Print("LOADED") }
	ed.OnSaved = func(d *qda.Document) { log.Printf("SAVED %d chars", d.Length) }
	w.SetContent(ed)
	w.SetCloseIntercept(func() { ed.Close(w.Close) })
	go ed.Load(iv.GUID)
	w.ShowAndRun()
}
EOF
printf '{"Replace": {"%s/cmd/autosavekill/main.go": "%s/main/main.go"}}\n' "$root" "$work" >"$work/overlay.json"
go build -overlay "$work/overlay.json" -tags migrated_fynedo -o "$work/editor" ./cmd/autosavekill

echo "== creating the sample project"
project=$work/project
"$work/cli" sample "$project" >/dev/null
"$work/cli" -p "$project" --user jonas interview add -guideline A.2.1 -role TL-Basisteam -case JC-09 \
	-interviewee KILL-01 -date 2024-05-02 >/dev/null

if ! xdpyinfo -display "$display" >/dev/null 2>&1; then
	Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
	xvfb_pid=$!
	for _ in $(seq 50); do
		xdpyinfo -display "$display" >/dev/null 2>&1 && break
		sleep 0.1
	done
fi
export DISPLAY=$display

echo "== starting the editor (autosave after $delay)"
env HOME="$work" LIBGL_ALWAYS_SOFTWARE=1 LC_ALL=de_DE.UTF-8 LANGUAGE= PROTOCODER_USER=jonas AUTOSAVE="$delay" \
	"$work/editor" "$project" KILL-01 >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 100); do
	grep -q LOADED "$work/app.log" && break
	kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; exit 1; }
	sleep 0.1
done
grep -q LOADED "$work/app.log" || { echo "the editor did not load" >&2; cat "$work/app.log" >&2; exit 1; }
wid=$(xdotool search --sync --name "protocoder autosave test" | head -1)
xdotool windowfocus --sync "$wid" 2>/dev/null || true
sleep 1

echo "== typing into the first empty answer"
# xdotool types äöüß– by remapping a spare keycode per character; GLFW
# needs a moment to see each new mapping, hence the slow default delay (ms).
xdotool type --delay "${KILL_TYPE_DELAY:-120}" "$text"
wait_s=$(awk -v d="${delay%s}" 'BEGIN { print d + 1.5 }')
sleep "$wait_s"
xwd -root -silent | xwdtopnm 2>/dev/null | pnmtopng >"$shot" || true
echo "== kill -9 after ${wait_s}s (screenshot: $shot)"
kill -9 "$app_pid"
wait "$app_pid" 2>/dev/null || true
app_pid=""
sed -n 's/.*\(SAVED.*\)/app log: \1/p' "$work/app.log" | tail -1

echo "== protocol export KILL-01"
out=$("$work/cli" -p "$project" protocol export KILL-01 2>&1) || true
printf '%s\n' "$out" | sed 's/^/  | /'
if printf '%s\n' "$out" | grep -qF -- "$text"; then
	echo "PASS: the typed answer survived kill -9"
else
	echo "FAIL: the typed answer is not in the protocol" >&2
	exit 1
fi
