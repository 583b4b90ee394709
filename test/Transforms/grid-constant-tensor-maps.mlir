// RUN: gemm-opt %s --split-input-file --verify-diagnostics --pass-pipeline='builtin.module(gpu.module(gemm-grid-constant-tensor-maps))' | FileCheck %s

// The parameters that gemm.tensor_map_args names hold a TMA descriptor by
// value: 128 bytes, 64-byte aligned, __grid_constant__. The others (a
// pointer, M) and functions without the attribute are left alone; the
// attribute itself is consumed.
// CHECK-LABEL: llvm.func @kernel
// CHECK-SAME: (%arg0: !llvm.ptr {llvm.align = 64 : i64, llvm.byval = !llvm.array<128 x i8>, nvvm.grid_constant},
// CHECK-SAME: %arg1: !llvm.ptr,
// CHECK-SAME: %arg2: !llvm.ptr {llvm.align = 64 : i64, llvm.byval = !llvm.array<128 x i8>, nvvm.grid_constant},
// CHECK-SAME: %arg3: i32)
// CHECK-NOT: gemm.tensor_map_args
// CHECK-LABEL: llvm.func @helper(%arg0: !llvm.ptr)
gpu.module @kernels {
  llvm.func @kernel(%a: !llvm.ptr, %sb: !llvm.ptr, %d: !llvm.ptr, %m: i32) attributes {gemm.tensor_map_args = array<i64: 0, 2>, nvvm.kernel} {
    llvm.return
  }
  llvm.func @helper(%p: !llvm.ptr) {
    llvm.return
  }
}

// -----

gpu.module @kernels {
  // expected-error @+1 {{parameter 1 named in gemm.tensor_map_args is not a pointer parameter}}
  llvm.func @kernel(%a: !llvm.ptr, %m: i32) attributes {gemm.tensor_map_args = array<i64: 0, 1>, nvvm.kernel} {
    llvm.return
  }
}
