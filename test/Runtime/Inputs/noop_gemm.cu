//===- noop_gemm.cu - a GEMM kernel that computes nothing ----------------===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// Has the parameter list of k.json (the example of the metadata contract) but
// writes nothing, so `gemm-run --check` must report every element of D as
// NaN (unwritten) and fail. Regenerate k.ptx with build-kernels.sh.
//
//===----------------------------------------------------------------------===//

#include <cstdint>

extern "C" __global__ void fp8_gemm_nt(const void *tmA, const void *tmB,
                                       const void *tmSA, const float *sb,
                                       std::uint16_t *d, int m) {}
