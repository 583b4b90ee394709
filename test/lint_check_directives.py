"""Fails when a test file has a FileCheck directive without its colon."""
import pathlib
import re
import sys

# CHECK, CHECK-NOT, PTX-COUNT-4, META-NEXT, ... followed by a space instead of
# a colon, at the start of a comment or line.
DIRECTIVE = re.compile(
    r"^\s*(//|#)?\s*([A-Z][A-Z0-9_]*-)?(CHECK|PTX|ROLES|META|IR|TRUNCATED|MISSING|RECIPE|EMIT|NOKERNEL)"
    r"(-(NOT|NEXT|SAME|DAG|LABEL|EMPTY|COUNT-\d+))?\s+\S")

bad = []
root = pathlib.Path(sys.argv[1])
for path in sorted(root.rglob("*")):
    if path.suffix not in (".mlir", ".test") or "Inputs" in path.parts:
        continue
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if DIRECTIVE.match(line) and not re.match(r"^\s*(//|#)?\s*\S+:", line):
            bad.append(f"{path}:{number}: directive without a colon: {line.strip()}")
print("\n".join(bad) if bad else f"no directive without a colon under {root}")
sys.exit(1 if bad else 0)
