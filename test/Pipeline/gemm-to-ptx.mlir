// RUN: rm -rf %t && mkdir -p %t
// RUN: gemm-opt %s --gemm-to-ptx -o %t/k.ptx
// RUN: FileCheck %s --check-prefix=PTX < %t/k.ptx
// RUN: FileCheck %s --check-prefix=ROLES < %t/k.ptx
// RUN: FileCheck %s --check-prefix=META < %t/k.json
// RUN: gemm-opt %s --gemm-to-ptx | FileCheck %s --check-prefix=IR
// The whole pipeline: spec to PTX (plus launch metadata) in one process.

// PTX: .target sm_90a
// The tile buffers live in the launch-sized dynamic shared memory, declared
// .extern, not demoted to a static variable (gemm-extern-dynamic-shared-memory).
// PTX: .extern .shared .align 16 .b8 __dynamic_shmem__0[];
// PTX-NOT: __dynamic_shmem__0 has been demoted
// PTX: .entry fp8_gemm_nt(
// Four K blocks per iteration of the math loop: 16 wgmmas.
// PTX-COUNT-16: wgmma.mma_async.sync.aligned.m64n128k32.f32.e4m3.e4m3
// PTX-NOT: wgmma.mma_async

// The order of the warpgroup branches in the PTX is the backend's choice.
// ROLES-DAG: setmaxnreg.dec.sync.aligned.u32 {{.*}}40;
// ROLES-DAG: setmaxnreg.inc.sync.aligned.u32 {{.*}}232;
// ROLES-DAG: cp.async.bulk.tensor.2d.shared::cluster.global.tile.mbarrier::complete_tx::bytes
// ROLES-DAG: cp.async.bulk.tensor.2d.global.shared::cta.tile.bulk_group

// META: "block": [
// META-NEXT: 384,
// META: "entry": "fp8_gemm_nt",
// META: "grid": "persistent",
// META: "shape": [
// META-NEXT: -1,
// META-NEXT: 7168,
// META-NEXT: 2048
// META: "smem_bytes": 166912,

// IR: gpu.binary @fp8_gemm_nt_kernels [#gpu.object<#nvvm.target<O = 3, chip = "sm_90a", features = "+ptx80">, {{.*}}assembly = "
// IR: gemm.kernel_info @fp8_gemm_nt
gemm.matmul @fp8_gemm_nt {
  shape = [?, 7168, 2048],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>
}
