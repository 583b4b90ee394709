"""Compiling GEMM specs in-process (needs libhopgemm.so)."""

import ctypes
import json
import os
import re
import threading
from dataclasses import dataclass
from typing import Optional, Sequence, Tuple, Union

from . import _capi


@dataclass(frozen=True)
class Operand:
    """One operand of a spec, as in `#gemm.operand<...>`.

    dtype: "f8E4M3FN", "f8E5M2", "bf16", "f16" or "f32".
    major: "k_major", "m_major" or "n_major"; None picks k_major for a and b,
        n_major for c and d.
    scale: None, "tensor", "row", or a block (rows, cols) such as (1, 128).
    scale_dtype: "f32" or "f8E8M0FNU".
    """

    dtype: str
    major: Optional[str] = None
    scale: Union[None, str, Tuple[int, int]] = None
    scale_dtype: str = "f32"

    def text(self, default_major):
        parts = [self.dtype, self.major or default_major]
        if self.scale in ("tensor", "row"):
            parts.append(f"{self.scale}_scale : {self.scale_dtype}")
        elif self.scale is not None:
            rows, cols = _ints(self.scale, 2, "scale")
            parts.append(f"block_scale = [{rows}, {cols}] : {self.scale_dtype}")
        for p in parts:
            if not re.fullmatch(r"[\w ,=:\[\]]+", p):
                raise ValueError(f"invalid operand field {p!r}")
        return "#gemm.operand<" + ", ".join(parts) + ">"


def _ints(value, count, what):
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) != count:
        raise TypeError(f"{what} must be a sequence of {count} integers, got {value!r}")
    if not all(isinstance(v, int) for v in value):
        raise TypeError(f"{what} must hold integers, got {value!r}")
    return tuple(value)


def _operand(value, name):
    if isinstance(value, str):
        return Operand(value)
    if isinstance(value, Operand):
        return value
    raise TypeError(f"operand {name} must be a dtype string or a hopgemm.Operand, got {type(value).__name__}")


_CONFIG_KEYS = ("tile", "stages", "cluster", "schedule")
_SCHEDULES = ("data_parallel", "persistent", "stream_k")


_GROUPINGS = ("m_contiguous", "m_masked", "k_contiguous")


def spec_text(shape, a, b, d="bf16", c=None, config=None, name="gemm", grouping=None, expected_m=None):
    """The gemm.matmul text for keyword arguments; `shape` is (M, N, K) with
    None for a size given at launch (any of them here: the compiler's
    verifier decides which may be); `grouping` is None, "m_contiguous" or
    "m_masked" (an M-grouped GEMM, N and K per group), or "k_contiguous" (a
    K-grouped GEMM, M and N per group, K the sum of the groups' K, usually
    None); `expected_m` (ungrouped, M None) is the M the config heuristic
    tunes for. The compiler verifies the result."""
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(f"kernel name {name!r} is not an identifier")
    if isinstance(shape, (str, bytes)) or not isinstance(shape, Sequence) or len(shape) != 3:
        raise TypeError(f"shape must be (M, N, K), got {shape!r}")
    dims = []
    for dim, size in zip("MNK", shape):
        if size is None:
            dims.append("?")
        elif isinstance(size, int) and size > 0:
            dims.append(str(size))
        else:
            raise ValueError(f"shape {dim} must be a positive integer or None, got {size!r}")
    fields = [f"shape = [{', '.join(dims)}]"]
    for key, value, major in (("a", a, "k_major"), ("b", b, "k_major"), ("d", d, "n_major"), ("c", c, "n_major")):
        if value is not None or key != "c":
            fields.append(f"{key} = {_operand(value, key).text(major)}")
    if config:
        unknown = set(config) - set(_CONFIG_KEYS)
        if unknown:
            raise ValueError(f"unknown config keys {sorted(unknown)}; expected {', '.join(_CONFIG_KEYS)}")
        parts = []
        if "tile" in config:
            parts.append("tile = [%d, %d, %d]" % _ints(config["tile"], 3, "config tile"))
        if "stages" in config:
            parts.append(f"stages = {int(config['stages'])}")
        if "cluster" in config:
            parts.append("cluster = [%d, %d]" % _ints(config["cluster"], 2, "config cluster"))
        if "schedule" in config:
            if config["schedule"] not in _SCHEDULES:
                raise ValueError(f"config schedule must be data_parallel, persistent or stream_k, "
                                 f"got {config['schedule']!r}")
            parts.append(f"schedule = {config['schedule']}")
        fields.append(f"config = #gemm.config<{', '.join(parts)}>")
    if grouping is not None:
        if grouping not in _GROUPINGS:
            raise ValueError(f"grouping must be None, m_contiguous, m_masked or k_contiguous, got {grouping!r}")
        fields.append(f"grouping = {grouping}")
    if expected_m is not None:
        if not isinstance(expected_m, int) or isinstance(expected_m, bool) or expected_m < 1:
            raise ValueError(f"expected_m must be a positive integer, got {expected_m!r}")
        fields.append(f"expected_m = {expected_m}")
    return f"gemm.matmul @{name} {{\n  " + ",\n  ".join(fields) + "\n}\n"


class CompiledKernel:
    """PTX and launch metadata of one kernel, as gemm-opt writes them."""

    def __init__(self, name, ptx, metadata_json, compile_ms, cache):
        self.name = name
        self.ptx = ptx
        self.metadata_json = metadata_json
        self.metadata = json.loads(metadata_json)
        #: Wall time of the compile call (cache lookup included).
        self.compile_ms = compile_ms
        #: "miss" (compiled now), "memory" or "disk".
        self.cache = cache

    def __repr__(self):
        return (f"CompiledKernel({self.name!r}, shape={self.metadata.get('shape')}, "
                f"{len(self.ptx)} bytes of PTX, {self.compile_ms:.1f} ms, cache={self.cache})")

    def save(self, directory):
        """Writes NAME.ptx and NAME.json into `directory`; returns the PTX path."""
        os.makedirs(directory, exist_ok=True)
        path = os.path.join(directory, self.name + ".ptx")
        with open(path, "w") as f:
            f.write(self.ptx)
        with open(os.path.join(directory, self.name + ".json"), "w") as f:
            f.write(self.metadata_json)
        return path

    def load(self, device=0):
        """Loads the kernel on a GPU (a hopgemm.Kernel)."""
        from .runtime import Kernel
        return Kernel.load(self.ptx, self.metadata_json, device=device)


class Compiler:
    """A compiler with its own MLIR context and caches.

    Calls on one Compiler are serialized (by the library); use one per thread
    to compile in parallel. Options are gemm-opt's --gemm-to-ptx options plus
    the caches: disk entries live in `cache_dir` (default $HOPGEMM_CACHE_DIR,
    else ~/.cache/hopgemm).
    """

    def __init__(self, *, chip="sm_90a", features="+ptx80", num_sms=132, opt_level=3,
                 memory_cache=True, disk_cache=True, cache_dir=None):
        lib = _capi.require_compiler()
        options = _capi.Options()
        lib.hopgemm_compiler_options_init(ctypes.byref(options))
        options.chip = chip.encode()
        options.features = features.encode()
        options.num_sms = num_sms
        options.opt_level = opt_level
        options.memory_cache = bool(memory_cache)
        options.disk_cache = bool(disk_cache)
        options.cache_dir = os.fspath(cache_dir).encode() if cache_dir else None
        handle = ctypes.c_void_p()
        _capi.call(lib.hopgemm_compiler_create, ctypes.byref(options), ctypes.byref(handle))
        self._lib, self._handle = lib, handle

    def __del__(self):
        if getattr(self, "_handle", None):
            self._lib.hopgemm_compiler_destroy(self._handle)
            self._handle = None

    @property
    def cache_dir(self):
        """The disk cache directory; "" when the disk cache is off."""
        return self._lib.hopgemm_compiler_cache_dir(self._handle).decode()

    @property
    def stats(self):
        """Cache counters: misses, memory_hits, disk_hits, disk_errors."""
        values = [ctypes.c_int64() for _ in range(4)]
        self._lib.hopgemm_compiler_stats(self._handle, *[ctypes.byref(v) for v in values])
        return dict(zip(("misses", "memory_hits", "disk_hits", "disk_errors"), (v.value for v in values)))

    def _call_on_spec(self, fn, spec):
        """fn(compiler, spec, NULL, &out, &error) of the C API; returns out."""
        if not isinstance(spec, str):
            raise TypeError(f"spec must be a str, got {type(spec).__name__}")
        out = ctypes.c_void_p()
        _capi.call(fn, self._handle, spec.encode(), None, ctypes.byref(out), invalid=_capi.CompileError)
        return out

    def compile_all(self, spec):
        """Every kernel of a spec text (one or more gemm.matmul ops)."""
        lib = self._lib
        compiled = self._call_on_spec(lib.hopgemm_compile, spec)
        try:
            ms = lib.hopgemm_compiled_ms(compiled)
            cache = lib.hopgemm_compiled_cache(compiled).decode()
            return [CompiledKernel(lib.hopgemm_compiled_name(compiled, i).decode(),
                                   lib.hopgemm_compiled_ptx(compiled, i).decode(),
                                   lib.hopgemm_compiled_metadata(compiled, i).decode(), ms, cache)
                    for i in range(lib.hopgemm_compiled_count(compiled))]
        finally:
            lib.hopgemm_compiled_destroy(compiled)

    def select_configs(self, spec):
        """The config each kernel of a spec text would be compiled with (the
        fields it sets, the rest from the heuristic for this compiler's
        num_sms), as "#gemm.config<...>" strings; nothing is compiled."""
        lib = self._lib
        configs = self._call_on_spec(lib.hopgemm_select_configs, spec)
        try:
            return ctypes.string_at(configs).decode().splitlines()
        finally:
            lib.hopgemm_string_free(configs)

    def compile(self, spec=None, **kwargs):
        """One kernel, from spec text or from spec_text's keyword arguments."""
        if (spec is None) == (not kwargs):
            raise TypeError("pass either spec text or keyword arguments (shape=..., a=..., ...)")
        kernels = self.compile_all(spec if spec is not None else spec_text(**kwargs))
        if len(kernels) != 1:
            raise ValueError(f"the spec holds {len(kernels)} kernels; use compile_all")
        return kernels[0]


_compilers = {}
_compilers_lock = threading.Lock()


def default_compiler(**options):
    """The process-wide Compiler for `options` (created on first use)."""
    key = tuple(sorted(options.items()))
    with _compilers_lock:
        if key not in _compilers:
            _compilers[key] = Compiler(**options)
        return _compilers[key]


def compile(spec=None, *, shape=None, a=None, b=None, d="bf16", c=None, config=None, name="gemm",
            grouping=None, expected_m=None, **options):
    """Compiles one kernel with a process-wide Compiler.

        hopgemm.compile(open("spec.mlir").read())
        hopgemm.compile(shape=(None, 7168, 2048),
                        a=hopgemm.Operand("f8E4M3FN", scale=(1, 128)),
                        b=hopgemm.Operand("f8E4M3FN", scale=(128, 128)),
                        d="bf16")

    Other keyword arguments are Compiler options (chip, num_sms, cache_dir, ...).
    """
    compiler = default_compiler(**options)
    if spec is not None:
        if shape is not None or a is not None or b is not None:
            raise TypeError("pass either spec text or shape/a/b, not both")
        return compiler.compile(spec)
    if shape is None or a is None or b is None:
        raise TypeError("compile() needs spec text, or shape, a and b")
    return compiler.compile(shape=shape, a=a, b=b, d=d, c=c, config=config, name=name, grouping=grouping,
                            expected_m=expected_m)
