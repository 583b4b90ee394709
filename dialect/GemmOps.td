//===- GemmOps.td - gemm operations ------------------------*- tablegen -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_GEMM_OPS
#define HOPGEMM_GEMM_OPS

include "GemmAttrs.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Spec level
//===----------------------------------------------------------------------===//

def Gemm_MatmulOp : Gemm_Op<"matmul", [Symbol]> {
  let summary = "declares one GEMM D = A x B^T (+ C) with its recipe";
  let description = [{
    Declares a matrix product `D = A x B^T (+ C)` of shape `[M, N, K]`: A is
    `(M, K)`, B is `(N, K)`, D and the optional addend C are `(M, N)`. M may
    be dynamic (`?`): one kernel then serves every M, passed at launch. Each
    operand is described by a `#gemm.operand`; the optional `#gemm.config`
    fixes tiling and scheduling, and whatever it leaves out is chosen by
    `gemm-select-config`.

    The DeepSeek-V3 recipe (e4m3 operands, 1x128 activation scales, 128x128
    weight scales, bf16 output, fp32 accumulation promoted every 128 of K):

    ```mlir
    gemm.matmul @fp8_gemm_nt {
      shape = [?, 7168, 2048],
      a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
      b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
      d = #gemm.operand<bf16, n_major>,
      config = #gemm.config<tile = [128, 128, 128], stages = 5>
    }
    ```

    The verifier checks what the hardware demands: FP8 operands K-major,
    wgmma-legal tiles, a K tile of 128 with 1x128 scales, scale blocks that
    fit their operand, and shared memory within the 227 KB of an sm_90 CTA.

    Grouped GEMMs (mixture-of-experts layers: G experts with the same N and
    K) add `grouping`; B is then `(G, N, K)` with its scales per expert, and
    G is given at launch:

    - `grouping = m_contiguous`: A and D hold every expert's rows one after
      the other, each expert's segment padded to the tile M; an int32
      `m_indices` per row names its expert, -1 for padding (those rows of D
      are not written).
    - `grouping = m_masked`: A is `(G, max_m, K)` and D `(G, max_m, N)`; an
      int32 `masked_m[G]` on the device gives each expert's valid rows (read
      by the kernel: no host synchronization). M is `max_m`.

    K-grouped GEMMs (the weight gradient of an MoE layer) split K instead:

    - `grouping = k_contiguous`: A `(M, K)` and B `(N, K)` hold every
      group's tokens one after the other along K; an int32 `ks[G]` on the
      device gives each group's share of K (a multiple of 128, possibly 0).
      D (and C) are `(G, M, N)`: `D[g] = C[g] + A_g x B_g^T`. The shape's K
      is '?' (the sum of `ks`, given at launch); both operands carry 1x128
      block scales and D is f32.

    `expected_m = E` (ungrouped, M dynamic) tells `gemm-select-config` the
    M to tune the tile and split-K for, e.g. the token count of a decode
    step; the kernel still runs at any M.
  }];
  let arguments = (ins
    SymbolNameAttr:$sym_name,
    DenseI64ArrayAttr:$shape,
    Gemm_OperandAttr:$a,
    Gemm_OperandAttr:$b,
    Gemm_OperandAttr:$d,
    OptionalAttr<Gemm_OperandAttr>:$c,
    OptionalAttr<Gemm_ConfigAttr>:$config,
    OptionalAttr<Gemm_Grouping>:$grouping,
    OptionalAttr<I64Attr>:$expected_m
  );
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getM() { return getShape()[0]; }
    int64_t getN() { return getShape()[1]; }
    int64_t getK() { return getShape()[2]; }
  }];
}

def Gemm_KernelInfoOp : Gemm_Op<"kernel_info", [Symbol]> {
  let summary = "launch metadata of a compiled GEMM kernel";
  let description = [{
    Written by the lowering next to the GPU module of a kernel, and kept
    through serialization, so that the PTX or cubin can be written with the
    metadata a runtime needs to launch it: the kernel's entry name, block
    size, dynamic shared memory, cluster shape, grid rule and the layout of
    its parameters.

    ```mlir
    gemm.kernel_info @fp8_gemm_nt {block = [384, 1, 1], smem = 200704, ...}
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, DictionaryAttr:$launch);
  let assemblyFormat = "$sym_name $launch attr-dict";
}

//===----------------------------------------------------------------------===//
// Tile level
//===----------------------------------------------------------------------===//

def Gemm_TileCoordsOp : Gemm_Op<"tile_coords", [Pure]> {
  let summary = "coordinates of the output tile this program computes";
  let description = [{
    Returns the (row, column) index of the output tile computed by this
    program, in a grid of `%m_tiles x %n_tiles` tiles. How program instances
    map to tiles (rasterization for L2 reuse, persistent walks) is decided by
    the lowering, not here.

    ```mlir
    %tm, %tn = gemm.tile_coords grid [%m_tiles, %n_tiles]
    ```
  }];
  let arguments = (ins Index:$mTiles, Index:$nTiles);
  let results = (outs Index:$m, Index:$n);
  let assemblyFormat = "`grid` `[` $mTiles `,` $nTiles `]` attr-dict";
}

def Gemm_LoadOp : Gemm_Op<"load", [MemoryEffects<[MemRead]>]> {
  let summary = "loads one block of a global tensor";
  let description = [{
    Loads block `[%i, %j]` of `%source`, where the block shape is the
    result's shape. A result of lower rank than the source takes blocks of
    extent 1 along the leading source dimensions. Elements outside the
    source read as zero (TMA semantics).

    ```mlir
    %a  = gemm.load %A[%tm, %kb] : memref<?x2048xf8E4M3FN> -> tensor<128x128xf8E4M3FN>
    %sa = gemm.load %SA[%kb, %tm] : memref<16x?xf32> -> tensor<128xf32>
    %sb = gemm.load %SB[%tn, %kb] : memref<56x16xf32> -> tensor<f32>
    ```
  }];
  let arguments = (ins AnyMemRef:$source, Variadic<Index>:$indices);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $source `[` $indices `]` attr-dict `:` type($source) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Gemm_DotOp : Gemm_Op<"dot", [Pure,
    OptionalTypesMatchWith<"accumulator type matches the result type",
                           "result", "acc", "$_self">]> {
  let summary = "block matrix product A x B^T with fp32 accumulation";
  let description = [{
    Multiplies an `MxK` block of A by the transpose of an `NxK` block of B
    (both K-major, as FP8 wgmma needs) into an `MxN` fp32 block, added to
    `%acc` when given.

    ```mlir
    %p = gemm.dot %a, %b : tensor<128x128xf8E4M3FN>, tensor<128x128xf8E4M3FN> -> tensor<128x128xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$a, AnyRankedTensor:$b,
                       Optional<AnyRankedTensor>:$acc);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $a `,` $b (`,` $acc^)? attr-dict `:` type($a) `,` type($b) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Gemm_ScaleAddOp : Gemm_Op<"scale_add", [Pure,
    AllTypesMatch<["acc", "partial", "result"]>]> {
  let summary = "block-scale promotion: acc + partial * row_scale * col_scale";
  let description = [{
    Promotes the fp32 partial product of one scale block into the
    accumulator: `acc[i, j] + partial[i, j] * row[i] * col[j]`. A rank-0
    scale applies to the whole block; a vector shorter than its dimension
    holds one value per run of consecutive rows (columns): with `R` row
    scales for `M` rows, row `i` takes `row[i / (M / R)]`, as a 256-column
    block takes the two 128-row B scale blocks it spans. This runs on CUDA cores between the
    tensor-core products of consecutive K blocks, and is what keeps FP8
    accurate over long K. Scales are f32, or f8E8M0FNU (UE8M0 powers of
    two, 2^(e - 127)).

    ```mlir
    %r = gemm.scale_add %acc, %p, %sa, %sb : tensor<128x128xf32>, tensor<128xf32>, tensor<f32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$acc, AnyRankedTensor:$partial,
                       AnyRankedTensor:$rowScale, AnyRankedTensor:$colScale);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $acc `,` $partial `,` $rowScale `,` $colScale attr-dict `:` type($acc) `,`
    type($rowScale) `,` type($colScale)
  }];
  let hasVerifier = 1;
}

def Gemm_StoreOp : Gemm_Op<"store", [MemoryEffects<[MemWrite]>]> {
  let summary = "stores one block into a global tensor, clipped at its edges";
  let description = [{
    Stores `%value` as block `[%i, %j]` of `%dest`; elements past the edges
    of `%dest` are not written.

    ```mlir
    gemm.store %o, %D[%tm, %tn] : tensor<128x128xbf16>, memref<?x7168xbf16>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$value, AnyMemRef:$dest,
                       Variadic<Index>:$indices);
  let assemblyFormat = [{
    $value `,` $dest `[` $indices `]` attr-dict `:` type($value) `,` type($dest)
  }];
  let hasVerifier = 1;
}

#endif // HOPGEMM_GEMM_OPS
