# expected_m: tuned dynamic-M kernels (what fp8_gemm_nt runs at M <= 64 and M <= 128) vs peers, correctness, Python GPU tests.
set -u
export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so PYTHONPATH=$PWD/python
nvidia-smi --query-gpu=name,clocks.sm,temperature.gpu --format=csv,noheader
python3 test/gpu/run_suite.py --kernels .device/tuned --gemm-run .device/bin/gemm-run --m 1,37,64,100,128,1000 --repeat 2 > $OUT/suite-tuned.txt 2>$OUT/suite-tuned.err; tail -n 3 $OUT/suite-tuned.txt
HOPGEMM_KERNEL_DIR=$PWD/.device/api2 timeout 200 python3 -m pytest -q test/python/test_gpu_fp8_gemm_nt.py > $OUT/pytest-fp8.txt 2>&1; tail -n 2 $OUT/pytest-fp8.txt
HOPGEMM_KERNEL_DIR=$PWD/.device/bf16 timeout 120 python3 -m pytest -q test/python/test_gpu_bf16.py > $OUT/pytest-bf16.txt 2>&1; tail -n 2 $OUT/pytest-bf16.txt
S=""; for m in 1 16 32 64 128; do for nk in 2112x7168 24576x1536 32768x512 7168x16384 4096x7168 7168x2048; do S="$S,${m}x${nk}"; done; done
timeout 400 python3 benchmarks/bench.py --kernels .device/tuned --peers .device/peers.py --shapes "${S#,},4096x7168x2048,4096x2112x7168" --json $OUT/bench-tuned.json > $OUT/bench-tuned.txt 2>&1; tail -n 36 $OUT/bench-tuned.txt
