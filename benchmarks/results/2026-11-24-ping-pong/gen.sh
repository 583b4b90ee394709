set -e
cd /work/main/.device/pp
shapes="4096:2112:7168 4096:24576:1536 4096:32768:512 4096:7168:16384 4096:4096:7168 4096:7168:2048 8192:8192:8192"
variants="t128::128 t192::192 t192pp:pingpong:192 t160pp:pingpong:160 t128pp:nooverlap,pingpong:128 t128no:nooverlap:128"
for s in $shapes; do IFS=: read m n k <<< "$s"
 for v in $variants; do IFS=: read name exp tn <<< "$v"
  f=pp_${name}_m${m}_n${n}_k${k}
  cat > $f.mlir <<EOT
gemm.matmul @$f {
  shape = [$m, $n, $k],
  a = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128] : f32>,
  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [128, 128] : f32>,
  d = #gemm.operand<bf16, n_major>,
  config = #gemm.config<tile = [128, $tn, 128]>
}
EOT
  HOPGEMM_EXP=$exp /work/main/build/bin/gemm-opt $f.mlir --gemm-to-ptx -o $f.ptx &
 done; wait
done
