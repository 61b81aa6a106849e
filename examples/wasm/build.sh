#!/usr/bin/env bash
# Rebuilds every .wasm in examples/wasm and in the wasm runtime's test resources from its source.
# Here: square.wat (hand-written), and from C: wordcount, and the workflow examples' steps (see
# examples/workflows and docs/workflows.md): sum, words, echo, fail, flaky, ppm (resize, grayscale)
# and sha256. Each .c and .wat found here is built; the output is reproducible for one toolchain, so
# an unchanged source rebuilds to the same bytes.
# Needs wabt (wat2wasm) and, for C, clang with the wasm32-wasi target: on Debian the packages
# wabt, clang, lld, wasi-libc and libclang-rt-dev-wasm32 (for clang 14: libclang-rt-14-dev-wasm32).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tests="$(cd "$here/../../runtimes/wasm/src/test/resources/wasm" && pwd)"

need() {
    command -v "$1" >/dev/null 2>&1 || { echo "build.sh: '$1' not found; install $2" >&2; exit 1; }
}

need wat2wasm "wabt (apt-get install wabt)"
for wat in "$here"/*.wat "$tests"/*.wat; do
    [ -e "$wat" ] || continue
    wat2wasm "$wat" -o "${wat%.wat}.wasm"
    echo "built ${wat%.wat}.wasm"
done

need clang "clang, lld and wasi-libc (apt-get install clang lld wasi-libc)"
for c in "$here"/*.c; do
    [ -e "$c" ] || continue
    if ! clang --target=wasm32-wasi -O2 -Wall -Werror -Wl,--strip-all -o "${c%.c}.wasm" "$c"; then
        echo "build.sh: clang could not build $c for wasm32-wasi; it needs wasi-libc and the" >&2
        echo "wasm32 compiler runtime (Debian: apt-get install wasi-libc libclang-rt-14-dev-wasm32)" >&2
        exit 1
    fi
    echo "built ${c%.c}.wasm"
done
