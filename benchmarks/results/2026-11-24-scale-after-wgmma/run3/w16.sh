# Session 11, run 3: the last TMA store waited for with .read (item 32): suite + sanitizers; old/new interleaved on every static shape; ncu source view again.
set -u
R=$PWD/.device/bin/gemm-run
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
timeout 120 python3 test/gpu/run_suite.py --kernels .device/su12 --gemm-run $R --m 1,37,1000,4096 --repeat 2 --timeout 30 > $OUT/suite.txt 2>&1; echo "suite rc=$?"; tail -n 1 $OUT/suite.txt; grep -i fail $OUT/suite.txt | head -5
timeout 120 python3 test/gpu/run_suite.py --kernels .device/su12s --gemm-run $R --m 37 --repeat 1 --sanitize --sanitize-tools memcheck,racecheck,synccheck --timeout 60 > $OUT/san.txt 2>&1; echo "sanitize rc=$?"; tail -n 1 $OUT/san.txt; grep -i fail $OUT/san.txt | head -5
timeout 60 python3 test/gpu/run_suite.py --kernels .device/t12 --gemm-run $R --m 1,100,1000 --repeat 1 --timeout 30 > $OUT/suite-t12.txt 2>&1; echo "suite tuned rc=$?"; tail -n 1 $OUT/suite-t12.txt
timeout 60 ncu --set full --import-source no -k regex:fp8_ -c 1 -o $OUT/dec128 $R .device/st12/fp8_m128_n32768_k512.ptx --m 128 --bench --iters 1 --warmup 1 > /dev/null 2>&1; echo "ncu rc=$?"
timeout 60 ncu -i $OUT/dec128.ncu-rep --page source --csv --print-source sass > $OUT/dec128-source-read.csv 2>&1
timeout 60 ncu -i $OUT/dec128.ncu-rep --page details 2>&1 | grep -E "Duration|DRAM Throughput|Warp Cycles Per Issued" | head -4
rm -f $OUT/dec128.ncu-rep
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python
timeout 360 python3 benchmarks/bench_variants.py --kernels .device/ab12 --peers .device/peers.py --rounds 3 --json $OUT/ab.json > $OUT/ab.txt 2>&1; echo "variants rc=$?"
grep -E "^[0-9]+ x|_m[0-9]" $OUT/ab.txt | sed -E 's/ +rel_err [0-9.e-]+ +PASS//; s/split [0-9]+ +//; s/ours\/best-peer/r/; s/ +TFLOPS//; s/swap_ab//' | cut -c1-100
