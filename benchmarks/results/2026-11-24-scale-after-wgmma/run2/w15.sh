# Session 11, run 2: tuned kernels' suite; final tables (static, dynamic, decode); energy per GEMM of tile N 128 vs 192; ncu source view of the M = 128 decode kernel.
set -u
R=$PWD/.device/bin/gemm-run
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu,power.limit --format=csv,noheader
timeout 100 python3 test/gpu/run_suite.py --kernels .device/t11 --gemm-run $R --m 1,37,100,1000 --repeat 1 --timeout 30 > $OUT/suite-t11.txt 2>&1; echo "suite rc=$?"; tail -n 1 $OUT/suite-t11.txt; grep -i fail $OUT/suite-t11.txt | head -5
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python
timeout 130 python3 benchmarks/bench.py --kernels .device/t11 --decode-kernels .device/st11 --peers .device/peers.py --shapes deepseek --json $OUT/bench-static.json --png $OUT/performance-static.png > $OUT/bench-static.txt 2>&1; echo "bench static rc=$?"
timeout 130 python3 benchmarks/bench.py --kernels .device/t11 --peers .device/peers.py --shapes deepseek --json $OUT/bench.json > $OUT/bench.txt 2>&1; echo "bench rc=$?"
S=""; for m in 1 16 32 64; do for nk in 2112x7168 24576x1536 32768x512 7168x16384 4096x7168 7168x2048; do S="$S,${m}x$nk"; done; done
timeout 130 python3 benchmarks/bench.py --decode-kernels .device/st11 --peers .device/peers.py --shapes ${S#,} --json $OUT/bench-decode.json > $OUT/bench-decode.txt 2>&1; echo "bench decode rc=$?"
for f in bench-static bench bench-decode; do echo "== $f"; grep -E "^ +[0-9]" $OUT/$f.txt | awk '{print $1, $2, $3, $4, $6, $7, $8}'; tail -n 3 $OUT/$f.txt | head -1; done
timeout 100 python3 benchmarks/power.py --kernels .device/pw11 --peers .device/peers.py --shapes 8192x8192x8192,4096x7168x16384,4096x4096x7168 --seconds 3 --rounds 2 > $OUT/power-tn.txt 2>&1; echo "power rc=$?"; cat $OUT/power-tn.txt
timeout 90 ncu --set full --import-source no -k regex:fp8_ -c 1 -o $OUT/dec128 $R .device/st11/fp8_m128_n32768_k512.ptx --m 128 --bench --iters 1 --warmup 1 > $OUT/ncu-run.txt 2>&1; echo "ncu rc=$?"
timeout 60 ncu -i $OUT/dec128.ncu-rep --page source --csv --print-source sass > $OUT/dec128-source.csv 2>&1; echo "ncu source rc=$? $(wc -l < $OUT/dec128-source.csv) lines"
timeout 60 ncu -i $OUT/dec128.ncu-rep --page details > $OUT/dec128-details.txt 2>&1; grep -E "Duration|DRAM Throughput|Memory Throughput|Warp Cycles Per Issued|Stall" $OUT/dec128-details.txt | head -12
head -2 $OUT/dec128-source.csv | cut -c1-600
