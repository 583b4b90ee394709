# Session 6, call 5: memcheck and racecheck over the small sanitizer set (kernels with .extern dynamic shared memory);
# then the earlier "failures under load": 16 racecheck processes at once on rec_bf16_c and rec_row_tensor_e5m2.
export PATH=$PATH:/usr/local/cuda/bin
G=.device/bin/gemm-run
timeout 420 python3 test/gpu/run_suite.py --kernels .device/san --gemm-run $G --m 127 --repeat 1 --sanitize --sanitize-tools memcheck,racecheck --timeout 60 > $OUT/mem-race-sweep.txt 2>&1; echo "sweep rc=$?"; tail -n 3 $OUT/mem-race-sweep.txt
for k in rec_bf16_c rec_row_tensor_e5m2; do
  for i in $(seq 16); do (timeout 150 compute-sanitizer --tool racecheck $G .device/san/$k.ptx --m 127 --check 2>&1 | grep -E "PASS|FAIL|error" | head -1 | sed -E 's/seed=[0-9]+//' > /tmp/rl_${k}_${i}.txt) & done; wait
  echo "$k racecheck x16 at once: $(cat /tmp/rl_${k}_*.txt | sed -E 's/rel_err=[0-9.e-]+//' | sort | uniq -c | tr '\n' ' ')"
  rm -f /tmp/rl_*
done 2>&1 | tee $OUT/racecheck-load.txt
