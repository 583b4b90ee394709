export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
export PYTHONUNBUFFERED=1
( cd .device && python3 run_suite.py --gemm-run bin/gemm-run --kernels recipes --m 1,127,1000,4096 --repeat 3 ) > $OUT/suite-recipes.txt 2>&1; grep -v "^  rec" $OUT/suite-recipes.txt | grep -E "rec_(tensor|row|fp8)|cases|FAIL"
timeout 200 python3 benchmarks/bench_recipes.py --kernels .device/recipe-bench --peers .device/peers.py --recipes tensor,row --json $OUT/recipes.json > $OUT/recipes.txt 2>&1; echo "rc=$?"; cat $OUT/recipes.txt
