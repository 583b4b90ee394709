"""The runtime through ctypes, against test/Runtime's fake libcuda (each case
in its own process: the driver is loaded once per process), and
fp8_gemm_nt's argument handling on objects that look like torch tensors."""

import pytest

import hopgemm
from conftest import EXAMPLE_SPEC, RUNTIME_LIBRARY, run_python
from fakes import BFLOAT16, E8M0, FLOAT8, FLOAT32, FakeDevice, FakeTensor
from hopgemm import gemm

LOAD_AND_LAUNCH = f"""
import hopgemm
from fakes import FakeCuda
cuda = FakeCuda()
dev = hopgemm.Device(0)
print(dev)
assert hopgemm.Device(0) is dev
kernel = hopgemm.compile(open({EXAMPLE_SPEC!r}).read()).load()
print(kernel)
m, n, k = 300, 7168, 2048
ptr = {{name: cuda.alloc(size) for name, size in
       dict(a=m * k, sa=16 * 304 * 4, b=n * k, sb=56 * 16 * 4, d=m * n * 2).items()}}
args = dict(a=ptr["a"], sa=hopgemm.TensorArg(ptr["sa"], ld=304), b=ptr["b"], sb=ptr["sb"],
            d=hopgemm.TensorArg(ptr["d"], rows=m, cols=n, bytes=m * n * 2))
kernel.launch(m, n, k, **args)
kernel.launch(m, n, k, stream=None, **args)
print("counters", cuda.counters())
for bad, err in ((dict(args, d=hopgemm.TensorArg(ptr["d"], bytes=100)), "tensor d needs"),
                 (dict(args, sa=hopgemm.TensorArg(ptr["sa"], ld=302)), "not a multiple of 16")):
    try:
        kernel.launch(m, n, k, **bad)
    except hopgemm.InvalidArgumentError as e:
        assert err in str(e), e
    else:
        raise AssertionError("no error")
try:
    kernel.launch(m, 4096, k, **args)
except ValueError as e:
    print("error:", e)
del kernel
cuda.free_all()
"""


def test_load_and_launch_on_the_fake_driver(fake_cuda):
    out = run_python(LOAD_AND_LAUNCH, env={"HOPGEMM_LIBCUDA": fake_cuda}).stdout
    assert "Device(0: Fake H100, 132 SMs, sm_90)" in out
    assert "Kernel('fp8_gemm_nt', shape=[-1, 7168, 2048], on device 0)" in out
    # Two launches and no descriptor upload: the compiled kernels take their
    # TMA descriptors as __grid_constant__ parameters.
    assert "counters (0, 0, 2)" in out
    assert "error: fp8_gemm_nt: n 4096 does not match the kernel's static n 7168" in out


def test_load_from_files(fake_cuda, tmp_path):
    code = f"""
import hopgemm
path = hopgemm.compile(open({EXAMPLE_SPEC!r}).read()).save({str(tmp_path)!r})
print(hopgemm.Kernel.load(path).name)
print(hopgemm.Kernel.load(open(path).read(), path[:-4] + ".json").name)
try:
    hopgemm.Kernel.load(path, metadata='{{"format_version": 99}}')
except hopgemm.InvalidArgumentError as e:
    print("error:", e)
"""
    out = run_python(code, env={"HOPGEMM_LIBCUDA": fake_cuda}).stdout
    assert out.startswith("fp8_gemm_nt\nfp8_gemm_nt\nerror: kernel image metadata: ")


def test_no_driver():
    out = run_python("""
import hopgemm
try:
    hopgemm.Device(0)
except hopgemm.NoDeviceError as e:
    print("error:", e)
""", env={"HOPGEMM_LIBCUDA": "/nonexistent/libcuda.so.1"}).stdout
    assert out.startswith("error: no CUDA driver found (/nonexistent/libcuda.so.1 could not be loaded")


def test_runtime_only_library(fake_cuda, tmp_path):
    # Kernels compiled here, loaded through libhopgemm_runtime.so from
    # HOPGEMM_KERNEL_DIR as on a machine without LLVM.
    hopgemm.compile(open(EXAMPLE_SPEC).read()).save(tmp_path)
    code = """
import hopgemm
from hopgemm import gemm
from fakes import FakeCuda, FakeTensor, FLOAT8, FLOAT32, BFLOAT16
print(hopgemm.library_path(), hopgemm.has_compiler())
try:
    hopgemm.Compiler()
except hopgemm.NoCompilerError as e:
    print("error:", e)
try:
    gemm.kernel_for(0, 4096, 2048)
except hopgemm.NoCompilerError as e:
    print("error:", e)
cuda = FakeCuda()
m, n, k = 129, 7168, 2048
a = FakeTensor.on(cuda, (m, k), FLOAT8)
sa = FakeTensor.on(cuda, (m, 16), FLOAT32, strides=(1, 132))
b = FakeTensor.on(cuda, (n, k), FLOAT8)
sb = FakeTensor.on(cuda, (56, 16), FLOAT32)
d = FakeTensor.on(cuda, (m, n), BFLOAT16)
plan = gemm.check_args(a, sa, b, sb, d)
kernel = gemm.kernel_for(0, n, k)
gemm.launch(kernel, plan, a, sa, b, sb, d, stream=0)
print(kernel.name, "counters", cuda.counters())
del kernel
gemm._kernels.clear()
cuda.free_all()
"""
    out = run_python(code, env={"HOPGEMM_LIBCUDA": fake_cuda, "HOPGEMM_LIBRARY": RUNTIME_LIBRARY,
                                "HOPGEMM_KERNEL_DIR": str(tmp_path)}).stdout
    lines = out.splitlines()
    assert lines[0] == RUNTIME_LIBRARY + " False"
    assert lines[1].startswith("error: ") and "is the runtime-only library and cannot compile" in lines[1]
    assert lines[2].startswith("error: no precompiled fp8_gemm_nt kernel for N=4096, K=2048 in HOPGEMM_KERNEL_DIR=")
    assert lines[3] == "fp8_gemm_nt counters (0, 0, 1)"


def test_decode_kernels(fake_cuda, tmp_path):
    """fp8_gemm_nt takes the kernel tuned for M's decode bound (expected_m
    16, 64 or 128) when there is one, else the next larger bound's, else
    the general kernel."""
    assert [gemm.expected_m_for(m) for m in (1, 16, 17, 64, 65, 128, 129)] == [16, 16, 64, 64, 128, 128, None]
    # At most 16 rows the tuned kernel computes its tiles transposed.
    small = hopgemm.compile(gemm.recipe_spec(7168, 2048, expected_m=16))
    assert small.metadata["swap_ab"] is True and small.metadata["tile"][:2] == [16, 64]
    assert "expected_m = 64" in gemm.recipe_spec(7168, 2048, expected_m=64)
    tuned = hopgemm.compile(gemm.recipe_spec(7168, 2048, expected_m=64))
    assert tuned.metadata["expected_m"] == 64 and tuned.name == "fp8_gemm_nt_n7168_k2048_em64"
    assert gemm.matches_recipe(tuned.metadata, 7168, 2048, expected_m=64)
    assert not gemm.matches_recipe(tuned.metadata, 7168, 2048)
    tuned.save(tmp_path)
    hopgemm.compile(open(EXAMPLE_SPEC).read()).save(tmp_path)
    code = """
from hopgemm import gemm
for m in (1, 64, 100, 4096):
    print(m, gemm.fp8_kernel_for(0, 7168, 2048, gemm.F32_SCALES, m).name)
"""
    out = run_python(code, env={"HOPGEMM_LIBCUDA": fake_cuda, "HOPGEMM_LIBRARY": RUNTIME_LIBRARY,
                                "HOPGEMM_KERNEL_DIR": str(tmp_path)}).stdout
    assert out.splitlines() == ["1 fp8_gemm_nt_n7168_k2048_em64", "64 fp8_gemm_nt_n7168_k2048_em64",
                                "100 fp8_gemm_nt", "4096 fp8_gemm_nt"]


def test_large_m_tile(fake_cuda, tmp_path):
    """Above the decode bounds fp8_gemm_nt takes the config heuristic's tile
    for M where it differs from the general dynamic-M kernel's: compiled
    (keyed by the tile, so few kernels per (N, K)), or precompiled, where
    the runtime-only library applies the compiler's rule; without that
    kernel, the general one serves."""
    assert gemm.large_m_tile(2112, 4096, 132) == (None, 192)
    assert gemm.large_m_tile(2112, 4000, 132) == (None, 192)
    assert gemm.large_m_tile(2112, 512, 132) == (None, 64)
    assert gemm.large_m_tile(2112, 768, 132) == (None, 96)
    assert gemm.large_m_tile(4096, 512, 132) == (None, None)
    assert gemm.large_m_tile(7168, 4096, 132) == (256, None)
    assert gemm.large_m_tile(7168, 4000, 132) == (256, None)
    assert gemm.large_m_tile(7168, 2048, 132) == (None, None)
    assert gemm.large_m_tile(160, 4096, 132) == (None, 64)
    # Past 128 columns the wide tile is capped at N, as the compiler caps it.
    assert gemm.large_m_tile(160, 65536, 132) == (None, 160)
    # The rule is the compiler's: the heuristic's config for a static M.
    for n, m in ((2112, 512), (2112, 768), (4096, 512), (2112, 4000), (2112, 4096), (7168, 4096), (7168, 4000),
                 (7168, 2048), (7168, 512), (160, 4096), (160, 65536)):
        spec = gemm.recipe_spec(n, 7168, expected_m=m)
        tile_m, tile_n = gemm.large_m_tile(n, m, 132)
        picked = f"tile = [{tile_m or 128}, {tile_n or min(128, n)}, 128]"
        assert picked in hopgemm.Compiler(num_sms=132).select_configs(spec)[0]
    assert gemm.kernel_preferences(2112, 4096, 132) == [(None, None, 192), (None, None, None)]
    assert gemm.kernel_preferences(7168, 4096, 132) == [(None, 256, None), (None, None, None)]
    assert gemm.kernel_preferences(2112, 40, 132) == [(64, None, None), (128, None, None), (None, None, None)]
    spec = gemm.recipe_spec(2112, 7168, tile_n=192)
    assert "tile = [128, 192, 128]" in spec and "fp8_gemm_nt_n2112_k7168_tn192" in spec
    wide = hopgemm.compile(spec)
    assert gemm.matches_recipe(wide.metadata, 2112, 7168, tile_n=192)
    assert not gemm.matches_recipe(wide.metadata, 2112, 7168, tile_n=128)
    spec = gemm.recipe_spec(7168, 2048, tile_m=256)
    assert "tile = [256, 128, 128]" in spec and "fp8_gemm_nt_n7168_k2048_tm256" in spec
    code = """
from hopgemm import gemm
for m in (256, 4096):
    print(m, gemm.fp8_kernel_for(0, 2112, 7168, gemm.F32_SCALES, m).name)
"""
    out = run_python(code, env={"HOPGEMM_LIBCUDA": fake_cuda}).stdout
    assert out.splitlines() == ["256 fp8_gemm_nt_n2112_k7168_tn64", "4096 fp8_gemm_nt_n2112_k7168_tn192"]
    # Precompiled: the general kernel alone serves every M; with the wide
    # one beside it, M = 4096 takes that (M = 256's 64-column kernel is not
    # there: the general one serves).
    hopgemm.compile(gemm.recipe_spec(2112, 7168)).save(tmp_path)
    env = {"HOPGEMM_LIBCUDA": fake_cuda, "HOPGEMM_LIBRARY": RUNTIME_LIBRARY, "HOPGEMM_KERNEL_DIR": str(tmp_path)}
    assert run_python(code, env=env).stdout.splitlines() == ["256 fp8_gemm_nt_n2112_k7168",
                                                             "4096 fp8_gemm_nt_n2112_k7168"]
    wide.save(tmp_path)
    assert run_python(code, env=env).stdout.splitlines() == ["256 fp8_gemm_nt_n2112_k7168",
                                                             "4096 fp8_gemm_nt_n2112_k7168_tn192"]


def deepseek_tensors(m=256, n=7168, k=2048, sa_strides=None, sa_dtype=FLOAT32, sb_dtype=FLOAT32):
    kb = (k + 127) // 128
    return dict(a=FakeTensor((m, k), FLOAT8), sa=FakeTensor((m, kb), sa_dtype, strides=sa_strides),
                b=FakeTensor((n, k), FLOAT8), sb=FakeTensor(((n + 127) // 128, kb), sb_dtype),
                d=FakeTensor((m, n), BFLOAT16))


def test_scale_layouts():
    # DeepGEMM's TMA-aligned M-major scales are used as they are.
    plan = gemm.check_args(**deepseek_tensors(m=250, sa_strides=(1, 252)))
    assert (plan.m, plan.n, plan.k, plan.sa_direct, plan.sa_ld) == (250, 7168, 2048, True, 252)
    # K-major scales are transposed into a row stride of align_up(M, 4).
    plan = gemm.check_args(**deepseek_tensors(m=250))
    assert (plan.sa_direct, plan.sa_ld) == (False, 252)
    # One K block: any M-major stride will do.
    plan = gemm.check_args(**deepseek_tensors(m=5, k=128, sa_strides=(1, 5)))
    assert (plan.sa_direct, plan.sa_ld) == (True, 0)
    with pytest.raises(ValueError, match=r"sa with strides \(1, 250\) is neither"):
        gemm.check_args(**deepseek_tensors(m=250, sa_strides=(1, 250)))


def test_byte_scale_layouts():
    # UE8M0 scales: M-major rows of 16 bytes.
    plan = gemm.check_args(**deepseek_tensors(m=250, sa_strides=(1, 256), sa_dtype=E8M0, sb_dtype=E8M0))
    assert (plan.sa_direct, plan.sa_ld, plan.scale_dtypes) == (True, 256, ("f8E8M0FNU", "f8E8M0FNU"))
    plan = gemm.check_args(**deepseek_tensors(m=250, sa_dtype=E8M0))
    assert (plan.sa_direct, plan.sa_ld, plan.scale_dtypes) == (False, 256, ("f8E8M0FNU", "f32"))
    plan = gemm.check_args(**deepseek_tensors(m=250, sa_strides=(1, 252), sb_dtype=E8M0))
    assert (plan.sa_direct, plan.sa_ld, plan.scale_dtypes) == (True, 252, ("f32", "f8E8M0FNU"))
    with pytest.raises(ValueError, match=r"sa with strides \(1, 252\) is neither .* a multiple of 16"):
        gemm.check_args(**deepseek_tensors(m=250, sa_strides=(1, 252), sa_dtype=E8M0))
    with pytest.raises(TypeError, match="sa must be torch.float32 or torch.float8_e8m0fnu, got torch.bfloat16"):
        gemm.check_args(**deepseek_tensors(sa_dtype=BFLOAT16))


def test_byte_scale_recipe(tmp_path):
    both = ("f8E8M0FNU", "f8E8M0FNU")
    text = gemm.recipe_spec(7168, 2048, scale_dtypes=both)
    assert "gemm.matmul @fp8_gemm_nt_n7168_k2048_sa_ue8m0_sb_ue8m0" in text
    assert "block_scale = [1, 128] : f8E8M0FNU" in text
    assert "block_scale = [128, 128] : f8E8M0FNU" in text
    assert "_sa_ue8m0" not in gemm.recipe_spec(7168, 2048, scale_dtypes=("f32", "f8E8M0FNU"))
    kernel = hopgemm.compile(text)
    assert kernel.metadata["a"]["scale_dtype"] == "f8E8M0FNU"
    assert gemm.matches_recipe(kernel.metadata, 7168, 2048, scale_dtypes=both)
    assert not gemm.matches_recipe(kernel.metadata, 7168, 2048)
    assert not gemm.matches_recipe(kernel.metadata, 7168, 2048, scale_dtypes=("f32", "f8E8M0FNU"))
    path = kernel.save(tmp_path)
    assert gemm.find_matching(tmp_path, lambda meta: gemm.matches_recipe(meta, 7168, 2048, scale_dtypes=both)) \
        == (path, path[:-4] + ".json")
    assert gemm.find_precompiled(tmp_path, 7168, 2048) is None


def test_byte_scales_on_the_runtime_only_library(fake_cuda, tmp_path):
    # A byte-scale kernel found in HOPGEMM_KERNEL_DIR by its scale dtypes
    # and launched through the fake (it is named like the example, which the
    # fake runs as a kernel that writes nothing): the library checks the
    # byte scales' layout.
    text = hopgemm.spec_text(shape=(None, 7168, 2048), name="fp8_gemm_nt",
                             a=hopgemm.Operand("f8E4M3FN", scale=(1, 128), scale_dtype="f8E8M0FNU"),
                             b=hopgemm.Operand("f8E4M3FN", scale=(128, 128), scale_dtype="f8E8M0FNU"))
    hopgemm.compile(text).save(tmp_path)
    code = """
import hopgemm
from hopgemm import gemm
from fakes import FakeCuda, FakeTensor, FLOAT8, E8M0, BFLOAT16
cuda = FakeCuda()
m, n, k = 129, 7168, 2048
a = FakeTensor.on(cuda, (m, k), FLOAT8)
sa = FakeTensor.on(cuda, (m, 16), E8M0, strides=(1, 144))
b = FakeTensor.on(cuda, (n, k), FLOAT8)
sb = FakeTensor.on(cuda, (56, 16), E8M0)
d = FakeTensor.on(cuda, (m, n), BFLOAT16)
try:
    gemm.kernel_for(0, n, k)
except hopgemm.NoCompilerError as e:
    print("error:", e)
plan = gemm.check_args(a, sa, b, sb, d)
kernel = gemm.kernel_for(0, n, k, scale_dtypes=plan.scale_dtypes)
gemm.launch(kernel, plan, a, sa, b, sb, d, stream=0)
print(kernel.name, "counters", cuda.counters())
# f32-sized scale buffers would be too small: the library counts bytes.
short = FakeTensor.on(cuda, (56, 16), E8M0)
short._nbytes = 56 * 16 - 1
try:
    gemm.launch(kernel, plan, a, sa, b, short, d, stream=0)
except hopgemm.InvalidArgumentError as e:
    print("error:", e)
del kernel
gemm._kernels.clear()
cuda.free_all()
"""
    out = run_python(code, env={"HOPGEMM_LIBCUDA": fake_cuda, "HOPGEMM_LIBRARY": RUNTIME_LIBRARY,
                                "HOPGEMM_KERNEL_DIR": str(tmp_path)}).stdout
    lines = out.splitlines()
    assert lines[0].startswith("error: no precompiled fp8_gemm_nt kernel for N=7168, K=2048 in HOPGEMM_KERNEL_DIR=")
    assert lines[1] == "fp8_gemm_nt counters (0, 0, 1)"
    assert lines[2].startswith("error: ") and "tensor sb needs 896 bytes but its buffer has 895" in lines[2]


@pytest.mark.parametrize("change, error, match", [
    (dict(a=object()), TypeError, "a must be a torch.Tensor, got object"),
    (dict(a=FakeTensor((256, 2048), BFLOAT16)), TypeError, "a must be torch.float8_e4m3fn, got torch.bfloat16"),
    (dict(sb=FakeTensor((56, 16), BFLOAT16)), TypeError, "sb must be torch.float32"),
    (dict(d=FakeTensor((256, 7168), FLOAT32)), TypeError, "d must be torch.bfloat16"),
    (dict(d=FakeTensor((256, 7168, 1), BFLOAT16, strides=(7168, 1, 1))), ValueError, "d must be 2-D"),
    (dict(b=FakeTensor((7168, 2048), FLOAT8, device=FakeDevice("cpu", None))), ValueError,
     "b must be on a CUDA device, got cpu:None"),
    (dict(d=FakeTensor((256, 7168), BFLOAT16, device=FakeDevice("cuda", 1))), ValueError,
     "d is on cuda:1 but a is on cuda:0"),
    (dict(b=FakeTensor((7168, 1024), FLOAT8)), ValueError, r"b has shape \(7168, 1024\), expected \(7168, 2048\)"),
    (dict(sb=FakeTensor((56, 8), FLOAT32)), ValueError, r"sb has shape \(56, 8\), expected \(56, 16\)"),
    (dict(sa=FakeTensor((256, 15), FLOAT32)), ValueError, r"sa has shape \(256, 15\), expected \(256, 16\)"),
    (dict(d=FakeTensor((256, 7168), BFLOAT16, strides=(1, 256))), ValueError, "d must be contiguous"),
])
def test_argument_errors(change, error, match):
    with pytest.raises(error, match=match):
        gemm.check_args(**dict(deepseek_tensors(), **change))


def test_fp8_gemm_nt_pairs():
    # Without torch the call fails with a clear ImportError; with torch, bad
    # pairs are TypeErrors.
    try:
        import torch  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="fp8_gemm_nt needs torch"):
            hopgemm.fp8_gemm_nt((None, None), (None, None), None)
        return
    with pytest.raises(TypeError, match=r"a must be a pair \(a, sa\)"):
        hopgemm.fp8_gemm_nt(None, (None, None), None)


def test_precompiled_lookup(tmp_path):
    kernel = hopgemm.compile(open(EXAMPLE_SPEC).read())
    assert gemm.matches_recipe(kernel.metadata, 7168, 2048)
    assert not gemm.matches_recipe(kernel.metadata, 7168, 4096)
    other = dict(kernel.metadata, b=dict(kernel.metadata["b"], scale_block=[1, 128]))
    assert not gemm.matches_recipe(other, 7168, 2048)
    assert gemm.find_precompiled(tmp_path, 7168, 2048) is None
    path = kernel.save(tmp_path)
    (tmp_path / "broken.json").write_text("{")
    assert gemm.find_precompiled(tmp_path, 7168, 2048) == (path, path[:-4] + ".json")
