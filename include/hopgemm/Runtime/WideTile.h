//===- WideTile.h - the tile of large-M block-scaled GEMMs ------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// The one rule of the config heuristic that a runtime without the compiler
// needs too: for the DeepSeek recipe at M > 128 the heuristic takes
// 192-column tiles where they fill the SMs in enough fewer rounds. Any tile serves a dynamic-M kernel, so the compiler
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
/// round of 128 x 128 ones (FLOPs: 1.5), and must save this share of the
/// time to be picked. Measured 1.65 and 1.67 at 4096 x 2112 x 7168 with the
/// B scales read from shared memory (docs/performance.md, item 44;
/// benchmarks/results/2026-12-07-sb-smem/, w17 and w19), where the rule
/// had taken the 192-column tile by an earlier fit of 1.45
/// (benchmarks/results/2026-11-24-ping-pong/).
inline constexpr double kWideRoundCost = 1.66;
inline constexpr double kWideTileMargin = 0.97;

struct LargeMTile {
  std::int64_t m, n;
};

/// The tile for the DeepSeek recipe (1x128 A and 128x128 B block scales,
/// ungrouped, no C, K known) at `m` > 128 rows and `n` columns on `numSMs`
/// SMs: 128 x 192 where its rounds of the SMs cost less than 128 x 128's
/// by the margin, else 128 x 128 (the caller caps N at N). Per FLOP the
/// 192-column tile is slower (17% fewer operand bytes, but no registers
/// for the promotion overlap), so only the rounding of the tiles onto the
/// SMs can favor it, e.g. 1024 x 2112: 1 round against 2.
///
/// Tile M is 128: the 256 x 128 tile, which the rule took from M = 4096
/// by a round cost of 1.86 (fifteenth session), costs 1.93-2.04 rounds of
/// 128 x 128 (median 2.01, ten shape measurements, w17 and w19) since both
/// read the B scales from shared memory, i.e. the same per FLOP; and with
/// half as many tiles its rounds are never fewer than half. It stays a
/// config a spec may set; `m` is kept for the C API (hopgemm_fp8_tile_m)
/// and the precompiled kernels' lookup, which would follow a rule that
/// picks it again.
inline LargeMTile largeMTile(std::int64_t m, std::int64_t n,
                             std::int64_t numSMs) {
  if (m <= 128 || n <= 128 || numSMs < 1)
    return {128, 128};
  auto ceilDiv = [](std::int64_t x, std::int64_t y) { return (x + y - 1) / y; };
  auto rounds = [&](std::int64_t tn) {
    return double(ceilDiv(ceilDiv(m, 128) * ceilDiv(n, tn), numSMs));
  };
  if (rounds(192) * kWideRoundCost < rounds(128) * kWideTileMargin)
    return {128, 192};
  return {128, 128};
}

} // namespace hopgemm

#endif // HOPGEMM_RUNTIME_WIDETILE_H
