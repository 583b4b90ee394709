# Ping-pong kernels: correctness (suite, two runs), sanitizers on the small ones; tile-N variants interleaved with SM clock and power sampled; the final tables (dynamic-M and static-M kernels).
set -u
R=$PWD/.device/bin/gemm-run
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
timeout 150 python3 test/gpu/run_suite.py --kernels .device/ppk --gemm-run $R --m 1,37,1000,4096 --repeat 2 --timeout 30 > $OUT/suite-ppk.txt 2>&1; echo "suite rc=$?"; tail -n 1 $OUT/suite-ppk.txt; grep -i fail $OUT/suite-ppk.txt | head -5
timeout 150 python3 test/gpu/run_suite.py --kernels .device/ppks --gemm-run $R --m 37 --repeat 1 --sanitize --sanitize-tools memcheck,racecheck,synccheck --timeout 60 > $OUT/san-ppk.txt 2>&1; echo "sanitize rc=$?"; tail -n 1 $OUT/san-ppk.txt; grep -i fail $OUT/san-ppk.txt | head -5
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python
nvidia-smi --query-gpu=timestamp,clocks.sm,power.draw,temperature.gpu --format=csv -lms 250 > $OUT/clocks-wn.csv 2>&1 &
SMI=$!
timeout 200 python3 benchmarks/bench_variants.py --kernels .device/wn10 --peers .device/peers.py --rounds 3 --json $OUT/wn.json > $OUT/wn.txt 2>&1; echo "variants rc=$?"
kill $SMI
grep -E "^[0-9]+ x|wn_" $OUT/wn.txt | sed -E 's/ +rel_err [0-9.e-]+ +PASS//; s/split 1 +//; s/ours\/best-peer/r/' | cut -c1-120
awk -F', ' 'NR>1 {print $2, $3}' $OUT/clocks-wn.csv | sort | uniq -c | sort -rn | head -8
timeout 150 python3 benchmarks/bench.py --kernels .device/t10 --peers .device/peers.py --shapes deepseek --json $OUT/bench.json --png $OUT/performance.png > $OUT/bench.txt 2>&1; echo "bench rc=$?"
timeout 150 python3 benchmarks/bench.py --kernels .device/t10 --decode-kernels .device/st10 --peers .device/peers.py --shapes deepseek --json $OUT/bench-static.json --png $OUT/performance-static.png > $OUT/bench-static.txt 2>&1; echo "bench static rc=$?"
for f in bench bench-static; do grep -E "^ +[0-9]" $OUT/$f.txt | awk '{print $1, $2, $3, $4, $7, $8, $9, $12}'; tail -n 3 $OUT/$f.txt | head -1; done
