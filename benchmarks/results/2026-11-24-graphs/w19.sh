# Session 12: decode step eager vs graph, ours with M-major scales (the relaunch path), two runs.
set -u
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python
for r in 1 2; do
HOPGEMM_KERNEL_DIR=$PWD/.device/t13 timeout 200 python3 benchmarks/decode_graph.py --peers .device/peers.py --json $OUT/decode-graph-$r.json > $OUT/decode-graph-$r.txt 2>&1; echo "decode_graph rc=$?"; cat $OUT/decode-graph-$r.txt
done
