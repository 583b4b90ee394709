"""bf16_gemm_nt / nn / tn / tt without a GPU: the spec text per layout, the
precompiled lookup by metadata, the argument checks on objects that look like
torch tensors, and the launch through the runtime-only library on the fake
driver."""

import re

import pytest

import hopgemm
from conftest import RUNTIME_LIBRARY, run_python
from fakes import BFLOAT16, FLOAT8, FLOAT32, FakeDevice, FakeTensor
from hopgemm import bf16, gemm

# DeepGEMM's layouts: (layout, a's major, b's major); d = c + X(a) @ Y(b),
# X and Y the identity (n) or a transpose (t).
LAYOUTS = [("nt", "k_major", "k_major"), ("nn", "k_major", "n_major"), ("tn", "m_major", "n_major"),
           ("tt", "m_major", "k_major")]


def tensors(layout, m=64, n=200, k=1040, out=BFLOAT16, c=False):
    """a (M, K) for n, (K, M) for t; b (N, K) for t, (K, N) for n."""
    a_shape = (m, k) if layout[0] == "n" else (k, m)
    b_shape = (n, k) if layout[1] == "t" else (k, n)
    t = dict(a=FakeTensor(a_shape, BFLOAT16), b=FakeTensor(b_shape, BFLOAT16), d=FakeTensor((m, n), out))
    if c:
        t["c"] = FakeTensor((m, n), out)
    return t


@pytest.mark.parametrize("layout, a_major, b_major", LAYOUTS)
def test_spec_text_and_plan(layout, a_major, b_major):
    text = bf16.bf16_spec(layout, 200, 1040, "bf16", False)
    assert text.startswith(f"gemm.matmul @bf16_gemm_{layout}_n200_k1040_bf16 {{\n  shape = [?, 200, 1040],")
    assert f"a = #gemm.operand<bf16, {a_major}>,\n  b = #gemm.operand<bf16, {b_major}>," in text
    assert text.rstrip().endswith("d = #gemm.operand<bf16, n_major>\n}")
    assert "config" not in text
    text = bf16.bf16_spec(layout, 200, 1040, "f32", True)
    assert f"@bf16_gemm_{layout}_n200_k1040_f32_c " in text
    assert "d = #gemm.operand<f32, n_major>,\n  c = #gemm.operand<f32, n_major>" in text
    plan = bf16.check_args(layout, **tensors(layout))
    assert (plan.layout, plan.m, plan.n, plan.k, plan.out_dtype, plan.with_c) == (layout, 64, 200, 1040, "bf16", False)
    t = tensors(layout, out=FLOAT32, c=True)
    assert bf16.check_args(layout, **t).out_dtype == "f32"
    # c may be d itself.
    assert bf16.check_args(layout, **dict(t, c=t["d"])).with_c


@pytest.mark.parametrize("layout", ["nt", "nn", "tn", "tt"])
def test_precompiled_lookup(layout, tmp_path):
    # Compiled here (the heuristic's config), then found by metadata alone.
    kernel = hopgemm.compile(bf16.bf16_spec(layout, 200, 1040, "f32", True))
    meta = kernel.metadata
    assert bf16.matches_bf16(meta, layout, 200, 1040, "f32", True)
    assert not bf16.matches_bf16(meta, layout, 200, 1040, "f32", False)
    assert not bf16.matches_bf16(meta, layout, 200, 1040, "bf16", True)
    assert not bf16.matches_bf16(meta, layout, 208, 1040, "f32", True)
    assert not bf16.matches_bf16(dict(meta, shape=[64, 200, 1040]), layout, 200, 1040, "f32", True)
    assert not bf16.matches_bf16(dict(meta, grouping={"kind": "m_contiguous"}), layout, 200, 1040, "f32", True)
    assert not bf16.matches_bf16(dict(meta, a=dict(meta["a"], dtype="f16")), layout, 200, 1040, "f32", True)
    for other in {"nt", "nn", "tn", "tt"} - {layout}:
        assert not bf16.matches_bf16(meta, other, 200, 1040, "f32", True)
    assert not gemm.matches_recipe(meta, 200, 1040)
    path = kernel.save(tmp_path)
    assert gemm.find_matching(str(tmp_path), lambda m: bf16.matches_bf16(m, layout, 200, 1040, "f32", True)) == \
        (path, path[:-4] + ".json")
    assert gemm.find_matching(str(tmp_path), lambda m: bf16.matches_bf16(m, layout, 200, 1040, "f32", False)) is None


@pytest.mark.parametrize("layout, change, error, match", [
    ("nt", dict(a=object()), TypeError, "a must be a torch.Tensor, got object"),
    ("nt", dict(b=FakeTensor((200, 1040), FLOAT8)), TypeError, "b must be torch.bfloat16, got torch.float8_e4m3fn"),
    ("nn", dict(a=FakeTensor((64, 1040), FLOAT32)), TypeError, "a must be torch.bfloat16, got torch.float32"),
    ("tn", dict(d=FakeTensor((64, 200), FLOAT8)), TypeError,
     "d must be torch.bfloat16 or torch.float32, got torch.float8_e4m3fn"),
    ("tt", dict(c=FakeTensor((64, 200), BFLOAT16)), TypeError,
     "c must have d's dtype torch.float32, got torch.bfloat16"),
    ("nt", dict(c=FakeTensor((64, 200, 1), FLOAT32, strides=(200, 1, 1))), ValueError, "c must be 2-D"),
    ("nn", dict(b=FakeTensor((1040, 200), BFLOAT16, device=FakeDevice("cpu", None))), ValueError,
     "b must be on a CUDA device, got cpu:None"),
    ("tn", dict(d=FakeTensor((64, 200), FLOAT32, device=FakeDevice("cuda", 1))), ValueError,
     "d is on cuda:1 but a is on cuda:0"),
    # b (N, K) given where (K, N) is expected, and the other way round.
    ("nn", dict(b=FakeTensor((200, 1040), BFLOAT16)), ValueError,
     r"b has shape \(200, 1040\), whose K 200 is not a's K 1040 \(bf16_gemm_nn takes a as \(M, K\) and b as "
     r"\(K, N\); a has shape \(64, 1040\)\)"),
    ("tn", dict(b=FakeTensor((200, 1040), BFLOAT16)), ValueError,
     r"whose K 200 is not a's K 1040 \(bf16_gemm_tn takes a as \(K, M\) and b as \(K, N\)"),
    ("tt", dict(b=FakeTensor((1040, 200), BFLOAT16)), ValueError,
     r"whose K 200 is not a's K 1040 \(bf16_gemm_tt takes a as \(K, M\) and b as \(N, K\)"),
    ("tn", dict(b=FakeTensor((1000, 200), BFLOAT16)), ValueError, r"b has shape \(1000, 200\), whose K 1000"),
    ("tn", dict(c=FakeTensor((64, 208), FLOAT32)), ValueError,
     r"c has shape \(64, 208\), expected \(M, N\) = \(64, 200\) \(bf16_gemm_tn takes a as \(K, M\) and b as "
     r"\(K, N\); a has shape \(1040, 64\), b \(1040, 200\)\)"),
    ("nt", dict(d=FakeTensor((200, 64), FLOAT32)), ValueError,
     r"d has shape \(200, 64\), expected \(M, N\) = \(64, 200\)"),
    ("tn", dict(a=FakeTensor((1040, 64), BFLOAT16, strides=(1, 1040))), ValueError,
     r"a must be contiguous \(row-major\), got strides \(1, 1040\)"),
    ("nt", dict(d=FakeTensor((64, 200), FLOAT32, strides=(1, 64))), ValueError, "d must be contiguous"),
])
def test_argument_errors(layout, change, error, match):
    with pytest.raises(error, match=match):
        bf16.check_args(layout, **dict(tensors(layout, out=FLOAT32, c=True), **change))


@pytest.mark.parametrize("layout, shape, match", [
    # K-major operands: K; M- (N-) major ones: M (N); d: N.
    ("nt", (64, 200, 1036), "K = 1036 must be a multiple of 8 for bf16_gemm_nt: a's rows are K long, 2072 bytes"),
    ("nn", (64, 200, 1036), "K = 1036 must be a multiple of 8 for bf16_gemm_nn: a's rows are K long"),
    ("nn", (64, 196, 1040), "N = 196 must be a multiple of 8 for bf16_gemm_nn: b's rows are N long, 392 bytes"),
    ("tn", (60, 200, 1040), "M = 60 must be a multiple of 8 for bf16_gemm_tn: a's rows are M long, 120 bytes, "
                            "and TMA needs a multiple of 16"),
    ("tn", (64, 196, 1040), "N = 196 must be a multiple of 8 for bf16_gemm_tn: b's rows are N long"),
    ("tt", (60, 200, 1040), "M = 60 must be a multiple of 8 for bf16_gemm_tt: a's rows"),
    ("tt", (64, 200, 1036), "K = 1036 must be a multiple of 8 for bf16_gemm_tt: b's rows are K long"),
    ("nt", (64, 196, 1040), "N = 196 must be a multiple of 8 for bf16_gemm_nt: d's rows are N long, 392 bytes"),
])
def test_sixteen_byte_rows(layout, shape, match):
    m, n, k = shape
    with pytest.raises(ValueError, match=match):
        bf16.check_args(layout, **tensors(layout, m, n, k))


def test_sixteen_byte_rows_elsewhere():
    # A float32 d's rows need N a multiple of 4 only; nothing constrains a
    # K-major operand's M or an MN-major one's K.
    bf16.check_args("nt", **tensors("nt", m=61, n=196, k=1040, out=FLOAT32, c=True))
    bf16.check_args("tn", **tensors("tn", m=64, n=200, k=1037))
    with pytest.raises(ValueError, match="N = 198 must be a multiple of 4 for bf16_gemm_nt: d's rows"):
        bf16.check_args("nt", **tensors("nt", n=198, out=FLOAT32, c=True))


def test_empty_m():
    # M = 0 plans a launch of nothing; the functions return d before any
    # kernel is looked for.
    for layout in ("nt", "nn", "tn", "tt"):
        assert bf16.check_args(layout, **tensors(layout, m=0, c=True)).m == 0


def test_functions_need_torch():
    try:
        import torch  # noqa: F401
    except ImportError:
        for layout in ("nt", "nn", "tn", "tt"):
            with pytest.raises(ImportError, match=f"hopgemm.bf16_gemm_{layout} needs torch"):
                getattr(hopgemm, f"bf16_gemm_{layout}")(None, None, None)
        return
    with pytest.raises(TypeError, match="a must be a torch.Tensor, got NoneType"):
        hopgemm.bf16_gemm_tn(None, None, None)


def test_launch_on_the_runtime_only_library(fake_cuda, tmp_path):
    # Kernels compiled here, renamed to the fake driver's kernel that writes
    # nothing, and found in HOPGEMM_KERNEL_DIR by their metadata alone: the
    # library checks each tensor's view (a (K, M) for tn and tt, b (K, N)
    # for nn and tn) and takes c = d.
    for layout, out, with_c in (("nt", "bf16", False), ("nn", "f32", True), ("tn", "bf16", True),
                                ("tt", "f32", False)):
        text = re.sub(r"@\w+", "@fp8_gemm_nt", bf16.bf16_spec(layout, 200, 1040, out, with_c))
        hopgemm.compile(text).save(tmp_path / layout)
    code = f"""
import os
import hopgemm
from hopgemm import bf16, gemm
from fakes import FakeCuda, FakeTensor, BFLOAT16, FLOAT32
cuda = FakeCuda()
m, n, k = 1000, 200, 1040
for layout, out, with_c in (("nt", BFLOAT16, False), ("nn", FLOAT32, True), ("tn", BFLOAT16, True),
                            ("tt", FLOAT32, False)):
    os.environ["HOPGEMM_KERNEL_DIR"] = os.path.join({str(tmp_path)!r}, layout)
    a = FakeTensor.on(cuda, (m, k) if layout[0] == "n" else (k, m), BFLOAT16)
    b = FakeTensor.on(cuda, (n, k) if layout[1] == "t" else (k, n), BFLOAT16)
    d = FakeTensor.on(cuda, (m, n), out)
    c = d if with_c else None
    plan = bf16.check_args(layout, a, b, d, c)
    kernel = bf16.kernel_for(0, layout, n, k, plan.out_dtype, plan.with_c)
    bf16.launch(kernel, plan, a, b, d, c, stream=0)
    print(layout, kernel.metadata["a"]["major"], kernel.metadata["b"]["major"], "c" in kernel.metadata)
    try:
        bf16.kernel_for(0, layout, n, k, plan.out_dtype, not plan.with_c)
    except hopgemm.NoCompilerError as e:
        print("error:", e)
print("counters", cuda.counters())
# tt's (K, M) a, two bytes short: the library checks the bytes.
short = FakeTensor.on(cuda, (k, m), BFLOAT16)
short._nbytes = k * m * 2 - 2
try:
    bf16.launch(kernel, plan, short, b, d, None, stream=0)
except hopgemm.InvalidArgumentError as e:
    print("error:", e)
del kernel
gemm._kernels.clear()
cuda.free_all()
"""
    out = run_python(code, env={"HOPGEMM_LIBCUDA": fake_cuda, "HOPGEMM_LIBRARY": RUNTIME_LIBRARY}).stdout
    lines = out.splitlines()
    assert lines[0] == "nt k_major k_major False"
    assert lines[1].startswith("error: no precompiled bf16_gemm_nt kernel for N=200, K=1040, bf16 d with c in "
                               "HOPGEMM_KERNEL_DIR=")
    assert lines[2] == "nn k_major n_major True"
    assert lines[3].startswith("error: no precompiled bf16_gemm_nn kernel for N=200, K=1040, f32 d in ")
    assert lines[4] == "tn m_major n_major True"
    assert lines[6] == "tt m_major k_major False"
    assert lines[8] == "counters (0, 0, 4)"
    assert lines[9].startswith("error: ") and "tensor a needs 2080000 bytes but its buffer has 2079998" in lines[9]
