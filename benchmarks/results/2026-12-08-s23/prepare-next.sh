#!/usr/bin/env bash
# Fills .device/ for next.sh from a bare checkout (after scripts/bootstrap.sh):
#   benchmarks/results/2026-12-08-s23/prepare-next.sh WHEEL   (sgl-deep-gemm 0.2.1 wheel; only its headers)
set -euo pipefail
wheel=${1:?usage: prepare-next.sh WHEEL}
here=$(cd "$(dirname "$0")" && pwd)
"$here/../2026-12-08-s22/prepare-next.sh" "$wheel"
"$here/prepare-sk.sh"
"$here/prepare-skd.sh"
du -sh "$here/../../../.device"
