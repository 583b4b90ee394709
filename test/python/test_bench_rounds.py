"""bench.py --rounds: everyone timed `rounds` times per shape, the order
rotated each round, medians reported and the worst round's error checked.
The kernels, peers and timer are stand-ins; no GPU."""

import importlib.util
import os
import sys
import types

from conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
spec = importlib.util.spec_from_file_location("bench", os.path.join(ROOT, "benchmarks", "bench.py"))
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

M, N, K = 256, 512, 1024
FLOPS = 2.0 * M * N * K


def setup(monkeypatch, ours, peer_results, deepgemm=None):
    """A run in which ours yields the (TFLOPS, rel_err) of `ours` round by
    round, peer p those of peer_results[p], DeepGEMM those of `deepgemm`;
    returns the call log."""
    log = []

    def queue(name, results):
        results = list(results)

        def run(*_):
            log.append(name)
            result = results.pop(0)
            if isinstance(result, Exception):
                raise result
            return result
        return run

    run_ours = queue("ours", ours)
    run_deepgemm = queue("deepgemm", deepgemm or [])
    monkeypatch.setattr(bench, "launcher", lambda kernels, name, image, x: ("ours", None))
    monkeypatch.setattr(bench, "deepgemm_launcher", lambda dg, x: ("deepgemm", None))
    monkeypatch.setattr(bench, "checked_time",
                        lambda peers, x, fn, d: run_ours() if fn == "ours" else run_deepgemm())
    runners = {p: queue(p, r) for p, r in peer_results.items()}
    peers = types.SimpleNamespace(PEERS=list(peer_results), make_inputs=lambda m, n, k, seed: {"m": m},
                                  run_peer=lambda p, x: runners[p]())
    return log, peers


def measure(peers, rounds, dg=None):
    pick = ("k", "image", {"shape": [M, N, K], "tile": [128, 128, 128]})
    return bench.measure(M, N, K, pick, peers, True, {}, dg, rounds=rounds)


def test_rounds_rotate_and_take_medians(monkeypatch):
    log, peers = setup(monkeypatch, ours=[(100, 1e-3), (120, 2e-3), (110, 1e-3)],
                       peer_results={"cublaslt_blockwise": [(90, 1e-3), (95, 1e-3), (80, 1e-3)],
                                     "triton_blockfp8": [(70, 1e-3), (None, None), (60, 1e-3)]},
                       deepgemm=[(130, 1e-3), (125, 1e-3), (135, 1e-3)])
    row = measure(peers, rounds=3, dg=object())
    assert log == ["ours", "cublaslt_blockwise", "triton_blockfp8", "deepgemm",
                   "cublaslt_blockwise", "triton_blockfp8", "deepgemm", "ours",
                   "triton_blockfp8", "deepgemm", "ours", "cublaslt_blockwise"]
    assert row["ours"] == 110 and row["rel_err"] == 2e-3 and row["check"] == "PASS"
    assert row["cublaslt_blockwise"] == 90 and row["deepgemm"] == 130
    assert row["triton_blockfp8"] == 65  # the round without a valid config is left out
    assert row["rounds"]["ours"] == [100, 120, 110]
    assert row["rounds"]["triton_blockfp8"] == [70, None, 60]
    assert abs(row["ms"] - FLOPS / 110 / 1e9) < 1e-12
    assert row["ours/deepgemm"] == 110 / 130


def test_one_round_is_one_pass(monkeypatch):
    log, peers = setup(monkeypatch, ours=[(100, 1e-3)], peer_results={"cublaslt_blockwise": [(90, 1e-3)]})
    row = measure(peers, rounds=1)
    assert log == ["ours", "cublaslt_blockwise"] and "rounds" not in row
    assert row["ours"] == 100 and row["check"] == "PASS"


def test_a_bad_round_fails_the_row(monkeypatch):
    # Not finite in one round (None): FAIL, still timed; a kernel that
    # raises is timed no more.
    log, peers = setup(monkeypatch, ours=[(100, 1e-3), (100, None)], peer_results={})
    row = measure(peers, rounds=2)
    assert row["check"] == "FAIL" and row["ours"] == 100
    log, peers = setup(monkeypatch, ours=[RuntimeError("launch failed")],
                       peer_results={"cublaslt_blockwise": [(90, 1e-3), (91, 1e-3)]})
    row = measure(peers, rounds=2)
    assert log == ["ours", "cublaslt_blockwise", "cublaslt_blockwise"]
    assert row["check"] == "FAIL" and row["ours"] is None and "launch failed" in row["error"]
    assert row["cublaslt_blockwise"] == 90.5
