# long-file: being rewritten for performance (issue 17); it is split when that lands.
# long-functions: being rewritten for performance (issue 17).
"""Run strategies over sampled futures: chunks of scenarios, on any executor, reduced as they
arrive.

:func:`simulate` compiles the case once, splits the scenarios into chunks, runs each chunk (all
strategies over the same futures: common random numbers) serially or on any
:class:`concurrent.futures.Executor` — a process pool, or a Dask ``distributed`` client's
executor (``client.get_executor()``; install the ``distributed`` package) — and places each
chunk's results by scenario index into preallocated arrays (``keep="all"``) or folds them, in
scenario order, into streaming summaries (``keep="summary"``). Chunks are submitted a few at a
time, so memory stays bounded by the chunk size. A result depends on ``(case, rng, n_scenarios,
sampler)`` only — never on the chunk size, the number of workers or the executor.

Examples
--------
>>> from ssestrategy.datasets import tiznit
>>> ens = simulate(tiznit(), ["status-quo", "canadian-agency"], n_scenarios=6, rng=3,
...                periods=8)
>>> ens.strategies, ens.outcome("jobs").shape
(('status-quo', 'canadian-agency'), (2, 6))
"""

from __future__ import annotations

import concurrent.futures as cf
import math
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from .._deprecation import renamed_arguments
from .._progress import Progress
from .._random import RNGLike, check_rng
from .._version import __version__
from ..errors import ModelError, Problem
from ..io import case_hash
from ..model import Case, Lever, Strategy
from ..model.parameters import PARAMETER_DOMAINS, parameter_problem
from .checks import check_resources, check_simulation, estimate_resources
from .compile import LEVER_CODES, CompiledCase, compiled, resolve_strategies
from .dispatch import run_chunks, worker_count
from .evaluate import Columns, evaluate
from .kernel import OUTCOME_NAMES
from .results import Ensemble, StreamingStats
from .sampling import SAMPLERS, Sampler, SamplingPlan, draw, make_plan, ppf

__all__ = ["PARAMETER_DOMAINS", "check_parameters", "parameter_problems", "simulate"]

Float = NDArray[np.float64]

_INCUBATION = LEVER_CODES[Lever.INCUBATION]
_MEMORY_BUDGET = 256 * 2**20
_CACHE_CHUNK = 256


def _check_value(path: str, name: str, lo_v: float, hi_v: float) -> None:
    problem = parameter_problem(name, lo_v, hi_v)
    if problem is not None:
        raise ModelError.at(path, problem)


def parameter_problems(case: Case) -> list[Problem]:
    """Every parameter value, or support of an uncertain parameter's distribution, outside the
    parameter's domain (:data:`PARAMETER_DOMAINS`), each with its path.

    Examples
    --------
    >>> from ssestrategy.model import Case, Territory
    >>> case = Case(name="c", territory=Territory(name="t")).with_parameters(
    ...     pole_weight=1.5, learning_rate=-1.0)
    >>> [p.path for p in parameter_problems(case)]
    ['parameters.learning_rate', 'parameters.pole_weight']
    """
    problems: list[Problem] = []
    for name, p in case.parameters.items():
        if name in PARAMETER_DOMAINS:
            try:
                _check_value(f"parameters.{name}", name, p.value, p.value)
            except ModelError as err:
                problems.extend(err.problems)
    for i, u in enumerate(case.uncertainties.parameters):
        if u.parameter in PARAMETER_DOMAINS:
            lo, hi = u.distribution.support()
            try:
                _check_value(
                    f"uncertainties.parameters[{i}].distribution",
                    u.parameter,
                    float(lo),
                    float(hi),
                )
            except ModelError as err:
                problems.extend(err.problems)
    return problems


def check_parameters(case: Case) -> None:
    """Raise :class:`~ssestrategy.errors.ModelError` if a parameter value, or the support of an
    uncertain parameter's distribution, leaves the parameter's domain
    (:data:`PARAMETER_DOMAINS`).

    Examples
    --------
    >>> from ssestrategy.model import Case, Territory
    >>> check_parameters(Case(name="c", territory=Territory(name="t")).with_parameters(
    ...     pole_weight=1.5))
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: parameters.pole_weight: pole_weight must be <= 1 (got 1.5)
    """
    problems = parameter_problems(case)
    if problems:
        raise ModelError(problems)


def _case_hash(case: Case) -> str:
    return case_hash(case)


def _version() -> str:
    return __version__


def record_periods(n_periods: int, periods_per_year: int) -> NDArray[np.intp]:
    """Checkpoint times in periods: 0, each whole year, and the last period.

    Examples
    --------
    >>> record_periods(10, 4).tolist()
    [0, 4, 8, 10]
    """
    rec = list(range(0, n_periods + 1, periods_per_year))
    if rec[-1] != n_periods:
        rec.append(n_periods)
    return np.asarray(rec, dtype=np.intp)


@attrs.frozen(eq=False)
class _Shared:
    """What every chunk of a simulation shares (shipped once per worker, :mod:`.dispatch`)."""

    cc: CompiledCase
    base: dict[str, float]
    record: NDArray[np.intp]
    shared_rho: bool


@attrs.frozen(eq=False)
class _Job:
    """One chunk: its scenarios ``lo:hi`` and their sampling plan (small)."""

    plan: SamplingPlan
    lo: int
    hi: int


@attrs.frozen(eq=False)
class _Chunk:
    lo: int
    hi: int
    values: Float  # (outcomes, records, strategies, scenarios)
    inputs: Float
    onset: NDArray[np.int64]
    severity: Float


def _run_chunk(shared: _Shared, job: _Job) -> _Chunk:
    """Draw the chunk's scenarios and run every strategy over them (runs in a worker).

    NumPy's floating-point warnings are silenced here: the case's numbers are bounded
    (:func:`~ssestrategy.simulation.checks.simulation_problems`), and the engine checks the
    outcomes are finite (:func:`_check_finite`), so a warning would only repeat that check
    with a source line the user cannot act on.
    """
    with np.errstate(all="ignore"):
        sample = draw(job.plan, job.lo, job.hi)
        columns = Columns(
            n=job.hi - job.lo,
            params={name: sample.values[:, c] for c, name in enumerate(sample.names)},
            event_onset=sample.event_onset,
            event_severity=sample.event_severity,
            shared_rho=shared.shared_rho,
        )
        values = evaluate(shared.cc, shared.base, columns, shared.record, check=False)
    return _Chunk(
        lo=job.lo,
        hi=job.hi,
        values=values,
        inputs=sample.values,
        onset=sample.event_onset,
        severity=sample.event_severity,
    )


def _auto_chunk(cc: CompiledCase, n: int, n_record: int, workers: int) -> int:
    """Chunk size: small enough for the cache and the memory budget, enough chunks for the
    workers."""
    per_scenario = 8 * (cc.n_rows * 6 * 8 + len(OUTCOME_NAMES) * n_record * len(cc.strategies))
    by_memory = max(1, _MEMORY_BUDGET // max(per_scenario, 1))
    size = min(_CACHE_CHUNK, by_memory, n)
    if workers > 1:
        size = min(size, max(1, math.ceil(n / (2 * workers))))
    return max(1, size)


def _bound_lo(case: Case, name: str) -> float:
    """Smallest value a parameter takes (its value, or the bottom of its distribution)."""
    lo = case.parameters[name].value
    for u in case.uncertainties.parameters:
        if u.parameter == name:
            bottom = float(ppf(u.distribution, np.array([1e-12]))[0])
            if math.isfinite(bottom):
                lo = min(lo, bottom)
    return lo


def _bound_hi(case: Case, name: str) -> float:
    """Largest value a parameter takes (its value, or the top of its distribution)."""
    hi = case.parameters[name].value
    for u in case.uncertainties.parameters:
        if u.parameter == name:
            top = float(ppf(u.distribution, np.array([1.0 - 1e-12]))[0])
            if math.isfinite(top):
                hi = max(hi, top)
    return hi


def _outcome_bounds(case: Case, cc: CompiledCase) -> Float:
    """``(outcomes, strategies, 2)`` ranges for the streaming histograms: bounds every value can
    reach (entry makes counts grow at most exponentially at the highest creation rate)."""
    n_k = len(cc.strategies)
    years = cc.n_periods * cc.dt
    growth = 1.0
    if cc.n_cells:
        rate = _bound_hi(case, "entry_rate") * (1.0 + _bound_hi(case, "entry_success_effect"))
        growth = math.exp(min(rate * years, 700.0))
    t = cc.target_idx
    units = float(np.sum(cc.units[t]))
    member_units = float(np.sum(cc.units[t] * cc.members[t]))
    per_unit = float(np.max(cc.members[t])) if t.size else 0.0
    cost_lo = _bound_lo(case, "incubation_cost")
    lever_entrants = np.asarray(
        [
            s.budget_total / cost_lo if (s.lever == _INCUBATION).any() else 0.0
            for s in cc.strategies
        ],
        dtype=np.float64,
    )
    actors_max = (units + lever_entrants) * growth
    jobs_max = (member_units + lever_entrants * per_unit) * growth
    income_max = (
        jobs_max * _bound_hi(case, "income_per_member") * (1.0 + _bound_hi(case, "income_gain"))
    )
    recovery = np.asarray(
        [float(np.max(s.params["recovery_rate"], initial=0.0)) for s in cc.strategies]
    )
    spend = np.asarray([s.budget_total for s in cc.strategies], dtype=np.float64)
    out = np.zeros((len(OUTCOME_NAMES), n_k, 2))
    for o, name in enumerate(OUTCOME_NAMES):
        if name in ("active_actors", "entrants"):
            hi = actors_max
        elif name in ("jobs", "social_protection", "jobs_created"):
            hi = jobs_max
        elif name == "income":
            hi = income_max
        elif name in ("spend", "peak_annual_spend"):
            hi = spend
        elif name == "money_to_actors":
            hi = spend / (1.0 - recovery)
        elif name == "leverage":
            hi = 1.0 / (1.0 - recovery)
        else:
            hi = np.ones(n_k)
        out[o, :, 1] = np.where(hi > 0.0, hi, 1.0)
    return out


def _check_finite(values: Float | None, stats: StreamingStats | None, strats: Any) -> None:
    """Raise ModelError if an outcome came out NaN or infinite (numbers of the case too large or
    too small for double precision), naming the outcome and the strategy."""
    if values is not None:
        bad = ~np.isfinite(values).all(axis=(1, 3))  # (outcomes, strategies)
    elif stats is not None:
        ok = np.isfinite(stats.s1) & np.isfinite(stats.s2)
        ok &= np.isfinite(stats.minimum) & np.isfinite(stats.maximum)
        bad = ~ok.all(axis=1)
    else:  # pragma: no cover
        return
    if not bad.any():
        return
    problems = [
        Problem(
            f"strategies[{k}]",
            f"outcome {OUTCOME_NAMES[o]!r} of {strats[k].id!r} is not a finite number: a number "
            "of the case is too large or too small for double precision",
        )
        for o, k in zip(*np.nonzero(bad), strict=True)
    ]
    raise ModelError(problems[:10])


@renamed_arguments(seed="rng")
def simulate(
    case: Case,
    strategies: Sequence[Strategy | str] | Strategy | str | None = None,
    *,
    n_scenarios: int,
    rng: RNGLike = 0,
    periods: int | None = None,
    sampler: Sampler = "mc",
    chunk_size: int | None = None,
    executor: cf.Executor | None = None,
    trajectories: bool = False,
    keep: str = "all",
    progress: bool = False,
    force: bool = False,
) -> Ensemble:
    """Simulate strategies over sampled futures of a case.

    The case is checked first (:func:`~ssestrategy.simulation.checks.simulation_problems`, the
    checks ``ssestrategy validate`` runs), then the memory and time of the run are estimated
    (:func:`~ssestrategy.simulation.checks.estimate_resources`): a run that would not fit in the
    available memory is refused before any work, unless ``force``.

    Parameters
    ----------
    case : Case
    strategies : sequence of Strategy or str, optional
        Strategies (objects or ids of the case's strategies); default ``case.strategies``.
    n_scenarios : int
        Number of futures.
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        Root of the randomness (:mod:`ssestrategy._random`, SPEC 7): scenario *k* draws from
        the root's stream *k*, ``SeedSequence(rng, spawn_key=(k,))`` for an int. The root's
        entropy and spawn key are recorded in ``provenance``.
    periods : int, optional
        Periods to simulate (default ``case.n_periods``, the horizon times periods per year).
    sampler : {"mc", "lhs", "sobol"}
        How uncertain parameters are sampled (events always come from per-scenario streams).
    chunk_size : int, optional
        Scenarios per chunk; default from a memory budget and the number of workers.
    executor : concurrent.futures.Executor, optional
        Where chunks run (a ``ProcessPoolExecutor``, a Dask client's ``get_executor()``...);
        default in this process.
    trajectories : bool
        Keep every outcome in every period (:meth:`Ensemble.trajectory`).
    keep : {"all", "summary"}
        Keep per-scenario outcomes, or only streaming summaries (flat memory).
    progress : bool
        Draw a progress bar on standard error.
    force : bool
        Run even above the bound on periods (:data:`~ssestrategy.simulation.checks.MAX_PERIODS`)
        or the memory available.

    Returns
    -------
    Ensemble

    Raises
    ------
    ModelError
        For a case or an argument the simulation cannot run (every problem with its path).
    ResourceError
        When the run would need more memory than the machine has (and not ``force``).

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> case = tiznit()
    >>> a = simulate(case, ["french-agency"], n_scenarios=4, rng=5, periods=4, chunk_size=1)
    >>> b = simulate(case, ["french-agency"], n_scenarios=4, rng=5, periods=4)
    >>> a == b
    True
    """
    if not isinstance(case, Case):
        raise ModelError.at("case", f"expected a Case, got {type(case).__name__}")
    if keep not in ("all", "summary"):
        raise ModelError.at("keep", f"expected 'all' or 'summary', got {keep!r}")
    if trajectories and keep == "summary":
        raise ModelError.at("trajectories", "trajectories need keep='all'")
    if executor is not None and not callable(getattr(executor, "submit", None)):
        raise ModelError.at(
            "executor", f"expected a concurrent.futures.Executor, got {type(executor).__name__}"
        )
    if chunk_size is not None and (
        not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1
    ):
        raise ModelError.at("chunk_size", f"expected a positive integer, got {chunk_size!r}")
    if periods is not None and (
        not isinstance(periods, int) or isinstance(periods, bool) or periods < 1
    ):
        raise ModelError.at("periods", f"expected a positive integer, got {periods!r}")
    if not isinstance(n_scenarios, int) or isinstance(n_scenarios, bool) or n_scenarios < 1:
        raise ModelError.at("n_scenarios", f"expected a positive integer, got {n_scenarios!r}")
    if sampler not in SAMPLERS:
        raise ModelError.at(
            "sampler", f"unknown sampler {sampler!r} (expected one of: {', '.join(SAMPLERS)})"
        )
    strats = resolve_strategies(
        case, [strategies] if isinstance(strategies, Strategy | str) else strategies
    )
    check_simulation(case, strats, periods=periods, force=force)
    check_rng(rng)  # a bad rng is refused before any work
    workers = worker_count(executor)
    estimate = estimate_resources(
        case,
        strats,
        n_scenarios=n_scenarios,
        periods=periods,
        trajectories=trajectories,
        keep=keep,
        workers=workers,
        local_workers=executor is None or isinstance(executor, cf.ProcessPoolExecutor),
        sampler=sampler,
    )
    check_resources(estimate, force=force)
    # the case's hash (provenance; 6.6 s for 60,000 actors) is computed beside the run
    hashing = cf.ThreadPoolExecutor(1, thread_name_prefix="ssestrategy-case-hash")
    digest = hashing.submit(_case_hash, case)
    hashing.shutdown(wait=False)
    cc = compiled(case, strats, periods=periods)
    plan = make_plan(case, n_scenarios, rng=rng, sampler=sampler, periods=cc.n_periods)
    checkpoints = record_periods(cc.n_periods, cc.periods_per_year)
    record = np.arange(cc.n_periods + 1, dtype=np.intp) if trajectories else checkpoints
    n_o, n_r, n_k, n = len(OUTCOME_NAMES), record.shape[0], len(strats), n_scenarios
    size = chunk_size or _auto_chunk(cc, n, n_r, workers)
    bounds = [(lo, min(lo + size, n)) for lo in range(0, n, size)]
    base = case.parameter_values()
    shared_rho = "ces_rho" not in plan.names

    shared = _Shared(cc=cc, base=base, record=record, shared_rho=shared_rho)
    jobs = [_Job(plan=plan.chunk(lo, hi), lo=lo, hi=hi) for lo, hi in bounds]

    # --- reducers ----------------------------------------------------------------------
    out_values = np.empty((n_o, n_r, n_k, n)) if keep == "all" else None
    out_inputs = np.empty((n, len(plan.names))) if keep == "all" else None
    out_onset = np.empty((n, len(plan.event_names)), dtype=np.int64) if keep == "all" else None
    out_sev = np.empty((n, len(plan.event_names))) if keep == "all" else None
    stats = (
        StreamingStats(_outcome_bounds(case, cc), checkpoints.shape[0], n_k)
        if keep == "summary"
        else None
    )
    waiting: dict[int, _Chunk] = {}
    next_lo = 0
    bar = Progress(n, progress)

    def reduce(ch: _Chunk) -> None:
        nonlocal next_lo
        if out_values is not None:
            out_values[..., ch.lo : ch.hi] = ch.values
            out_inputs[ch.lo : ch.hi] = ch.inputs  # type: ignore[index]
            out_onset[ch.lo : ch.hi] = ch.onset  # type: ignore[index]
            out_sev[ch.lo : ch.hi] = ch.severity  # type: ignore[index]
        elif stats is not None:
            waiting[ch.lo] = ch
            while next_lo in waiting:
                c = waiting.pop(next_lo)
                stats.add(c.values)
                next_lo = c.hi
        bar.update(ch.hi - ch.lo)

    # --- run: the compiled case shipped once per worker, the jobs small -------------------
    run_chunks(
        _run_chunk,
        shared,
        jobs,
        lambda _, ch: reduce(ch),
        executor=executor,
        describe=lambda j: f"scenarios {j.lo}:{j.hi}",
    )

    _check_finite(out_values, stats, strats)
    root = plan.root
    provenance: dict[str, Any] = {
        "case": case.name,
        "case_hash": digest.result(),
        "seed": int(root.entropy)
        if isinstance(root.entropy, int | np.integer)
        else [int(v) for v in np.atleast_1d(np.asarray(root.entropy))],
        "spawn_key": [int(k) for k in root.spawn_key],
        "sampler": sampler,
        "n_scenarios": n,
        "n_periods": cc.n_periods,
        "periods_per_year": cc.periods_per_year,
        "version": _version(),
        "keep": keep,
    }
    if trajectories and out_values is not None:
        pos = np.searchsorted(record, checkpoints)
        chk = np.ascontiguousarray(out_values[:, pos])
        traj: Float | None = out_values
    else:
        chk = out_values  # type: ignore[assignment]
        traj = None
    return Ensemble(
        strategies=tuple(s.id for s in strats),
        strategy_names=tuple(s.name for s in strats),
        outcome_names=OUTCOME_NAMES,
        years=checkpoints.astype(np.float64) / cc.periods_per_year,
        periods=cc.n_periods,
        periods_per_year=cc.periods_per_year,
        n_scenarios=n,
        keep=keep,
        input_names=plan.names,
        event_names=plan.event_names,
        provenance=provenance,
        checkpoints=chk,
        trajectories=traj,
        input_values=out_inputs,
        event_onset_values=out_onset,
        event_severity_values=out_sev,
        stats=None if stats is None else stats.result(),
    )
