// RUN: gemm-opt %s --pass-pipeline='builtin.module(gpu.module(gemm-extern-dynamic-shared-memory))' | FileCheck %s

// The zero-sized shared global that gpu-to-nvvm makes for
// gpu.dynamic_shared_memory becomes external, so that the PTX declares it
// `.extern .shared .b8 x[]` instead of a one-byte static variable; sized
// shared globals (the mbarriers) and globals in other spaces keep their
// linkage.
// CHECK-LABEL: gpu.module @kernels
// CHECK: llvm.mlir.global external @__dynamic_shmem__0() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<0 x i8>
// CHECK: llvm.mlir.global private @__mbarrier() {addr_space = 3 : i32, alignment = 8 : i64} : !llvm.array<4 x i64>
// CHECK: llvm.mlir.global internal @global_zero() {addr_space = 1 : i32} : !llvm.array<0 x i8>
gpu.module @kernels {
  llvm.mlir.global internal @__dynamic_shmem__0() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<0 x i8>
  llvm.mlir.global private @__mbarrier() {addr_space = 3 : i32, alignment = 8 : i64} : !llvm.array<4 x i64>
  llvm.mlir.global internal @global_zero() {addr_space = 1 : i32} : !llvm.array<0 x i8>
}
