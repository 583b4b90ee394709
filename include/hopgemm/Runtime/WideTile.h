//===- WideTile.h - the tile of large-M block-scaled GEMMs ------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// The one rule of the config heuristic that a runtime without the compiler
// needs too: for the DeepSeek recipe at M > 128 the heuristic takes
// 192-column or 256-row tiles where they fill the SMs in enough fewer
// rounds. Any tile serves a dynamic-M kernel, so the compiler
// (SelectConfig.cpp, for a known M or expected_m) and a runtime choosing
// among precompiled kernels at launch (hopgemm_fp8_tile_m/_n in the C API)
// must make the same choice: both call largeMTile. Header-only and free of
// LLVM, like the rest of the runtime's headers.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_RUNTIME_WIDETILE_H
#define HOPGEMM_RUNTIME_WIDETILE_H

#include <cstdint>

namespace hopgemm {

/// A round of 192-column tiles (every SM one tile) takes this many times a
/// round of 128 x 128 ones (FLOPs: 1.5; with the two math warpgroups
/// taking turns, measured 1.37-1.52 over the seven large shapes in two
/// interleaved runs, median 1.45: benchmarks/results/2026-11-24-ping-pong/),
/// and must save this share of the time to be picked.
inline constexpr double kWideRoundCost = 1.45;
inline constexpr double kWideTileMargin = 0.97;
/// A round of 256 x 128 tiles against one of 128 x 128 (FLOPs: 2; measured
/// 1.87-1.91 at M = 4096 over N = 24576, 4096 and 7168, 1.80 against the
/// 192-column tile at N = 32768: benchmarks/results/2026-12-07-sb-latency/,
/// w13). 1.86 keeps 4096 x 24576, where it was 5% faster. The same margin.
inline constexpr double kTallRoundCost = 1.86;
/// 256-row tiles were measured at M >= 4096 only.
inline constexpr std::int64_t kTallMinM = 4096;

struct LargeMTile {
  std::int64_t m, n;
};

/// The tile for the DeepSeek recipe (1x128 A and 128x128 B block scales,
/// ungrouped, no C, K known) at `m` > 128 rows and `n` columns on `numSMs`
/// SMs: of 128 x 192 and (from kTallMinM rows) 256 x 128, the one whose
/// rounds of the SMs cost least, where that undercuts 128 x 128's rounds
/// by the margin; else 128 x 128 (the caller caps N at N). Per FLOP the
/// 192-column tile is no faster (17% fewer operand bytes, but no registers
/// for the promotion overlap), so only the rounding of the tiles onto the
/// SMs can favor it, e.g. 4096 x 2112: 3 rounds against 5. The 256-row
/// tile is some 5% faster per FLOP, e.g. 4096 x 7168: 7 rounds against 14.
inline LargeMTile largeMTile(std::int64_t m, std::int64_t n,
                             std::int64_t numSMs) {
  if (m <= 128 || n <= 128 || numSMs < 1)
    return {128, 128};
  auto ceilDiv = [](std::int64_t x, std::int64_t y) { return (x + y - 1) / y; };
  auto rounds = [&](std::int64_t tm, std::int64_t tn) {
    return double(ceilDiv(ceilDiv(m, tm) * ceilDiv(n, tn), numSMs));
  };
  LargeMTile best{128, 128};
  double bestCost = rounds(128, 128) * kWideTileMargin;
  auto consider = [&](LargeMTile tile, double roundCost) {
    double cost = rounds(tile.m, tile.n) * roundCost;
    if (cost < bestCost) {
      best = tile;
      bestCost = cost;
    }
  };
  consider({128, 192}, kWideRoundCost);
  if (m >= kTallMinM)
    consider({256, 128}, kTallRoundCost);
  return best;
}

} // namespace hopgemm

#endif // HOPGEMM_RUNTIME_WIDETILE_H
