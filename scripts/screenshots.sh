#!/usr/bin/env bash
# Regenerates the README pictures in docs/screenshots from the embedded
# sample project, under Xvfb (see screenshot.sh for the mechanics).
#
#   scripts/screenshots.sh BIN_DIR        # as `make screenshots` calls it
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "${1:-$root/bin}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin/protocoder-cli" sample "$work/sample" >/dev/null
shot() { # name wait [view]
	PROTOCODER_BIN="$bin/protocoder" PROTOCODER_VIEW="${3:-}" \
		"$root/scripts/screenshot.sh" "$work/sample" "$root/docs/screenshots/$1.png" "$2"
}
shot shell 6
