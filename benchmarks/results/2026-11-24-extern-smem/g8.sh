# Session 6, call 8: scalar accumulators in the promoted loop (same PTX but register numbering): correctness, synccheck, speed t5 vs t6.
export PATH=$PATH:/usr/local/cuda/bin
G=.device/bin/gemm-run
timeout 200 python3 test/gpu/run_suite.py --kernels .device/t6 --gemm-run $G --m 1,127,1000,4096 --repeat 2 --timeout 60 > $OUT/suite-t6.txt 2>&1; echo "suite t6 rc=$?"; tail -n 1 $OUT/suite-t6.txt
timeout 200 python3 test/gpu/run_suite.py --kernels .device/san2 --gemm-run $G --m 127 --repeat 1 --sanitize --sanitize-tools synccheck --timeout 60 > $OUT/synccheck-san2.txt 2>&1; echo "synccheck san2 rc=$?"; tail -n 1 $OUT/synccheck-san2.txt
for r in 1 2; do for k in fp8_gemm_nt_n2112_k7168 fp8_gemm_nt_n24576_k1536 fp8_gemm_nt_n32768_k512 fp8_gemm_nt_n7168_k16384 fp8_gemm_nt_n4096_k7168 fp8_gemm_nt_n7168_k2048 fp8_n8192_k8192; do
  m=4096; [ $k = fp8_n8192_k8192 ] && m=8192
  for t in t5 t6; do echo "round $r $t $k $($G .device/$t/$k.ptx --m $m --bench --iters 100 --warmup 30 --data normal 2>&1 | grep -o '[0-9.]* TFLOPS')"; done
done; done 2>&1 | tee $OUT/speed-t5-t6.txt
