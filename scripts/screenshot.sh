#!/usr/bin/env bash
# Takes a screenshot of the protocoder GUI under a virtual X display.
#
#   scripts/screenshot.sh PROJECT_DIR OUT.png [WAIT_SECONDS]
#   SHOT_CLICKS="120,250 90,300" scripts/screenshot.sh …   # click first
#
# Starts Xvfb on :99 ($SHOT_GEOMETRY, default 1400x900, the window's
# size too) unless a server already runs there, runs
# the GUI ($PROTOCODER_BIN, default /tmp/protocoder; build it with
#   go build -tags migrated_fynedo -o /tmp/protocoder ./cmd/protocoder)
# on PROJECT_DIR ("" for the start screen), waits, grabs the root window with
# xwd | xwdtopnm | pnmtopng and stops what it started. Needs the Debian
# packages xvfb xauth x11-apps netpbm (and xdotool, to wait for a slow
# project open). The GUI runs in German
# ($SHOT_LOCALE, default de_DE.UTF-8); its preferences go to a throwaway HOME
# so recent projects of the real user do not show. $SHOT_USER names the
# acting team member; unset, the GUI asks who is working. $SHOT_VIEW names
# the view to show ($PROTOCODER_VIEW, e.g. "summaries" or
# "document:Protokoll KU-04-01"; see internal/ui/shell/show.go).
set -euo pipefail

project=${1?usage: screenshot.sh PROJECT_DIR OUT.png [WAIT_SECONDS]}
out=${2?usage: screenshot.sh PROJECT_DIR OUT.png [WAIT_SECONDS]}
wait_s=${3:-6}
bin=${PROTOCODER_BIN:-/tmp/protocoder}
display=${SHOT_DISPLAY:-:99}
geometry=${SHOT_GEOMETRY:-1400x900}

[[ -x $bin ]] || { echo "no GUI binary at $bin; build it first" >&2; exit 1; }

xvfb_pid=""
app_pid=""
home=$(mktemp -d)
cleanup() {
	# Fyne 2.8 can hang on SIGTERM while an event waits for its stopped
	# main loop: give it five seconds, then kill it.
	if [[ -n $app_pid ]]; then
		kill "$app_pid" 2>/dev/null || true
		for _ in $(seq 50); do
			kill -0 "$app_pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$app_pid" 2>/dev/null || true
		wait "$app_pid" 2>/dev/null || true
	fi
	[[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null || true
	[[ -n ${SHOT_KEEP_LOG:-} ]] && cp "$home/app.log" "$SHOT_KEEP_LOG"
	rm -rf "$home"
}
trap cleanup EXIT

if ! xdpyinfo -display "$display" >/dev/null 2>&1; then
	Xvfb "$display" -screen 0 "${geometry}x24" -nolisten tcp >/dev/null 2>&1 &
	xvfb_pid=$!
	for _ in $(seq 50); do
		xdpyinfo -display "$display" >/dev/null 2>&1 && break
		sleep 0.1
	done
fi

export DISPLAY=$display
# Xvfb has no sound card: ALSA's null device (in the throwaway HOME) lets
# the protocol editor's recording player open its output and play.
printf 'pcm.!default { type null }\n' >"$home/.asoundrc"
locale=${SHOT_LOCALE:-de_DE.UTF-8}
args=()
[[ -n $project ]] && args=("$project")
env HOME="$home" PROTOCODER_USER="${SHOT_USER:-}" LIBGL_ALWAYS_SOFTWARE=1 PROTOCODER_GEOMETRY="$geometry" PROTOCODER_VIEW="${SHOT_VIEW:-}" LC_ALL="$locale" LANGUAGE= "$bin" "${args[@]}" >"$home/app.log" 2>&1 &
app_pid=$!
# A project opens in the background: wait (up to a minute on a busy
# machine) until the window is titled with it, then WAIT_SECONDS for the
# views to load.
if [[ -n $project ]] && command -v xdotool >/dev/null; then
	for _ in $(seq 120); do
		xdotool search --name "protocoder – " >/dev/null 2>&1 && break
		kill -0 "$app_pid" 2>/dev/null || break
		sleep 0.5
	done
fi
sleep "$wait_s"
if ! kill -0 "$app_pid" 2>/dev/null; then
	echo "the GUI exited early:" >&2
	cat "$home/app.log" >&2
	exit 1
fi
# Optional clicks (SHOT_CLICKS="x,y x,y …", screen pixels), one per second,
# sent with the XTest extension through python3's ctypes.
for xy in ${SHOT_CLICKS:-}; do
	python3 - "$display" "${xy%,*}" "${xy#*,}" <<'PY'
import ctypes, sys
x11, xtst = ctypes.CDLL("libX11.so.6"), ctypes.CDLL("libXtst.so.6")
x11.XOpenDisplay.restype = ctypes.c_void_p
d = ctypes.c_void_p(x11.XOpenDisplay(sys.argv[1].encode()))
x, y = int(sys.argv[2]), int(sys.argv[3])
xtst.XTestFakeMotionEvent(d, -1, x, y, 0)
x11.XFlush(d)
xtst.XTestFakeButtonEvent(d, 1, 1, 50)
xtst.XTestFakeButtonEvent(d, 1, 0, 50)
x11.XFlush(d)
x11.XCloseDisplay(d)
PY
	sleep "${SHOT_CLICK_WAIT:-1}"
done

# Optional typing (SHOT_TYPE="text"; a trailing "\n" presses Return), into
# whatever has the focus, with XTest key events for ASCII characters.
if [[ -n ${SHOT_TYPE:-} ]]; then
	python3 - "$display" "$SHOT_TYPE" <<'PY'
import ctypes, sys, time
x11, xtst = ctypes.CDLL("libX11.so.6"), ctypes.CDLL("libXtst.so.6")
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XStringToKeysym.restype = ctypes.c_ulong
x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
d = ctypes.c_void_p(x11.XOpenDisplay(sys.argv[1].encode()))
text = sys.argv[2].replace("\\n", "\n")
shift = x11.XKeysymToKeycode(d, x11.XStringToKeysym(b"Shift_L"))
names = {" ": "space", "\n": "Return", "-": "minus", ":": "colon", '"': "quotedbl", ".": "period"}
for ch in text:
    name = names.get(ch, ch)
    code = x11.XKeysymToKeycode(d, x11.XStringToKeysym(name.encode()))
    up = ch.isupper() or ch in ':"'
    if up:
        xtst.XTestFakeKeyEvent(d, shift, 1, 0)
    xtst.XTestFakeKeyEvent(d, code, 1, 0)
    xtst.XTestFakeKeyEvent(d, code, 0, 0)
    if up:
        xtst.XTestFakeKeyEvent(d, shift, 0, 0)
    x11.XFlush(d)
    time.sleep(0.03)
x11.XCloseDisplay(d)
PY
	sleep "${SHOT_CLICK_WAIT:-1}"
fi

mkdir -p "$(dirname "$out")"
# A freshly started GL window may not have drawn its first frame yet: retry
# while the screen holds a single colour.
for _ in 1 2 3 4 5; do
	xwd -root -silent -display "$display" | xwdtopnm 2>/dev/null >"$home/shot.pnm"
	colours=$(ppmhist -noheader "$home/shot.pnm" | wc -l)
	((colours > 1)) && break
	sleep 2
done
pnmtopng <"$home/shot.pnm" >"$out"
echo "wrote $out"
