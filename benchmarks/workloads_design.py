"""Benchmark workload ``design-search``: the default design search on Tiznit.

Size: ``ssestrategy design`` with its defaults — NSGA-II, population 32, 15 generations, 48
shared futures in sample, the Pareto set and the 4 templates re-evaluated on 200 fresh futures
— on the Tiznit case (437 actors, 40 quarterly periods, a space of 18 lines: 18 shares and 18
start years), on a process pool of 2 workers. Reported: wall time, design-futures evaluated
and per second, peak memory; then one generation's worth of designs (32 random points of the
space) over the 48 in-sample futures, evaluated once in one batch (``Evaluator.run``) and once
by a loop of ``simulate`` calls (one per design, the same futures and pool), with the ratio of
their throughputs and the largest difference of their outcomes (0: the same numbers).

Run directly: ``python benchmarks/workloads_design.py [--quick]``.
"""

from __future__ import annotations

import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any


def design_search(quick: bool) -> dict[str, Any]:
    import numpy as np

    from ssestrategy import optimize, simulate
    from ssestrategy._random import child, seed_sequence
    from ssestrategy.datasets import tiznit
    from ssestrategy.design import DesignSpace, Evaluator

    case = tiznit()
    pop, gens, n, n_check = (8, 2, 10, 40) if quick else (32, 15, 48, 200)
    workers = 2
    with ProcessPoolExecutor(workers) as ex:
        optimize(case, n_scenarios=2, n_check=2, population=4, generations=1, executor=ex)
        t0 = time.perf_counter()
        res = optimize(
            case,
            n_scenarios=n,
            n_check=n_check,
            population=pop,
            generations=gens,
            rng=0,
            executor=ex,
        )
        wall = time.perf_counter() - t0
        cols = int(res.provenance["design_futures"])
        # one generation of designs: one batch vs a loop of simulate calls
        space = DesignSpace.of(case)
        x = space.decode(np.random.default_rng(7).random((pop, space.n_genes)))
        root = child(seed_sequence(0), 0)
        ev = Evaluator(case, space)
        t0 = time.perf_counter()
        batch = ev.run(space.rows(x), ev.futures(n, root), executor=ex)
        t_batch = time.perf_counter() - t0
        t0 = time.perf_counter()
        loop = [
            simulate(case, [space.strategy(xi, id=f"d{i}")], n_scenarios=n, rng=root, executor=ex)
            for i, xi in enumerate(x)
        ]
        t_loop = time.perf_counter() - t0
    diff = max(
        float(np.max(np.abs(batch[:, :, i] - e.checkpoints[:, :, 0]))) for i, e in enumerate(loop)
    )
    return {
        "actors": len(case.territory.actors),
        "periods": case.n_periods,
        "space_variables": space.n_variables,
        "population": pop,
        "generations": gens,
        "n_scenarios": n,
        "n_check": n_check,
        "workers": workers,
        "wall_s": round(wall, 2),
        "design_futures": cols,
        "design_futures_per_s": round(cols / wall),
        "pareto_designs": res.n_designs,
        "recommended": len(res.recommended()),
        "batch_vs_loop": {
            "designs": pop,
            "futures": n,
            "batch_s": round(t_batch, 3),
            "loop_s": round(t_loop, 3),
            "throughput_ratio": round(t_loop / t_batch, 2),
            "max_abs_difference": diff,
        },
        "target": "<= 180 s on 2 cores; batch >= 2x the loop (issue 13)",
    }


if __name__ == "__main__":
    print(json.dumps(design_search("--quick" in sys.argv[1:])))
