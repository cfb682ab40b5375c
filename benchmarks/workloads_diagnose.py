"""Benchmark workload: diagnose a synthetic national network (60,000 actors, 500,000 ties).

Issue 5 asks for ``diagnose`` on such a network in at most 60 s and 2 GiB. The territory is
built by :func:`ssestrategy.datasets.synthetic_territory` (seeded; not timed), then
:func:`ssestrategy.diagnosis.diagnose` runs with sampled betweenness (64 sources) and the
vectorised community detection. Peak memory is the peak resident set size *during* the
diagnosis (Linux: the high-water mark is reset after the territory is built, so the figure
includes the territory held in memory but not the generator's transient use); elsewhere it
falls back to the process's lifetime peak.

Run directly: ``python benchmarks/workloads_diagnose.py [--quick]``.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from typing import Any

from _memory import peak_mb, reset_peak, status_mb

N_ACTORS = 60_000
N_TIES = 500_000
QUICK_ACTORS = 6_000
QUICK_TIES = 50_000
LIMIT_SECONDS = 60.0
LIMIT_MIB = 2048.0


def national_diagnose(quick: bool) -> dict[str, Any]:
    """Build the synthetic national territory and time :func:`diagnose` on it.

    Parameters
    ----------
    quick : bool
        Use a tenth of the size (6,000 actors, 50,000 ties) for a smoke run.

    Returns
    -------
    dict
        ``name``, ``n_actors``, ``n_ties``, ``build_seconds``, ``wall_seconds``,
        ``peak_rss_mib`` (during the diagnosis), ``rss_before_mib``, ``peak_method``,
        ``limit_seconds``, ``limit_mib``, ``ok`` and a few facts of the result
        (communities, modularity, betweenness sources).
    """
    from ssestrategy.datasets import synthetic_territory
    from ssestrategy.diagnosis import diagnose

    n_actors, n_ties = (QUICK_ACTORS, QUICK_TIES) if quick else (N_ACTORS, N_TIES)
    t0 = time.perf_counter()
    territory = synthetic_territory(n_actors, n_ties, rng=2024)
    build = time.perf_counter() - t0
    gc.collect()
    before = status_mb("VmRSS")
    exact_peak = reset_peak()
    t0 = time.perf_counter()
    d = diagnose(territory, rng=0)
    wall = time.perf_counter() - t0
    peak_mib = peak_mb()
    method = "VmHWM reset before diagnose" if exact_peak else "ru_maxrss (process lifetime)"
    return {
        "name": "national_diagnose",
        "quick": quick,
        "n_actors": len(territory.actors),
        "n_ties": len(territory.partnerships),
        "build_seconds": round(build, 2),
        "wall_seconds": round(wall, 2),
        "peak_rss_mib": round(peak_mib, 1),
        "rss_before_mib": None if before is None else round(before, 1),
        "peak_method": method,
        "limit_seconds": LIMIT_SECONDS,
        "limit_mib": LIMIT_MIB,
        "ok": bool(wall <= LIMIT_SECONDS and peak_mib <= LIMIT_MIB),
        "communities": d.communities.n_communities,
        "community_method": d.communities.method,
        "modularity": round(d.communities.modularity, 4),
        "betweenness_sources": d.metrics.betweenness.k,
        "resilience_scenarios": len(d.resilience.removals),
    }


if __name__ == "__main__":
    print(json.dumps(national_diagnose("--quick" in sys.argv[1:]), indent=2))
