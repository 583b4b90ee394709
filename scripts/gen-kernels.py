#!/usr/bin/env python3
"""Compiles a set of GEMM specs to PTX + JSON for the GPU suite and benchmarks.

    scripts/gen-kernels.py --out DIR [--set deepseek|suite|recipes|...] [--gemm-opt PATH]

Each kernel NAME gets DIR/NAME.mlir (the spec), DIR/NAME.ptx and DIR/NAME.json.
The GPU machines have no MLIR: compile here, carry DIR there.
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))  # the checkout's hopgemm package (pure Python)
from hopgemm.gemm import DECODE_M_BOUNDS, recipe_spec  # noqa: E402

# (N, K) of DeepSeek-V3 inference, as in ../shared/bench/peers.py.
DEEPSEEK_NK = [(2112, 7168), (24576, 1536), (32768, 512), (7168, 16384), (4096, 7168), (7168, 2048)]
# The compute-bound shapes: M = 4096 with the DeepSeek (N, K), and 8192^3.
LARGE_SHAPES = [(4096, n, k) for n, k in DEEPSEEK_NK] + [(8192, 8192, 8192)]
# M from past the decode range to past 4096 (3000 ragged), for the large-M tile rule.
M_SWEEP = [256, 512, 768, 1024, 2048, 3000, 6144]

SPEC = """gemm.matmul @{name} {{
  shape = [{m}, {n}, {k}],
  a = #gemm.operand<{a}>,
  b = #gemm.operand<{b}>,{c}
  d = #gemm.operand<{d}, n_major>{config}{extra}
}}
"""
BLOCK_A = "f8E4M3FN, k_major, block_scale = [1, 128] : f32"
BLOCK_B = "f8E4M3FN, k_major, block_scale = [128, 128] : f32"

# Every recipe and type pairing the lowering supports, on ragged shapes
# (N and K not multiples of the tile): (name, a, b, c or None, d, N, K,
# config or None).
E4 = "f8E4M3FN, k_major"
E5 = "f8E5M2, k_major"
RECIPES = [
    ("rec_tensor", E4 + ", tensor_scale : f32", E4 + ", tensor_scale : f32", None, "bf16", 1000, 1040, None),
    ("rec_row", E4 + ", row_scale : f32", E4 + ", row_scale : f32", None, "bf16", 2112, 7168, None),
    ("rec_row_tensor_e5m2", E5 + ", row_scale : f32", E4 + ", tensor_scale : f32", None, "f32", 576, 1536, None),
    ("rec_tensor_row_f16out", E4 + ", tensor_scale : f32", E5 + ", row_scale : f32", None, "f16", 200, 272, None),
    ("rec_fp8_unscaled", E4, E5, None, "f32", 1000, 528, None),
    ("rec_tensor_tm256", E4 + ", tensor_scale : f32", E4 + ", tensor_scale : f32", None, "bf16", 4096, 2048, "tile = [256, 128, 128]"),
    ("rec_wgrad", E4 + ", block_scale = [1, 128] : f32", E4 + ", block_scale = [1, 128] : f32", None, "f32", 1000, 1040, None),
    ("rec_wgrad_c", E4 + ", block_scale = [1, 128] : f32", E4 + ", block_scale = [1, 128] : f32", "f32", "f32", 7168, 2048, None),
    ("rec_block_e5m2", E5 + ", block_scale = [1, 128] : f32", BLOCK_B, None, "bf16", 7168, 2048, None),
    ("rec_block_c", BLOCK_A, BLOCK_B, "bf16", "bf16", 2112, 7168, None),
    ("rec_block_f32", BLOCK_A, BLOCK_B, None, "f32", 576, 1296, "tile = [64, 64, 128]"),
    ("rec_bf16", "bf16, k_major", "bf16, k_major", None, "bf16", 4096, 4096, None),
    ("rec_bf16_c", "bf16, k_major", "bf16, k_major", "f32", "f32", 200, 1000, None),
    ("rec_f16", "f16, k_major", "f16, k_major", None, "f16", 1000, 520, None),
    ("rec_f16_tm64", "f16, k_major", "f16, k_major", None, "f32", 7168, 2048, "tile = [64, 64, 64]"),
    ("rec_bf16_tm256", "bf16, k_major", "bf16, k_major", "bf16", "bf16", 2112, 7168, "tile = [256, 128, 64]"),
    # MN-major 16-bit operands (A (K, M), B (K, N) in memory), each alone and both.
    ("rec_bf16_mk", "bf16, m_major", "bf16, k_major", None, "bf16", 1000, 1040, None),
    ("rec_bf16_kn_c", "bf16, k_major", "bf16, n_major", "f32", "f32", 200, 1000, None),
    ("rec_f16_mn_tm64", "f16, m_major", "f16, n_major", None, "f16", 520, 520, "tile = [64, 64, 64]"),
    ("rec_bf16_mn_tm256", "bf16, m_major", "bf16, n_major", "bf16", "bf16", 2112, 7168, "tile = [256, 128, 64]"),
    ("rec_bf16_mn", "bf16, m_major", "bf16, n_major", None, "bf16", 4096, 4096, None),
    # UE8M0 block scales stored as bytes: with 128x128 B scales, and 1x128 on both with C.
    ("rec_ue8m0", E4 + ", block_scale = [1, 128] : f8E8M0FNU", E4 + ", block_scale = [128, 128] : f8E8M0FNU",
     None, "bf16", 2112, 7168, None),
    ("rec_ue8m0_wgrad_c", E4 + ", block_scale = [1, 128] : f8E8M0FNU", E5 + ", block_scale = [1, 128] : f8E8M0FNU",
     "f32", "f32", 1000, 1040, None),
    # Split-K: the promoted and the accumulating main loop, one and two math warpgroups.
    ("rec_block_split7", BLOCK_A, BLOCK_B, None, "bf16", 2112, 7168, "tile = [64, 128, 128], split_k = 7"),
    ("rec_tensor_split4", E4 + ", tensor_scale : f32", E4 + ", row_scale : f32", None, "f32", 1000, 2048, "split_k = 4"),
    ("rec_bf16_split2", "bf16, k_major", "bf16, k_major", None, "bf16", 576, 4096, "tile = [128, 64, 64], split_k = 2"),
    # N below one tile and not a multiple of the output's swizzle span: the
    # tile is N (104, 40, 24), whose rows the TMA store must
    # cover whole (it stored the first 64 (32) columns only before).
    ("rec_block_n104", BLOCK_A, BLOCK_B, None, "bf16", 104, 1040, None),
    ("rec_bf16_n40_f32", "bf16, k_major", "bf16, k_major", None, "f32", 40, 272, None),
    ("rec_tensor_n24_c", E4 + ", tensor_scale : f32", E4 + ", tensor_scale : f32", "bf16", "bf16", 24, 528, None),
    # Tile N not dividing 128 with 128x128 B scales: tiles straddle two
    # scale blocks at varying columns (192: 64 or 128; 160: 32..128; 112,
    # 144: every 16), with C, f32 out, UE8M0 bytes, split-K, tile M 64.
    ("rec_block_tn192", BLOCK_A, BLOCK_B, None, "bf16", 1000, 1040, "tile = [128, 192, 128]"),
    ("rec_block_c_tn160", BLOCK_A, BLOCK_B, "bf16", "bf16", 2112, 1040, "tile = [128, 160, 128]"),
    ("rec_block_f32_tn112_tm64", BLOCK_A, BLOCK_B, None, "f32", 1000, 528, "tile = [64, 112, 128]"),
    ("rec_ue8m0_tn144", E4 + ", block_scale = [1, 128] : f8E8M0FNU", E4 + ", block_scale = [128, 128] : f8E8M0FNU",
     None, "bf16", 2112, 1296, "tile = [128, 144, 128]"),
    ("rec_block_tn192_split2", BLOCK_A, BLOCK_B, None, "bf16", 1000, 2048, "tile = [128, 192, 128], split_k = 2"),
    # 1x128 scales on both operands past 128 columns: the column scales
    # read in the promotion, the math warpgroups taking turns.
    ("rec_wgrad_c_tn192", E4 + ", block_scale = [1, 128] : f32", E4 + ", block_scale = [1, 128] : f32", "f32", "f32",
     1000, 1040, "tile = [128, 192, 128]"),
    # swap_ab (D^T = B A^T, tile M on wgmma's N): the DeepSeek recipe at the
    # decode tiles, one and two math warpgroups, split-K, C, f32 out, 1x128
    # on both, UE8M0 bytes, epilogue scales, e5m2 and bf16.
    ("swap_block_tm8", BLOCK_A, BLOCK_B, None, "bf16", 2112, 7168, "tile = [8, 128, 128], swap_ab = true"),
    ("swap_block_tm32_tn64", BLOCK_A, BLOCK_B, None, "bf16", 1000, 1040, "tile = [32, 64, 128], swap_ab = true"),
    ("swap_block_tm64_split4", BLOCK_A, BLOCK_B, None, "bf16", 4096, 7168, "tile = [64, 128, 128], split_k = 4, swap_ab = true"),
    ("swap_block_c_f32", BLOCK_A, BLOCK_B, "f32", "f32", 576, 1296, "tile = [16, 128, 128], swap_ab = true"),
    ("swap_wgrad_c", E4 + ", block_scale = [1, 128] : f32", E5 + ", block_scale = [1, 128] : f32", "bf16", "bf16", 200, 1040, "tile = [24, 64, 128], swap_ab = true"),
    ("swap_ue8m0", E4 + ", block_scale = [1, 128] : f8E8M0FNU", E4 + ", block_scale = [128, 128] : f8E8M0FNU", None, "bf16", 2112, 7168, "tile = [16, 128, 128], swap_ab = true"),
    ("swap_row", E5 + ", row_scale : f32", E4 + ", row_scale : f32", None, "f16", 1000, 528, "tile = [40, 128, 128], swap_ab = true"),
    ("swap_bf16_split2", "bf16, k_major", "bf16, k_major", None, "bf16", 576, 4096, "tile = [32, 64, 64], split_k = 2, swap_ab = true"),
    ("swap_bf16_c", "bf16, k_major", "bf16, k_major", "f32", "f32", 200, 1000, "tile = [128, 128, 64], swap_ab = true"),
    # Four math warpgroups (tile N 256): two B scale blocks a tile, N ragged.
    ("swap_block_tn256", BLOCK_A, BLOCK_B, None, "bf16", 1000, 1040, "tile = [64, 256, 128], swap_ab = true"),
    ("swap_block_tn256_split2", BLOCK_A, BLOCK_B, None, "bf16", 2112, 1024, "tile = [16, 256, 128], split_k = 2, swap_ab = true"),
    ("swap_wgrad_c_tn256", E4 + ", block_scale = [1, 128] : f32", E4 + ", block_scale = [1, 128] : f32", "f32", "f32", 700, 1296, "tile = [32, 256, 128], swap_ab = true"),
    ("swap_ue8m0_tn256", E4 + ", block_scale = [1, 128] : f8E8M0FNU", E4 + ", block_scale = [128, 128] : f8E8M0FNU", None, "bf16", 32768, 512, "tile = [16, 256, 128], swap_ab = true"),
    ("swap_bf16_tn256", "bf16, k_major", "bf16, k_major", None, "bf16", 328, 1000, "tile = [8, 256, 64], swap_ab = true"),
]


# Tiles the config heuristic chooses among, timed by the sweep set.
SWEEP_TILES = [(128, 128), (128, 64), (64, 128), (64, 64), (64, 32), (64, 16)]


# The recipes benchmarks/bench_recipes.py times against cuBLAS(Lt).
BENCH_RECIPES = {
    "tensor": (E4 + ", tensor_scale : f32", E4 + ", tensor_scale : f32"),
    "row": (E4 + ", row_scale : f32", E4 + ", row_scale : f32"),
    "bf16": ("bf16, k_major", "bf16, k_major"),
    "bf16_nn": ("bf16, k_major", "bf16, n_major"),
    "bf16_tn": ("bf16, m_major", "bf16, n_major"),
    "bf16_tt": ("bf16, m_major", "bf16, k_major"),
}


C2 = "cluster = [2, 1], schedule = persistent"
N2 = "cluster = [1, 2], schedule = persistent"


SK = "schedule = stream_k"
# schedule = stream_k (dynamic M) for the GPU suite: the large tiles over
# the K blocks of their loops' unrolls (256 x 128: four an iteration, 128 x
# 192: two; 128 x 128 and 64 x 128 overlapped: four), K blocks the unroll
# does not divide (nine: shares of single blocks), few K blocks, ragged N
# and K, and the loop without block scales.
STREAM_K_CHECK = [
    ("skc_t256_n2112_k7168", BLOCK_A, BLOCK_B, None, "bf16", 2112, 7168, "tile = [256, 128, 128], " + SK),
    ("skc_t256_n200_k1152", BLOCK_A, BLOCK_B, None, "bf16", 200, 1152, "tile = [256, 128, 128], " + SK),
    ("skc_t256_n7168_k2048", BLOCK_A, BLOCK_B, None, "bf16", 7168, 2048, "tile = [256, 128, 128], " + SK),
    ("skc_tn192_n1000_k1040", BLOCK_A, BLOCK_B, None, "bf16", 1000, 1040, "tile = [128, 192, 128], " + SK),
    ("skc_tn192_n2112_k7168", BLOCK_A, BLOCK_B, None, "bf16", 2112, 7168, "tile = [128, 192, 128], " + SK),
    ("skc_t128_n4096_k1536", BLOCK_A, BLOCK_B, None, "bf16", 4096, 1536, "tile = [128, 128, 128], " + SK),
    ("skc_t128_n576_k384", BLOCK_A, BLOCK_B, None, "f32", 576, 384, "tile = [128, 128, 128], " + SK),
    ("skc_tm64_n2112_k512", BLOCK_A, BLOCK_B, None, "bf16", 2112, 512, "tile = [64, 128, 128], " + SK),
    ("skc_bf16_n1000_k1040", "bf16, k_major", "bf16, k_major", None, "bf16", 1000, 1040, SK),
    ("skc_tensor_t256_n4096_k2048", E4 + ", tensor_scale : f32", E4 + ", tensor_scale : f32", None, "bf16",
     4096, 2048, "tile = [256, 128, 128], " + SK),
    # 1x128 scales on both operands (B's read from the stage as the
    # promotion goes) and UE8M0 scales.
    ("skc_wgrad_n1000_k1040", E4 + ", block_scale = [1, 128] : f32", E4 + ", block_scale = [1, 128] : f32",
     None, "f32", 1000, 1040, SK),
    ("skc_wgrad_t256_n7168_k2048", E4 + ", block_scale = [1, 128] : f32", E4 + ", block_scale = [1, 128] : f32",
     None, "f32", 7168, 2048, "tile = [256, 128, 128], " + SK),
    ("skc_ue8m0_t256_n2112_k7168", E4 + ", block_scale = [1, 128] : f8E8M0FNU",
     E4 + ", block_scale = [128, 128] : f8E8M0FNU", None, "bf16", 2112, 7168, "tile = [256, 128, 128], " + SK),
]


def cluster_kernels(tag, cfg, tile_m, extra):
    """2-CTA clusters (`cfg`, C2 or N2) on every benchmark (N, K) and ragged
    N and K with tile [tile_m, 128], the `extra` (name infix, N, K, tile M[,
    tile N]) tiles, and the other tiles, main loops and layouts
    (accumulating, per-column B scales with C, N-major B)."""
    def fp8(infix, n, k, tm, tn=128):
        return (f"fp8_{tag}_{infix}n{n}_k{k}", BLOCK_A, BLOCK_B, None, "bf16", n, k,
                f"tile = [{tm}, {tn}, 128], " + cfg)
    main = "" if tile_m == 128 else f"tm{tile_m}_"
    return ([fp8(main, n, k, tile_m) for n, k in DEEPSEEK_NK + [(8192, 8192), (576, 7168), (200, 384)]]
            + [fp8(*e) for e in extra]
            + [fp8("tn192_", 1000, 1040, 128, 192), fp8("tm64_", 1000, 1040, 64),
               (f"rec_{tag}_tensor", E4 + ", tensor_scale : f32", E4 + ", tensor_scale : f32", None, "bf16",
                1000, 1040, cfg),
               (f"rec_{tag}_wgrad_c", E4 + ", block_scale = [1, 128] : f32", E4 + ", block_scale = [1, 128] : f32",
                "f32", "f32", 1000, 1040, cfg),
               (f"rec_{tag}_bf16_mn", "bf16, m_major", "bf16, n_major", None, "bf16", 1000, 1040, cfg),
               (f"rec_{tag}_bf16_c", "bf16, k_major", "bf16, k_major", "bf16", "bf16", 200, 1000, cfg)])


# Clusters along M share B's tile (TMA multicast); clusters along N share
# A's, with the 256 x 128 tile (DeepGEMM's multicast at M = 4096), where
# N = 2112 and 576 have an odd number of tiles (the last cluster's second
# tile lies past N).
CLUSTER = (cluster_kernels("c2", C2, 128, [("tm256_", 2112, 7168, 256), ("tn64_", 4096, 1536, 128, 64)])
           + cluster_kernels("n2", N2, 256, [("", 576, 7168, 128)]))


def spec_name(text):
    """The symbol of the first gemm.matmul in spec text."""
    return re.search(r"gemm\.matmul @(\w+)", text).group(1)


def swap_tile_m(m):
    """A swap_ab tile's M for m rows: m rounded up to 8 (the wgmma's N steps)."""
    return -(-m // 8) * 8


def kernel_set(which):
    """(name, N, K, config or None[, static M]), or RECIPES' tuples."""
    if which == "recipes":
        return RECIPES
    if which == "cluster":
        return CLUSTER
    if which == "stream-k-check":
        return STREAM_K_CHECK
    if which == "stream-k":
        # The large shapes (static M): the heuristic's kernel (persistent),
        # the same tile and stages with schedule = stream_k, and stream_k
        # with 256 x 128 tiles wherever (its last round no longer idles).
        variants = [("pers", None), ("sk", SK), ("skt256", "tile = [256, 128, 128], " + SK)]
        return [(f"sk_{v}_m{m}_n{n}_k{k}", n, k, cfg, m)
                for m, n, k in LARGE_SHAPES for v, cfg in variants]
    if which == "stream-k-mid":
        # M between decode and the large shapes (static): the heuristic's
        # kernel against 256 x 128 with stream_k, which fills the SMs where
        # the heuristic's tiles make a round or two (items 48-49, 63).
        variants = [("pers", None), ("skt256", "tile = [256, 128, 128], " + SK)]
        return [(f"skm_{v}_m{m}_n{n}_k{k}", n, k, cfg, m)
                for m in (256, 512, 1024, 2048) for n, k in DEEPSEEK_NK for v, cfg in variants]
    if which == "recipe-bench":
        return [(f"{r}_n{n}_k{k}", a, b, None, "bf16", n, k, None)
                for r, (a, b) in BENCH_RECIPES.items() for n, k in DEEPSEEK_NK]
    if which == "grouped":
        # Mixture-of-experts layouts (dynamic M): the benchmark shapes
        # and a small ragged one.
        kernels = [(f"grouped_{g}_n{n}_k{k}", BLOCK_A, BLOCK_B, None, "bf16", n, k, None, g)
                   for g, n, k in (("m_contiguous", 4096, 7168), ("m_masked", 4096, 7168),
                                   ("m_masked", 7168, 2048), ("m_contiguous", 200, 384),
                                   ("m_masked", 200, 384))]
        # Tiles straddling two B scale blocks inside each group's N.
        kernels += [(f"grouped_{g}_tn{tn}_n{n}_k{k}", BLOCK_A, BLOCK_B, None, "bf16", n, k,
                     f"tile = [128, {tn}, 128]", g)
                    for g, tn, n, k in (("m_contiguous", 192, 1000, 1040), ("m_masked", 160, 2112, 1296))]
        # K-grouped (weight gradients; K = the groups' tokens, at launch): the
        # MoE weights' (M, N) with and without accumulating into C, ragged N,
        # a 64-row tile (M not a multiple of 128) and e5m2.
        wgrad = E4 + ", block_scale = [1, 128] : f32"
        for name, a, c, m, n in (("kg_c_m4096_n7168", wgrad, "f32", 4096, 7168),
                                 ("kg_m4096_n7168", wgrad, None, 4096, 7168),
                                 ("kg_c_m7168_n2048", wgrad, "f32", 7168, 2048),
                                 ("kg_m7168_n2048", wgrad, None, 7168, 2048),
                                 ("kg_c_m256_n200", wgrad, "f32", 256, 200),
                                 ("kg_m192_n200", wgrad, None, 192, 200),
                                 ("kg_e5m2_m128_n136", E5 + ", block_scale = [1, 128] : f32", "f32", 128, 136)):
            kernels.append((name, a, wgrad, c, "f32", n, "?", None, "k_contiguous", m))
        return kernels
    if which == "split-sweep":
        # Static-M decode kernels over tiles and split-K factors, to fit the
        # split-K cost model (S divides the K blocks, >= 4 blocks a split).
        kernels = []
        for m, tiles in ((16, [(64, 32), (64, 64), (64, 128)]), (128, [(64, 64), (128, 64), (128, 128)])):
            for n, k in DEEPSEEK_NK:
                blocks = k // 128
                splits = [s for s in (1, 2, 3, 4, 7, 8, 14, 16) if blocks % s == 0 and blocks // s >= 4]
                kernels += [(f"sk_m{m}_n{n}_k{k}_tm{tm}_tn{tn}_s{sk}", n, k,
                             f"tile = [{tm}, {tn}, 128], split_k = {sk}", m)
                            for tm, tn in tiles for sk in splits]
        return kernels
    if which == "decode-small":
        # Decode batches below one wgmma's 64 rows.
        return [(f"fp8_m{m}_n{n}_k{k}", n, k, None, m) for m in (1, 16, 32, 64) for n, k in DEEPSEEK_NK]
    if which == "tuned":
        # What fp8_gemm_nt runs (the general dynamic-M kernel, the ones tuned
        # for its decode bounds, and the 192-, 64- and 96-column and 256-row
        # ones that the config heuristic takes at some large M): (N, K,
        # expected_m, tile M, tile N) for the package's recipe_spec, which
        # names and configures them.
        return [(n, k, e, None, None) for n, k in DEEPSEEK_NK for e in (None,) + DECODE_M_BOUNDS] + \
               [(n, k, None, None, tn) for tn in (192, 64, 96) for n, k in DEEPSEEK_NK] + \
               [(n, k, None, 256, None) for n, k in DEEPSEEK_NK]
    if which == "decode":
        # Static M = 128: the heuristic picks the tile that fills the SMs.
        return [(f"fp8_m128_n{n}_k{k}", n, k, None, 128) for n, k in DEEPSEEK_NK]
    if which == "static":
        # Every benchmark shape with a static M, as a JIT would compile it.
        return [(f"fp8_m{m}_n{n}_k{k}", n, k, None, m)
                for m in (128, 4096) for n, k in DEEPSEEK_NK] + [("fp8_m8192_n8192_k8192", 8192, 8192, None, 8192)]
    if which == "swap-sweep":
        # Static-M decode kernels: the heuristic's pick against swap_ab tiles
        # [M rounded up to 8, 64 or 128] with and without split-K.
        kernels = []
        for m in (1, 16, 32, 64):
            tm = swap_tile_m(m)
            for n, k in DEEPSEEK_NK:
                kernels.append((f"sws_m{m}_n{n}_k{k}_base", n, k, None, m))
                blocks = k // 128
                splits = [s for s in (1, 2, 4, 7) if blocks % s == 0 and blocks // s >= 4]
                kernels += [(f"sws_m{m}_n{n}_k{k}_tn{tn}_s{sk}", n, k,
                             f"tile = [{tm}, {tn}, 128], split_k = {sk}, swap_ab = true", m)
                            for tn in (64, 128) for sk in splits]
        return kernels
    if which == "swap-wide":
        # Static-M decode kernels: the heuristic's pick against swap_ab tiles
        # of 64, 128 and 256 weight rows (one, two and four math warpgroups).
        return [(f"swl_m{m}_n{n}_k{k}_" + (f"tn{tn}" if tn else "base"), n, k,
                 f"tile = [{swap_tile_m(m)}, {tn}, 128], swap_ab = true" if tn else None, m)
                for m in (1, 16, 32, 64) for n, k in DEEPSEEK_NK for tn in (None, 64, 128, 256)]
    if which == "deep-stages":
        # Static-M decode kernels: the heuristic's pick against swap_ab
        # [M rounded up to 8, 64] tiles with more stages in flight.
        return [(f"dst_m{m}_n{n}_k{k}_" + (f"s{st}" if st else "base"), n, k,
                 f"tile = [{swap_tile_m(m)}, 64, 128], stages = {st}, swap_ab = true" if st else None, m)
                for m in (1, 16, 32, 64) for n, k in DEEPSEEK_NK
                for st in (None, 8, 12) + ((16,) if m <= 32 else ()) + ((20,) if m <= 16 else ())]
    if which == "large-tiles":
        # The large shapes with the default 128 x 128 tile, 256 x 128 tiles,
        # and 256 x 128 tiles in 2-CTA clusters sharing B or A (multicast).
        variants = [("t128", "tile = [128, 128, 128]"), ("t256", "tile = [256, 128, 128]"),
                    ("t256c2", "tile = [256, 128, 128], " + C2), ("t256n2", "tile = [256, 128, 128], " + N2)]
        return [(f"lt_{v}_m{m}_n{n}_k{k}", n, k, cfg, m)
                for m, n, k in LARGE_SHAPES for v, cfg in variants]
    if which == "m-sweep":
        # The large-M tiles of the heuristic (hopgemm::largeMTile: 128 x
        # 128, 256 x 128, 128 x 192, and 128 x 64 and 128 x 96 where 128 x
        # 128 does not fill one round of the SMs) at M between the decode
        # range and 4096 and past it, to fit its round costs
        # (docs/performance.md items 48-49); and 128 x 112, not in the rule
        # (N = 7168 in 64 tiles, where 128 makes 56).
        variants = [("t128", "tile = [128, 128, 128]"), ("t256", "tile = [256, 128, 128]"),
                    ("tn192", "tile = [128, 192, 128]"), ("tn64", "tile = [128, 64, 128]"),
                    ("tn96", "tile = [128, 96, 128]"), ("tn112", "tile = [128, 112, 128]")]
        return [(f"ms_{v}_m{m}_n{n}_k{k}", n, k, cfg, m)
                for m in M_SWEEP for n, k in DEEPSEEK_NK for v, cfg in variants]
    if which == "wide-n":
        # Tile N past 128 (fewer operand bytes per FLOP, no promotion
        # overlap) and 112 against 128, on the large shapes (128 given: the
        # heuristic itself picks 192 for some).
        variants = [(f"t{tn}" if tn == 128 else f"tn{tn}", f"tile = [128, {tn}, 128]")
                    for tn in (128, 112, 144, 160, 192)]
        return [(f"wn_{v}_m{m}_n{n}_k{k}", n, k, cfg, m)
                for m, n, k in LARGE_SHAPES for v, cfg in variants]
    if which == "sweep":
        return [(f"sweep_tm{tm}_tn{tn}_n{n}_k{k}", n, k, f"tile = [{tm}, {tn}, 128], schedule = persistent")
                for n, k in DEEPSEEK_NK for tm, tn in SWEEP_TILES]
    kernels = [(f"fp8_n{n}_k{k}", n, k, None) for n, k in DEEPSEEK_NK]
    if which == "deepseek":
        return kernels
    # Ragged N (not a multiple of the tile), small K, and the other tiles.
    kernels += [
        ("fp8_n576_k7168", 576, 7168, None),
        ("fp8_n200_k384", 200, 384, None),
        ("fp8_n8192_k8192", 8192, 8192, None),
        ("fp8_tm64_n2112_k7168", 2112, 7168, "tile = [64, 128, 128]"),
        ("fp8_tn64_n4096_k1536", 4096, 1536, "tile = [128, 64, 128], stages = 6"),
        ("fp8_s2_n1000_k1280", 1000, 1280, "tile = [128, 128, 128], stages = 2"),
    ]
    # The persistent schedule on every DeepSeek shape, for the suite and for
    # timing against the data-parallel grid.
    kernels += [(f"fp8_persistent_n{n}_k{k}", n, k, "schedule = persistent") for n, k in DEEPSEEK_NK]
    return kernels


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--set", default="suite", choices=["deepseek", "decode", "decode-small", "tuned", "split-sweep", "grouped", "static", "suite", "sweep", "swap-sweep", "swap-wide", "deep-stages", "large-tiles", "m-sweep", "wide-n", "recipes", "recipe-bench", "cluster", "stream-k", "stream-k-check", "stream-k-mid"])
    p.add_argument("--gemm-opt", default=os.path.join(ROOT, "build", "bin", "gemm-opt"))
    p.add_argument("--small", action="store_true",
                   help="shrink N and K to at most 200 and 384 (keeping every config), for compute-sanitizer runs")
    p.add_argument("--probe-unroll", type=int, default=0,
                   help="K blocks an iteration of the non-overlapped promotion loop (the pipeline's probe-unroll; "
                        "0, the default: the lowering's choice)")
    p.add_argument("--stream-k-min-blocks", type=int, default=0,
                   help="schedule = stream_k: the fewest K blocks a CTA's share has (the pipeline's "
                        "stream-k-min-blocks; 0, the default: the pipeline's default)")
    args = p.parse_args()
    options = [f"probe-unroll={args.probe_unroll}"] if args.probe_unroll else []
    options += [f"stream-k-min-blocks={args.stream_k_min_blocks}"] if args.stream_k_min_blocks else []
    pipeline = "--gemm-to-ptx" + ("=" + " ".join(options) if options else "")
    os.makedirs(args.out, exist_ok=True)
    for kernel in kernel_set(args.set):
        grouping = expected_m = None
        if args.set == "grouped":
            name, a, b, c, d, n, k, config, grouping, *static_m = kernel
            m = static_m[0] if static_m else "?"
        elif args.set in ("recipes", "recipe-bench", "cluster", "stream-k-check"):
            name, a, b, c, d, n, k, config = kernel
            m = "?"
        elif args.set == "tuned":
            n, k, expected_m, tile_m, tile_n = kernel
            tuned = dict(tile_m=tile_m, expected_m=expected_m, tile_n=tile_n)
            name, config = spec_name(recipe_spec(n, k, **tuned)), None
        else:
            name, n, k, config, *static_m = kernel
            a, b, c, d = BLOCK_A, BLOCK_B, None, "bf16"
            m = static_m[0] if static_m else "?"
        if args.small:
            # Two K blocks a split keep a configured split_k valid.
            splits = re.search(r"split_k = (\d+)", config or "")
            n = min(n, 200)
            if k != "?":
                k = min(k, 256 * int(splits.group(1)) if splits else 384)
            if grouping == "k_contiguous":
                m = min(m, 256)
        if args.set == "tuned":  # under the full-size name, also with --small
            text = re.sub(r"@\w+", "@" + name, recipe_spec(n, k, **tuned), count=1)
        else:
            cfg = f",\n  config = #gemm.config<{config}>" if config else ""
            c_field = f"\n  c = #gemm.operand<{c}, n_major>," if c else ""
            extra = f",\n  grouping = {grouping}" if grouping else ""
            extra += f",\n  expected_m = {expected_m}" if expected_m else ""
            text = SPEC.format(name=name, m=m, n=n, k=k, a=a, b=b, c=c_field, d=d, config=cfg, extra=extra)
        spec = os.path.join(args.out, name + ".mlir")
        with open(spec, "w") as f:
            f.write(text)
        r = subprocess.run([args.gemm_opt, spec, pipeline, "-o", os.path.join(args.out, name + ".ptx")])
        if r.returncode != 0:
            sys.exit(f"gen-kernels: compiling {spec} failed")
        print(f"compiled {name}")


if __name__ == "__main__":
    main()
