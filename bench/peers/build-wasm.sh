#!/usr/bin/env bash
# Rebuilds the committed .wasm peers from their C sources (bench/run-runtimes uses the committed
# files, so clang is needed only when a kernel changes). Needs clang, lld, wasi-libc and the wasm32
# compiler runtime (Debian: apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for c in fib matmul mix; do
    clang --target=wasm32-wasi -O2 -Wall -Werror -Wl,--strip-all -o "$here/$c.wasm" "$here/$c.c"
    echo "built $here/$c.wasm"
done
