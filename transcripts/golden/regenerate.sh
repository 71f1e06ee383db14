#!/usr/bin/env bash
# Rebuilds the golden transcripts from their answer scripts through a real piped
# interview with the built-in interviewer.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
cargo build --quiet
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
while read -r name scenario; do
  dir="$tmp/$name"
  ./target/debug/interviewer --offline --scenario "$scenario" --transcript-dir "$dir" \
    < "$here/answers/$name.txt" > /dev/null 2>&1
  cp "$dir"/*.jsonl "$here/$name.jsonl"
  echo "$name: $(grep -c '"role":"candidate"' "$here/$name.jsonl") candidate turns"
done <<'LIST'
strong ad-click
synonyms feed-ranking
average feed-ranking
weak content-recommendation
stuffed ad-click
negated ad-click
library-dump feed-ranking
premature-streaming ad-click
LIST
