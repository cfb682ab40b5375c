"""Benchmark runner: ``python benchmarks/run.py [--quick] [--json] [--only NAME] [--list]``.

Each workload is a small function registered with :func:`workload`; it runs in its own
subprocess (so peak memory, read from ``getrusage`` there, is the workload's own) and returns a
dict of metrics. Add a workload by writing a function ``def my_workload(quick: bool) -> dict``
decorated with ``@workload("my-name", "what it measures")``; mark long ones ``slow=True`` (run
only with ``--only NAME`` or ``--all``).

Workloads:

- ``tiznit-simulate``: the Tiznit case, its 4 strategies x 1,000 scenarios x 40 quarterly
  periods on a process pool of all cores: wall time, peak memory, and the speed-up over the
  plain-Python reference (``benchmarks/reference.py``) extrapolated from a subset of
  scenario-periods (the reference runs one kernel period at a time per actor in Python).
- ``tiznit-serial``: the same in one process (the kernel's own speed).
- ``tiznit-flat-memory``: ``keep="summary"`` with 10x more scenarios keeps the same peak memory.
- ``tiznit-100k`` (slow): 100,000 scenarios x 4 strategies with ``keep="summary"``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

Workload = Callable[[bool], dict[str, Any]]
WORKLOADS: dict[str, tuple[Workload, str, bool]] = {}


def workload(name: str, description: str, *, slow: bool = False) -> Callable[[Workload], Workload]:
    """Register a workload under ``name``."""

    def register(fn: Workload) -> Workload:
        WORKLOADS[name] = (fn, description, slow)
        return fn

    return register


def _peak_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    return {"peak_rss_mb": round(own, 1), "worker_peak_rss_mb": round(kids, 1)}


def _reference_seconds(case: Any, n_scenarios: int, periods: int) -> dict[str, float]:
    """Time the plain-Python reference on a few scenario-periods of every strategy and
    extrapolate to ``n_scenarios`` x ``periods`` x strategies."""
    from reference import ReferenceModel

    from ssestrategy.simulation.compile import compile_case
    from ssestrategy.simulation.kernel import initial_state, scenario_inputs
    from ssestrategy.simulation.sampling import draw, make_plan

    cc = compile_case(case)
    sub_n, sub_periods = 2, 2
    plan = make_plan(case, sub_n, seed=1, periods=cc.n_periods)
    smp = draw(plan, 0, sub_n)
    x = scenario_inputs(
        case.parameter_values(),
        sub_n,
        cc,
        sampled={n: smp.values[:, c] for c, n in enumerate(smp.names)},
        event_onset=smp.event_onset,
        event_severity=smp.event_severity,
        shared_rho="ces_rho" not in smp.names,
    )
    total = 0.0
    for strat in cc.strategies:
        ref = ReferenceModel(cc, strat, x)
        state = ref.state_from(initial_state(cc, strat, x))
        t0 = time.perf_counter()
        for _ in range(sub_periods):
            ref.step(state)
        total += time.perf_counter() - t0
    per = total / (sub_n * sub_periods * len(cc.strategies))
    return {
        "reference_s_per_scenario_period_strategy": per,
        "reference_s_estimate": per * n_scenarios * periods * len(cc.strategies),
    }


def _tiznit_run(
    n: int, *, workers: int | None, keep: str = "all", strategies: Any = None
) -> dict[str, Any]:
    from ssestrategy.datasets import tiznit
    from ssestrategy.simulation import simulate

    case = tiznit()
    cpu0 = time.process_time()
    if workers and workers > 1:
        with ProcessPoolExecutor(workers) as ex:
            simulate(case, strategies, n_scenarios=8, seed=0, periods=2, executor=ex)  # warm up
            t0 = time.perf_counter()
            ens = simulate(case, strategies, n_scenarios=n, seed=1, executor=ex, keep=keep)
            wall = time.perf_counter() - t0
    else:
        simulate(case, strategies, n_scenarios=4, seed=0, periods=2)
        t0 = time.perf_counter()
        ens = simulate(case, strategies, n_scenarios=n, seed=1, keep=keep)
        wall = time.perf_counter() - t0
    return {
        "case": case.name,
        "actors": len(case.territory.actors),
        "partnerships": len(case.territory.partnerships),
        "strategies": len(ens.strategies),
        "n_scenarios": n,
        "periods": ens.periods,
        "workers": workers or 1,
        "keep": keep,
        "wall_s": round(wall, 3),
        "parent_cpu_s": round(time.process_time() - cpu0, 3),
        "scenario_periods_per_s": round(n * ens.periods * len(ens.strategies) / wall),
    }


@workload("tiznit-simulate", "Tiznit: 4 strategies x 1,000 scenarios x 40 periods, all cores")
def tiznit_simulate(quick: bool) -> dict[str, Any]:
    from ssestrategy.datasets import tiznit

    n = 200 if quick else 1000
    out = _tiznit_run(n, workers=os.cpu_count())
    out.update(_reference_seconds(tiznit(), n, out["periods"]))
    out["speedup_vs_reference"] = round(out["reference_s_estimate"] / out["wall_s"], 1)
    out["target"] = "<= 5 s wall on 2 cores (issue 8: <= 2 s), >= 100x the reference"
    return out


@workload("tiznit-serial", "Tiznit: 4 strategies x 1,000 scenarios x 40 periods, one process")
def tiznit_serial(quick: bool) -> dict[str, Any]:
    return _tiznit_run(200 if quick else 1000, workers=None)


def _child_peak(n: int, strategies: list[str]) -> dict[str, Any]:
    code = (
        f"import json, resource, sys; sys.path.insert(0, {str(HERE)!r})\n"
        "from run import _tiznit_run\n"
        f"out = _tiznit_run({n}, workers=None, keep='summary', strategies={strategies!r})\n"
        "out['peak_rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps(out))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@workload("tiznit-flat-memory", "keep='summary': 10x the scenarios, the same peak memory")
def tiznit_flat_memory(quick: bool) -> dict[str, Any]:
    small, large = (200, 2000) if quick else (1000, 10_000)
    a = _child_peak(small, ["status-quo"])
    b = _child_peak(large, ["status-quo"])
    return {
        "n_small": small,
        "n_large": large,
        "peak_rss_mb_small": round(a["peak_rss_mb"], 1),
        "peak_rss_mb_large": round(b["peak_rss_mb"], 1),
        "wall_s_large": b["wall_s"],
        "growth_mb": round(b["peak_rss_mb"] - a["peak_rss_mb"], 1),
    }


@workload("tiznit-100k", "100,000 scenarios x 4 strategies, keep='summary', all cores", slow=True)
def tiznit_100k(quick: bool) -> dict[str, Any]:
    return _tiznit_run(10_000 if quick else 100_000, workers=os.cpu_count(), keep="summary")


def _run_child(name: str, quick: bool) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", name]
    if quick:
        cmd.append("--quick")
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        return {"name": name, "error": res.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(res.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    ap.add_argument("--json", action="store_true", help="print JSON")
    ap.add_argument("--only", action="append", help="run only this workload (repeatable)")
    ap.add_argument("--all", action="store_true", help="include slow workloads")
    ap.add_argument("--list", action="store_true", help="list the workloads")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.list:
        for name, (_, desc, slow) in WORKLOADS.items():
            print(f"{name:22s} {desc}{' (slow)' if slow else ''}")
        return 0
    if args.child:
        fn = WORKLOADS[args.child][0]
        out = {"name": args.child, "quick": args.quick, **fn(args.quick), **_peak_mb()}
        print(json.dumps(out))
        return 0
    names = args.only or [n for n, (_, _, slow) in WORKLOADS.items() if args.all or not slow]
    unknown = [n for n in names if n not in WORKLOADS]
    if unknown:
        ap.error(f"unknown workload(s): {', '.join(unknown)} (see --list)")
    results = []
    for name in names:
        r = _run_child(name, args.quick)
        results.append(r)
        if not args.json:
            print(f"== {name}")
            for k, v in r.items():
                if k != "name":
                    print(f"  {k:42s} {v}")
    if args.json:
        print(json.dumps(results, indent=2))
    return 1 if any("error" in r for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
