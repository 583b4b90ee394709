export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so
export PYTHONUNBUFFERED=1
timeout 300 python3 benchmarks/bench.py --kernels .device/suite --decode-kernels .device/static --peers .device/peers.py --shapes deepseek,1x2112x7168,1x24576x1536,1x32768x512,1x7168x16384,1x4096x7168,1x7168x2048,16x2112x7168,16x24576x1536,16x32768x512,16x7168x16384,16x4096x7168,16x7168x2048,32x2112x7168,32x24576x1536,32x32768x512,32x7168x16384,32x4096x7168,32x7168x2048,64x2112x7168,64x24576x1536,64x32768x512,64x7168x16384,64x4096x7168,64x7168x2048 --json $OUT/bench.json --png $OUT/bench.png > $OUT/bench.txt 2>&1; echo "bench rc=$?"; tail -n 42 $OUT/bench.txt
timeout 200 python3 benchmarks/bench_recipes.py --kernels .device/recipe-bench --peers .device/peers.py --json $OUT/recipes.json > $OUT/recipes.txt 2>&1; echo "recipes rc=$?"; tail -n 45 $OUT/recipes.txt
timeout 250 bash .device/san.sh san-recipes
