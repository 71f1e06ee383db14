#!/usr/bin/env bash
# Rebuilds the golden transcripts from their answer scripts through a real piped
# interview with the built-in interviewer: the original golden set (listed
# below), the scenario library's strong, average and weak answers per case
# (answers/<case>-<band>.txt, one transcript each as <case>-<band>.jsonl), and
# the labelled development set in dev/ (listed in dev/labels.csv).
#
#   regenerate.sh                    everything
#   regenerate.sh NAME...            only these, e.g. payment-fraud-strong or strong
#
# Regenerating gives new session ids and times, so review the snapshot changes
# with `cargo insta review` afterwards.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
cargo build --quiet
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
only=("$@")
run() { # name scenario answers out
  if [ "${#only[@]}" -gt 0 ]; then wanted_one "$1" || return 0; fi
  local dir="$tmp/$1"
  INTERVIEWER_HOME="$tmp/home" ./target/debug/interviewer --offline --scenario "$2" \
    --transcript-dir "$dir" < "$3" > /dev/null 2>&1
  cp "$dir"/*.jsonl "$4"
}
wanted_one() { # name: true when it was named on the command line
  local n
  for n in "${only[@]}"; do [ "$n" = "$1" ] && return 0; done
  return 1
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
# The scenario library: every case with answer scripts gets one transcript per band.
for case in $(ls "$here"/answers/*-strong.txt | xargs -n1 basename | sed 's/-strong\.txt$//'); do
  for band in strong average weak; do
    run "$case-$band" "$case" "$here/answers/$case-$band.txt" "$here/$case-$band.jsonl"
  done
done
tail -n +2 "$here/dev/labels.csv" | while IFS=, read -r name scenario _rest; do
  run "dev-$name" "$scenario" "$here/dev/$name.txt" "$here/dev/$name.jsonl"
done
echo "regenerated $(ls "$here"/*.jsonl | wc -l) golden and $(ls "$here"/dev/*.jsonl | wc -l) development transcripts (${#only[@]} named)"
