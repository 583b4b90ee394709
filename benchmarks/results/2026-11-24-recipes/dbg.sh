cd .device
export PATH=$PATH:/usr/local/cuda/bin
for args in "synccheck san-recipes/rec_bf16 127" "synccheck san-recipes/rec_bf16 128" "synccheck san-suite/fp8_n200_k384 127" "racecheck san-recipes/rec_bf16_c 127" "synccheck san-recipes/rec_block_c 64"; do
  set -- $args
  echo "=== $1 $2 m=$3"
  timeout 100 compute-sanitizer --tool $1 bin/gemm-run $2.ptx --m $3 --check --seed 1 2>&1 | grep -v "^$" | head -30
done
