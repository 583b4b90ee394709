"""hopgemm: block-scaled FP8 GEMM kernels for NVIDIA Hopper, compiled with MLIR.

    import hopgemm
    k = hopgemm.compile(shape=(None, 7168, 2048),
                        a=hopgemm.Operand("f8E4M3FN", scale=(1, 128)),
                        b=hopgemm.Operand("f8E4M3FN", scale=(128, 128)))
    k.ptx, k.metadata, k.compile_ms, k.cache

    hopgemm.fp8_gemm_nt((a, sa), (b, sb), d)      # torch tensors
    hopgemm.bf16_gemm_nt(a, b, d, c=None)         # and _nn, _tn, _tt

The package is pure Python over the C API of libhopgemm.so (compiler and
runtime) or libhopgemm_runtime.so (runtime only); see _capi.py for where the
library is looked for. Importing needs neither the library nor torch.
"""

from ._capi import (CompileError, CudaError, Error, InvalidArgumentError, LibraryNotFoundError, NoCompilerError,
                    NoDeviceError)
from .bf16 import bf16_gemm_nn, bf16_gemm_nt, bf16_gemm_tn, bf16_gemm_tt
from .compiler import CompiledKernel, Compiler, Operand, compile, spec_text
from .gemm import fp8_gemm_nt
from .grouped import k_grouped_fp8_gemm_nt_contiguous, m_grouped_fp8_gemm_nt_contiguous, m_grouped_fp8_gemm_nt_masked
from .runtime import Device, Kernel, TensorArg

__version__ = "0.1.0"


def library_path():
    """The path of the loaded shared library (loads it)."""
    from . import _capi
    return _capi.lib().path


def has_compiler():
    """Whether the loaded library can compile (libhopgemm.so)."""
    from . import _capi
    return _capi.has_compiler()


def library_version():
    """HOPGEMM_VERSION of the loaded library."""
    from . import _capi
    return _capi.lib().hopgemm_version().decode()


__all__ = [
    "CompileError", "CompiledKernel", "Compiler", "CudaError", "Device", "Error", "InvalidArgumentError", "Kernel",
    "LibraryNotFoundError", "NoCompilerError", "NoDeviceError", "Operand", "TensorArg", "bf16_gemm_nn", "bf16_gemm_nt",
    "bf16_gemm_tn", "bf16_gemm_tt", "compile", "fp8_gemm_nt",
    "has_compiler", "k_grouped_fp8_gemm_nt_contiguous", "library_path", "library_version",
    "m_grouped_fp8_gemm_nt_contiguous",
    "m_grouped_fp8_gemm_nt_masked", "spec_text",
]
