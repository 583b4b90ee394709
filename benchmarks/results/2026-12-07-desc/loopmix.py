# python3 loopmix.py CUBIN...: SASS opcodes per K block of the smallest loop holding QGMMAs (cuobjdump path below).
import re,subprocess,sys,collections
def sass(cubin):
    out=subprocess.run(["/tmp/cuobj/nvidia/cu13/bin/cuobjdump","-sass",cubin],capture_output=True,text=True).stdout
    ins=[]
    for line in out.splitlines():
        m=re.match(r"\s*/\*([0-9a-f]{4,})\*/\s+(@!?U?P\w+\s+)?([A-Z][A-Z0-9_.]*)(.*?);",line)
        if m: ins.append((int(m.group(1),16),m.group(3),m.group(4)))
    return ins
for cubin in sys.argv[1:]:
    ins=sass(cubin)
    addr=[a for a,_,_ in ins]
    loops=[]
    for a,op,rest in ins:
        if op.startswith("BRA"):
            t=re.search(r"0x([0-9a-f]+)",rest)
            if t:
                tgt=int(t.group(1),16)
                if tgt<a:
                    body=[x for x in ins if tgt<=x[0]<=a]
                    q=sum(1 for x in body if x[1].startswith("QGMMA") or x[1].startswith("HGMMA"))
                    if q: loops.append((len(body),q,tgt,a,body))
    loops.sort(key=lambda l:l[0])
    if not loops: print(cubin,"no loop"); continue
    n,q,tgt,a,body=loops[0]
    blocks=q/8
    c=collections.Counter(x[1].split('.')[0] for x in body)
    print(f"{cubin.split('/')[-1]}: loop {tgt:#x}-{a:#x}, {n} instrs, {q} QGMMA -> {n/blocks:.1f}/block;",
          " ".join(f"{k}:{v/blocks:g}" for k,v in c.most_common(14)))
