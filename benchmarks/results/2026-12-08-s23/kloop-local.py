"""Local-memory instructions (STL/LDL) between the first and last wgmma (QGMMA/HGMMA) of each cubin, i.e.
inside its K loop: python3 kloop-local.py CUBIN... (cuobjdump from pip's nvidia-cuda-cuobjdump, unpacked
under /tmp/cuobj)."""
import re, subprocess, sys
for cubin in sys.argv[1:]:
    out = subprocess.run(["/tmp/cuobj/nvidia/cu13/bin/cuobjdump", "-sass", cubin], capture_output=True, text=True).stdout
    ins = []
    for line in out.splitlines():
        m = re.match(r"\s*/\*([0-9a-f]{4,})\*/\s+(@!?U?P\w+\s+)?([A-Z][A-Z0-9_.]*)(.*?);", line)
        if m: ins.append((int(m.group(1), 16), m.group(3)))
    q = [a for a, o in ins if o.startswith(("QGMMA", "HGMMA"))]
    lo, hi = min(q), max(q)
    inside = [(hex(a), o) for a, o in ins if lo <= a <= hi and o.split(".")[0] in ("LDL", "STL")]
    print(f"{cubin.split('/')[-1]}: QGMMA {hex(lo)}-{hex(hi)}, local in between: {len(inside)} {inside[:6]}")
