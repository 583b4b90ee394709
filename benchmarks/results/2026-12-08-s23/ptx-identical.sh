#!/usr/bin/env bash
# Compiles gen-kernels' sets with gemm-opt built at REV (in a temporary worktree) and with this checkout's,
# and says how many kernels' PTX and JSON differ (item 63: the change should leave every kernel that is
# not stream_k as it was).  ptx-identical.sh REV   (e.g. 5fb2ab8, the commit before the stream-K change)
set -euo pipefail
rev=${1:?usage: ptx-identical.sh REV}
root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
tmp=$(mktemp -d); trap 'git worktree remove --force "$tmp/wt" > /dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git worktree add -q --detach "$tmp/wt" "$rev"
cmake -G Ninja -S "$tmp/wt" -B "$tmp/wt/build" -DCMAKE_BUILD_TYPE=Release \
  -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 -DLLVM_USE_LINKER=lld > /dev/null
ninja -C "$tmp/wt/build" gemm-opt > /dev/null
for s in static tuned recipes suite cluster grouped decode-small; do
  python3 scripts/gen-kernels.py --set $s --out "$tmp/old/$s" --gemm-opt "$tmp/wt/build/bin/gemm-opt" > /dev/null
  python3 scripts/gen-kernels.py --set $s --out "$tmp/new/$s" > /dev/null
  n=0; d=0
  for f in "$tmp"/new/$s/*.ptx "$tmp"/new/$s/*.json; do
    n=$((n + 1)); cmp -s "$f" "$tmp/old/$s/$(basename "$f")" || { d=$((d + 1)); echo "  differs: $s/$(basename "$f")"; }
  done
  echo "$s: $((n / 2)) kernels, $d of $n PTX and JSON files differ"
done
