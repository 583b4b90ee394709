cd .device
R=bin/gemm-run
echo "=== gemm-run --bench --iters 100 --warmup 20 --data normal: stages capped at K blocks (old) vs twice that (new)"
for rep in 1 2; do
  for m in 1 16 32 64 128; do for v in old new; do
    echo "$v $($R st/$v/fp8_m${m}_n32768_k512.ptx --m $m --bench --iters 100 --warmup 20 --data normal 2>&1 | tail -1)"
  done; done
  for v in old new; do echo "$v $($R st/${v}dyn/fp8_n32768_k512.ptx --m 4096 --bench --iters 100 --warmup 20 --data normal 2>&1 | tail -1)"; done
done
echo "=== correctness (new)"
for m in 1 16 32 64 128; do $R st/new/fp8_m${m}_n32768_k512.ptx --m $m --check --repeat 2 2>&1 | tail -1; done
for m in 1 127 4096; do $R st/newdyn/fp8_n32768_k512.ptx --m $m --check --repeat 2 2>&1 | tail -1; done
cd ..
echo "=== bench.py (new kernels, peers in the same process)"
for v in new old; do
timeout 200 python3 benchmarks/bench.py --peers .device/peers.py --decode-kernels .device/st/$v --kernels .device/st/${v}dyn --shapes 1x32768x512,16x32768x512,32x32768x512,64x32768x512,128x32768x512,4096x32768x512 2>&1 | tail -10
done
