"""Fails when a test file has a FileCheck directive without its colon.

The prefixes are read from each file: CHECK plus every --check-prefix(es)
its RUN lines name, so a new prefix is covered without editing this script.
"""
import pathlib
import re
import sys

PREFIX_FLAG = re.compile(r"--check-prefix(?:es)?[= ]([A-Za-z0-9_,-]+)")
SUFFIXES = r"(-(NOT|NEXT|SAME|DAG|LABEL|EMPTY|COUNT-\d+))?"


def prefixes(text):
    names = {"CHECK"}
    for match in PREFIX_FLAG.finditer(text):
        names.update(n for n in match.group(1).split(",") if n)
    return names


bad = []
root = pathlib.Path(sys.argv[1])
for path in sorted(root.rglob("*")):
    if path.suffix not in (".mlir", ".test") or "Inputs" in path.parts:
        continue
    text = path.read_text()
    names = "|".join(sorted(map(re.escape, prefixes(text))))
    # A prefix (and suffix) followed by a space instead of a colon, at the
    # start of a comment or line.
    directive = re.compile(rf"^\s*(//|#)?\s*({names}){SUFFIXES}\s+\S")
    for number, line in enumerate(text.splitlines(), 1):
        if directive.match(line):
            bad.append(f"{path}:{number}: directive without a colon: {line.strip()}")
print("\n".join(bad) if bad else f"no directive without a colon under {root}")
sys.exit(1 if bad else 0)
