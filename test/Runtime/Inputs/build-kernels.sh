#!/bin/sh
# Regenerates the checked-in PTX of the runtime's test kernels from their CUDA
# sources: k.ptx (noop_gemm.cu) and kernels/*.ptx (tma_gemm.cu variants; each
# has a hand-written kernels/NAME.json). The PTX is checked in so that the GPU
# tests need no nvcc. Usage: build-kernels.sh [path/to/nvcc]
set -eu
cd "$(dirname "$0")"
NVCC=${1:-nvcc}
FLAGS="-ptx -arch=compute_90 -std=c++17"
"$NVCC" $FLAGS noop_gemm.cu -o k.ptx
"$NVCC" $FLAGS -DENTRY=tma_global_tiles -DGRID_CONSTANT=0 -DHAS_C=0 \
  tma_gemm.cu -o kernels/tma_global_tiles.ptx
"$NVCC" $FLAGS -DENTRY=tma_gridconst_persistent_c -DGRID_CONSTANT=1 -DHAS_C=1 \
  tma_gemm.cu -o kernels/tma_gridconst_persistent_c.ptx
