export PATH=$PATH:/usr/local/cuda/bin
cd .device
( time python3 split-sweep.py --kernels sweep --gemm-run bin/gemm-run --json $OUT/sweep.json ) > $OUT/sweep.txt 2>&1; cat $OUT/sweep.txt | tail -150
( time python3 run_suite.py --gemm-run bin/gemm-run --kernels recipes --m 1,127,1000,4096 --repeat 3 ) > $OUT/suite-recipes.txt 2>&1; grep -v "^  rec" $OUT/suite-recipes.txt | grep -E "split|cases|FAIL"
cd .. && timeout 200 bash .device/san.sh san-recipes memcheck,racecheck | grep -E "split|cases|FAIL"
