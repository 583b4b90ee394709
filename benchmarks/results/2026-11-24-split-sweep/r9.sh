# The same kernels without a sanitizer, 16 processes at a time, each
# checked 20 times (re-poisoned, canaried, bit-compared).
cd .device
for k in rec_bf16_c rec_tensor rec_bf16; do
  for i in $(seq 1 16); do echo "$k $i"; done
done | xargs -P 16 -L 1 sh -c 'r=$(bin/gemm-run san-recipes/$0.ptx --m 127 --check --repeat 20 2>&1 | tail -n 3 | tr "\n" " "); echo "$0 $1: $r"' > $OUT/plain-load.txt 2>&1
for k in rec_bf16_c rec_tensor rec_bf16; do echo "$k: $(grep -c "^$k [0-9]*: .*: PASS" $OUT/plain-load.txt) of 16 pass (20 runs each)"; done
grep -v ": PASS" $OUT/plain-load.txt | cut -c1-250 | head -5
# And racecheck on rec_bf16_c alone, one process at a time, 6 times.
export PATH=$PATH:/usr/local/cuda/bin
for i in 1 2 3 4 5 6; do compute-sanitizer --tool racecheck bin/gemm-run san-recipes/rec_bf16_c.ptx --m 127 --check 2>&1 | grep -E "PASS|FAIL|error" | head -1; done
