#!/usr/bin/env bash
# Runs the whole test suite (lit: dialect, passes, pipeline, PTX assembly,
# runtime CPU tests; then the Python package's pytest suite; GPU tests skip
# without a GPU). Builds hopgemm first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
build=${HOPGEMM_BUILD_DIR:-build}

# gemm-fuzz (libFuzzer + ASan + UBSan) in its own build dir, for the lit
# fuzz smoke test (test/fuzz/fuzz-smoke.test, 30 s). About 2 minutes on 2
# cores from scratch; HOPGEMM_SKIP_FUZZ=1 leaves it out (the test is then
# UNSUPPORTED). See docs/reliability.md.
if [ "${HOPGEMM_SKIP_FUZZ:-0}" != 1 ]; then
  fuzz_build=${HOPGEMM_FUZZ_BUILD_DIR:-build-fuzz}
  HOPGEMM_BUILD_DIR=$fuzz_build HOPGEMM_CMAKE_ARGS=-DHOPGEMM_FUZZ=ON \
    scripts/bootstrap.sh gemm-fuzz
  export HOPGEMM_FUZZER=$(cd "$fuzz_build" && pwd)/bin/gemm-fuzz
fi
ninja -C "$build" check-gemm

# The same lit suite with our code built with ASan and UBSan
# (-DHOPGEMM_SANITIZE=ON, its own build dir; MLIR and LLVM stay
# uninstrumented). About 5 minutes on 2 cores from scratch;
# HOPGEMM_SKIP_ASAN=1 leaves it out. The fuzz smoke test ran above.
# See docs/reliability.md.
if [ "${HOPGEMM_SKIP_ASAN:-0}" != 1 ]; then
  HOPGEMM_BUILD_DIR=${HOPGEMM_ASAN_BUILD_DIR:-build-asan} \
    HOPGEMM_CMAKE_ARGS=-DHOPGEMM_SANITIZE=ON \
    env -u HOPGEMM_FUZZER scripts/bootstrap.sh check-gemm
fi

# The Python package, installed into a virtual environment the way a user
# installs it, tested against this build's libraries. Any pytest failure,
# and also exit code 5 (no tests collected), fails the script.
build=$(cd "$build" && pwd)
venv=$build/venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check ./python pytest
HOPGEMM_BUILD_DIR=$build HOPGEMM_LIBRARY=$build/lib/libhopgemm.so \
  "$venv/bin/python" -m pytest -q -rs -p no:cacheprovider test/python
