"""hopgemm.compile and hopgemm.Compiler: spec text, keyword arguments,
metadata and errors."""

import json
import os

import pytest

import hopgemm

DEEPSEEK = dict(shape=(None, 7168, 2048), a=hopgemm.Operand("f8E4M3FN", scale=(1, 128)),
                b=hopgemm.Operand("f8E4M3FN", scale=(128, 128)), d="bf16")


@pytest.fixture
def compiler(tmp_path):
    return hopgemm.Compiler(cache_dir=tmp_path)


def test_import_needs_no_torch_and_finds_the_library():
    assert hopgemm.has_compiler()
    assert hopgemm.library_version() == hopgemm.__version__
    assert hopgemm.library_path().endswith("libhopgemm.so")


def test_compile_spec_text(compiler, example_spec):
    kernel = compiler.compile(example_spec)
    assert kernel.name == "fp8_gemm_nt"
    assert ".entry fp8_gemm_nt" in kernel.ptx and ".target sm_90a" in kernel.ptx
    assert kernel.metadata["shape"] == [-1, 7168, 2048]
    assert kernel.metadata["tile"] == [128, 128, 128] and kernel.metadata["stages"] == 5
    assert json.loads(kernel.metadata_json) == kernel.metadata
    assert kernel.cache == "miss" and kernel.compile_ms > 0
    assert compiler.stats == {"misses": 1, "memory_hits": 0, "disk_hits": 0, "disk_errors": 0}


def test_keywords_build_the_same_spec(compiler, example_spec):
    first = compiler.compile(example_spec)
    again = compiler.compile(name="fp8_gemm_nt", config={"tile": (128, 128, 128), "stages": 5}, **DEEPSEEK)
    # Same canonical spec, so the same cache entry.
    assert again.cache == "memory"
    assert again.ptx == first.ptx


def test_module_level_compile(tmp_path):
    kernel = hopgemm.compile(cache_dir=tmp_path, name="k7168", **DEEPSEEK)
    assert kernel.name == "k7168"
    assert kernel.metadata["a"]["scale_block"] == [1, 128]
    # The heuristic filled the config.
    assert len(kernel.metadata["tile"]) == 3
    assert hopgemm.compile(cache_dir=tmp_path, name="k7168", **DEEPSEEK).cache == "memory"


def test_spec_text():
    text = hopgemm.spec_text(name="g", shape=(None, 256, 512), a=hopgemm.Operand("f8E5M2", scale="row"),
                             b=hopgemm.Operand("f8E4M3FN", scale="tensor"), d="f32", c=hopgemm.Operand("f32"),
                             config={"cluster": (2, 1), "schedule": "persistent"})
    assert text == ("gemm.matmul @g {\n  shape = [?, 256, 512],\n"
                    "  a = #gemm.operand<f8E5M2, k_major, row_scale : f32>,\n"
                    "  b = #gemm.operand<f8E4M3FN, k_major, tensor_scale : f32>,\n"
                    "  d = #gemm.operand<f32, n_major>,\n"
                    "  c = #gemm.operand<f32, n_major>,\n"
                    "  config = #gemm.config<cluster = [2, 1], schedule = persistent>\n}\n")


def test_config_schedule():
    """Each schedule the compiler knows reaches the spec text; others are
    rejected before it."""
    for schedule in ("data_parallel", "persistent", "stream_k"):
        text = hopgemm.spec_text(config={"schedule": schedule}, **DEEPSEEK)
        assert f"  config = #gemm.config<schedule = {schedule}>\n" in text
    with pytest.raises(ValueError, match="config schedule must be data_parallel, persistent or stream_k, got 'eager'"):
        hopgemm.spec_text(config={"schedule": "eager"}, **DEEPSEEK)


def test_cluster_along_n(compiler):
    """cluster [1, 2]: two CTAs of a row of tiles share A's tile, each loading
    half of its rows (A's TMA box) and multicasting it; [2, 2] is rejected
    with the lowering's diagnostic."""
    config = {"tile": (256, 128, 128), "cluster": (1, 2), "schedule": "persistent"}
    meta = compiler.compile(name="n2", config=config, **DEEPSEEK).metadata
    assert meta["cluster"] == [1, 2]
    box = {p["tensor"]: p.get("box") for p in meta["params"] if "tensor" in p}
    assert box["a"] == [128, 128] and box["b"] == [128, 128]
    with pytest.raises(hopgemm.CompileError, match=r"cluster \[2, 2\] is not supported by the lowering yet"):
        compiler.compile(name="c22", config=dict(config, cluster=(2, 2)), **DEEPSEEK)


def test_expected_m(compiler):
    """expected_m tunes a dynamic-M kernel's config (the decode heuristic's
    tile and split-K here) and is recorded in its metadata."""
    kernel = compiler.compile(name="decode", shape=(None, 2112, 7168), a=DEEPSEEK["a"], b=DEEPSEEK["b"],
                              expected_m=32)
    assert "expected_m = 32" in hopgemm.spec_text(name="decode", shape=(None, 2112, 7168), a=DEEPSEEK["a"],
                                                  b=DEEPSEEK["b"], expected_m=32)
    meta = kernel.metadata
    assert (meta["shape"], meta["tile"], meta["split_k"], meta["expected_m"]) == ([-1, 2112, 7168], [64, 64, 128], 4, 32)
    with pytest.raises(ValueError, match="expected_m must be a positive integer"):
        hopgemm.spec_text(expected_m=0, **DEEPSEEK)
    with pytest.raises(ValueError, match="expected_m tunes an ungrouped GEMM with a dynamic M"):
        compiler.compile(name="static", shape=(128, 2112, 7168), a=DEEPSEEK["a"], b=DEEPSEEK["b"], expected_m=32)


def test_select_configs(compiler):
    """The heuristic's config for each kernel of a spec, without compiling:
    a dynamic-M spec's tile at the expected_m it is asked for."""
    from hopgemm import gemm
    before = compiler.stats["misses"]
    configs = compiler.select_configs(gemm.recipe_spec(2112, 7168, expected_m=4096))
    assert configs == ["#gemm.config<tile = [128, 192, 128], stages = 4, cluster = [1, 1], schedule = persistent>"]
    assert compiler.stats["misses"] == before
    with pytest.raises(hopgemm.CompileError, match="unknown field 'bogus'"):
        compiler.select_configs("gemm.matmul @k { bogus = 1 }")


def test_keyword_errors(compiler):
    with pytest.raises(TypeError, match="pass either spec text or keyword arguments"):
        compiler.compile()
    with pytest.raises(TypeError, match=r"shape must be \(M, N, K\)"):
        compiler.compile(shape=(1, 2), a="bf16", b="bf16")
    with pytest.raises(ValueError, match="shape K must be a positive integer or None, got 0"):
        compiler.compile(shape=(None, 128, 0), a="bf16", b="bf16")
    with pytest.raises(ValueError, match="is not an identifier"):
        hopgemm.spec_text(name="a b", **DEEPSEEK)
    with pytest.raises(TypeError, match="operand a must be a dtype string or a hopgemm.Operand"):
        compiler.compile(shape=(None, 128, 128), a=3, b="bf16")
    with pytest.raises(ValueError, match="unknown config keys"):
        compiler.compile(config={"tiles": (1, 2, 3)}, **DEEPSEEK)
    with pytest.raises(ValueError, match="invalid operand field"):
        compiler.compile(shape=(None, 128, 128), a="bf16>, evil", b="bf16")
    with pytest.raises(TypeError, match="spec must be a str"):
        compiler.compile_all(b"gemm.matmul")


def test_compile_errors_carry_diagnostics(compiler):
    with pytest.raises(hopgemm.CompileError) as e:
        compiler.compile("gemm.matmul @k {\n  bogus = 1\n}\n")
    assert "spec:2:3: error:" in str(e.value) and "unknown field 'bogus'" in str(e.value)
    # Verifier errors name the bad value; CompileError is also a ValueError.
    with pytest.raises(ValueError, match="tile M 96"):
        compiler.compile(config={"tile": (96, 128, 128)}, **DEEPSEEK)
    assert compiler.stats["misses"] == 0
    assert compiler.compile(**DEEPSEEK).cache == "miss"


def test_several_kernels(compiler, example_spec):
    two = example_spec + example_spec.replace("@fp8_gemm_nt", "@second")
    kernels = compiler.compile_all(two)
    assert [k.name for k in kernels] == ["fp8_gemm_nt", "second"]
    with pytest.raises(ValueError, match="the spec holds 2 kernels"):
        compiler.compile(two)


def test_options_are_part_of_the_key(tmp_path, example_spec):
    assert hopgemm.Compiler(cache_dir=tmp_path).compile(example_spec).cache == "miss"
    assert hopgemm.Compiler(cache_dir=tmp_path, num_sms=78).compile(example_spec).cache == "miss"
    assert hopgemm.Compiler(cache_dir=tmp_path, opt_level=2).compile(example_spec).cache == "miss"
    assert hopgemm.Compiler(cache_dir=tmp_path).compile(example_spec).cache == "disk"
    with pytest.raises(hopgemm.InvalidArgumentError, match="opt_level 4 is not in 0..3"):
        hopgemm.Compiler(opt_level=4)


def test_save(compiler, example_spec, tmp_path):
    kernel = compiler.compile(example_spec)
    path = kernel.save(tmp_path / "out")
    assert path == os.path.join(tmp_path, "out", "fp8_gemm_nt.ptx")
    with open(path) as f:
        assert f.read() == kernel.ptx
    with open(os.path.join(tmp_path, "out", "fp8_gemm_nt.json")) as f:
        assert json.load(f) == kernel.metadata


def test_library_errors(fake_cuda):
    from conftest import run_python
    code = """
import hopgemm
try:
    hopgemm.library_path()
except hopgemm.Error as e:
    print(type(e).__name__, e)
"""
    out = run_python(code, env={"HOPGEMM_LIBRARY": "/nonexistent/libhopgemm.so"}).stdout
    assert out.startswith("LibraryNotFoundError hopgemm's shared library was not found")
    assert "/nonexistent/libhopgemm.so (missing)" in out
    # A library that does not implement this package's C API is refused
    # rather than called with the wrong arguments.
    out = run_python(code, env={"HOPGEMM_LIBRARY": fake_cuda}).stdout
    assert (f"implements C API version 0, but this hopgemm package needs version "
            f"{hopgemm._capi.C_API_VERSION}") in out
