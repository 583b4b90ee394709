//===- WideTile.h - tile N of large-M block-scaled GEMMs --------*- C++ -*-===//
//
// Part of the hopgemm project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE for license information.
//
//===----------------------------------------------------------------------===//
//
// The one rule of the config heuristic that a runtime without the compiler
// needs too: for the DeepSeek recipe at M > 128 the heuristic takes
// 192-column tiles where they fill the SMs in enough fewer rounds. Any tile
// serves a dynamic-M kernel, so the compiler (SelectConfig.cpp, for a known
// M or expected_m) and a runtime choosing among precompiled kernels at
// launch (hopgemm_fp8_tile_n in the C API) must make the same choice: both
// call wideTileN. Header-only and free of LLVM, like the rest of the
// runtime's headers.
//
//===----------------------------------------------------------------------===//

#ifndef HOPGEMM_RUNTIME_WIDETILE_H
#define HOPGEMM_RUNTIME_WIDETILE_H

#include <cstdint>

namespace hopgemm {

/// A round of 192-column tiles (every SM one tile) takes this many times a
/// round of 128-column ones (FLOPs: 1.5; with the two math warpgroups
/// taking turns, measured 1.37-1.52 over the seven large shapes in two
/// interleaved runs, median 1.45: benchmarks/results/2026-11-24-ping-pong/),
/// and must save this share of the time to be picked.
inline constexpr double kWideRoundCost = 1.45;
inline constexpr double kWideTileMargin = 0.97;

/// Tile N for the DeepSeek recipe (1x128 A and 128x128 B block scales,
/// ungrouped, no C, K known) at `m` > 128 rows and `n` columns on `numSMs`
/// SMs: 192 where its tiles take so many fewer rounds of the SMs that
/// kWideRoundCost x its rounds undercut the 128-column tile's by the
/// margin, else 128 (the caller caps that at N). Per FLOP the 192-column
/// tile is no faster (17% fewer operand bytes, but no registers for the
/// promotion overlap), so only the rounding of the tiles onto the SMs can
/// favor it: e.g. 4096 x 2112, 3 rounds against 5.
inline std::int64_t wideTileN(std::int64_t m, std::int64_t n,
                              std::int64_t numSMs) {
  if (m <= 128 || n <= 128 || numSMs < 1)
    return 128;
  auto ceilDiv = [](std::int64_t x, std::int64_t y) { return (x + y - 1) / y; };
  auto rounds = [&](std::int64_t tn) {
    return double(ceilDiv(ceilDiv(m, 128) * ceilDiv(n, tn), numSMs));
  };
  return rounds(192) * kWideRoundCost < rounds(128) * kWideTileMargin ? 192
                                                                      : 128;
}

} // namespace hopgemm

#endif // HOPGEMM_RUNTIME_WIDETILE_H
