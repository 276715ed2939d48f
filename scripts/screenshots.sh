#!/usr/bin/env bash
# Regenerates the README pictures in docs/screenshots from a fresh copy of
# the embedded sample project, under Xvfb (screenshot.sh does the work).
# The clicks are screen pixels of the 1400×900 window.
#
#   scripts/screenshots.sh BIN_DIR        # as `make screenshots` calls it
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "${1:-$root/bin}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin/protocoder-cli" sample "$work/sample" >/dev/null
shot() { # name [clicks] [text to type]; SHOT_USER= for no acting member
	PROTOCODER_BIN="$bin/protocoder" SHOT_USER="${SHOT_USER-mara}" SHOT_CLICKS="${2:-}" SHOT_TYPE="${3:-}" SHOT_CLICK_WAIT=3 \
		"$root/scripts/screenshot.sh" "$work/sample" "$root/docs/screenshots/$1.png" 7
}
shot shell
SHOT_USER= shot member                           # first open: who is working?
shot workbench "124,251 150,329 170,368 220,447" # a densely coded protocol (KU-04-01) in the workbench
shot guideline "210,487"                         # a guideline with its question tree, codebook beside it
shot interviews "481,96 420,300"                 # the interview list, one row selected
shot protocol-editor "481,96 420,819 1003,140"    # a draft protocol in the editor
shot search "714,52" 'Arbeitgeber\n'             # full-text search from the top field
shot matrix "734,96"                             # analysis: the code matrix
shot anon "841,96"                               # data protection: anonymisation review

# The recording player: a copy of the sample whose draft protocol PL-07-01
# (wave 2) has a generated 20-minute recording attached, opened in the
# editor and playing. screenshot.sh points ALSA at its null device, which
# takes the sound much faster than real time: the position runs ahead.
"$bin/protocoder-cli" sample "$work/rec" >/dev/null
python3 - "$work/tone.wav" <<'PY'
import math, struct, sys, wave
rate = 8000
second = b"".join(struct.pack("<h", int(8000 * (0.5 + 0.5 * math.sin(5 * math.pi * i / rate)) * math.sin(2 * math.pi * 180 * i / rate))) for i in range(rate))
w = wave.open(sys.argv[1], "wb")
w.setnchannels(1); w.setsampwidth(2); w.setframerate(rate)
w.writeframes(second * 20 * 60)
w.close()
PY
iv=$("$bin/protocoder-cli" interview list --project "$work/rec" | awk '$6 == "PL-07-01" && $9 == "draft" {print $10}')
"$bin/protocoder-cli" recording attach "$iv" "$work/tone.wav" --project "$work/rec" --user mara >/dev/null
PROTOCODER_BIN="$bin/protocoder" SHOT_USER=mara SHOT_CLICKS="481,96 420,819 1003,140 415,223" SHOT_CLICK_WAIT=3 \
	"$root/scripts/screenshot.sh" "$work/rec" "$root/docs/screenshots/recording.png" 7
