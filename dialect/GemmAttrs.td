//===- GemmAttrs.td - gemm attributes and enums ------------*- tablegen -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_GEMM_ATTRS
#define HOPGEMM_GEMM_ATTRS

include "GemmDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def Gemm_Major : I32EnumAttr<"Major", "which dimension of an operand is contiguous", [
    I32EnumAttrCase<"K", 0, "k_major">,
    I32EnumAttrCase<"M", 1, "m_major">,
    I32EnumAttrCase<"N", 2, "n_major">,
  ]> {
  let cppNamespace = "::mlir::gemm";
  let genSpecializedAttr = 0;
}

def Gemm_ScaleKind : I32EnumAttr<"ScaleKind", "how an operand is scaled", [
    I32EnumAttrCase<"None", 0, "none">,
    I32EnumAttrCase<"Tensor", 1, "tensor_scale">,
    I32EnumAttrCase<"Row", 2, "row_scale">,
    I32EnumAttrCase<"Block", 3, "block_scale">,
  ]> {
  let cppNamespace = "::mlir::gemm";
  let genSpecializedAttr = 0;
}

def Gemm_Grouping : I32EnumAttr<"Grouping", "how the groups of a grouped GEMM are laid out", [
    I32EnumAttrCase<"MContiguous", 0, "m_contiguous">,
    I32EnumAttrCase<"MMasked", 1, "m_masked">,
    I32EnumAttrCase<"KContiguous", 2, "k_contiguous">,
  ]> {
  let cppNamespace = "::mlir::gemm";
}

def Gemm_Schedule : I32EnumAttr<"Schedule", "how CTAs walk the output tiles", [
    I32EnumAttrCase<"DataParallel", 0, "data_parallel">,
    I32EnumAttrCase<"Persistent", 1, "persistent">,
    I32EnumAttrCase<"StreamK", 2, "stream_k">,
  ]> {
  let cppNamespace = "::mlir::gemm";
  let genSpecializedAttr = 0;
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

class Gemm_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<Gemm_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def Gemm_OperandAttr : Gemm_Attr<"Operand", "operand"> {
  let summary = "element type, major-ness and scale recipe of one operand";
  let description = [{
    Describes one operand of a `gemm.matmul`: its element type, which of its
    dimensions is contiguous in memory, and how it is scaled.

    ```mlir
    #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>
    #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>
    #gemm.operand<f8E4M3FN, k_major, row_scale : f32>
    #gemm.operand<f8E5M2, k_major, tensor_scale : f32>
    #gemm.operand<bf16, n_major>
    ```

    Major-ness names the contiguous dimension: `k_major` for an `(M, K)` A or
    an `(N, K)` B stored row by row, `m_major`/`n_major` otherwise; the
    output D and the addend C are `n_major` (row-major `(M, N)`) or
    `m_major`. FP8 operands are `k_major` (Hopper's FP8 wgmma reads K-major
    operands); 16-bit ones may be either, e.g. an A stored `(K, M)` is
    `m_major`. TMA needs 16-byte rows: K, M or N (whichever is contiguous)
    times the element size a multiple of 16. An `n_major` B arrives in
    boxes 128 bytes wide, so its tile N is a multiple of 64. The lowering
    stores D and C `n_major` only.

    Scales are fp32 values (`f32`), or power-of-two scales (`f8E8M0FNU`).
    A block scale `[r, c]` gives one scale per `r` rows by `c` K-columns of
    the operand: `[1, 128]` is the per-token recipe of activations, `[128,
    128]` the per-block recipe of weights. `row_scale` is one scale per row
    (per token or per channel); `tensor_scale` one for the whole operand.
    Scales are only meaningful on FP8 operands.
  }];
  let parameters = (ins
    "::mlir::Type":$elementType,
    "::mlir::gemm::Major":$major,
    "::mlir::gemm::ScaleKind":$scaleKind,
    ArrayRefParameter<"int64_t", "scale block [rows, cols]">:$scaleBlock,
    "::mlir::Type":$scaleType
  );
  let builders = [
    AttrBuilder<(ins "::mlir::Type":$elementType, "::mlir::gemm::Major":$major), [{
      return $_get($_ctxt, elementType, major, ScaleKind::None,
                   ::llvm::ArrayRef<int64_t>{}, ::mlir::Type());
    }]>,
  ];
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    bool isScaled() const { return getScaleKind() != ScaleKind::None; }
    bool isFP8() const;
    /// Size of one element in bytes.
    int64_t getElementBytes() const;
  }];
}

def Gemm_ConfigAttr : Gemm_Attr<"Config", "config"> {
  let summary = "tile shape, pipeline depth, cluster and schedule of a GEMM";
  let description = [{
    How a GEMM is tiled and scheduled. Every field is optional; the
    `gemm-select-config` pass fills what is missing from a heuristic.

    ```mlir
    #gemm.config<tile = [128, 128, 128], stages = 5, cluster = [2, 1],
                 schedule = persistent>
    #gemm.config<stages = 4>
    ```

    - `tile = [M, N, K]`: the output tile one CTA computes and the K extent
      of one pipeline stage. With 128x128 B scales a tile N that does not
      divide 128 (e.g. 192) straddles two scale blocks, each column taking
      its block's scale; tile N is at most 192 there (128 for tile M 256),
      the registers of the promotion.
    - `stages`: the depth of the shared-memory ring of TMA loads.
    - `cluster = [m, n]`: CTAs per cluster along M and N; operand tiles
      shared inside a cluster are multicast.
    - `schedule`: `data_parallel` (one CTA per tile), `persistent` (one CTA
      per SM walking the tiles), or `stream_k`: persistent, with the tiles
      left over after the last full round of the SMs shared out among the
      CTAs by K blocks, so that no SM idles through a partial last round;
      CTAs that compute part of a tile add their fp32 partials in a
      workspace, in a fixed order (deterministic), and the last one writes
      the tile. Ungrouped GEMMs without C, split-K, clusters or swap_ab.
    - `split_k`: CTAs that share one output tile, each computing an equal
      share of the K blocks; the last to finish adds the fp32 partials in
      split order (deterministic) and writes the tile. 1 when unset.
    - `swap_ab = true`: compute the tile transposed, `D^T = B A^T`, so that
      the tile's M rows sit on wgmma's N (any multiple of 8) and its N rows
      on wgmma's 64-row M. For small M (decode), where a 64-row wgmma over
      a few tokens would be mostly padding. Tile M is then a multiple of 8
      up to 128 and tile N 64, 128 or 256 (one, two or four math
      warpgroups; 256 with tile M up to 64).
  }];
  let parameters = (ins
    ArrayRefParameter<"int64_t", "tile [M, N, K]; empty if unset">:$tile,
    "int64_t":$stages,
    ArrayRefParameter<"int64_t", "cluster [m, n]; empty if unset">:$cluster,
    "std::optional<::mlir::gemm::Schedule>":$schedule,
    DefaultValuedParameter<"int64_t", "0", "split-K factor; 0 if unset">:$splitK,
    DefaultValuedParameter<"bool", "false", "compute D^T = B A^T">:$swapAB
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// True when every field is set.
    bool isComplete() const {
      return getTile().size() == 3 && getStages() > 0 &&
             getCluster().size() == 2 && getSchedule().has_value();
    }
    /// The split-K factor, 1 when unset.
    int64_t getSplits() const { return getSplitK() > 0 ? getSplitK() : 1; }
  }];
}

#endif // HOPGEMM_GEMM_ATTRS
