# Racecheck failure rate: each kernel 8 times at M = 127 under racecheck,
# 8 processes at a time.
cd .device
export PATH=$PATH:/usr/local/cuda/bin
for k in rec_tensor rec_tensor_wait0 rec_row_tensor_e5m2 rec_row_tensor_e5m2_wait0 rec_block_c; do
  for i in 1 2 3 4 5 6 7 8; do echo "$k $i"; done
done | xargs -P 8 -L 1 sh -c 'r=$(compute-sanitizer --tool racecheck --error-exitcode 99 bin/gemm-run rc/$0.ptx --m 127 --check 2>&1 | grep -E "PASS|FAIL|error|RACECHECK SUMMARY" | tr "\n" " "); echo "$0 $1: $r"' > $OUT/racecheck-rate.txt 2>&1
sort $OUT/racecheck-rate.txt | cut -c1-160
for k in rec_tensor rec_tensor_wait0 rec_row_tensor_e5m2 rec_row_tensor_e5m2_wait0 rec_block_c; do echo "$k: $(grep -c "^$k [0-9]*: .*: PASS" $OUT/racecheck-rate.txt) of 8 pass"; done
