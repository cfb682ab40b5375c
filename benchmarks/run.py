"""Benchmark runner: ``python benchmarks/run.py [--quick] [--json] [--only NAME] [--list]``.

Each workload is a small function registered with :func:`workload`; it runs in its own
subprocess (so peak memory, read from ``getrusage`` there, is the workload's own) and returns a
dict of metrics. Add a workload by writing a function ``def my_workload(quick: bool) -> dict``
decorated with ``@workload("my-name", "what it measures")``; mark long ones ``slow=True`` (run
only with ``--only NAME`` or ``--all``).

Workloads (``--list``; numbers and the machine in ``benchmarks/README.md``):

- ``tiznit-compare``: the Tiznit case, 4 strategies x 1,000 scenarios x 40 quarterly periods,
  simulated and ranked by :func:`ssestrategy.compare` on a process pool of all cores; wall time,
  peak memory, and the speed-up over the plain-Python reference (``benchmarks/reference.py``,
  timed on a few scenario-periods and extrapolated).
- ``tiznit-serial``: the same simulation in one process (the kernel's own speed).
- ``tiznit-floor``: the time of only the operations no NumPy formulation of the model can skip
  (the CES powers, the survival exponential, the sparse products), at the kernel's shapes,
  scaled to the ``tiznit-compare`` workload: a lower bound of its wall time on this machine.
- ``kernel-bandwidth``: the memory bandwidth of a large ``np.copyto`` measured in the same run,
  the kernel's estimated bytes moved per period (see :func:`_kernel_bytes_per_period`), and the
  fraction of the bandwidth the kernel achieves.
- ``national-simulate``: ``synthetic_territory(60_000, 500_000, rng=0)`` with the Tiznit
  strategies, uncertainties and parameters, 4 strategies x 100 scenarios x 40 quarters (the
  territory's generation is reported but not timed).
- ``national-diagnose``: :func:`ssestrategy.diagnosis.diagnose` of that territory
  (``workloads_diagnose.py``).
- ``stream-10k``: ``keep="summary"`` with 10,000 scenarios has the peak memory of 1,000.
- ``stream-100k`` (slow): the same with 100,000 scenarios (issue 8: within 20 %).
- ``design-search``: the default ``ssestrategy design`` search on Tiznit on 2 workers, and one
  generation of designs in one batch vs a loop of ``simulate`` calls (``workloads_design.py``).
- ``smaa-1e5``: :func:`ssestrategy.decision.smaa` with 100,000 weight samples on the Tiznit
  comparison's criteria and ensemble.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import pickle
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

from _memory import peak_mb, reset_peak  # noqa: E402

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
    plan = make_plan(case, sub_n, rng=1, periods=cc.n_periods)
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
            simulate(case, strategies, n_scenarios=8, rng=0, periods=2, executor=ex)  # warm up
            t0 = time.perf_counter()
            ens = simulate(case, strategies, n_scenarios=n, rng=1, executor=ex, keep=keep)
            wall = time.perf_counter() - t0
    else:
        simulate(case, strategies, n_scenarios=4, rng=0, periods=2)
        t0 = time.perf_counter()
        ens = simulate(case, strategies, n_scenarios=n, rng=1, keep=keep)
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


@workload("tiznit-compare", "Tiznit: 4 strategies x 1,000 scenarios x 40 periods, simulate + rank")
def tiznit_compare(quick: bool) -> dict[str, Any]:
    from ssestrategy import compare
    from ssestrategy.datasets import tiznit

    n = 200 if quick else 1000
    case = tiznit()
    workers = os.cpu_count() or 1
    with ProcessPoolExecutor(workers) as ex:
        compare(case, n_scenarios=8, rng=0, executor=ex)  # warm the workers up
        t0 = time.perf_counter()
        cmp = compare(case, n_scenarios=n, rng=1, executor=ex)
        wall = time.perf_counter() - t0
    out: dict[str, Any] = {
        "actors": len(case.territory.actors),
        "partnerships": len(case.territory.partnerships),
        "strategies": len(cmp.ensemble.strategies),
        "n_scenarios": n,
        "periods": cmp.ensemble.periods,
        "workers": workers,
        "wall_s": round(wall, 3),
        "best": cmp.ranking.best,
    }
    out.update(_reference_seconds(case, n, out["periods"]))
    out["speedup_vs_reference"] = round(out["reference_s_estimate"] / wall, 1)
    out["target"] = "<= 5 s (issue 3), <= 2 s (issue 8); >= 100x (issue 3), >= 300x (issue 8)"
    return out


@workload("tiznit-serial", "Tiznit: 4 strategies x 1,000 scenarios x 40 periods, one process")
def tiznit_serial(quick: bool) -> dict[str, Any]:
    from ssestrategy.datasets import tiznit

    n = 200 if quick else 1000
    out = _tiznit_run(n, workers=None)
    out.update(_reference_seconds(tiznit(), n, out["periods"]))
    out["speedup_vs_reference"] = round(out["reference_s_estimate"] / out["wall_s"], 1)
    return out


def _best_of(fn: Callable[[], Any], repeat: int) -> float:
    """Shortest wall time of ``repeat`` calls of ``fn`` (after one warm-up call)."""
    fn()
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


@workload("tiznit-floor", "lower bound of tiznit-compare: its unavoidable NumPy/SciPy primitives")
def tiznit_floor(quick: bool) -> dict[str, Any]:
    """Time only the operations no NumPy formulation of the model can skip, at the kernel's own
    shapes (chunks of 256 scenarios), and scale them to 4 strategies x 1,000 x 40 periods.

    Per period and chunk: the CES powers of every target actor (``x ** rho`` with one exponent
    per scenario, as ``exp(rho log x)``: 4 logarithms and 4 exponentials over ``targets x 4 x S``
    plus one of each over ``targets x S``, in single precision as the kernel does), the
    survival exponential (double precision, ``targets x S``), and the sparse products with the
    tie matrix and the pole membership (each strategy's tie matrices too). Everything else the
    kernel does (about 35 elementwise passes, sampling, ranking, process start) comes on top,
    so ``floor_wall_s`` is a lower bound of ``tiznit-compare`` on this machine.
    """
    import numpy as np

    from ssestrategy.datasets import tiznit
    from ssestrategy.simulation.compile import compile_case

    cc = compile_case(tiznit())
    s, n_scen, periods = 256, 1000, cc.n_periods
    n_a, n_t = cc.n_rows, cc.n_targets  # actors and entry cohorts
    rng = np.random.default_rng(0)
    z = (1.0 + rng.random((n_t, 4, s))).astype(np.float32)
    z1 = (1.0 + rng.random((n_t, s))).astype(np.float32)
    h = -rng.random((n_t, s))
    wide = rng.random((n_a, 4 * s))
    repeat = 5 if quick else 20
    powers = _best_of(lambda: (np.exp(np.log(z)), np.exp(np.log(z1))), repeat)
    survival = _best_of(lambda: np.exp(h), repeat)
    base = _best_of(lambda: (cc.ties0 @ wide, cc.pole_members @ wide), repeat)
    extra = [
        _best_of(lambda t=t: t.matrix @ wide, repeat) for st in cc.strategies for _, t in st.ties
    ]
    chunk_periods = n_scen / s * periods  # the primitives' cost is linear in the scenarios
    cpu = ((powers + survival + base) * len(cc.strategies) + sum(extra)) * chunk_periods
    workers = os.cpu_count() or 1
    return {
        "chunk": s,
        "per_chunk_period_ms": {
            "ces_powers_f32": round(powers * 1e3, 3),
            "survival_exp_f64": round(survival * 1e3, 3),
            "tie_and_pole_products": round(base * 1e3, 3),
            "strategy_tie_products": round(sum(extra) * 1e3, 3),
        },
        "floor_cpu_s": round(cpu, 2),
        "workers": workers,
        "floor_wall_s": round(cpu / workers, 2),
        "note": "lower bound of tiznit-compare's wall time with NumPy/SciPy primitives",
        "target": "tiznit-compare <= 2 s (issue 8)",
    }


def _copy_bandwidth(mb: int) -> float:
    """Bytes per second of a large ``np.copyto`` (read + write counted), best of 3."""
    import numpy as np

    a = np.ones(mb * 2**20 // 8)
    b = np.empty_like(a)
    np.copyto(b, a)  # touch the pages
    best = math.inf
    for _ in range(3):
        t0 = time.perf_counter()
        np.copyto(b, a)
        best = min(best, time.perf_counter() - t0)
    return 2.0 * a.nbytes / best


def _kernel_bytes_per_period(cc: Any) -> float:
    """Estimated bytes the NumPy kernel moves per scenario and period, averaged over strategies.

    Every NumPy pass reads its operands and writes its result through memory, so the estimate
    counts passes over the capacity state (``actors x 4`` float64 per scenario): about 14
    elementwise passes of 3 operands (capacity gain, peer learning, clamping, depreciation,
    pole levels) and the sparse product with the tie matrix (each stored weight reads one
    row of the state, 8 bytes per factor, plus the written result); the CES of the target
    actors (``targets x 4``: a float64 minimum and ratio, then about 8 single-precision passes
    of 2 operands); and the ``(actors or targets) x S`` passes of survival, coverage and
    spend (about 20 of 3 operands).
    """
    n_a, n_t = cc.n_rows, cc.n_targets
    state = 8.0 * 4 * n_a
    elementwise = 14 * 3 * state
    ties = 8.0 * 4 * (cc.ties0.nnz + n_a)
    ces = 4 * n_t * (2 * 3 * 8.0 + 8 * 2 * 4.0)
    small = 20 * 3 * 8.0 * n_a
    return float(elementwise + ties + ces + small)


@workload("kernel-bandwidth", "fraction of the measured memory bandwidth the kernel achieves")
def kernel_bandwidth(quick: bool) -> dict[str, Any]:
    from ssestrategy.datasets import tiznit
    from ssestrategy.simulation.compile import compile_case

    mb = 128 if quick else 512
    bw = _copy_bandwidth(mb)
    run = _tiznit_run(200 if quick else 1000, workers=None)
    cc = compile_case(tiznit())
    per = _kernel_bytes_per_period(cc)
    moved = per * run["n_scenarios"] * run["periods"] * run["strategies"]
    achieved = moved / run["wall_s"]
    return {
        "copy_array_mb": mb,
        "copy_bandwidth_gb_s": round(bw / 1e9, 2),
        "kernel_bytes_per_scenario_period_estimate": round(per),
        "kernel_wall_s": run["wall_s"],
        "kernel_achieved_gb_s": round(achieved / 1e9, 2),
        "fraction_of_bandwidth": round(achieved / bw, 3),
        "note": "one process; estimate documented in _kernel_bytes_per_period",
        "target": ">= 0.30 (issue 8)",
    }


def _national_case(quick: bool) -> tuple[Any, float]:
    import attrs

    from ssestrategy.datasets import synthetic_territory, tiznit

    n_actors, n_ties = (6_000, 50_000) if quick else (60_000, 500_000)
    t0 = time.perf_counter()
    territory = synthetic_territory(n_actors, n_ties, rng=0)
    return attrs.evolve(tiznit(), territory=territory), time.perf_counter() - t0


def _serial_parts(case: Any) -> dict[str, float]:
    """Wall seconds of what ``simulate`` does in the parent before and around the chunks, on a
    new case object (nothing cached): checks, compile, the sampling plan, the case hash."""
    import attrs

    from ssestrategy.io import case_hash
    from ssestrategy.simulation.checks import check_simulation, estimate_resources
    from ssestrategy.simulation.compile import compile_case, resolve_strategies
    from ssestrategy.simulation.sampling import make_plan

    fresh = attrs.evolve(case)
    strats = resolve_strategies(fresh, None)
    parts = {}
    t0 = time.perf_counter()
    check_simulation(fresh, strats)
    estimate_resources(fresh, strats, n_scenarios=100)
    parts["checks_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    cc = compile_case(fresh, strats)
    parts["compile_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    make_plan(fresh, 100, rng=1, periods=cc.n_periods)
    parts["plan_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    pickle.dumps(cc, protocol=pickle.HIGHEST_PROTOCOL)  # shipped once per run (shared memory)
    parts["ship_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    case_hash(fresh)
    parts["case_hash_s"] = time.perf_counter() - t0
    return parts


def _amdahl(serial_s: float, parallel_cpu_s: float) -> dict[str, Any]:
    """Serial fraction f = S / (S + P) and the speed-up 1 / (f + (1 - f) / N) it allows."""
    f = serial_s / (serial_s + parallel_cpu_s)
    return {
        "serial_fraction": round(f, 4),
        "amdahl_speedup": {n: round(1.0 / (f + (1.0 - f) / n), 1) for n in (2, 8, 32, 128)},
        "amdahl_note": "only 2 workers measured; larger N extrapolated from the measured "
        "fraction (ignores shipping the case to each worker and the scheduler's overhead)",
    }


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _pool_vs_dask(case: Any, n: int, workers: int) -> dict[str, Any]:
    """The same simulation on a process pool and on a Dask LocalCluster (processes, one thread
    each, the same number of workers), each warmed up first; results compared."""
    from distributed import Client, LocalCluster

    from ssestrategy.simulation import simulate

    with ProcessPoolExecutor(workers) as ex:
        simulate(case, n_scenarios=4, rng=0, periods=2, executor=ex)
        t0 = time.perf_counter()
        pooled = simulate(case, n_scenarios=n, rng=1, executor=ex)
        pool_wall = time.perf_counter() - t0
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        simulate(case, n_scenarios=4, rng=0, periods=2, executor=client)
        t0 = time.perf_counter()
        dasked = simulate(case, n_scenarios=n, rng=1, executor=client)
        dask_wall = time.perf_counter() - t0
    return {
        "n_scenarios": n,
        "workers": workers,
        "pool_wall_s": round(pool_wall, 2),
        "dask_wall_s": round(dask_wall, 2),
        "dask_over_pool": round(dask_wall / pool_wall, 3),
        "identical_results": bool(pooled == dasked),
        "target": "Dask within 10 % of the process pool (issue 17)",
    }


@workload("tiznit-dask", "Tiznit, 1,000 scenarios: process pool vs Dask LocalCluster, 2 workers")
def tiznit_dask(quick: bool) -> dict[str, Any]:
    from ssestrategy.datasets import tiznit

    return _pool_vs_dask(tiznit(), 200 if quick else 1000, os.cpu_count() or 1)


@workload(
    "national-dask", "60,000 actors, 100 scenarios: process pool vs Dask LocalCluster", slow=True
)
def national_dask(quick: bool) -> dict[str, Any]:
    case, build = _national_case(quick)
    out = _pool_vs_dask(case, 20 if quick else 100, os.cpu_count() or 1)
    out["territory_build_s_untimed"] = round(build, 2)
    return out


@workload("national-simulate", "60,000 actors, 500,000 ties: 4 strategies x 100 x 40, all cores")
def national_simulate(quick: bool) -> dict[str, Any]:
    from ssestrategy.simulation import simulate

    case, build = _national_case(quick)
    n = 20 if quick else 100
    gc.collect()
    rss_before = peak_mb() if reset_peak() else float("nan")
    workers = os.cpu_count() or 1
    cpu0 = _children_cpu()
    with ProcessPoolExecutor(workers) as ex:
        ex.submit(int).result()  # start a worker before the clock
        t0 = time.perf_counter()
        ens = simulate(case, n_scenarios=n, rng=1, executor=ex)
        wall = time.perf_counter() - t0
    workers_cpu = _children_cpu() - cpu0  # the workers' CPU time (reaped at shutdown)
    parent_peak = peak_mb()
    worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    # the serial parts (again, in this process, on a new object, after the timed run); the
    # case hash runs in a thread beside the chunks, so it is off the critical path
    parts = _serial_parts(case)
    serial = parts["checks_s"] + parts["compile_s"] + parts["plan_s"] + parts["ship_s"]
    total_peak = parent_peak + workers * worker_peak
    from ssestrategy.simulation.compile import compiled

    cc = compiled(case)
    out = {
        "actors": cc.n_actors,
        "ties_stored": int(cc.ties0.nnz),
        "strategies": len(ens.strategies),
        "n_scenarios": n,
        "periods": ens.periods,
        "workers": workers,
        "territory_build_s_untimed": round(build, 2),
        "wall_s": round(wall, 2),
        **{f"serial_{k}": round(v, 2) for k, v in parts.items()},
        "workers_cpu_s": round(workers_cpu, 2),
        "parent_rss_before_mb": round(rss_before, 1),
        "parent_peak_rss_mb": round(parent_peak, 1),
        "worker_peak_rss_mb": round(worker_peak, 1),
        "total_peak_upper_bound_mb": round(total_peak, 1),
        "target": "<= 30 s, <= 2 GiB (issue 8)",
    }
    out.update(_amdahl(serial, workers_cpu))
    return out


@workload("national-diagnose", "diagnose the synthetic national territory (60,000 x 500,000)")
def national_diagnose(quick: bool) -> dict[str, Any]:
    from workloads_diagnose import national_diagnose as run_it

    out = run_it(quick)
    out.pop("name", None)
    out["target"] = "<= 60 s, <= 2 GiB (issue 8)"
    return out


@workload("design-search", "the default design search on Tiznit (32 x 15, 48 + 200 futures)")
def design_search(quick: bool) -> dict[str, Any]:
    from workloads_design import design_search as run_it

    return run_it(quick)


def _child_peak(n: int, strategies: list[str] | None) -> dict[str, Any]:
    code = (
        f"import json, resource, sys; sys.path.insert(0, {str(HERE)!r})\n"
        "from run import _tiznit_run\n"
        "import os\n"
        f"out = _tiznit_run({n}, workers=os.cpu_count(), keep='summary',\n"
        f"                  strategies={strategies!r})\n"
        "rss = resource.getrusage\n"
        "out['peak_rss_mb'] = rss(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "out['worker_peak_rss_mb'] = rss(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps(out))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _stream(small: int, large: int) -> dict[str, Any]:
    a = _child_peak(small, None)
    b = _child_peak(large, None)
    growth = b["peak_rss_mb"] / a["peak_rss_mb"] - 1.0
    wgrowth = b["worker_peak_rss_mb"] / a["worker_peak_rss_mb"] - 1.0
    return {
        "strategies": b["strategies"],
        "workers": b["workers"],
        "n_small": small,
        "n_large": large,
        "parent_peak_rss_mb_small": round(a["peak_rss_mb"], 1),
        "parent_peak_rss_mb_large": round(b["peak_rss_mb"], 1),
        "worker_peak_rss_mb_small": round(a["worker_peak_rss_mb"], 1),
        "worker_peak_rss_mb_large": round(b["worker_peak_rss_mb"], 1),
        "parent_growth": round(growth, 3),
        "worker_growth": round(wgrowth, 3),
        "wall_s_large": b["wall_s"],
        "within_20_percent": bool(growth <= 0.2 and wgrowth <= 0.2),
    }


@workload("stream-10k", "keep='summary': 10,000 scenarios in the memory of 1,000 (all cores)")
def stream_10k(quick: bool) -> dict[str, Any]:
    return _stream(*((1000, 3000) if quick else (1000, 10_000)))


@workload("stream-100k", "keep='summary': 100,000 scenarios vs 1,000 (all cores)", slow=True)
def stream_100k(quick: bool) -> dict[str, Any]:
    out = _stream(*((1000, 10_000) if quick else (1000, 100_000)))
    out["target"] = "peak within 20 % of a 1,000-scenario run (issue 8)"
    return out


@workload("smaa-1e5", "SMAA, 100,000 weight samples on the Tiznit comparison's ensemble")
def smaa_1e5(quick: bool) -> dict[str, Any]:
    import numpy as np

    from ssestrategy import compare
    from ssestrategy.datasets import tiznit
    from ssestrategy.decision import smaa

    n_scen, n_samples = (200, 10_000) if quick else (1000, 100_000)
    case = tiznit()
    workers = os.cpu_count() or 1
    with ProcessPoolExecutor(workers) as ex:
        cmp = compare(case, n_scenarios=n_scen, rng=1, executor=ex)
    items = case.criteria.items
    # (scenarios, strategies, criteria): each weight sample meets one simulated future
    cube = np.stack(
        [np.asarray(cmp.ensemble.outcome(c.outcome, at=c.at)).T for c in items], axis=-1
    )
    benefit = np.array([c.is_benefit for c in items])
    t0 = time.perf_counter()
    res = smaa(cube, benefit, n_samples=n_samples, rng=0)
    wall = time.perf_counter() - t0
    t0 = time.perf_counter()
    smaa(cmp.ranking.matrix, benefit, n_samples=n_samples, rng=0)
    wall2 = time.perf_counter() - t0
    return {
        "n_samples": n_samples,
        "criteria": len(items),
        "strategies": len(cmp.ensemble.strategies),
        "ensemble_scenarios": n_scen,
        "wall_s_ensemble_3d": round(wall, 3),
        "wall_s_criteria_matrix_2d": round(wall2, 3),
        "first_rank_acceptability": [
            round(float(v), 3) for v in np.asarray(res.rank_acceptability)[:, 0]
        ],
    }


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
