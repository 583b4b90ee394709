export HOPGEMM_LIBRARY=$PWD/.device/lib/libhopgemm_runtime.so HOPGEMM_KERNEL_DIR=$PWD/.device/pykernels
cd .device
bin/gemm-run pykernels/grouped_m_masked_n4096_k7168.ptx --m 1024 --groups 1 --bench --iters 50 --data normal 2>&1 | tail -1
bin/gemm-run pykernels/grouped_m_masked_n7168_k2048.ptx --m 256 --groups 4 --bench --iters 50 --data normal 2>&1 | tail -1
cd ..
python3 .device/masked.py
