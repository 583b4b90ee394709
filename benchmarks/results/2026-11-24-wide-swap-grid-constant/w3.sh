# Changing operands per call (descriptor upload vs __grid_constant__), then correctness of every recipe with __grid_constant__ descriptors.
set -u
R=$PWD/.device/bin/gemm-run
HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python timeout 120 python3 .device/ptrs.py 2>&1 | tee $OUT/ptrs.txt
timeout 250 python3 test/gpu/run_suite.py --kernels .device/recn --gemm-run $R --m 1,37,1000 --repeat 1 --timeout 30 > $OUT/suite-recipes.txt 2>&1; echo "suite rc=$?"; grep -c PASS $OUT/suite-recipes.txt; grep -i fail $OUT/suite-recipes.txt | head -20; tail -2 $OUT/suite-recipes.txt
timeout 150 python3 test/gpu/run_suite.py --kernels .device/gcs --gemm-run $R --m 37 --repeat 1 --sanitize --timeout 60 > $OUT/san-gc.txt 2>&1; echo "sanitize rc=$?"; tail -n 2 $OUT/san-gc.txt; grep -i fail $OUT/san-gc.txt | head
