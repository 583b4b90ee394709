"""The Python example runs (its GPU part skips without torch and a GPU)."""

import os

from conftest import ROOT, run_python


def test_python_example():
    path = os.path.join(ROOT, "examples", "fp8_gemm.py")
    out = run_python(open(path).read()).stdout
    assert "compiled fp8_gemm_nt_example:" in out
    assert "cache hit: memory" in out
    assert "fp8_gemm_nt: rel_err" in out or "skipping the GPU part:" in out


def test_compile_times_example():
    path = os.path.join(ROOT, "examples", "compile_times.py")
    out = run_python(open(path).read()).stdout
    assert "fp8_n7168_k2048" in out and out.splitlines()[-1].startswith("median")
