"""SASS instructions per K block of every loop holding at least 8 QGMMAs (8 QGMMA = one K block of a
256 x 128 tile), with its local-memory traffic; item 58's counts.
    for v in au ex ex2 ex4; do ptxas -arch=sm_90a .device/cx/ab/$v/*m8192*.ptx -o $v.cubin; done
    python3 sass-loops.py au.cubin ex.cubin ex2.cubin ex4.cubin > sass-loops.txt
(cuobjdump from pip's nvidia-cuda-cuobjdump, unpacked under /tmp/cuobj as for ../2026-12-07-desc/loopmix.py)"""
import collections
import re
import subprocess
import sys
for cubin in sys.argv[1:]:
    out = subprocess.run(["/tmp/cuobj/nvidia/cu13/bin/cuobjdump", "-sass", cubin],
                         capture_output=True, text=True).stdout
    ins = []
    for line in out.splitlines():
        m = re.match(r"\s*/\*([0-9a-f]{4,})\*/\s+(@!?U?P\w+\s+)?([A-Z][A-Z0-9_.]*)(.*?);", line)
        if m:
            ins.append((int(m.group(1), 16), m.group(3), m.group(4)))
    for a, op, rest in ins:
        t = re.search(r"0x([0-9a-f]+)", rest) if op.startswith("BRA") else None
        if not t or int(t.group(1), 16) >= a:
            continue
        lo = int(t.group(1), 16)
        body = [o.split(".")[0] for x, o, _ in ins if lo <= x <= a]
        c = collections.Counter(body)
        if c["QGMMA"] >= 8:
            print(f"{cubin}: loop {lo:#x}-{a:#x} {len(body)} instrs {c['QGMMA']} QGMMA -> "
                  f"{len(body) / (c['QGMMA'] / 8):.1f}/block; LDL {c['LDL']} STL {c['STL']} FFMA {c['FFMA']} "
                  f"F2FP {c['F2FP']}")
