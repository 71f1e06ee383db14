#!/usr/bin/env bash
# The interviewer quality check with a real model: plays the labelled candidate
# scripts through `interviewer eval --candidates` against each small model on
# llama-server (2 CPU cores, temperature 0) and prints the figures, with how many
# listening moves kept the candidate's words as the model phrased them and the
# median time until a turn is shown.
#
#   scripts/eval-listening.sh qwen-1.5b                       # the dev set
#   CANDIDATES=tests/data/candidates/held scripts/eval-listening.sh qwen-0.5b qwen-1.5b
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL_ARGS="--candidates ${CANDIDATES:-tests/data/candidates/dev}" exec scripts/eval-models.sh "$@"
