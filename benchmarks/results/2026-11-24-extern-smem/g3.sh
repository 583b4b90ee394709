# Session 6, call 3: the TMA ring with cluster addresses, the generated epilogue's TMA store, PTX JIT;
# the generated kernels as cubins (ptxas 13.0 on the build machine) instead of driver-JIT PTX.
export PATH=$PATH:/usr/local/cuda/bin
(cd .device && nvcc -gencode=arch=compute_90a,code=sm_90a -o tma_ring tma_ring.cu -lcuda 2>&1 | grep -v Warn | head -5
 nvcc -gencode=arch=compute_90a,code=compute_90a -o tma_ring_jit tma_ring.cu -lcuda 2>&1 | grep -v Warn | head -5)
compute-sanitizer --version | tail -1; nvidia-smi | grep Driver
for bin in tma_ring tma_ring_jit; do for x in "maxnreg cluster" "maxnreg store" "maxnreg cluster store"; do
  echo "$bin plain: $(timeout 30 ./.device/$bin 300 132 $x 2>&1 | tail -n 1)"
  for tool in synccheck racecheck; do
    echo "$bin $tool: $(timeout 100 compute-sanitizer --tool $tool ./.device/$bin 300 132 $x 2>&1 | grep -E "tma_ring|ERROR SUMMARY|RACECHECK SUMMARY|rror" | tr '\n' ' ' | cut -c1-300)"
  done
done; done 2>&1 | tee $OUT/tma_ring.txt
G=.device/bin/gemm-run
for n in t6416 t128128 sy; do
  k=.device/snrc/$n.cubin; m=127; [ $n = sy ] && m=300
  echo "$n.cubin plain: $(timeout 20 $G $k --m $m --check 2>&1 | tail -n 1 | cut -c1-120)"
  for rep in 1 2; do
    out=$(timeout 30 compute-sanitizer --tool synccheck $G $k --m $m --check 2>&1); rc=$?
    echo "$n.cubin synccheck $rep rc=$rc: $(echo "$out" | grep -E "PASS|FAIL|error|ERROR SUMMARY" | tr '\n' ' ' | cut -c1-200)"
  done
done 2>&1 | tee $OUT/cubin.txt
