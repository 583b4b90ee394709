# Racecheck under load: accumulating-loop kernels and promoted ones, 12
# runs each, 16 sanitizer processes at a time.
cd .device
export PATH=$PATH:/usr/local/cuda/bin
for k in rec_tensor rec_row_tensor_e5m2 rec_bf16 rec_bf16_c rec_block_c rec_block_e5m2; do
  for i in $(seq 1 12); do echo "$k $i"; done
done | xargs -P 16 -L 1 sh -c 'r=$(compute-sanitizer --tool racecheck --error-exitcode 99 bin/gemm-run san-recipes/$0.ptx --m 127 --check 2>&1 | grep -E "PASS|FAIL|error|RACECHECK SUMMARY" | tr "\n" " "); echo "$0 $1: $r"' > $OUT/racecheck-load.txt 2>&1
for k in rec_tensor rec_row_tensor_e5m2 rec_bf16 rec_bf16_c rec_block_c rec_block_e5m2; do echo "$k: $(grep -c "^$k [0-9]*: .*: PASS" $OUT/racecheck-load.txt) of 12 pass"; done
grep -v ": PASS" $OUT/racecheck-load.txt | cut -c1-250 | head
