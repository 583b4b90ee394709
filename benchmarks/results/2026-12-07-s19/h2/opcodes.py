"""SASS opcode totals of ncu source-counter CSVs (src-*.csv.gz): stall samples and instructions executed per
opcode, the counts behind docs/performance.md item 53 (WARPGROUP.DEPBAR against FFMA samples).
    python3 opcodes.py src-t256n2.csv.gz src-ld.csv.gz src-dg.csv.gz > opcodes.txt"""
import csv,gzip,sys,collections
for f in sys.argv[1:]:
    rows=list(csv.reader(gzip.open(f,'rt')))
    head=next(i for i,r in enumerate(rows) if any("Source" in c for c in r))
    cols,data=rows[head],rows[head+1:]
    def num(v):
        try: return float(v.replace(",",""))
        except: return 0.0
    src=cols.index("Source"); tot=next(i for i,c in enumerate(cols) if "Warp Stall Sampling (All" in c)
    ex=next(i for i,c in enumerate(cols) if c=="Instructions Executed")
    agg=collections.Counter(); cnt=collections.Counter()
    for r in data:
        if len(r)<=tot: continue
        op=r[src].split()[0] if not r[src].startswith("@") else r[src].split()[1]
        op=op.split('.')[0]
        agg[op]+=num(r[tot]); cnt[op]+=num(r[ex])
    T=sum(agg.values())
    print(f, int(T), "instr", int(sum(cnt.values())))
    print("  "+"  ".join(f"{k}:{int(v)}({cnt[k]/1e6:.1f}M)" for k,v in agg.most_common(16)))
