export PATH=$PATH:/usr/local/cuda/bin
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so HOPGEMM_KERNEL_DIR=$PWD/.device/ov
R=$PWD/.device/bin/gemm-run
echo "=== correctness (ov)"
while read k m kk g; do
  out=$($R .device/ov/$k.ptx --m $m --k $kk --groups $g --check --repeat 2 2>&1)
  echo "$k m=$m k=$kk G=$g: $(echo "$out" | grep -E "groups:|PASS|FAIL|error" | tr '\n' ' ' | cut -c1-300)"
done <<'L'
kg_c_m256_n200 256 1280 5
kg_c_m256_n200 256 128 1
kg_c_m256_n200 256 3072 8
kg_m192_n200 192 1024 4
kg_m192_n200 192 2048 3
kg_e5m2_m128_n136 128 1024 4
kg_c_m4096_n7168 4096 2048 4
kg_m4096_n7168 4096 2048 5
kg_c_m7168_n2048 7168 2048 4
kg_m7168_n2048 7168 1536 3
L
for m in 1 127 1000 4096; do for k in rec_wgrad rec_wgrad_c; do echo "$k m=$m: $($R .device/rw/$k.ptx --m $m --check --repeat 2 2>&1 | grep -E "PASS|FAIL|error" | tr '\n' ' ')"; done; done
echo "=== sanitizers (ov, small)"
for tool in memcheck racecheck; do for k in kg_c_m4096_n7168 kg_m192_n200 kg_e5m2_m128_n136; do
  m=$(python3 -c "import json;print(json.load(open('.device/ovs/$k.json'))['shape'][0])")
  echo "$tool $k: $(timeout 120 compute-sanitizer --tool $tool $R .device/ovs/$k.ptx --m $m --k 640 --groups 4 --check 2>&1 | grep -E "PASS|FAIL|ERROR SUMMARY|RACECHECK SUMMARY" | tr '\n' ' ')"
done; done
echo "=== Python"
python3 .device/masked.py
timeout 200 python3 -m pytest -q test/python/test_gpu_grouped.py -k k_grouped -rA 2>&1 | grep -E "PASS|FAIL|passed|failed"
timeout 300 python3 benchmarks/bench_grouped.py --peers .device/peers.py --json $OUT/bench-grouped.json 2>&1 | tail -12
