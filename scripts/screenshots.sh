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
