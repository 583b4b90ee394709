"""pytest setup of the Python package tests.

The tests use the libraries of the build directory ($HOPGEMM_BUILD_DIR, else
build/) unless HOPGEMM_LIBRARY names one, and never the user's cache: the
disk cache goes to a temporary directory. Everything here runs without a GPU;
tests that need one (and torch) skip with the reason.
"""

import os
import shutil
import subprocess
import sys
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("HOPGEMM_BUILD_DIR") or os.path.join(ROOT, "build")
LIBRARY = os.path.join(BUILD, "lib", "libhopgemm.so")
RUNTIME_LIBRARY = os.path.join(BUILD, "lib", "libhopgemm_runtime.so")
FAKE_CUDA = os.path.join(BUILD, "test", "Runtime", "libhopgemm-fake-cuda.so")
EXAMPLE_SPEC = os.path.join(ROOT, "examples", "deepseek_fp8_gemm.mlir")
HERE = os.path.dirname(os.path.abspath(__file__))

os.environ.setdefault("HOPGEMM_LIBRARY", LIBRARY)
_CACHE = tempfile.mkdtemp(prefix="hopgemm-pytest-cache-")
os.environ["HOPGEMM_CACHE_DIR"] = _CACHE


def pytest_unconfigure(config):
    shutil.rmtree(_CACHE, ignore_errors=True)

try:
    import hopgemm  # noqa: F401
except ImportError:
    # Not installed: use the source tree.
    sys.path.insert(0, os.path.join(ROOT, "python"))


@pytest.fixture
def example_spec():
    with open(EXAMPLE_SPEC) as f:
        return f.read()


@pytest.fixture
def fake_cuda():
    if not os.path.exists(FAKE_CUDA):
        pytest.skip(f"the fake CUDA driver is not built ({FAKE_CUDA})")
    return FAKE_CUDA


def run_python(code, env=None, check=True, timeout=120):
    """Runs `code` in a fresh interpreter (the CUDA driver is loaded once per
    process, so driver setups need their own) with this directory and the
    package importable."""
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = os.pathsep.join(
        [HERE, os.path.join(ROOT, "python")] + [p for p in sys.path if p])
    full_env.update(env or {})
    result = subprocess.run([sys.executable, "-c", code], env=full_env, capture_output=True, text=True,
                            timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"subprocess failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result
