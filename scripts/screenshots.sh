#!/usr/bin/env bash
# Renders every view of the GUI from a fresh copy of the embedded sample
# project, under Xvfb (screenshot.sh does the work), at the default window
# size 1280×760 (docs/screenshots/VIEW.png) and at 1024×700
# (docs/screenshots/VIEW-1024.png). The views are chosen by name
# ($PROTOCODER_VIEW, internal/ui/shell/show.go), not by clicks, so the
# pictures do not depend on where things sit on the screen.
#
#   scripts/screenshots.sh BIN_DIR [VIEW…]   # as `make screenshots` calls it
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "${1:-$root/bin}" && pwd)
shift || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin/protocoder-cli" sample "$work/sample" >/dev/null

# name → the view shown ("" for the window as it opens).
declare -A views=(
	[shell]=""
	[member]=""
	[workbench]="document:Protokoll KU-04-01"
	[guideline]="guideline:A.1.1"
	[interviews]="interviews"
	[protocol-editor]="editor:PL-07-01"
	[search]="search:Arbeitgeber"
	[segments]="segments:72e0eb8f-de06-5707-8a98-aed6f3ab8819"
	[matrix]="matrix"
	[summaries]="summaries"
	[agreement]="agreement"
	[plan]="plan"
	[pairs]="pairs"
	[anon]="anon"
	[audit]="audit"
)
names=("$@")
((${#names[@]})) || names=(shell member workbench guideline interviews protocol-editor search segments
	matrix summaries agreement plan pairs anon audit)

for name in "${names[@]}"; do
	[[ -v views[$name] ]] || { echo "unknown view $name" >&2; exit 2; }
	user=mara
	[[ $name == member ]] && user= # first open: who is working?
	for size in 1280x760 1024x700; do
		out=$root/docs/screenshots/$name.png
		[[ $size == 1280x760 ]] || out=$root/docs/screenshots/$name-${size%%x*}.png
		# Each picture gets a fresh copy: the GUI remembers nothing between them.
		rm -rf "$work/p" && cp -a "$work/sample" "$work/p"
		PROTOCODER_BIN="$bin/protocoder" SHOT_USER="$user" SHOT_VIEW="${views[$name]}" SHOT_GEOMETRY="$size" \
			"$root/scripts/screenshot.sh" "$work/p" "$out" "${SHOT_WAIT:-10}"
	done
done
