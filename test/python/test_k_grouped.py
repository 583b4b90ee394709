"""k_grouped_fp8_gemm_nt_contiguous's argument handling on objects that look
like torch tensors (no GPU, no torch), its spec and kernel lookup, a launch on
the fake driver, and a real compile (needs libhopgemm.so)."""

import json
import os
import shutil

import pytest

import hopgemm
from conftest import ROOT, RUNTIME_LIBRARY, run_python
from fakes import BFLOAT16, FLOAT8, FLOAT32, INT32, FakeDevice, FakeTensor
from hopgemm import grouped

KS = [256, 0, 128, 640]


def k_tensors(m=256, n=384, ks=KS, c=False, sa_strides=None, sb_strides=None, ks_tensor=True):
    k = sum(ks)
    t = dict(a=FakeTensor((m, k), FLOAT8), sa=FakeTensor((m, k // 128), FLOAT32, strides=sa_strides),
             b=FakeTensor((n, k), FLOAT8), sb=FakeTensor((n, k // 128), FLOAT32, strides=sb_strides),
             d=FakeTensor((len(ks), m, n), FLOAT32), ks=list(ks))
    if ks_tensor:
        t["ks_tensor"] = FakeTensor((len(ks),), INT32)
    if c:
        t["c"] = FakeTensor((len(ks), m, n), FLOAT32)
    return t


def test_plan_and_scale_layouts():
    plan = grouped.check_k_grouped_args(**k_tensors())
    assert (plan.m, plan.n, plan.k, plan.groups, plan.ks, plan.with_c) == (256, 384, 1024, 4, tuple(KS), False)
    # K-major scales are transposed into the M- (N-) major layout.
    assert (plan.sa_direct, plan.sa_ld, plan.sb_direct, plan.sb_ld) == (False, 256, False, 384)
    # DeepGEMM's TMA-aligned scales are used as they are.
    plan = grouped.check_k_grouped_args(**k_tensors(m=130, n=390, sa_strides=(1, 132), sb_strides=(1, 392), c=True))
    assert (plan.sa_direct, plan.sa_ld, plan.sb_direct, plan.sb_ld, plan.with_c) == (True, 132, True, 392, True)
    # ks_tensor may be left to the function, and c may be d itself.
    t = k_tensors(ks_tensor=False)
    assert grouped.check_k_grouped_args(**t, c=t["d"]).with_c


@pytest.mark.parametrize("change, error, match", [
    (dict(a=FakeTensor((256, 1024), BFLOAT16)), TypeError, "a must be torch.float8_e4m3fn, got torch.bfloat16"),
    (dict(sb=FakeTensor((384, 8), BFLOAT16)), TypeError, "sb must be torch.float32"),
    (dict(d=FakeTensor((4, 256, 384), BFLOAT16)), TypeError, "d must be torch.float32, got torch.bfloat16"),
    (dict(c=FakeTensor((4, 256, 384), BFLOAT16)), TypeError, "c must be torch.float32"),
    (dict(ks_tensor=FakeTensor((4,), FLOAT32)), TypeError, "ks_tensor must be torch.int32, got torch.float32"),
    (dict(ks_tensor=[256, 0, 128, 640]), TypeError, "ks_tensor must be a torch.Tensor, got list"),
    (dict(d=FakeTensor((256, 384), FLOAT32)), ValueError, r"d must be 3-D, got shape \(256, 384\)"),
    (dict(b=FakeTensor((384, 896), FLOAT8)), ValueError, r"b has shape \(384, 896\), expected \(384, 1024\)"),
    (dict(sa=FakeTensor((256, 7), FLOAT32)), ValueError, r"sa has shape \(256, 7\), expected \(256, 8\)"),
    (dict(sb=FakeTensor((3, 8), FLOAT32)), ValueError, r"sb has shape \(3, 8\), expected \(384, 8\)"),
    (dict(c=FakeTensor((3, 256, 384), FLOAT32)), ValueError, r"c has shape \(3, 256, 384\), expected \(4, 256, 384\)"),
    (dict(ks_tensor=FakeTensor((3,), INT32)), ValueError, r"ks_tensor has shape \(3,\), expected \(4,\)"),
    (dict(d=FakeTensor((4, 256, 384), FLOAT32, strides=(256 * 400, 400, 1))), ValueError, "d must be contiguous"),
    (dict(ks_tensor=FakeTensor((4,), INT32, strides=(2,))), ValueError, "ks_tensor must be contiguous"),
    (dict(ks_tensor=FakeTensor((4,), INT32, device=FakeDevice("cpu", None))), ValueError,
     "ks_tensor must be on a CUDA device, got cpu"),
    (dict(c=FakeTensor((4, 256, 384), FLOAT32, device=FakeDevice("cuda", 1))), ValueError,
     "c is on cuda:1 but a is on cuda:0"),
    (dict(sb=FakeTensor((384, 8), FLOAT32, strides=(1, 386))), ValueError,
     r"sb with strides \(1, 386\) is neither K-major contiguous nor N-major"),
    (dict(ks=(256, 0, 128, 640.0)), TypeError, r"ks\[3\] must be an int, got float"),
    (dict(ks=[256, 0, 128, True]), TypeError, r"ks\[3\] must be an int, got bool"),
    (dict(ks="256"), TypeError, "ks must be a list of ints, got str"),
    (dict(ks=[256, 0, 100, 668]), ValueError, r"ks\[2\] = 100 is not a non-negative multiple of 128"),
    (dict(ks=[384, -128, 128, 640]), ValueError, r"ks\[1\] = -128 is not a non-negative multiple of 128"),
    (dict(ks=[256, 128, 640]), ValueError, "ks has 3 entries but d holds 4 groups"),
    (dict(ks=[256, 0, 128, 512]), ValueError, "ks sum to 896 but a and b have K 1024"),
])
def test_argument_errors(change, error, match):
    with pytest.raises(error, match=match):
        grouped.check_k_grouped_args(**dict(k_tensors(), **change))


def test_k_must_be_whole_blocks():
    t = k_tensors()
    t.update(a=FakeTensor((256, 1000), FLOAT8), b=FakeTensor((384, 1000), FLOAT8))
    with pytest.raises(ValueError, match="a's K 1000 is not a multiple of 128"):
        grouped.check_k_grouped_args(**t)


def test_alignments_come_from_the_kernel_metadata():
    meta = {"name": "k", "grouping": {"kind": "k_contiguous", "m_alignment": 128, "k_alignment": 128}}
    grouped.check_k_alignment(meta, grouped.check_k_grouped_args(**k_tensors()))
    with pytest.raises(ValueError, match="M 192 must be a multiple of the kernel's tile M 128: d stacks the "
                                         "groups' M rows"):
        grouped.check_k_alignment(meta, grouped.check_k_grouped_args(**k_tensors(m=192)))
    meta["grouping"]["k_alignment"] = 256
    with pytest.raises(ValueError, match=r"ks\[2\] = 128 is not a multiple of the kernel's k_alignment 256"):
        grouped.check_k_alignment(meta, grouped.check_k_grouped_args(**k_tensors()))
    with pytest.raises(ValueError, match="is not a k_contiguous kernel"):
        grouped.check_k_alignment({"name": "k", "grouping": {"kind": "m_masked", "m_alignment": 128}},
                                  grouped.check_k_grouped_args(**k_tensors()))


def test_spec_and_precompiled_lookup(tmp_path):
    text = grouped.k_grouped_spec(256, 384, True)
    assert "shape = [256, 384, ?]" in text
    assert "block_scale = [1, 128] : f32>,\n  b = #gemm.operand<f8E4M3FN, k_major, block_scale = [1, 128]" in text
    assert "d = #gemm.operand<f32, n_major>,\n  c = #gemm.operand<f32, n_major>" in text
    assert text.rstrip().endswith("grouping = k_contiguous\n}")
    assert "c =" not in grouped.k_grouped_spec(256, 384, False)
    # K may be dynamic in any spec; the compiler's verifier decides.
    assert "shape = [?, 64, ?]" in hopgemm.spec_text(shape=(None, 64, None), a="bf16", b="bf16")
    # Precompiled kernels are picked by M, N, dynamic K, recipe and C.
    with open(os.path.join(ROOT, "test", "Runtime", "Inputs", "grouped", "k_grouped_gemm_c.json")) as f:
        meta = json.load(f)
    meta["shape"] = [64, 160, -1]
    assert grouped.matches_k_grouped(meta, 64, 160, True)
    assert not grouped.matches_k_grouped(meta, 64, 160, False)
    assert not grouped.matches_k_grouped(meta, 32, 160, True)
    assert not grouped.matches_k_grouped(dict(meta, grouping={"kind": "m_contiguous"}), 64, 160, True)
    assert not grouped.matches_k_grouped(dict(meta, d=dict(meta["d"], dtype="bf16")), 64, 160, True)
    with open(tmp_path / "wgrad.json", "w") as f:
        json.dump(meta, f)
    assert hopgemm.gemm.find_matching(str(tmp_path), lambda m: grouped.matches_k_grouped(m, 64, 160, True)) is None
    shutil.copy(os.path.join(ROOT, "test", "Runtime", "Inputs", "grouped", "k_grouped_gemm_c.ptx"),
                tmp_path / "wgrad.ptx")
    assert hopgemm.gemm.find_matching(str(tmp_path), lambda m: grouped.matches_k_grouped(m, 64, 160, True)) == \
        (str(tmp_path / "wgrad.ptx"), str(tmp_path / "wgrad.json"))


def test_function_needs_torch_and_pairs():
    try:
        import torch  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="k_grouped_fp8_gemm_nt_contiguous needs torch"):
            hopgemm.k_grouped_fp8_gemm_nt_contiguous((None, None), (None, None), None, [])
        return
    with pytest.raises(TypeError, match=r"b must be a pair \(b, sb\)"):
        hopgemm.k_grouped_fp8_gemm_nt_contiguous((None, None), None, None, [])


GROUPED_INPUTS = os.path.join(ROOT, "test", "Runtime", "Inputs", "grouped")

K_GROUPED_LAUNCH = f"""
import ctypes
import hopgemm
from fakes import FLOAT8, FLOAT32, INT32, FakeCuda, FakeTensor
from hopgemm import grouped
cuda = FakeCuda()
kernel = hopgemm.Kernel.load({os.path.join(GROUPED_INPUTS, "k_grouped_gemm_c.ptx")!r})
m, n, ks = 32, 160, [256, 0, 128]
g, k = len(ks), sum(ks)
t = dict(a=FakeTensor.on(cuda, (m, k), FLOAT8), sa=FakeTensor.on(cuda, (m, k // 128), FLOAT32, strides=(1, 32)),
         b=FakeTensor.on(cuda, (n, k), FLOAT8), sb=FakeTensor.on(cuda, (n, k // 128), FLOAT32, strides=(1, 160)),
         d=FakeTensor.on(cuda, (g, m, n), FLOAT32), ks_tensor=FakeTensor.on(cuda, (g,), INT32))
t["c"] = t["d"]
ctypes.memmove(t["ks_tensor"].data_ptr(), (ctypes.c_int32 * g)(*ks), 4 * g)
plan = grouped.check_k_grouped_args(**t, ks=ks)
grouped.check_k_alignment(kernel.metadata, plan)
grouped._launch_k_grouped(kernel, plan, t["a"], t["sa"], t["b"], t["sb"], t["d"], t["ks_tensor"], t["c"], stream=0)
print("counters", cuda.counters())
try:
    kernel.launch(m, n, k, a=t["a"].data_ptr(), sa=t["sa"].data_ptr(), b=t["b"].data_ptr(),
                  sb=t["sb"].data_ptr(), d=t["d"].data_ptr(), c=t["d"].data_ptr(), groups=g)
except hopgemm.InvalidArgumentError as e:
    print("error:", e)
del kernel
cuda.free_all()
"""


def test_launch_on_the_fake_driver(fake_cuda):
    # ks reaches the planner and the fake's k_grouped_gemm_c, which checks
    # the grid and the group sizes; C is D (in place).
    out = run_python(K_GROUPED_LAUNCH, env={"HOPGEMM_LIBCUDA": fake_cuda, "HOPGEMM_LIBRARY": RUNTIME_LIBRARY}).stdout
    assert "counters (1, 0, 1)" in out
    assert "error: k_grouped_gemm_c: tensor ks is required but its pointer is null" in out


# Needs the compiler's k_contiguous support (libhopgemm.so).
def test_compiles_a_k_grouped_kernel(tmp_path):
    if not hopgemm.has_compiler():
        pytest.skip(f"{hopgemm.library_path()} cannot compile")
    compiler = hopgemm.Compiler(cache_dir=tmp_path)
    for with_c in (False, True):
        kernel = compiler.compile(grouped.k_grouped_spec(256, 384, with_c))
        meta = kernel.metadata
        assert meta["shape"] == [256, 384, -1]
        assert meta["grouping"]["kind"] == "k_contiguous"
        assert meta["grouping"]["k_alignment"] == 128
        assert grouped.matches_k_grouped(meta, 256, 384, with_c)
        assert {"kind": "pointer", "tensor": "ks"} in meta["params"]
        assert meta["params"][-2:] == [{"kind": "i32", "value": "m"}, {"kind": "i32", "value": "groups"}]
        grouped.check_k_alignment(meta, grouped.check_k_grouped_args(**k_tensors(c=with_c)))
