# san.sh DIR TOOLS: compute-sanitizer TOOLS over every kernel of DIR, twelve
# kernels at a time; all logs in $OUT/san-DIR.txt.
cd .device
export PATH=$PATH:/usr/local/cuda/bin
dir=$1; tools=$2
rm -rf /tmp/san-$dir; mkdir -p /tmp/san-$dir
for j in $dir/*.json; do
  name=$(basename $j .json)
  mkdir -p /tmp/san-$dir/$name && ln -sf $PWD/$dir/$name.* /tmp/san-$dir/$name/
  echo $name
done | xargs -P 12 -I{} sh -c "python3 run_suite.py --gemm-run bin/gemm-run --kernels /tmp/san-$dir/{} --m 127 --repeat 1 --sanitize --sanitize-tools $tools --sanitize-m 127 > /tmp/san-$dir/{}.log 2>&1"
cat /tmp/san-$dir/*.log > $OUT/san-$dir.txt
grep -h -E "^(rec|fp8)" $OUT/san-$dir.txt
grep -h "cases" $OUT/san-$dir.txt | sort | uniq -c
