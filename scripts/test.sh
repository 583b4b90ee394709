#!/usr/bin/env bash
# Runs the whole test suite (lit: dialect, passes, pipeline, PTX assembly,
# runtime CPU tests; GPU tests skip without a GPU). Builds hopgemm first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
ninja -C "${HOPGEMM_BUILD_DIR:-build}" check-gemm
