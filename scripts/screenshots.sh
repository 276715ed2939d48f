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
	[query]="query:Vertrauen ODER Kennzahlensteuerung"
	[plan]="plan"
	[plan-attrition]="plan:attrition"
	[pairs]="pairs"
	[deliverables]="deliverables:case_report/strategic/JC-11"
	[evalq]="evalq:Q2"
	[typology]="typology:JC-16"
	[anon]="anon"
	[audit]="audit"
	# below: a team project on an in-memory team server
	[team-connect]="team-connect"
	[team-conflicts]="team-conflicts"
)
names=("$@")
((${#names[@]})) || names=(shell member workbench guideline interviews protocol-editor search segments
	matrix summaries agreement query plan plan-attrition pairs deliverables evalq typology anon audit team-connect team-conflicts
	recording workbench-compare)

for name in "${names[@]}"; do
	[[ $name == recording ]] && continue # below: needs a recording attached
	[[ $name == workbench-compare ]] && continue # below: needs clicks
	[[ $name == team-* ]] && continue    # below: needs a team server
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

if [[ " ${names[*]} " == *" recording "* ]]; then
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
# The editor opens by the interview's GUID (PL-07-01 names the wave-1
# interview too); the click starts playing (the recording bar's play
# button, the first in its row, right of the navigation).
PROTOCODER_BIN="$bin/protocoder" SHOT_USER=mara SHOT_VIEW="editor:$iv" SHOT_GEOMETRY=1280x760 \
	SHOT_CLICKS="385,223" SHOT_CLICK_WAIT=3 \
	"$root/scripts/screenshot.sh" "$work/rec" "$root/docs/screenshots/recording.png" 10
fi

if [[ " ${names[*]} " == *" workbench-compare "* ]]; then
# Two coders side by side in the workbench: a protocol that jonas, mara
# and tobias coded, opened by name; the first click opens the coder select
# above the text, the second picks "jonas und mara nebeneinander" (its
# fifth entry).
rm -rf "$work/p" && cp -a "$work/sample" "$work/p"
PROTOCODER_BIN="$bin/protocoder" SHOT_USER=mara SHOT_VIEW="document:Protokoll AGS-04-01" SHOT_GEOMETRY=1280x760 \
	SHOT_CLICKS="795,143 775,336" SHOT_CLICK_WAIT=2 \
	"$root/scripts/screenshot.sh" "$work/p" "$root/docs/screenshots/workbench-compare.png" "${SHOT_WAIT:-10}"
fi

if [[ " ${names[*]} " == *" team-"* ]]; then
# The team dialogs: scripts/teamdemo serves a team project on an in-memory
# team server, where ben and cora changed the same memo and code offline
# and ben synced first; cora's replica holds the two conflicts. The GUI
# opens a copy of it (as cora, the link's account) and shows the dialog
# by name; the demo serves until its standard input closes.
(cd "$root" && CGO_ENABLED=0 go build -tags migrated_fynedo -o "$work/teamdemo" ./scripts/teamdemo)
mkfifo "$work/demo.in"
"$work/teamdemo" "$work/team" <"$work/demo.in" >"$work/demo.url" &
demo=$!
exec 3>"$work/demo.in"
for _ in $(seq 600); do [[ -s $work/demo.url ]] && break; sleep 0.1; done
[[ -s $work/demo.url ]] || { echo "teamdemo did not start" >&2; exit 1; }
for name in "${names[@]}"; do
	[[ $name == team-* ]] || continue
	for size in 1280x760 1024x700; do
		out=$root/docs/screenshots/$name.png
		[[ $size == 1280x760 ]] || out=$root/docs/screenshots/$name-${size%%x*}.png
		rm -rf "$work/tp" && cp -a "$work/team/cora" "$work/tp"
		PROTOCODER_BIN="$bin/protocoder" SHOT_USER=cora SHOT_VIEW="${views[$name]}" SHOT_GEOMETRY="$size" \
			"$root/scripts/screenshot.sh" "$work/tp" "$out" "${SHOT_WAIT:-10}"
	done
done
exec 3>&-
wait "$demo"
fi
