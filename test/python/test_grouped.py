"""The M-grouped functions' argument handling on objects that look like torch
tensors (no GPU, no torch), the grouped spec text, and the GEMM on a GPU
(skipped without one)."""

import os

import pytest

import hopgemm
from conftest import ROOT, RUNTIME_LIBRARY, run_python
from fakes import BFLOAT16, FLOAT8, FLOAT32, INT32, FakeDevice, FakeTensor
from hopgemm import grouped


def contiguous_tensors(m=256, g=4, n=512, k=384, sa_strides=None):
    kb = (k + 127) // 128
    return dict(a=FakeTensor((m, k), FLOAT8), sa=FakeTensor((m, kb), FLOAT32, strides=sa_strides),
                b=FakeTensor((g, n, k), FLOAT8), sb=FakeTensor((g, (n + 127) // 128, kb), FLOAT32),
                d=FakeTensor((m, n), BFLOAT16), m_indices=FakeTensor((m,), INT32))


def masked_tensors(g=3, max_m=128, n=512, k=384, sa_strides=None):
    kb = (k + 127) // 128
    return dict(a=FakeTensor((g, max_m, k), FLOAT8), sa=FakeTensor((g, max_m, kb), FLOAT32, strides=sa_strides),
                b=FakeTensor((g, n, k), FLOAT8), sb=FakeTensor((g, (n + 127) // 128, kb), FLOAT32),
                d=FakeTensor((g, max_m, n), BFLOAT16), masked_m=FakeTensor((g,), INT32))


def test_plans_and_scale_layouts():
    plan = grouped.check_contiguous_args(**contiguous_tensors(m=250, sa_strides=(1, 252)))
    assert (plan.grouping, plan.m, plan.n, plan.k, plan.groups) == ("m_contiguous", 250, 512, 384, 4)
    assert (plan.sa_direct, plan.sa_ld) == (True, 252)
    plan = grouped.check_contiguous_args(**contiguous_tensors(m=250))
    assert (plan.sa_direct, plan.sa_ld) == (False, 252)
    # Masked: K-major scales are transposed per group; M-major per group
    # (the kernel's stacked blocks) are used as they are.
    plan = grouped.check_masked_args(**masked_tensors(max_m=130))
    assert (plan.grouping, plan.m, plan.groups, plan.sa_direct, plan.sa_ld) == ("m_masked", 130, 3, False, 132)
    plan = grouped.check_masked_args(**masked_tensors(max_m=130, sa_strides=(3 * 132, 1, 132)))
    assert (plan.sa_direct, plan.sa_ld) == (True, 132)
    with pytest.raises(ValueError, match=r"sa with strides \(390, 1, 130\) is neither"):
        grouped.check_masked_args(**masked_tensors(max_m=130, sa_strides=(390, 1, 130)))


@pytest.mark.parametrize("change, error, match", [
    (dict(m_indices=object()), TypeError, "m_indices must be a torch.Tensor, got object"),
    (dict(m_indices=FakeTensor((256,), FLOAT32)), TypeError, "m_indices must be torch.int32, got torch.float32"),
    (dict(b=FakeTensor((512, 384), FLOAT8)), ValueError, "b must be 3-D"),
    (dict(b=FakeTensor((4, 512, 256), FLOAT8)), ValueError, r"b has shape \(4, 512, 256\), expected \(4, 512, 384\)"),
    (dict(sb=FakeTensor((4, 4, 2), FLOAT32)), ValueError, r"sb has shape \(4, 4, 2\), expected \(4, 4, 3\)"),
    (dict(m_indices=FakeTensor((255,), INT32)), ValueError, r"m_indices has shape \(255,\), expected \(256,\)"),
    (dict(m_indices=FakeTensor((256,), INT32, strides=(2,))), ValueError, "m_indices must be contiguous"),
    (dict(m_indices=FakeTensor((256,), INT32, device=FakeDevice("cpu", None))), ValueError,
     "m_indices must be on a CUDA device"),
    (dict(d=FakeTensor((256, 512), BFLOAT16, device=FakeDevice("cuda", 1))), ValueError,
     "d is on cuda:1 but a is on cuda:0"),
])
def test_contiguous_argument_errors(change, error, match):
    with pytest.raises(error, match=match):
        grouped.check_contiguous_args(**dict(contiguous_tensors(), **change))


@pytest.mark.parametrize("change, error, match", [
    (dict(a=FakeTensor((384, 384), FLOAT8)), ValueError, "a must be 3-D"),
    (dict(masked_m=FakeTensor((3,), FLOAT32)), TypeError, "masked_m must be torch.int32"),
    (dict(masked_m=FakeTensor((4,), INT32)), ValueError, r"masked_m has shape \(4,\), expected \(3,\)"),
    (dict(d=FakeTensor((3, 128, 256), BFLOAT16)), ValueError, r"d has shape \(3, 128, 256\), expected"),
    (dict(sa=FakeTensor((3, 128, 3), FLOAT32, strides=(1, 3, 384))), ValueError, "sa with strides"),
])
def test_masked_argument_errors(change, error, match):
    with pytest.raises(error, match=match):
        grouped.check_masked_args(**dict(masked_tensors(), **change))


def test_alignment_comes_from_the_kernel_metadata():
    meta = {"name": "k", "grouping": {"kind": "m_masked", "m_alignment": 128}}
    grouped.check_alignment(meta, grouped.check_masked_args(**masked_tensors(max_m=256)))
    with pytest.raises(ValueError, match="max_m 130 must be a multiple of the kernel's tile M 128: each group's "
                                         "rows are padded to it"):
        grouped.check_alignment(meta, grouped.check_masked_args(**masked_tensors(max_m=130)))
    with pytest.raises(ValueError, match="M 250 must be a multiple of the kernel's tile M 128"):
        grouped.check_alignment(meta, grouped.check_contiguous_args(**contiguous_tensors(m=250)))
    with pytest.raises(ValueError, match="is not an M-grouped kernel"):
        grouped.check_alignment({"name": "k"}, grouped.check_masked_args(**masked_tensors()))


def test_grouped_spec_text():
    text = hopgemm.spec_text(shape=(None, 512, 384), a=hopgemm.Operand("f8E4M3FN", scale=(1, 128)),
                             b=hopgemm.Operand("f8E4M3FN", scale=(128, 128)), d="bf16", grouping="m_masked")
    assert text.rstrip().endswith("grouping = m_masked\n}")
    with pytest.raises(ValueError, match="grouping must be None, m_contiguous, m_masked or k_contiguous"):
        hopgemm.spec_text(shape=(None, 512, 384), a="bf16", b="bf16", grouping="n_masked")


def test_functions_need_torch_and_pairs():
    try:
        import torch  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="m_grouped_fp8_gemm_nt_contiguous needs torch"):
            hopgemm.m_grouped_fp8_gemm_nt_contiguous((None, None), (None, None), None, None)
        with pytest.raises(ImportError, match="m_grouped_fp8_gemm_nt_masked needs torch"):
            hopgemm.m_grouped_fp8_gemm_nt_masked((None, None), (None, None), None, None, 0)
        return
    with pytest.raises(TypeError, match=r"a must be a pair \(a, sa\)"):
        hopgemm.m_grouped_fp8_gemm_nt_contiguous(None, (None, None), None, None)
    with pytest.raises(TypeError, match="expected_m must be a non-negative int"):
        hopgemm.m_grouped_fp8_gemm_nt_masked((None, None), (None, None), None, None, -1)


GROUPED_INPUTS = os.path.join(ROOT, "test", "Runtime", "Inputs", "grouped")

MASKED_LAUNCH = f"""
import hopgemm
from fakes import BFLOAT16, FLOAT8, FLOAT32, INT32, FakeCuda, FakeTensor
from hopgemm import grouped
cuda = FakeCuda()
kernel = hopgemm.Kernel.load({os.path.join(GROUPED_INPUTS, "grouped_masked_gemm.ptx")!r})
g, max_m, n, k = 3, 64, 160, 256
t = dict(a=FakeTensor.on(cuda, (g, max_m, k), FLOAT8),
         sa=FakeTensor.on(cuda, (g, max_m, 2), FLOAT32, strides=(2 * 64, 1, 64)),
         b=FakeTensor.on(cuda, (g, n, k), FLOAT8), sb=FakeTensor.on(cuda, (g, 2, 2), FLOAT32),
         d=FakeTensor.on(cuda, (g, max_m, n), BFLOAT16), masked_m=FakeTensor.on(cuda, (g,), INT32))
plan = grouped.check_masked_args(**t)
grouped.check_alignment(kernel.metadata, plan)
grouped._launch(kernel, plan, t["a"], t["sa"], t["b"], t["sb"], t["d"], t["masked_m"], stream=0)
print("counters", cuda.counters())
try:
    kernel.launch(max_m, n, k, a=t["a"].data_ptr(), sa=t["sa"].data_ptr(), b=t["b"].data_ptr(),
                  sb=t["sb"].data_ptr(), d=t["d"].data_ptr(), groups=g)
except hopgemm.InvalidArgumentError as e:
    print("error:", e)
del kernel
cuda.free_all()
"""


def test_masked_launch_on_the_fake_driver(fake_cuda):
    # The grouped fields of the ctypes mirror reach the planner and the
    # fake's grouped_masked_gemm, which checks the grid and the index range.
    out = run_python(MASKED_LAUNCH, env={"HOPGEMM_LIBCUDA": fake_cuda, "HOPGEMM_LIBRARY": RUNTIME_LIBRARY}).stdout
    assert "counters (1, 0, 1)" in out
    assert "error: grouped_masked_gemm: tensor masked_m is required but its pointer is null" in out


def test_expected_m_picks_the_tile(tmp_path):
    """The masked function's expected_m hint: up to 64, a kernel with 64-row
    tiles (its own spec, cache key and precompiled match), else the
    heuristic's."""
    small = hopgemm.gemm.recipe_spec(7168, 2048, "m_masked", tile_m=grouped.SMALL_TILE_M)
    assert "config = #gemm.config<tile = [64, 128, 128]>" in small
    assert "_tm64" in small
    assert "config" not in hopgemm.gemm.recipe_spec(7168, 2048, "m_masked")
    assert "tile = [64, 40, 128]" in hopgemm.gemm.recipe_spec(40, 2048, "m_masked", tile_m=64)
    meta = {"shape": [-1, 7168, 2048], "grouping": {"kind": "m_masked", "m_alignment": 128},
            "tile": [128, 128, 128], **hopgemm.gemm.RECIPE}
    assert hopgemm.gemm.matches_recipe(meta, 7168, 2048, "m_masked")
    assert not hopgemm.gemm.matches_recipe(meta, 7168, 2048, "m_masked", tile_m=64)
    assert hopgemm.gemm.matches_recipe(dict(meta, tile=[64, 128, 128]), 7168, 2048, "m_masked", tile_m=64)
    if not hopgemm.has_compiler():
        pytest.skip(f"{hopgemm.library_path()} cannot compile")
    kernel = hopgemm.Compiler(cache_dir=tmp_path).compile(small)
    assert kernel.metadata["tile"][0] == 64
    assert kernel.metadata["grouping"] == {"kind": "m_masked", "m_alignment": 64}
