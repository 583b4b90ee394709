import re, sys, collections
path, lo, hi = sys.argv[1], int(sys.argv[2], 16), int(sys.argv[3], 16)
c = collections.Counter()
for line in open(path):
    m = re.match(r'\s*/\*([0-9a-f]{4})\*/\s+(.*?);', line)
    if not m: continue
    a = int(m.group(1), 16)
    if lo <= a < hi:
        ins = re.sub(r'^@!?U?P[0-9T]+\s+', '', m.group(2).strip())
        c[ins.split()[0].split('.')[0]] += 1
print(sum(c.values()), dict(c.most_common(40)))
