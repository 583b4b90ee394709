import subprocess, sys, re
def text(path):
    out = subprocess.run(["readelf", "-SW", path], capture_output=True, text=True).stdout
    for line in out.splitlines():
        m = re.search(r"\]\s+(\.text\.\S+)\s+\S+\s+[0-9a-f]+\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if m:
            off, size = int(m.group(2), 16), int(m.group(3), 16)
            return open(path, "rb").read()[off:off + size]
a, b = text(sys.argv[1]), text(sys.argv[2])
print("identical" if a == b else f"differs ({len(a)} vs {len(b)} bytes)")
