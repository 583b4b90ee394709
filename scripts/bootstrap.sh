#!/usr/bin/env bash
# Installs what hopgemm needs on Debian 12 (LLVM/MLIR 22, clang, lld, ninja)
# when it is missing, then configures and builds the project into build/.
#
#   scripts/bootstrap.sh            # shared MLIR/LLVM (fast to build)
#   HOPGEMM_LINK_MODE=static scripts/bootstrap.sh   # self-contained tools
#   HOPGEMM_BUILD_DIR=build-fuzz HOPGEMM_CMAKE_ARGS=-DHOPGEMM_FUZZ=ON \
#     scripts/bootstrap.sh gemm-fuzz   # another build dir, options, targets
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake ninja-build python3 python3-venv clang-22 lld-22 llvm-22-dev llvm-22-tools
          libmlir-22-dev mlir-22-tools libzstd-dev libclang-rt-22-dev)
# Static LLVM pulls in libpfm (perf counters of LLVM's exegesis libraries).
[ "${HOPGEMM_LINK_MODE:-shared}" = static ] && packages+=(libpfm4-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

build=${HOPGEMM_BUILD_DIR:-build}
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S . -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld \
    -DHOPGEMM_LINK_MODE="${HOPGEMM_LINK_MODE:-shared}" ${HOPGEMM_CMAKE_ARGS:-}
fi
ninja -C "$build" "$@"
