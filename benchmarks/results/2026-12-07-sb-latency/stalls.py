"""Per-instruction warp-stall samples from `ncu --page source --csv --print-source sass`: the
instructions with the most samples, with their top stall reasons."""
import csv
import sys
rows = list(csv.reader(open(sys.argv[1])))
head = next(i for i, r in enumerate(rows) if any("Source" in c for c in r))
cols, data = rows[head], rows[head + 1:]
print("columns:", cols[:6], "...", len(cols))
def num(v):
    try:
        return float(v.replace(",", ""))
    except ValueError:
        return 0.0
src = next(i for i, c in enumerate(cols) if c.strip() == "Source")
addr = next((i for i, c in enumerate(cols) if "Address" in c), 0)
total = next(i for i, c in enumerate(cols) if "Warp Stall Sampling (All" in c)
reasons = [i for i, c in enumerate(cols) if c.startswith("stall_") or "Stall" in c and "Sampling" not in c]
alls = sum(num(r[total]) for r in data if len(r) > total)
by_reason = {cols[i]: sum(num(r[i]) for r in data if len(r) > i) for i in range(len(cols))
             if cols[i].startswith("stall_") and "Not Issued" not in cols[i]}
print(f"total samples {alls:.0f}: " + ", ".join(
    f"{c[6:]} {v / alls * 100:.1f}%" for c, v in sorted(by_reason.items(), key=lambda cv: -cv[1])[:8]))
for r in sorted((r for r in data if len(r) > total), key=lambda r: -num(r[total]))[:45]:
    top = sorted(((num(r[i]), cols[i]) for i in reasons), reverse=True)[:3]
    print(f"{r[addr]:>8} {num(r[total]) / alls * 100:5.1f}% {r[src][:60]:60s} "
          + ", ".join(f"{c.replace('stall_', '')}={v:.0f}" for v, c in top if v))
