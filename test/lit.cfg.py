# -*- Python -*-
# lit configuration of the hopgemm regression tests.

import ctypes
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "HOPGEMM"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.hopgemm_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs", "gpu", "corpus"]

# A directive without its colon is silently ignored; captured names must not
# leak across CHECK-LABELs.
config.environment["FILECHECK_OPTS"] = "--enable-var-scope"

llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.hopgemm_tools_dir, append_path=True)
config.substitutions.append(("%hopgemm_src", config.hopgemm_src_root))
config.substitutions.append(("%hopgemm_obj", config.hopgemm_obj_root))
# The runtime tests' CPU stand-in for libcuda.so.1 (HOPGEMM_LIBCUDA=%fake_cuda).
config.substitutions.append(
    ("%fake_cuda", os.path.join(config.hopgemm_obj_root, "test", "Runtime", "libhopgemm-fake-cuda.so")))

# The fuzz smoke test needs gemm-fuzz, which a separate HOPGEMM_FUZZ=ON build
# makes (docs/reliability.md); point HOPGEMM_FUZZER at it.
_fuzzer = os.environ.get("HOPGEMM_FUZZER") or os.path.join(config.hopgemm_tools_dir, "gemm-fuzz")
if os.access(_fuzzer, os.X_OK):
    config.available_features.add("fuzzer")
    config.substitutions.append(("%gemm_fuzz", _fuzzer))
else:
    lit_config.note("gemm-fuzz not found: the fuzz smoke test is skipped (UNSUPPORTED)")

# PTX assembly tests need ptxas.
if config.ptxas and not config.ptxas.endswith("-NOTFOUND") and os.path.exists(config.ptxas):
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", config.ptxas))
else:
    lit_config.note("ptxas not found: tests that assemble PTX are skipped (UNSUPPORTED)")


def _cuda_gpu_reason():
    """None when a CUDA GPU is usable, else why not."""
    try:
        cuda = ctypes.CDLL("libcuda.so.1")
    except OSError as e:
        return "no CUDA driver found (%s)" % e
    if cuda.cuInit(0) != 0:
        return "cuInit failed"
    count = ctypes.c_int(0)
    if cuda.cuDeviceGetCount(ctypes.byref(count)) != 0 or count.value == 0:
        return "no CUDA device"
    return None


_reason = _cuda_gpu_reason()
if _reason is None:
    config.available_features.add("cuda-gpu")
else:
    lit_config.note("GPU tests are skipped (UNSUPPORTED): " + _reason)
