#!/usr/bin/env bash
# Nineteenth session, GPU call 3: parts 1 and 2 of the eighteenth session's g6.sh (its header says how to
# fill .device): each kernel's own device time at N = 32768, K = 512 (ab.py --profile), and fp8_gemm_nt's
# picks over the precompiled tuned set at M = 256-768. Part 3 (tile N 112) is left for later.
G6_PART3=0 bash benchmarks/results/2026-12-07-s18/g6.sh
