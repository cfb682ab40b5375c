"""What a simulation costs: its memory and time, estimated from the case's sizes before
anything is compiled, and the refusal of a run that would not fit in the memory the machine
has (unless forced).

Examples
--------
>>> from ssestrategy.datasets import tiznit
>>> est = estimate_resources(tiznit(), n_scenarios=1000)
>>> est.n_actors, est.n_periods, est.n_strategies, est.memory < 2**30
(437, 40, 4, True)
"""

from __future__ import annotations

import contextlib
import math
import os
import warnings
from collections.abc import Sequence
from pathlib import Path

import attrs

from .._validate import count
from ..errors import ModelError, ResourceError, SSEWarning
from ..model import OUTCOMES, Case, Strategy
from .sampling import Sampler

__all__ = ["ResourceEstimate", "available_memory", "check_resources", "estimate_resources"]

_BYTES = 8  # float64
_PROCESS_OVERHEAD = 160 * 2**20  # a worker process: Python, NumPy, SciPy, the compiled case
_CHUNK_BUDGET = 256 * 2**20  # the engine's memory budget of one chunk of scenarios
_SECONDS_PER_CELL = 7e-8  # one actor, one period, one scenario, one strategy (measured)
_SECONDS_PER_STEP = 4e-4  # fixed cost of one period of one chunk of one strategy (measured)
_WARN_SECONDS = 600.0


def _read_int(path: str) -> int | None:
    try:
        text = Path(path).read_text().strip()
    except OSError:
        return None
    try:
        return int(text)
    except ValueError:  # "max" (no limit)
        return None


def available_memory() -> int | None:
    """Bytes of memory this process can still use: the machine's available memory, or what is
    left under the container's limit if that is lower; None when unknown.

    Examples
    --------
    >>> m = available_memory()
    >>> m is None or m > 0
    True
    """
    found: list[int] = []
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    found.append(int(line.split()[1]) * 1024)
                    break
    except (OSError, ValueError, IndexError):
        pass
    if not found:
        with contextlib.suppress(ValueError, OSError, AttributeError):
            found.append(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    limit = _read_int("/sys/fs/cgroup/memory.max")
    used = _read_int("/sys/fs/cgroup/memory.current")
    if limit is not None and used is not None:
        found.append(max(limit - used, 0))
    return min(found) if found else None


def _size(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"):
        if n < 1024 or unit == "EiB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} EiB"  # pragma: no cover


def _duration(s: float) -> str:
    if s < 120:
        return f"{s:.0f} s"
    if s < 7200:
        return f"{s / 60:.0f} min"
    if s < 48 * 3600:
        return f"{s / 3600:.1f} h"
    return f"{s / 86400:,.0f} days"


@attrs.frozen
class ResourceEstimate:
    """Memory and time a simulation is expected to take, from the case's sizes.

    Attributes
    ----------
    n_actors, n_periods, n_strategies, n_scenarios, n_records, workers : int
        The sizes: ``n_records`` is the number of recorded times (yearly checkpoints, or every
        period with trajectories).
    memory : int
        Peak bytes: the kept outcomes, the scenario inputs, the compiled case and the chunks in
        flight (and the worker processes).
    seconds : float
        Wall time on this machine, roughly (calibrated on the Tiznit case; a few-fold error is
        possible).
    available : int or None
        Bytes of memory available when estimated (:func:`available_memory`).

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> est = estimate_resources(tiznit(), n_scenarios=10_000_000_000)
    >>> est.memory > 2**40
    True
    >>> print(est.describe())  # doctest: +ELLIPSIS
    about ... TiB of memory and ... days for 4 strategies x 10,000,000,000 scenarios x ...
    """

    n_actors: int
    n_periods: int
    n_strategies: int
    n_scenarios: int
    n_records: int
    workers: int
    memory: int
    seconds: float
    available: int | None

    def describe(self) -> str:
        """The estimate in one line."""
        procs = f" on {self.workers} processes" if self.workers > 1 else ""
        return (
            f"about {_size(self.memory)} of memory and {_duration(self.seconds)} for "
            f"{self.n_strategies} strategies x {self.n_scenarios:,} scenarios x "
            f"{self.n_periods:,} periods of {self.n_actors:,} actors{procs}"
        )

    @property
    def fits(self) -> bool:
        """Whether the memory estimate fits in the available memory (True when unknown)."""
        return self.available is None or self.memory <= self.available


def estimate_resources(
    case: Case,
    strategies: Sequence[Strategy | str] | None = None,
    *,
    n_scenarios: int,
    periods: int | None = None,
    trajectories: bool = False,
    keep: str = "all",
    workers: int = 1,
    local_workers: bool = True,
    sampler: Sampler = "mc",
    ranking: bool = False,
) -> ResourceEstimate:
    """Estimate the peak memory and the time of a simulation before running it.

    Computed from the case (actors, partnerships, interventions, periods, uncertain parameters,
    events), nothing compiled or allocated.

    Parameters
    ----------
    case : Case
    strategies : sequence of Strategy or str, optional
    n_scenarios : int
    periods : int, optional
    trajectories : bool
    keep : {"all", "summary"}
    workers : int
        Workers running chunks (1: this process).
    local_workers : bool
        Whether the workers are processes of this machine (their memory counts), not those of
        a cluster.
    sampler : {"mc", "lhs", "sobol"}
        The quasi-random samplers hold a design of every scenario.
    ranking : bool
        Add what ranking the ensemble takes (:func:`~ssestrategy.compare`).

    Returns
    -------
    ResourceEstimate

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> small = estimate_resources(tiznit(), n_scenarios=100)
    >>> large = estimate_resources(tiznit(), n_scenarios=100_000)
    >>> large.memory > 10 * small.memory, large.seconds > 100 * small.seconds
    (True, True)
    """
    from .compile import resolve_strategies

    if not isinstance(case, Case):
        raise ModelError.at("case", f"expected a Case, got {type(case).__name__}")
    n = count(n_scenarios, "n_scenarios")
    try:
        n_k = len(resolve_strategies(case, strategies))
    except ModelError:
        n_k = len(case.strategies)
    s = _Sizes.of(case, max(n_k, 1), n, periods, trajectories)
    workers = max(int(workers), 1)
    mem, chunk_n = _memory(s, keep, sampler, ranking, workers, local_workers)
    cells = float(s.rows + 50) * s.periods * n * s.strategies
    n_chunks = max(1.0, n / chunk_n)
    seconds = (
        cells * _SECONDS_PER_CELL + n_chunks * s.periods * s.strategies * _SECONDS_PER_STEP
    ) / min(workers, os.cpu_count() or 1)
    return ResourceEstimate(
        n_actors=s.actors,
        n_periods=s.periods,
        n_strategies=s.strategies,
        n_scenarios=n,
        n_records=s.records,
        workers=workers,
        memory=int(min(mem, 2.0**70)),
        seconds=float(seconds),
        available=available_memory(),
    )


@attrs.frozen
class _Sizes:
    """The sizes of a run that its memory and time grow with."""

    strategies: int
    scenarios: int
    periods: int
    checkpoints: int
    records: int
    outcomes: int
    actors: int
    rows: int  # actors and entry cohorts
    ties: int
    uncertain: int
    events: int
    interventions: int
    trajectories: bool

    @classmethod
    def of(cls, case: Case, n_k: int, n: int, periods: int | None, trajectories: bool) -> _Sizes:
        t = case.territory
        n_periods = max(int(case.n_periods if periods is None else periods), 1)
        ppy = case.periods_per_year
        n_chk = n_periods // ppy + 1 + (n_periods % ppy != 0)  # 0, each whole year, the end
        # entry cohorts: one row per (kind, value chain) of the target actors and simulated year
        n_cells = len({(a.kind, a.value_chain) for a in t.actors if a.is_target})
        return cls(
            strategies=n_k,
            scenarios=n,
            periods=n_periods,
            checkpoints=n_chk,
            records=n_periods + 1 if trajectories else n_chk,
            outcomes=len(OUTCOMES),
            actors=len(t.actors),
            rows=len(t.actors) + n_cells * math.ceil(n_periods / ppy),
            ties=len(t.partnerships),
            uncertain=len(case.uncertainties.parameters),
            events=len(case.uncertainties.events),
            interventions=sum(len(s.interventions) for s in case.strategies) or 1,
            trajectories=trajectories,
        )


def _memory(
    s: _Sizes, keep: str, sampler: str, ranking: bool, workers: int, local_workers: bool
) -> tuple[float, int]:
    """Peak memory of a run, and the scenarios per chunk the engine would use."""
    n, n_k, n_o = s.scenarios, s.strategies, s.outcomes
    mem = 0.0
    if keep == "all":
        mem += _BYTES * n_o * s.records * n_k * n  # outcomes
        if s.trajectories:  # the checkpoints, copied out
            mem += _BYTES * n_o * s.checkpoints * n_k * n
        mem += _BYTES * n * (s.uncertain + 2 * s.events)  # inputs and event draws
        if ranking:
            mem += 3 * _BYTES * n_o * n_k * n  # quantiles and criteria over scenarios
    else:
        mem += _BYTES * n_o * s.checkpoints * n_k * (1024 + 8)
    if sampler != "mc":
        mem += 2 * _BYTES * n * s.uncertain  # the quasi-random design
    # the compiled case: actor arrays, tie matrices, per intervention spend over the periods
    mem += _BYTES * (40 * s.rows + 6 * s.ties + 4 * s.interventions * s.periods)
    # chunks, sized as the engine sizes them: each worker holds one chunk's state, and the
    # results of a few chunks wait in flight in this process
    per_scenario = _BYTES * (s.rows * 6 * 8 + n_o * s.records * n_k)
    chunk_n = max(1, min(256, _CHUNK_BUDGET // max(per_scenario, 1), max(n, 1)))
    if workers > 1:
        chunk_n = max(1, min(chunk_n, math.ceil(n / (2 * workers))))
        if local_workers:
            mem += workers * (_PROCESS_OVERHEAD + chunk_n * per_scenario)
        mem += (2 * workers + 1) * chunk_n * _BYTES * n_o * s.records * n_k
    else:
        mem += chunk_n * per_scenario
    return mem, chunk_n


def check_resources(estimate: ResourceEstimate, *, force: bool = False) -> None:
    """Refuse a run whose memory estimate exceeds the available memory (unless ``force``);
    warn (:class:`~ssestrategy.errors.SSEWarning`) when it will take more than ten minutes.

    Raises
    ------
    ResourceError
        With the estimate and what to do instead.

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> check_resources(estimate_resources(tiznit(), n_scenarios=10_000_000_000))
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ResourceError: this run needs about ... TiB of memory ...
    """
    if not estimate.fits and not force:
        raise ResourceError(
            f"this run needs {estimate.describe()}, but the machine has "
            f"{_size(estimate.available or 0)} of memory available: use fewer scenarios "
            "(or keep='summary' when simulating), fewer workers, or force the run "
            "(--force, or force=True) to try anyway; ssestrategy.simulation.estimate_resources "
            "gives the estimate, and docs/limits.md how to run larger studies (Dask)",
            estimate,
        )
    if estimate.seconds > _WARN_SECONDS and math.isfinite(estimate.seconds):
        warnings.warn(
            SSEWarning(f"this run will take a while: {estimate.describe()}", "n_scenarios"),
            stacklevel=3,
        )
