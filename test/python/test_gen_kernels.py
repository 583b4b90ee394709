"""scripts/gen-kernels.py's variant sets: a variant labelled with a tile
sets that tile. A variant that leaves it to the heuristic changes with the
heuristic: `large-tiles`' t128 silently became the heuristic's 256 x 128
kernel when item 43 made that the pick, and two A/B runs of the sixteenth
session timed one kernel against itself (docs/performance.md, item 45)."""

import importlib.util
import os
import re

from conftest import ROOT

spec = importlib.util.spec_from_file_location("gen_kernels", os.path.join(ROOT, "scripts", "gen-kernels.py"))
gen_kernels = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen_kernels)


def test_large_tiles_name_their_tile():
    kernels = gen_kernels.kernel_set("large-tiles")
    assert kernels
    for name, _n, _k, config, _m in kernels:
        label = name.split("_")[1]
        tile_m = int(re.match(r"t(\d+)", label).group(1))
        assert config and re.search(rf"tile = \[{tile_m}, 128, 128\]", config), (name, config)
        cluster = {"c2": "[2, 1]", "n2": "[1, 2]"}.get(label[len(f"t{tile_m}"):], "")
        assert (f"cluster = {cluster}" in config) if cluster else "cluster" not in config, (name, config)


def test_wide_n_names_its_tile():
    for name, _n, _k, config, _m in gen_kernels.kernel_set("wide-n"):
        tile_n = int(re.match(r"wn_tn?(\d+)_", name).group(1))
        assert config and f"tile = [128, {tile_n}, 128]" in config, (name, config)


def test_m_sweep_names_its_tile():
    kernels = gen_kernels.kernel_set("m-sweep")
    assert kernels
    for name, _n, _k, config, m in kernels:
        tile = {"t128": "[128, 128, 128]", "t256": "[256, 128, 128]", "tn192": "[128, 192, 128]",
                "tn64": "[128, 64, 128]", "tn96": "[128, 96, 128]",
                "tn112": "[128, 112, 128]"}[name.split("_")[1]]
        assert config == f"tile = {tile}" and f"_m{m}_" in name, (name, config)


def test_stream_k_sets_name_their_schedule():
    for which in ("stream-k", "stream-k-mid"):
        kernels = gen_kernels.kernel_set(which)
        assert kernels
        for name, _n, _k, config, m in kernels:
            label = name.split("_")[1]
            expected = {"pers": None, "sk": "schedule = stream_k",
                        "skt256": "tile = [256, 128, 128], schedule = stream_k"}[label]
            assert config == expected and f"_m{m}_" in name, (name, config)
    for kernel in gen_kernels.kernel_set("stream-k-check"):
        assert kernel[7].endswith("schedule = stream_k"), kernel
