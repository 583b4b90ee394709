"""benchmarks/deepgemm_kernels.py, the DeepGEMM peer, without a GPU or DeepGEMM: the configuration
rules (tiles, multicast, stages that fit), the source it instantiates, and the TMA descriptors and
launch it would make (recorded by a stand-in for libcuda)."""

import importlib.util
import os

import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location("deepgemm_kernels",
                                              os.path.join(ROOT, "benchmarks", "deepgemm_kernels.py"))
dgk = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dgk)


@pytest.mark.parametrize("shape", dgk.DEEPSEEK + [(1, 7168, 2048), (37, 1000, 384), (5000, 3000, 4096)])
def test_configs_fit_and_are_legal(shape):
    cfg = dgk.choose(*shape)
    assert dgk.legal_block(cfg["block_m"], cfg["block_n"])
    assert cfg["smem"] <= dgk.SMEM_CAPACITY
    assert dgk.smem_bytes(cfg["block_m"], cfg["block_n"], shape[2], cfg["stages"] + 1) > dgk.SMEM_CAPACITY \
        or cfg["stages"] in (4, 32)  # as many stages as fit, up to the cap
    assert cfg["math_threads"] == (128 if cfg["block_m"] <= 64 else 256)
    assert (cfg["multicast"] == 2) == (shape[0] >= 512)


def test_rules_on_deepseek_shapes():
    # Fewest waves first: 256 x 128 (896 tiles, 7 waves) over 128 x 128 (14) at 4096 x 7168.
    cfg = dgk.choose(4096, 7168, 16384)
    assert (cfg["block_m"], cfg["block_n"], cfg["stages"], cfg["multicast_on_a"]) == (256, 128, 3, True)
    # One wave of 132 tiles exactly: 64 x 32 at 128 x 2112.
    assert (dgk.choose(128, 2112, 7168)["block_m"], dgk.choose(128, 2112, 7168)["block_n"]) == (64, 32)
    # Widths that are not divisors of 128 cap the stages at 4 (its code-size rule).
    assert dgk.choose(4096, 2112, 7168)["block_n"] == 192 and dgk.choose(4096, 2112, 7168)["stages"] <= 4
    # Overrides for timing alternatives.
    alt = dgk.choose(4096, 7168, 16384, block=(128, 128), multicast_arg="1")
    assert (alt["block_m"], alt["block_n"], alt["multicast"]) == (128, 128, 1)
    with pytest.raises(ValueError):
        dgk.choose(4096, 7168, 16384, block=(256, 256))


def test_named_shape_lists():
    # The benchmarks' --shapes: the issue table's 13, the 24 decode shapes, explicit MxNxK; bad items named.
    assert len(dgk.parse_shapes("deepseek")) == 13 and (8192, 8192, 8192) in dgk.parse_shapes("deepseek")
    decode = dgk.parse_shapes("decode")
    assert len(decode) == 24 and {m for m, _, _ in decode} == {1, 16, 32, 64}
    assert {(n, k) for _, n, k in decode} == set(dgk.DEEPSEEK_NK)
    assert dgk.parse_shapes("decode,64X7168x2048,") == decode + [(64, 7168, 2048)]
    for bad in ("4096x7168", "prefill", "0x7168x2048", "4096x7168xk"):
        with pytest.raises(ValueError, match="bad shape"):
            dgk.parse_shapes(bad)


def test_source_instantiates_the_kernel():
    cfg = dgk.choose(4096, 7168, 2048)
    text = dgk.source(cfg, 7168, 2048)
    assert "#include <deep_gemm/impls/sm90_fp8_gemm_1d2d.cuh>" in text
    assert "sm90_fp8_gemm_1d2d_impl<\n        cute::UMMA::Major::K, 0, 7168, 2048, 1, 256, 128, 128," in text
    assert "GemmType::Normal, cutlass::bfloat16_t" in text


class FakeTensor:
    def __init__(self, shape, strides, ptr):
        self.shape, self._strides, self.ptr = shape, strides, ptr

    def stride(self, i):
        return self._strides[i]

    def data_ptr(self):
        return self.ptr

    def is_contiguous(self):
        return True


class FakeCuda:
    """Records cuTensorMapEncodeTiled's dims, strides, box and swizzle; every call succeeds."""

    def __init__(self):
        self.maps = []

    def cuTensorMapEncodeTiled(self, tmap, dtype, rank, ptr, dims, strides, box, elem, inter, swizzle, l2, oob):
        self.maps.append((dtype, ptr.value, tuple(dims), strides[0], tuple(box), swizzle))
        return 0

    def __getattr__(self, name):
        return lambda *args: 0


def test_launch_descriptors(tmp_path):
    m, n, k = 4000, 7168, 2048  # ragged M
    cfg = dgk.choose(4096, 7168, 2048)
    meta = dict(cfg, m=m, n=n, k=k, symbol="_Zkernel", ptxas=[])
    pb = dgk.Prebuilt.__new__(dgk.Prebuilt)
    pb.dir, pb.metas, pb.cuda, pb.functions, pb.prepared = str(tmp_path), {(m, n, k): meta}, FakeCuda(), {}, {}
    (tmp_path / (dgk.shape_name(m, n, k) + ".cubin")).write_bytes(b"\0")
    a = FakeTensor((m, k), (k, 1), 0x100000)
    sa = FakeTensor((m, k // 128), (1, 4000), 0x200000)
    b = FakeTensor((n, k), (k, 1), 0x300000)
    sb = FakeTensor((n // 128, k // 128), (k // 128, 1), 0x400000)
    d = FakeTensor((m, n), (n, 1), 0x500000)
    _, config, params, args, attr = pb._prepare(a, sa, b, sb, d, stream=0)
    assert pb.cuda.maps == [
        (dgk.DTYPE_UINT8, 0x100000, (k, m), k, (128, 256), 3),        # A: K-major, 128-byte swizzle
        (dgk.DTYPE_UINT8, 0x300000, (k, n), k, (128, 128), 3),        # B
        (dgk.DTYPE_BFLOAT16, 0x500000, (n, m), 2 * n, (64, 256), 3),  # D: 64-column boxes of a 128-byte swizzle
        (dgk.DTYPE_FLOAT32, 0x200000, (m, k // 128), 4 * 4000, (256, 1), 0),  # A scales, M-major
    ]
    assert (tuple(config.grid), tuple(config.block), config.smem) == ((132, 1, 1), (384, 1, 1), cfg["smem"])
    assert tuple(attr.value[:3]) == (2, 1, 1) and attr.id == dgk.CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION
    assert [args[i].value for i in (0, 2, 3, 4)] == [0x400000, m, n, k] and not args[1].value
    assert len(params) == 9
    with pytest.raises(KeyError):
        pb._meta(4096, n, k)  # built for M = 4000 only
