"""The benchmark runner works (its numbers are measured there, never asserted here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


def _run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(RUN), *args], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_runner_lists_the_issue_workloads() -> None:
    listed = _run("--list")
    for name in (
        "tiznit-compare",
        "tiznit-floor",
        "national-simulate",
        "national-diagnose",
        "stream-100k",
        "smaa-1e5",
        "design-search",
    ):
        assert name in listed


def test_floor_workload_reports_consistent_parts() -> None:
    (out,) = json.loads(_run("--only", "tiznit-floor", "--quick", "--json"))
    parts = out["per_chunk_period_ms"]
    assert out["name"] == "tiznit-floor" and all(v > 0 for v in parts.values())
    # the floor is the parts scaled to 4 strategies x 1,000 scenarios x 40 periods (chunks of 256)
    per_chunk = parts["ces_powers_f32"] + parts["survival_exp_f64"] + parts["tie_and_pole_products"]
    expected = (4 * per_chunk + parts["strategy_tie_products"]) * 1e-3 * 1000 / 256 * 40
    assert abs(out["floor_cpu_s"] - expected) <= 0.02 * expected + 0.02
    assert out["floor_wall_s"] * out["workers"] == pytest.approx(
        out["floor_cpu_s"], rel=0.02, abs=0.02
    )
