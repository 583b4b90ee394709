# Session 6, call 2: is it setmaxnreg under the sanitizer? TMA ring with/without setmaxnreg; generated kernels as
# emitted, without setmaxnreg (_none), and with the producer at 120 / math at 192 registers (_p120).
export PATH=$PATH:/usr/local/cuda/bin
(cd .device && nvcc -gencode=arch=compute_90a,code=sm_90a -o tma_ring tma_ring.cu -lcuda 2>&1 | grep -v Warn | head -5)
for rows in 300 4096; do for x in "" maxnreg; do
  echo "plain: $(timeout 30 ./.device/tma_ring $rows 132 $x 2>&1 | tail -n 1)"
  for tool in synccheck racecheck; do
    echo "$tool: $(timeout 150 compute-sanitizer --tool $tool ./.device/tma_ring $rows 132 $x 2>&1 | grep -E "tma_ring|ERROR SUMMARY|RACECHECK SUMMARY|rror" | tr '\n' ' ' | cut -c1-300)"
  done
done; done 2>&1 | tee $OUT/tma_ring.txt
G=.device/bin/gemm-run
for n in t6416 t64128 t128128 sy; do for v in "" _none _p120; do
  k=.device/snr/$n$v.ptx; m=127; [ $n = sy ] && m=300
  echo "$n$v plain: $(timeout 20 $G $k --m $m --check 2>&1 | tail -n 1 | cut -c1-120)"
  for rep in 1 2; do
    s=$(date +%s); out=$(timeout 30 compute-sanitizer --tool synccheck $G $k --m $m --check 2>&1); rc=$?
    echo "$n$v synccheck $rep rc=$rc $(( $(date +%s)-s ))s: $(echo "$out" | grep -E "PASS|FAIL|error|ERROR SUMMARY" | tr '\n' ' ' | cut -c1-200)"
  done
  out=$(timeout 30 compute-sanitizer --tool racecheck $G $k --m $m --check 2>&1); echo "$n$v racecheck rc=$?: $(echo "$out" | grep -E "PASS|FAIL|error|RACECHECK SUMMARY" | tr '\n' ' ' | cut -c1-200)"
done; done 2>&1 | tee $OUT/setmaxnreg.txt
