#!/usr/bin/env bash
# Nineteenth session, GPU call 1: the eighteenth session's g6.sh as prepared there (its header says how to
# fill .device), its outputs tarred (a call returns at most 8 files).
set -uo pipefail
final=${OUT:-/tmp/out}
export OUT=/tmp/h1; mkdir -p $OUT
nvidia-smi --query-gpu=name,clocks.max.sm,power.limit --format=csv,noheader
bash benchmarks/results/2026-12-07-s18/g6.sh
tar czf "$final/h1.tgz" -C /tmp h1
