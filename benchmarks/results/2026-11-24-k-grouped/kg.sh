export PATH=$PATH:/usr/local/cuda/bin
cd .device
R=bin/gemm-run
echo "=== K-grouped correctness (gemm-run --check --repeat 2)"
while read k m kk g; do
  out=$($R grouped/$k.ptx --m $m --k $kk --groups $g --check --repeat 2 2>&1)
  echo "$k m=$m k=$kk G=$g: $(echo "$out" | grep -E "groups|PASS|FAIL|error|canary" | tr '\n' ' ' | cut -c1-400)"
done <<'L'
kg_c_m256_n200 256 1280 5
kg_c_m256_n200 256 128 1
kg_c_m256_n200 256 3072 8
kg_c_m256_n200 256 384 3
kg_m192_n200 192 1024 4
kg_m192_n200 192 2048 3
kg_e5m2_m128_n136 128 1024 4
kg_c_m4096_n7168 4096 16384 4
kg_m4096_n7168 4096 8192 8
kg_c_m7168_n2048 7168 16384 4
L
echo "=== M-grouped regression"
while read k m g; do
  out=$($R grouped/$k.ptx --m $m --groups $g --check --repeat 2 2>&1)
  echo "$k m=$m G=$g: $(echo "$out" | grep -E "PASS|FAIL|error" | tr '\n' ' ' | cut -c1-300)"
done <<'L'
grouped_m_contiguous_n200_k384 1024 4
grouped_m_masked_n200_k384 256 4
grouped_m_contiguous_n4096_k7168 8192 4
grouped_m_masked_n7168_k2048 256 4
L
echo "=== suite (run_suite.py, repeat 2)"
python3 run_suite.py --kernels suite --gemm-run $R --repeat 2 2>&1 | tail -6
echo "=== sanitizers on small K-grouped kernels"
for tool in memcheck racecheck; do
  for k in kg_c_m4096_n7168 kg_m192_n200 kg_c_m256_n200 kg_e5m2_m128_n136; do
    m=$(python3 -c "import json;print(json.load(open('grouped-small/$k.json'))['shape'][0])")
    out=$(timeout 120 compute-sanitizer --tool $tool $R grouped-small/$k.ptx --m $m --k 640 --groups 4 --check 2>&1)
    echo "$tool $k m=$m: $(echo "$out" | grep -E "PASS|FAIL|ERROR SUMMARY|RACECHECK SUMMARY|error" | tr '\n' ' ' | cut -c1-300)"
  done
done
echo "=== bench (gemm-run --bench --iters 20, TFLOPS = 2 M N K / t)"
while read k m kk g; do
  $R grouped/$k.ptx --m $m --k $kk --groups $g --bench --iters 20 --data normal 2>&1 | grep -iE "tflops|us" | tail -1 | sed "s/^/$k K=$kk G=$g: /"
done <<'L'
kg_c_m4096_n7168 4096 32768 4
kg_m4096_n7168 4096 32768 4
kg_c_m7168_n2048 7168 32768 4
kg_c_m4096_n7168 4096 32768 8
kg_c_m7168_n2048 7168 32768 8
L
