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
// rounds, and 64- or 96-column tiles where 128 x 128 leaves SMs idle.
// Any tile serves a dynamic-M kernel, so the compiler
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
/// A round of 256 x 128 tiles against one of 128 x 128 (FLOPs: 2). Refitted
/// over the 42 shapes M in {256, 512, 768, 1024, 2048, 3000, 6144} x the
/// DeepSeek (N, K), all three tiles timed interleaved: a round took 1.24-1.93
/// times as long, 1.54-1.93 where the 256-row tile had more than one round
/// (median 1.83; 1.75-1.93 from four rounds) (benchmarks/results/
/// 2026-12-07-s18, g1 and g2). With 1.83
/// the rule picks the fastest of the three tiles on all 42 shapes; at M =
/// 4096 and 8192^3 it picks as 1.86 did (fitted there before docs/
/// performance.md items 44 and 46 sped the tile up).
inline constexpr double kTallRoundCost = 1.83;

/// Where 128 x 128 tiles fill less than one round of the SMs, narrower
/// tiles put more SMs to work: a round of 128 x 64 tiles took 0.71-0.74 of
/// a round of 128 x 128, one of 128 x 96 0.84-0.92 (M = 256-768, both one
/// round; g3 of benchmarks/results/2026-12-07-s18). With these costs the
/// rule picks the fastest of the five tiles on the 18 shapes M in {256,
/// 512, 768} x the DeepSeek (N, K), e.g. 256 x 4096 x 7168: 128 x 64 35%
/// faster than 128 x 128. Past one round they were not measured against
/// the others' cost, so not considered there.
inline constexpr double kNarrow64RoundCost = 0.72;
inline constexpr double kNarrow96RoundCost = 0.90;

struct LargeMTile {
  std::int64_t m, n;
};

/// The tile for the DeepSeek recipe (1x128 A and 128x128 B block scales,
/// ungrouped, no C, K known) at `m` > 128 rows and `n` columns on `numSMs`
/// SMs: of 128 x 192 and 256 x 128 (and 128 x 64 and 128 x 96 where 128 x
/// 128 tiles do not fill one round), the one whose rounds of the SMs cost
/// least, where that undercuts 128 x 128's rounds by the margin; else 128
/// x 128 (the caller caps N at N). Per FLOP the
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
  consider({256, 128}, kTallRoundCost);
  if (ceilDiv(m, 128) * ceilDiv(n, 128) < numSMs) {
    consider({128, 64}, kNarrow64RoundCost);
    consider({128, 96}, kNarrow96RoundCost);
  }
  return best;
}

} // namespace hopgemm

#endif // HOPGEMM_RUNTIME_WIDETILE_H
