# Stages 3/4/5: full and loads-only (nomath) kernels, 128x128 tile.
G=.device/bin/gemm-run
b() { timeout 30 $G "$1" --m 4096 --bench --iters 40 2>&1 | tail -n 1 | sed -E "s/.* ([0-9.]+) ms ([0-9.]+) TFLOPS.*/\2/"; }
for nk in n4096_k7168 n7168_k16384; do for s in 3 4 5; do echo "$nk s$s full $(b .device/st/st_${nk}_s$s.ptx) loads-only $(b .device/st/st_${nk}_s${s}_nomath.ptx)"; done; done
