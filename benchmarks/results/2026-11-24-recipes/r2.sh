cd .device
export PATH=$PATH:/usr/local/cuda/bin
S="python3 run_suite.py --gemm-run bin/gemm-run"
( echo "=== recipes"; time $S --kernels recipes --m 1,127,1000,4096 --repeat 3 ) > $OUT/recipes.txt 2>&1; tail -70 $OUT/recipes.txt | grep -v "^  rec"
( echo "=== suite"; time $S --kernels suite --repeat 3 ) > $OUT/suite.txt 2>&1; grep -v "^  fp8" $OUT/suite.txt | tail -110
( echo "=== sanitize recipes (small)"; time $S --kernels san-recipes --m 127 --repeat 1 --sanitize --sanitize-m 127 ) > $OUT/san-recipes.txt 2>&1; grep -v "^  rec" $OUT/san-recipes.txt | tail -70
