"""Stand-ins for a GPU in the tests: fake device memory from test/Runtime's
fake libcuda, and objects with the attributes of torch tensors."""

import collections
import ctypes
import math
import os


class FakeCuda:
    """Allocates "device" memory (host memory) in the fake driver that
    HOPGEMM_LIBCUDA names; the runtime opened the same library."""

    def __init__(self, path=None):
        self.lib = ctypes.CDLL(path or os.environ["HOPGEMM_LIBCUDA"])
        get = self.lib.cuGetProcAddress_v2
        get.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_uint64,
                        ctypes.POINTER(ctypes.c_int)]

        def entry(name, *argtypes):
            fn, status = ctypes.c_void_p(), ctypes.c_int()
            assert get(name.encode(), ctypes.byref(fn), 12000, 1, ctypes.byref(status)) == 0
            return ctypes.CFUNCTYPE(ctypes.c_int, *argtypes)(fn.value)

        self._alloc = entry("cuMemAlloc", ctypes.POINTER(ctypes.c_uint64), ctypes.c_size_t)
        self._free = entry("cuMemFree", ctypes.c_uint64)
        self.allocations = []

    def alloc(self, nbytes):
        ptr = ctypes.c_uint64()
        assert self._alloc(ctypes.byref(ptr), nbytes) == 0
        self.allocations.append(ptr.value)
        return ptr.value

    def free_all(self):
        for ptr in self.allocations:
            self._free(ptr)
        self.allocations = []

    def counters(self):
        """(descriptor uploads, stream synchronizations, launches)."""
        values = [ctypes.c_int() for _ in range(3)]
        self.lib.fakeCudaCounters(*[ctypes.byref(v) for v in values])
        return tuple(v.value for v in values)


class FakeDtype:
    def __init__(self, name, size):
        self.name, self.itemsize = name, size

    def __str__(self):
        return "torch." + self.name


FLOAT8 = FakeDtype("float8_e4m3fn", 1)
FLOAT32 = FakeDtype("float32", 4)
E8M0 = FakeDtype("float8_e8m0fnu", 1)
BFLOAT16 = FakeDtype("bfloat16", 2)
INT32 = FakeDtype("int32", 4)
FakeDevice = collections.namedtuple("FakeDevice", "type index")
FakeDevice.__str__ = lambda self: f"{self.type}:{self.index}"


class FakeStorage:
    def __init__(self, nbytes):
        self._nbytes = nbytes

    def nbytes(self):
        return self._nbytes


def _row_major(shape):
    return tuple(math.prod(shape[i + 1:]) for i in range(len(shape)))


class FakeTensor:
    """What hopgemm.gemm reads from a torch.Tensor."""

    def __init__(self, shape, dtype, strides=None, ptr=0, device=FakeDevice("cuda", 0), nbytes=None):
        self.shape, self.dtype, self.device, self._ptr = tuple(shape), dtype, device, ptr
        self._strides = tuple(strides) if strides else _row_major(self.shape)
        extent = 1 + sum((s - 1) * st for s, st in zip(self.shape, self._strides)) if all(self.shape) else 0
        self._nbytes = nbytes if nbytes is not None else extent * dtype.itemsize

    @classmethod
    def on(cls, cuda, shape, dtype, strides=None):
        t = cls(shape, dtype, strides)
        t._ptr = cuda.alloc(max(t._nbytes, 16))
        return t

    def stride(self):
        return self._strides

    def is_contiguous(self):
        return self._strides == _row_major(self.shape) or math.prod(self.shape) <= 1

    def data_ptr(self):
        return self._ptr

    def element_size(self):
        return self.dtype.itemsize

    def storage_offset(self):
        return 0

    def untyped_storage(self):
        return FakeStorage(self._nbytes)
