#!/usr/bin/env bash
# Twenty-second session: g2.sh then g3.sh in one call (device starts were scarce). g3's table first reads the
# GPU's name so that the two parts' cards are on record.
set -uo pipefail
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
bash benchmarks/results/2026-12-08-s22/g2.sh
bash benchmarks/results/2026-12-08-s22/g3.sh
