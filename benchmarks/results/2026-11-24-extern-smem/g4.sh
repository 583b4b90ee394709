# Session 6, call 4: kernels whose PTX declares the dynamic shared memory .extern (gemm-extern-dynamic-shared-memory)
# under synccheck: the bisect's kernels, then every kernel of the small sanitizer set.
export PATH=$PATH:/usr/local/cuda/bin
G=.device/bin/gemm-run
for n in t6416 t128128 sy; do for m in 64 127 300; do
  out=$(timeout 60 compute-sanitizer --tool synccheck $G .device/fx/$n.ptx --m $m --check 2>&1); rc=$?
  echo "$n m=$m synccheck rc=$rc: $(echo "$out" | grep -E "PASS|FAIL|error|ERROR SUMMARY" | tr '\n' ' ' | cut -c1-200)"
done; done 2>&1 | tee $OUT/fixed.txt
timeout 480 python3 test/gpu/run_suite.py --kernels .device/san --gemm-run $G --m 127 --repeat 1 --sanitize --sanitize-tools synccheck --timeout 60 > $OUT/synccheck-sweep.txt 2>&1; echo "sweep rc=$?"; tail -n 5 $OUT/synccheck-sweep.txt
