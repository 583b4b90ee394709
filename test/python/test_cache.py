"""The disk cache across processes: hits in the next process, and two
processes writing the same entries at once."""

import os
import subprocess
import sys

from conftest import ROOT, run_python

COMPILE_SHAPES = """
import sys, hopgemm
c = hopgemm.Compiler(cache_dir=sys.argv[1])
for n in (256, 512, 768, 1024):
    k = c.compile(name=f"k{n}", shape=(None, n, 2048),
                  a=hopgemm.Operand("f8E4M3FN", scale=(1, 128)),
                  b=hopgemm.Operand("f8E4M3FN", scale=(128, 128)))
    print(k.name, k.cache, round(k.compile_ms, 2))
"""


def compile_in(cache_dir):
    return run_python(COMPILE_SHAPES.replace("sys.argv[1]", repr(str(cache_dir)))).stdout.split("\n")


def test_next_process_hits_the_disk(tmp_path):
    first = compile_in(tmp_path)
    assert [line.split()[1] for line in first if line] == ["miss"] * 4
    second = compile_in(tmp_path)
    assert [line.split()[1] for line in second if line] == ["disk"] * 4
    assert len([f for f in os.listdir(tmp_path) if f.endswith(".json")]) == 4


def test_concurrent_writers(tmp_path):
    script = COMPILE_SHAPES.replace("sys.argv[1]", repr(str(tmp_path)))
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    procs = [subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outputs):
        assert p.returncode == 0, err
        assert len(out.split("\n")) == 5, out
    names = os.listdir(tmp_path)
    assert len([n for n in names if n.endswith(".json")]) == 4
    assert not [n for n in names if n.endswith(".tmp")]
    # Every entry is whole: a third process reads all of them.
    assert [line.split()[1] for line in compile_in(tmp_path) if line] == ["disk"] * 4


def test_disk_cache_off_and_bad_directory(tmp_path, example_spec):
    import hopgemm
    off = hopgemm.Compiler(disk_cache=False)
    assert off.cache_dir == ""
    assert off.compile(example_spec).cache == "miss"
    blocker = tmp_path / "file"
    blocker.write_text("x")
    bad = hopgemm.Compiler(cache_dir=blocker)
    assert bad.compile(example_spec).cache == "miss"
    assert bad.stats["disk_errors"] == 1


def test_default_cache_dir(tmp_path):
    out = run_python("import hopgemm; print(hopgemm.Compiler().cache_dir)",
                     env={"HOPGEMM_CACHE_DIR": "", "XDG_CACHE_HOME": "", "HOME": str(tmp_path)}).stdout
    assert out.strip() == os.path.join(str(tmp_path), ".cache", "hopgemm")
    out = run_python("import hopgemm; print(hopgemm.Compiler().cache_dir)",
                     env={"HOPGEMM_CACHE_DIR": str(tmp_path / "c")}).stdout
    assert out.strip() == str(tmp_path / "c")
