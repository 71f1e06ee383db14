#!/usr/bin/env bash
# A newcomer's first commands, as the README gives them: every command of the
# README's code blocks marked `<!-- newcomer: run -->` (set-up, install, quick
# start), run in order, unedited, in a temporary home with nothing configured
# and no LLM server, each with stdin closed. Any command that fails stops the
# run with its line, so a README that drifts from the program fails CI.
#
#   scripts/newcomer.sh                  every marked command
#   NEWCOMER_SKIP='cargo test --locked' scripts/newcomer.sh
#                                        skip commands that start with this
#                                        (.ci/run has just run the same tests)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Cargo and rustup stay where they are; everything of the user's is new.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
export CARGO_INSTALL_ROOT="$tmp/cargo"
export HOME="$tmp/home"
mkdir -p "$HOME"
# The platform directories follow HOME only when XDG_* do not point elsewhere.
unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_STATE_HOME XDG_CACHE_HOME
export PATH="$CARGO_INSTALL_ROOT/bin:$CARGO_HOME/bin:$PATH"
# No server answers here, whatever the machine runs: the README's promise is
# that the built-in interviewer takes over.
export INTERVIEWER_BASE_URL="http://127.0.0.1:9/v1"
unset INTERVIEWER_HOME INTERVIEWER_PROMPTS INTERVIEWER_MODEL INTERVIEWER_CONTEXT \
  INTERVIEWER_TEMPERATURE INTERVIEWER_API_KEY INTERVIEWER_NOHISTORY OPENAI_API_KEY \
  OPENAI_BASE_URL OPENAI_API_BASE OLLAMA_HOST COMPLETE COLUMNS NO_COLOR 2>/dev/null || true

# The marked blocks' command lines, without their trailing comments.
mapfile -t commands < <(awk '
  /<!-- newcomer: run/ { armed = 1; next }
  armed && /^```/ { if (inside) { inside = 0; armed = 0 } else { inside = 1 }; next }
  inside && NF { sub(/[ \t]+# .*$/, ""); print }
' README.md)
if [ "${#commands[@]}" -lt 5 ]; then
  echo "newcomer: found ${#commands[@]} commands in README.md's marked blocks; expected the set-up and quick start" >&2
  exit 1
fi

n=0
for cmd in "${commands[@]}"; do
  n=$((n + 1))
  if [ -n "${NEWCOMER_SKIP:-}" ] && [[ "$cmd" == "$NEWCOMER_SKIP"* ]]; then
    echo "newcomer [$n/${#commands[@]}] skipped: $cmd"
    continue
  fi
  echo "newcomer [$n/${#commands[@]}] $cmd"
  start=$(date +%s)
  rc=0
  timeout 1800 bash -o pipefail -c "$cmd" </dev/null >"$tmp/out" 2>"$tmp/err" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "newcomer: this README command failed (exit $rc): $cmd" >&2
    tail -n 20 "$tmp/out" "$tmp/err" >&2
    exit 1
  fi
  echo "  ok ($(( $(date +%s) - start )) s, $(wc -l <"$tmp/out") lines of output)"
done
echo "newcomer: all ${#commands[@]} README commands ran without an edit or an error"
