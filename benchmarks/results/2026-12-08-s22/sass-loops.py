"""SASS instructions per K block of every backward-branch loop holding QGMMAs (item 59's counts for 128 x
192: 4 QGMMA 64x192x32 a K block per math warpgroup; ../2026-12-07-s21/sass-loops.py counted 256 x 128,
8 a block). Innermost first by size; with its FFMA and local-memory traffic.
    ptxas -arch=sm_90a .device/v5/u$u/*.ptx -o u$u.cubin   (u = 0, 2, 4; prepare: see g1b-unroll.txt)
    python3 sass-loops.py --per-block 4 [--mix] u0.cubin u2.cubin u4.cubin .device/dg/dg_m4096_n2112_k7168.cubin
(cuobjdump and nvdisasm from pip's nvidia-cuda-cuobjdump and nvidia-cuda-nvdisasm, unpacked under /tmp/cuobj,
made executable, nvdisasm's folder on PATH) -> sass-loops.txt: the first (innermost) loop of each."""
import argparse
import collections
import re
import subprocess

ap = argparse.ArgumentParser()
ap.add_argument("--per-block", type=int, default=4, help="QGMMAs a K block in one warp's program")
ap.add_argument("--mix", action="store_true", help="also each loop's opcode counts")
ap.add_argument("--cuobjdump", default="/tmp/cuobj/nvidia/cu13/bin/cuobjdump")
ap.add_argument("cubins", nargs="+")
args = ap.parse_args()
for cubin in args.cubins:
    out = subprocess.run([args.cuobjdump, "-sass", cubin], capture_output=True, text=True, check=True).stdout
    ins = []
    for line in out.splitlines():
        m = re.match(r"\s*/\*([0-9a-f]{4,})\*/\s+(@!?U?P\w+\s+)?([A-Z][A-Z0-9_.]*)(.*?);", line)
        if m:
            ins.append((int(m.group(1), 16), m.group(3), m.group(4)))
    total = collections.Counter(o.split(".")[0] for _, o, _ in ins)
    print(f"{cubin}: {len(ins)} instructions, {total['QGMMA']} QGMMA in all")
    for a, op, rest in ins:
        t = re.search(r"0x([0-9a-f]+)", rest) if op.startswith("BRA") else None
        if not t or int(t.group(1), 16) >= a:
            continue
        lo = int(t.group(1), 16)
        c = collections.Counter(o.split(".")[0] for x, o, _ in ins if lo <= x <= a)
        if c["QGMMA"] >= args.per_block:
            blocks = c["QGMMA"] / args.per_block
            n = sum(c.values())
            print(f"  loop {lo:#x}-{a:#x}: {n} instrs, {blocks:g} K blocks -> {n / blocks:.1f}/block; "
                  f"FFMA {c['FFMA'] / blocks:g}/block, WARPGROUP {c['WARPGROUP'] / blocks:g}/block, "
                  f"SYNCS {c['SYNCS']}, LDS {c['LDS']}, LDL {c['LDL']}, STL {c['STL']}")
            if args.mix:
                print("    " + " ".join(f"{o}:{k}" for o, k in c.most_common()))
