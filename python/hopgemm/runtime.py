"""Loading and launching kernels (works with libhopgemm_runtime.so alone)."""

import ctypes
import functools
import json
import os
import threading
from dataclasses import dataclass

from . import _capi


class Device:
    """A GPU with its primary context retained (the one CUDA's runtime and
    PyTorch use). Device(n) returns the same object for the same n."""

    _opened = {}
    _lock = threading.Lock()

    def __new__(cls, ordinal=0):
        with cls._lock:
            device = cls._opened.get(ordinal)
            if device is None:
                lib = _capi.lib()
                handle = ctypes.c_void_p()
                _capi.call(lib.hopgemm_device_open, ordinal, ctypes.byref(handle))
                device = super().__new__(cls)
                device._lib, device._handle, device.ordinal = lib, handle, ordinal
                cls._opened[ordinal] = device
            return device

    def __init__(self, ordinal=0):
        pass

    @property
    def name(self):
        return self._lib.hopgemm_device_name(self._handle).decode()

    @functools.cached_property
    def sm_count(self):
        # Constant for the device; fp8_gemm_nt asks on every call.
        return self._lib.hopgemm_device_sm_count(self._handle)

    @property
    def compute_capability(self):
        """E.g. 90 for sm_90."""
        return self._lib.hopgemm_device_compute_capability(self._handle)

    def __repr__(self):
        return f"Device({self.ordinal}: {self.name}, {self.sm_count} SMs, sm_{self.compute_capability})"


@dataclass
class TensorArg:
    """One tensor of a launch: a device address plus, optionally, its row
    stride in elements and, for the runtime's checks, the rows and columns of
    its 2-D view (see include/hopgemm/Runtime/GemmTypes.h) and the bytes of
    its allocation. Zero means default or unknown."""

    ptr: int
    ld: int = 0
    rows: int = 0
    cols: int = 0
    bytes: int = 0


def _tensor(value, name):
    if value is None:
        return _capi.Tensor()
    if isinstance(value, int):
        value = TensorArg(value)
    if not isinstance(value, TensorArg):
        raise TypeError(f"tensor {name} must be a device address (int) or a hopgemm.TensorArg, "
                        f"got {type(value).__name__}")
    return _capi.Tensor(value.ptr, value.ld, value.rows, value.cols, value.bytes)


def _read(path, mode="r"):
    with open(path, mode) as f:
        return f.read()


class Kernel:
    """A compiled kernel loaded on a device. Launches are serialized per
    Kernel by the library."""

    def __init__(self, handle, metadata, device):
        self._lib, self._handle = _capi.lib(), handle
        self.metadata = metadata
        self.device = device

    @classmethod
    def load(cls, image, metadata=None, device=0):
        """Loads a kernel.

        image: PTX text (str), a PTX or cubin image (bytes), or a path to a
            .ptx/.cubin file.
        metadata: the launch metadata as a dict or JSON text, or a path to
            it; None means the image path with a .json extension.
        device: a device ordinal or a hopgemm.Device.
        """
        if not isinstance(device, Device):
            device = Device(device)
        is_path = isinstance(image, os.PathLike) or (isinstance(image, str) and ".entry" not in image)
        if is_path:
            path = os.fspath(image)
            if not os.path.exists(path):
                raise FileNotFoundError(f"kernel image {path!r} does not exist")
            image = _read(path, "rb")
            if metadata is None:
                metadata = os.path.splitext(path)[0] + ".json"
        elif isinstance(image, str):
            image = image.encode()
        elif not isinstance(image, (bytes, bytearray)):
            raise TypeError(f"image must be PTX text, bytes or a path, got {type(image).__name__}")
        if metadata is None:
            raise TypeError("metadata is required when the image is not a file")
        if isinstance(metadata, dict):
            metadata = json.dumps(metadata)
        elif isinstance(metadata, os.PathLike) or (isinstance(metadata, str) and not metadata.lstrip().startswith("{")):
            metadata = _read(os.fspath(metadata))
        elif not isinstance(metadata, str):
            raise TypeError(f"metadata must be a dict, JSON text or a path, got {type(metadata).__name__}")
        handle = ctypes.c_void_p()
        _capi.call(_capi.lib().hopgemm_kernel_load, device._handle, bytes(image), len(image),
                   metadata.encode(), ctypes.byref(handle))
        return cls(handle, json.loads(metadata), device)

    def __del__(self):
        if getattr(self, "_handle", None):
            self._lib.hopgemm_kernel_destroy(self._handle)
            self._handle = None

    @property
    def name(self):
        return self._lib.hopgemm_kernel_name(self._handle).decode()

    def launch(self, m, n, k, *, a, sa=None, b, sb=None, d, c=None, stream=None, groups=0, m_indices=None,
               masked_m=None, ks=None):
        """Launches D = (A * SA) @ (B * SB)^T (+ C) on `stream`: a CUstream
        handle as an int, or an object with one in `cuda_stream` (a
        torch.cuda.Stream); None or 0 is the legacy default stream. Tensors
        are device addresses or TensorArgs. A grouped kernel takes G in
        `groups` and its int32 index tensor (`m_indices` or `masked_m` for
        M-grouped kernels, `ks` for k_contiguous, whose `k` is the sum of the
        groups' K); docs/runtime.md has the layouts. Asynchronous."""
        self.launch_arguments(
            self.arguments(m, n, k, a=a, sa=sa, b=b, sb=sb, d=d, c=c, groups=groups, m_indices=m_indices,
                           masked_m=masked_m, ks=ks),
            stream)

    @staticmethod
    def arguments(m, n, k, *, a, sa=None, b, sb=None, d, c=None, groups=0, m_indices=None, masked_m=None,
                  ks=None):
        """The C API's argument struct for launch(), to be launched (again)
        with launch_arguments()."""
        args = _capi.GemmArgs(m, n, k)
        args.groups = groups
        for name, value in (("a", a), ("sa", sa), ("b", b), ("sb", sb), ("d", d), ("c", c),
                            ("m_indices", m_indices), ("masked_m", masked_m), ("ks", ks)):
            setattr(args, name, _tensor(value, name))
        return args

    def launch_arguments(self, args, stream=None):
        """Launches with a struct from arguments(); the library checks it on
        every launch."""
        stream = getattr(stream, "cuda_stream", stream)
        _capi.call(self._lib.hopgemm_kernel_launch, self._handle, ctypes.byref(args),
                   ctypes.c_void_p(stream or None))

    def __repr__(self):
        return f"Kernel({self.name!r}, shape={self.metadata.get('shape')}, on device {self.device.ordinal})"
