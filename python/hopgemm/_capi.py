"""ctypes bindings of the C API (include/hopgemm-c/hopgemm.h).

The shared library is found, in this order, at:
  1. $HOPGEMM_LIBRARY (a file; nothing else is tried when it is set);
  2. next to this package: libhopgemm.so, then libhopgemm_runtime.so;
  3. the build directory: $HOPGEMM_BUILD_DIR/lib, else the source tree's
     build/lib when the package is imported from a checkout.
libhopgemm.so has the compiler and the runtime; libhopgemm_runtime.so only
the runtime (hopgemm.Kernel.load and precompiled kernels).
"""

import ctypes
import os
import threading

_NAMES = ("libhopgemm.so", "libhopgemm_runtime.so")

# HOPGEMM_C_API_VERSION of the header these bindings mirror.
C_API_VERSION = 6

# hopgemm_status
OK, ERROR_INVALID, ERROR_NO_DEVICE, ERROR_CUDA = 0, 1, 2, 3


class Error(RuntimeError):
    """Base class of the errors hopgemm raises."""


class LibraryNotFoundError(Error, ImportError):
    """Neither libhopgemm.so nor libhopgemm_runtime.so was found."""


class CompileError(Error, ValueError):
    """The spec does not compile; the message holds the diagnostics."""


class InvalidArgumentError(Error, ValueError):
    """Bad launch arguments, metadata or files."""


class NoDeviceError(Error):
    """No CUDA driver, or no such device."""


class CudaError(Error):
    """A CUDA call failed."""


class NoCompilerError(Error):
    """The loaded library is libhopgemm_runtime.so, which cannot compile."""


class Options(ctypes.Structure):
    _fields_ = [
        ("chip", ctypes.c_char_p),
        ("features", ctypes.c_char_p),
        ("num_sms", ctypes.c_int64),
        ("opt_level", ctypes.c_int32),
        ("memory_cache", ctypes.c_int32),
        ("disk_cache", ctypes.c_int32),
        ("cache_dir", ctypes.c_char_p),
    ]


class Tensor(ctypes.Structure):
    _fields_ = [
        ("ptr", ctypes.c_uint64),
        ("ld", ctypes.c_int64),
        ("rows", ctypes.c_int64),
        ("cols", ctypes.c_int64),
        ("bytes", ctypes.c_uint64),
    ]


class GemmArgs(ctypes.Structure):
    # Mirrors hopgemm_gemm_args; fields are only appended so that the older
    # ones keep their offsets: groups, m_indices and masked_m in C API
    # version 2, ks in version 3.
    _fields_ = (
        [("m", ctypes.c_int64), ("n", ctypes.c_int64), ("k", ctypes.c_int64)]
        + [(name, Tensor) for name in ("a", "sa", "b", "sb", "d", "c")]
        + [("groups", ctypes.c_int64), ("m_indices", Tensor), ("masked_m", Tensor)]
        + [("ks", Tensor)]
    )


_p = ctypes.c_void_p
_pp = ctypes.POINTER(ctypes.c_void_p)
_err = ctypes.POINTER(ctypes.c_char_p)
_i64p = ctypes.POINTER(ctypes.c_int64)

_RUNTIME = {
    "hopgemm_version": (ctypes.c_char_p, []),
    "hopgemm_c_api_version": (ctypes.c_int, []),
    "hopgemm_string_free": (None, [ctypes.c_void_p]),
    "hopgemm_device_open": (ctypes.c_int, [ctypes.c_int, _pp, _err]),
    "hopgemm_device_destroy": (None, [_p]),
    "hopgemm_device_name": (ctypes.c_char_p, [_p]),
    "hopgemm_device_sm_count": (ctypes.c_int, [_p]),
    "hopgemm_device_compute_capability": (ctypes.c_int, [_p]),
    "hopgemm_fp8_tile_m": (ctypes.c_int, [ctypes.c_int64, ctypes.c_int64, ctypes.c_int]),
    "hopgemm_fp8_tile_n": (ctypes.c_int, [ctypes.c_int64, ctypes.c_int64, ctypes.c_int]),
    "hopgemm_kernel_load": (ctypes.c_int, [_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, _pp, _err]),
    "hopgemm_kernel_load_files": (ctypes.c_int, [_p, ctypes.c_char_p, ctypes.c_char_p, _pp, _err]),
    "hopgemm_kernel_destroy": (None, [_p]),
    "hopgemm_kernel_name": (ctypes.c_char_p, [_p]),
    "hopgemm_kernel_launch": (ctypes.c_int, [_p, ctypes.POINTER(GemmArgs), _p, _err]),
}
_COMPILER = {
    "hopgemm_compiler_options_init": (None, [ctypes.POINTER(Options)]),
    "hopgemm_compiler_create": (ctypes.c_int, [ctypes.POINTER(Options), _pp, _err]),
    "hopgemm_compiler_destroy": (None, [_p]),
    "hopgemm_compiler_cache_dir": (ctypes.c_char_p, [_p]),
    "hopgemm_compiler_stats": (None, [_p, _i64p, _i64p, _i64p, _i64p]),
    "hopgemm_compile": (ctypes.c_int, [_p, ctypes.c_char_p, ctypes.c_char_p, _pp, _err]),
    "hopgemm_select_configs": (ctypes.c_int, [_p, ctypes.c_char_p, ctypes.c_char_p,
                                              ctypes.POINTER(ctypes.c_void_p), _err]),
    "hopgemm_compiled_destroy": (None, [_p]),
    "hopgemm_compiled_count": (ctypes.c_size_t, [_p]),
    "hopgemm_compiled_name": (ctypes.c_char_p, [_p, ctypes.c_size_t]),
    "hopgemm_compiled_ptx": (ctypes.c_char_p, [_p, ctypes.c_size_t]),
    "hopgemm_compiled_metadata": (ctypes.c_char_p, [_p, ctypes.c_size_t]),
    "hopgemm_compiled_ms": (ctypes.c_double, [_p]),
    "hopgemm_compiled_cache": (ctypes.c_char_p, [_p]),
}


def candidates():
    """The paths tried, in order."""
    explicit = os.environ.get("HOPGEMM_LIBRARY")
    if explicit:
        return [explicit]
    here = os.path.dirname(os.path.abspath(__file__))
    build = os.environ.get("HOPGEMM_BUILD_DIR") or os.path.join(here, "..", "..", "build")
    return [os.path.join(d, n) for d in (here, os.path.join(build, "lib")) for n in _NAMES]


_lock = threading.Lock()
_lib = None


def lib():
    """The loaded library (loaded on first use, so that importing hopgemm
    never fails)."""
    global _lib
    with _lock:
        if _lib is None:
            _lib = _load()
        return _lib


def _load():
    tried = []
    for path in candidates():
        if not os.path.exists(path):
            tried.append(path + " (missing)")
            continue
        try:
            handle = ctypes.CDLL(os.path.abspath(path))
        except OSError as e:
            tried.append(f"{path} ({e})")
            continue
        version = getattr(handle, "hopgemm_c_api_version", None)
        version = version() if version else 0
        if version != C_API_VERSION:
            # Calling a function whose signature changed would crash.
            raise Error(f"{path} implements C API version {version}, but this hopgemm package "
                        f"needs version {C_API_VERSION}; rebuild the library or reinstall the package")
        for name, (restype, argtypes) in _RUNTIME.items():
            fn = getattr(handle, name)
            fn.restype, fn.argtypes = restype, argtypes
        handle.has_compiler = hasattr(handle, "hopgemm_compile")
        if handle.has_compiler:
            for name, (restype, argtypes) in _COMPILER.items():
                fn = getattr(handle, name)
                fn.restype, fn.argtypes = restype, argtypes
        handle.path = os.path.abspath(path)
        return handle
    raise LibraryNotFoundError(
        "hopgemm's shared library was not found; build it (ninja -C build hopgemm) "
        "or set HOPGEMM_LIBRARY. Tried: " + "; ".join(tried))


def has_compiler():
    return lib().has_compiler


def require_compiler():
    if not lib().has_compiler:
        raise NoCompilerError(
            f"{lib().path} is the runtime-only library and cannot compile; use "
            "libhopgemm.so (HOPGEMM_LIBRARY) or precompiled kernels")
    return lib()


_ERRORS = {ERROR_INVALID: InvalidArgumentError, ERROR_NO_DEVICE: NoDeviceError, ERROR_CUDA: CudaError}


def call(fn, *args, invalid=InvalidArgumentError):
    """Calls a C API function whose last argument is `char **error` and turns
    a failure into an exception (`invalid` for HOPGEMM_ERROR_INVALID)."""
    error = ctypes.c_char_p()
    status = fn(*args, ctypes.byref(error))
    if status == OK:
        return
    message = error.value.decode(errors="replace") if error.value else f"error {status}"
    lib().hopgemm_string_free(ctypes.cast(error, ctypes.c_void_p))
    raise (invalid if status == ERROR_INVALID else _ERRORS.get(status, Error))(message)
