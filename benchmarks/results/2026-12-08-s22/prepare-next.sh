#!/usr/bin/env bash
# Fills .device/ for next.sh from a bare checkout (after scripts/bootstrap.sh):
#   benchmarks/results/2026-12-08-s22/prepare-next.sh WHEEL   (sgl-deep-gemm 0.2.1 wheel; only its headers)
set -euo pipefail
wheel=${1:?usage: prepare-next.sh WHEEL}
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../../.."
benchmarks/prepare_device.sh --sets "tuned static" --deepgemm "$wheel"
"$here/prepare-u2.sh"
"$here/prepare-adv.sh"
"$here/prepare-rg.sh"
du -sh .device
