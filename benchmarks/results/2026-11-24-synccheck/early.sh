# synccheck and mbarrier transaction counts: do waits return before the bulk copies land?
export PATH=$PATH:/usr/local/cuda/bin
cd .device && nvcc -gencode=arch=compute_90a,code=sm_90a -o early early.cu -lcuda 2>&1 | grep -v Warn | head -5
for k in bulk_early ring_early; do for c in 1 132; do
  echo "plain: $(./early $k $c 2>&1 | tail -n 1)"
  for rep in 1 2; do echo "synccheck $rep: $(timeout 120 compute-sanitizer --tool synccheck ./early $k $c 2>&1 | grep -E "elements|ERROR SUMMARY|rror" | tr '\n' ' ' | cut -c1-200)"; done
  echo "racecheck: $(timeout 120 compute-sanitizer --tool racecheck ./early $k $c 2>&1 | grep -E "elements|ERROR SUMMARY" | tr '\n' ' ' | cut -c1-200)"
done; done
