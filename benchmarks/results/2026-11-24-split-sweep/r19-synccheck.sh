export PATH=$PATH:/usr/local/cuda/bin
cd .device
for k in fp8_n200_k384 nomaxnreg; do
  echo "== $k plain: $(bin/gemm-run sync/$k.ptx --m 127 --check 2>&1 | tail -1)"
  echo "== $k synccheck:"; timeout 120 compute-sanitizer --tool synccheck bin/gemm-run sync/$k.ptx --m 127 --check 2>&1 | grep -v "^$" | head -8
done
