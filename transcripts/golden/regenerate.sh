#!/usr/bin/env bash
# Rebuilds the golden transcripts from their answer scripts through a real piped
# interview with the built-in interviewer: the original golden set (listed
# below) and the labelled development set in dev/ (listed in dev/labels.csv).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
cargo build --quiet
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
run() { # name scenario answers out
  local dir="$tmp/$1"
  INTERVIEWER_HOME="$tmp/home" ./target/debug/interviewer --offline --scenario "$2" \
    --transcript-dir "$dir" < "$3" > /dev/null 2>&1
  cp "$dir"/*.jsonl "$4"
}
while read -r name scenario; do
  run "$name" "$scenario" "$here/answers/$name.txt" "$here/$name.jsonl"
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
tail -n +2 "$here/dev/labels.csv" | while IFS=, read -r name scenario _rest; do
  run "dev-$name" "$scenario" "$here/dev/$name.txt" "$here/dev/$name.jsonl"
done
echo "regenerated $(ls "$here"/*.jsonl | wc -l) golden and $(ls "$here"/dev/*.jsonl | wc -l) development transcripts"
