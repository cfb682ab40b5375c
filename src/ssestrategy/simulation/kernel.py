# long-file: being rewritten for performance (issue 17); it is split when that lands.
# long-functions: being rewritten for performance (issue 17).
"""The model step: a pure array function vectorised over columns (scenarios, or designs x
scenarios).

State per chunk of ``S`` columns: capacities ``C[row, factor, column]``, active units
``A[row, column]`` (an actor's expected active units; a cohort's active entrants),
social-protection coverage ``P[row, column]``, the outstanding loans of each revolving fund, and
accumulators. One call of :func:`step` advances every column by one period; :func:`run` loops
over the periods (the only Python loop of the hot path). ``docs/model.md`` states each equation;
the comments below number the stages as that page does.

Each column has its own parameter values (:class:`ScenarioInputs`) and, per strategy, its own
design — budgets, timing and mechanism parameters of the interventions
(:class:`DesignInputs`); by default every column runs the strategy as written.

Determinism: every reduction over rows, poles, cells or interventions is a sparse matrix
product (a fixed sequential order per output element) or an explicit loop, never a NumPy
reduction whose summation order could depend on the number of columns; so a column's result
does not depend on which other columns share its chunk.

Examples
--------
>>> import numpy as np
>>> from ssestrategy.model import Actor, Case, Territory
>>> from ssestrategy.simulation.compile import compile_case
>>> caps = {"financing": 0.5, "networking": 0.5, "innovation": 0.5, "governance": 0.5}
>>> t = Territory(name="T", actors=(Actor(id="a", name="A", kind="cooperative",
...                                      capacities=caps, members=10),))
>>> case = Case(name="c", territory=t)
>>> cc = compile_case(case, [], periods=4, entry=False)
>>> x = scenario_inputs(case.parameter_values(), 2, cc)
>>> st = initial_state(cc, None, x)
>>> step(cc, None, x, st)
>>> np.round(st.capacity[0, :, 0], 6).tolist()  # one quarter of 5%/year depreciation
[0.49375, 0.49375, 0.49375, 0.49375]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from ..errors import ModelError
from ..model import FACTORS, OUTCOMES
from ..model.success import ces_success, cohesion, networking_level
from .compile import CompiledCase, CompiledStrategy

__all__ = [
    "OUTCOME_NAMES",
    "DesignInputs",
    "ScenarioInputs",
    "State",
    "ces",
    "funds_ties",
    "initial_state",
    "measure",
    "run",
    "scenario_inputs",
    "step",
]

Float = NDArray[np.float64]
Int = NDArray[np.int64]

OUTCOME_NAMES: tuple[str, ...] = tuple(OUTCOMES)
"""Outcomes in the order of the kernel's output rows (:data:`~ssestrategy.model.OUTCOMES`)."""

_NETWORKING = FACTORS.index(FACTORS[1])
_FINANCING = 0
_POOLING = 6
_KNOWN = {
    "active_actors",
    "survival",
    "jobs",
    "entrants",
    "jobs_created",
    "social_protection",
    "social_protection_share",
    "income",
    "pole_success",
    "capacity",
    *(f"capacity_{f.value}" for f in FACTORS),
    "spend",
    "money_to_actors",
    "leverage",
    "peak_annual_spend",
    "women_share",
    "rural_share",
    "women_spend_share",
    "rural_spend_share",
}
if set(OUTCOME_NAMES) != _KNOWN:  # pragma: no cover - guards the shared outcome list
    raise ImportError("ssestrategy.model.OUTCOMES and the simulation kernel disagree")


@attrs.frozen(eq=False)
class ScenarioInputs:
    """Per-column inputs of a chunk.

    Attributes
    ----------
    n : int
        Columns in the chunk.
    params : mapping of str to ndarray
        Every model parameter as an array of shape ``(n,)``.
    rho : float or ndarray
        The CES exponent: a float when all columns share it, else ``(n,)``.
    delay : ndarray of int
        Funding delay in whole periods.
    event_onset : ndarray of int
        ``(events, n)`` onset period, -1 = never.
    event_severity : ndarray
        ``(events, n)``.
    """

    n: int
    params: Mapping[str, Float]
    rho: float | Float
    delay: Int
    event_onset: Int
    event_severity: Float


def scenario_inputs(
    base: Mapping[str, float],
    n: int,
    cc: CompiledCase,
    *,
    sampled: Mapping[str, Float] | None = None,
    event_onset: Int | None = None,
    event_severity: Float | None = None,
    shared_rho: bool | None = None,
) -> ScenarioInputs:
    """Per-column inputs from base parameter values and sampled columns.

    Parameters
    ----------
    base : mapping of str to float
        Every parameter's value (``case.parameter_values()``).
    n : int
        Number of columns.
    cc : CompiledCase
    sampled : mapping of str to ndarray, optional
        ``(n,)`` values of the uncertain parameters (override ``base``).
    event_onset, event_severity : ndarray, optional
        ``(n, events)`` event draws; default: no event happens.
    shared_rho : bool, optional
        Whether every column has the same ``ces_rho`` (default: ``ces_rho`` is not sampled).
        The choice selects the CES code path, so the engine makes it once per simulation.

    Examples
    --------
    >>> from ssestrategy.model import Case, Territory
    >>> from ssestrategy.simulation.compile import compile_case
    >>> case = Case(name="c", territory=Territory(name="t"))
    >>> x = scenario_inputs(case.parameter_values(), 3, compile_case(case))
    >>> x.params["learning_rate"].tolist(), x.rho
    ([0.2, 0.2, 0.2], -4.0)
    """
    sampled = dict(sampled or {})
    params: dict[str, Float] = {}
    for name, value in base.items():
        if name in sampled:
            params[name] = np.ascontiguousarray(sampled[name], dtype=np.float64).reshape(n)
        else:
            params[name] = np.full(n, float(value))
    if shared_rho is None:
        shared_rho = "ces_rho" not in sampled
    rho: float | Float = float(params["ces_rho"][0]) if shared_rho else params["ces_rho"]
    delay = np.rint(params["funding_delay"] / cc.dt).astype(np.int64)
    n_e = cc.n_events
    onset = (
        np.full((n_e, n), -1, dtype=np.int64)
        if event_onset is None
        else np.ascontiguousarray(np.asarray(event_onset, dtype=np.int64).T)
    )
    severity = (
        np.zeros((n_e, n))
        if event_severity is None
        else np.ascontiguousarray(np.asarray(event_severity, dtype=np.float64).T)
    )
    return ScenarioInputs(
        n=n, params=params, rho=rho, delay=delay, event_onset=onset, event_severity=severity
    )


@attrs.frozen(eq=False)
class DesignInputs:
    """Per-column design of one strategy: each intervention's budget, timing and mechanism
    parameters (``(interventions, n)`` arrays, in the order of ``strategy.interventions``).

    Attributes
    ----------
    budget : ndarray
        Annual budget in MAD.
    start, duration : ndarray
        Years.
    params : mapping of str to ndarray
        Every mechanism parameter (:data:`~ssestrategy.model.LEVER_PARAMETERS`).
    funds_ties : bool or None
        Whether some column of the whole study funds a ties intervention (it selects the
        learning stage's code path, so it must not depend on which columns share a chunk:
        :meth:`~ssestrategy.simulation.evaluate.Columns.slice` sets it from all columns).
        None: decided from these columns.

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> from ssestrategy.simulation.compile import compile_case
    >>> cc = compile_case(tiznit(), ["canadian-agency"])
    >>> d = DesignInputs.default(cc.strategies[0], 3)
    >>> d.budget.shape, d.params["recovery_rate"].shape  # 7 interventions, 3 columns
    ((7, 3), (7, 3))
    """

    budget: Float
    start: Float
    duration: Float
    params: Mapping[str, Float]
    funds_ties: bool | None = None

    @classmethod
    def default(cls, strat: CompiledStrategy, n: int) -> DesignInputs:
        """The strategy as written, in every one of ``n`` columns."""

        def cols(a: Float) -> Float:
            return np.ascontiguousarray(np.broadcast_to(a[:, None], (a.shape[0], n)))

        return cls(
            budget=cols(strat.budget),
            start=cols(strat.start),
            duration=cols(strat.duration),
            params={k: cols(v) for k, v in strat.params.items()},
        )

    def check(self, strat: CompiledStrategy, n: int) -> None:
        """Raise :class:`~ssestrategy.errors.ModelError` unless every array is
        ``(interventions, n)``, finite and in its domain."""
        shape = (strat.n_parents, n)
        arrays = {"budget": self.budget, "start": self.start, "duration": self.duration}
        arrays.update({f"params.{k}": v for k, v in self.params.items()})
        for name, a in arrays.items():
            if np.shape(a) != shape:
                raise ModelError.at(f"design.{name}", f"expected shape {shape}, got {np.shape(a)}")
            if not np.all(np.isfinite(a)):
                raise ModelError.at(f"design.{name}", "values must be finite")
            if name in ("budget", "start", "duration") and np.any(np.asarray(a) < 0):
                raise ModelError.at(f"design.{name}", "values must be non-negative")
        missing = set(strat.params) - set(self.params)
        if missing:
            raise ModelError.at("design.params", f"missing {', '.join(sorted(missing))}")


@attrs.define(eq=False)
class State:
    """The mutable state of a chunk of columns (see the module docstring).

    The capacities, coverage and success of the cohort rows of a year not yet begun are not
    kept up to date (they hold no one; see ``docs/model.md``, "Rows that hold no one").

    Attributes
    ----------
    capacity : ndarray
        ``(rows, 4, S)``.
    alive : ndarray
        ``(rows, S)`` active units.
    alive0 : ndarray
        ``(S,)`` active units of the target actors at the start (the denominator of survival).
    cover : ndarray
        ``(rows, S)`` share of members covered by social protection.
    success : ndarray
        ``(targets, S)`` success of the last period.
    pole_success : ndarray
        ``(poles, S)``.
    outstanding : ndarray
        ``(funds, S)`` loans outstanding of each revolving fund.
    tie_money : ndarray
        ``(ties interventions, S)`` cumulative spend of each ties intervention.
    cum_spend, cum_money, cum_repaid : ndarray
        ``(S,)`` cumulative public spend, money reaching actors, and repayments collected by
        revolving funds.
    cum_target, cum_women, cum_rural : ndarray
        ``(S,)`` cumulative public spend reaching target actors, women-led ones and rural ones.
    cum_entrants, cum_jobs_created : ndarray
        ``(S,)`` actors created and their members, since the start.
    window : ndarray
        ``(periods_per_year, S)`` public spend of the last year's periods, oldest first.
    peak : ndarray
        ``(S,)`` largest spend over any year so far.
    period : int
        Periods done.
    """

    capacity: Float
    alive: Float
    alive0: Float
    cover: Float
    success: Float
    pole_success: Float
    outstanding: Float
    tie_money: Float
    cum_spend: Float
    cum_money: Float
    cum_repaid: Float
    cum_target: Float
    cum_women: Float
    cum_rural: Float
    cum_entrants: Float
    cum_jobs_created: Float
    window: Float
    peak: Float
    period: int

    def copy(self) -> State:
        """A deep copy."""
        return attrs.evolve(
            self,
            **{
                f.name: getattr(self, f.name).copy()
                for f in attrs.fields(State)
                if isinstance(getattr(self, f.name), np.ndarray)
            },
        )


def ces(levels: Float, rho: float | Float) -> Float:
    """CES success of ``levels[..., 4, S]`` over the factor axis (axis 1 of a 3-D array).

    This is :func:`ssestrategy.network.poles.ces_success` (the one definition, in its
    overflow-free form). With a float ``rho`` (shared by every column) the powers are
    evaluated in double precision; with one exponent per column (the last axis) in single
    precision, which makes them about three times faster where NumPy has no SIMD
    double-precision ``exp``/``log`` (the powers are the largest cost of a period). The
    relative error is then below 1e-6; a test checks the agreement column by column.

    Examples
    --------
    >>> lv = np.full((1, 4, 2), 0.5)
    >>> ces(lv, np.array([-2.0, -8.0])).round(6).tolist()
    [[0.5, 0.5]]
    >>> ces(np.array([[[0.5], [0.0], [0.5], [0.5]]]), np.array([-2.0])).tolist()
    [[0.0]]
    """
    if isinstance(rho, float):
        return ces_success(levels, rho, axis=1)
    return ces_success(levels, rho, axis=1, power_dtype=np.float32)


def _seqsum(rows: Float) -> Float:
    """Sum over the first axis in a fixed sequential order (independent of the other axes)."""
    out = np.zeros(rows.shape[1:])
    for r in rows:
        out += r
    return out


def _rows(idx: NDArray[np.intp]) -> slice | NDArray[np.intp]:
    """``idx`` as a slice when it is a contiguous increasing range (a view, not a copy)."""
    if idx.size and int(idx[-1]) - int(idx[0]) + 1 == idx.size and bool(np.all(np.diff(idx) == 1)):
        return slice(int(idx[0]), int(idx[-1]) + 1)
    return idx


_MAX_RUNS = 8


def _runs(idx: NDArray[np.intp], t: int) -> list[tuple[slice, slice]] | None:
    """The first ``t`` entries of ``idx`` as at most a few contiguous runs: ``(rows, entries)``
    slice pairs (views instead of gathers), or None when they are scattered."""
    sub = idx[:t]
    if not sub.size:
        return []
    breaks = np.flatnonzero(np.diff(sub) != 1) + 1
    if breaks.size >= _MAX_RUNS:
        return None
    starts = np.concatenate([[0], breaks])
    ends = np.concatenate([breaks, [sub.size]])
    return [
        (slice(int(sub[a]), int(sub[a]) + int(b - a)), slice(int(a), int(b)))
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
    ]


@attrs.frozen(eq=False)
class _Plan:
    """Per-strategy, per-chunk arrays derived once from the design (not state)."""

    budget: Float  # (iv rows, S) annual budget of each intervention row
    start: Float
    end: Float
    recovery: Float  # (iv rows, S)
    term: Float
    admin: Float
    rivalry: Float
    tie_intensity: Float  # (ties, S)
    tie_ramp: Float
    tie_cost: Float
    funds_ties: bool
    factor_scale: Float  # (factor groups, S) spend multiplier for the organisation's size
    fund_scale: Float  # (fund groups, S)
    reach_rows: Int  # intervention rows whose reach of target actors differs from ``targets``
    reach_matrix: sp.csr_array  # those rows of ``target_reach``


def _rows_differ(a: sp.csr_array, b: sp.csr_array) -> Int:
    """Rows of two CSR matrices of one shape that are not stored identically (same entries in
    the same order give the same products, bit for bit)."""
    out = []
    for i in range(a.shape[0]):
        sa = slice(int(a.indptr[i]), int(a.indptr[i + 1]))
        sb = slice(int(b.indptr[i]), int(b.indptr[i + 1]))
        if not (
            np.array_equal(a.indices[sa], b.indices[sb]) and np.array_equal(a.data[sa], b.data[sb])
        ):
            out.append(i)
    return np.asarray(out, dtype=np.int64)


@attrs.frozen(eq=False)
class _YearTie:
    """A ties intervention's matrix over the rows of a year: the rows it ties (all rows when
    ``most``), its weights on the actors (a column per actor) and the rows' summed weights on
    them; its weights on the cohorts (a column per cohort row of the years begun) for the few
    rows tied to cohorts (the hubs: ``hubs`` indexes ``rows``, or the rows when ``most``)."""

    most: bool
    rows: Int
    actors: sp.csr_array
    strength: Float  # (rows, 1)
    hubs: Int
    cohorts: sp.csr_array  # (hubs, cohort rows of the years begun)


@attrs.frozen(eq=False)
class _Year:
    """What a period of one simulated year reads: the rows that can hold anyone (the actors and
    the cohorts of the years begun; cohort rows are the last rows, year by year, and the last
    target entries) and the matrices cut to them. A later year's cohort is empty and nothing
    reads it before its year (its capacities and coverage are overwritten when its first
    entrants arrive, a hub learns only from cohorts that hold anyone), so a period skips it."""

    rows: int
    targets: int
    ties0: sp.csr_array  # ties0[:rows], and the same for the normalised one
    ties0_normalised: sp.csr_array
    pole_members: sp.csr_array  # [:, :rows]
    target_pole_mean: sp.csr_array  # [:targets]
    event_targets: sp.csr_array  # [:targets]
    ties: tuple[_YearTie, ...]  # per ties intervention of the strategy
    runs: list[tuple[slice, slice]] | None  # the target entries as runs of rows (_runs)
    factor_rows: slice | Int  # the strategy's capacity-lever rows among them, and groups
    factor_group: Int
    fund_rows: Int  # its revolving funds' borrower rows, and groups
    fund_group: Int
    sp_rows: Int  # its social-protection rows, and groups
    sp_group: Int


def _head(m: sp.csr_array, rows: int) -> sp.csr_array:
    """The first ``rows`` rows of a CSR matrix, sharing its arrays."""
    if rows == m.shape[0]:
        return m
    end = int(m.indptr[rows])
    return sp.csr_array(
        (m.data[:end], m.indices[:end], m.indptr[: rows + 1]), shape=(rows, m.shape[1])
    )


def _year(cc: CompiledCase, strat: CompiledStrategy | None, y: int) -> _Year:
    """The rows and matrices of year ``y`` (all rows without cohorts)."""
    ahead = cc.n_cells * max(cc.cohort_row.shape[1] - (y + 1), 0) if cc.n_cells else 0
    n_live, t_live = cc.n_rows - ahead, cc.n_targets - ahead
    ties = []
    n_a = cc.n_actors
    for _, tie in strat.ties if strat is not None else ():
        live = tie.rows[tie.rows < n_live]
        most = 2 * live.size > n_live
        mat = tie.matrix[:n_live] if most else tie.rows_matrix[: live.size]
        actors = sp.csr_array(mat[:, :n_a])
        cohorts = sp.csr_array(mat[:, n_a:n_live])
        hubs = np.flatnonzero(np.diff(cohorts.indptr)).astype(np.intp)
        ties.append(
            _YearTie(
                most=most,
                rows=live,
                actors=actors,
                strength=np.asarray(actors.sum(axis=1), dtype=np.float64).reshape(-1, 1),
                hubs=hubs,
                cohorts=sp.csr_array(cohorts[hubs]),
            )
        )
    empty = np.zeros(0, dtype=np.intp)

    def cut(rows: Int, groups: Int, limit: int) -> tuple[Int, Int]:
        k = int(np.searchsorted(rows, limit))
        return rows[:k], groups[:k]

    f_rows, f_group = (
        cut(strat.factor_rows, strat.factor_group, 4 * n_live)
        if strat is not None
        else (empty, empty)
    )
    b_rows, b_group = (
        cut(strat.fund_rows, strat.fund_group, 4 * n_live) if strat is not None else (empty, empty)
    )
    s_rows, s_group = (
        cut(strat.sp_rows, strat.sp_group, n_live) if strat is not None else (empty, empty)
    )
    return _Year(
        runs=_runs(cc.target_idx, t_live),
        factor_rows=_rows(f_rows),
        factor_group=f_group,
        fund_rows=b_rows,
        fund_group=b_group,
        sp_rows=s_rows,
        sp_group=s_group,
        rows=n_live,
        targets=t_live,
        ties0=_head(cc.ties0, n_live),
        ties0_normalised=_head(cc.ties0_normalised, n_live),
        pole_members=cc.pole_members if ahead == 0 else sp.csr_array(cc.pole_members[:, :n_live]),
        target_pole_mean=_head(cc.target_pole_mean, t_live),
        event_targets=_head(cc.event_targets, t_live),
        ties=tuple(ties),
    )


def _years(cc: CompiledCase, strat: CompiledStrategy | None) -> list[_Year]:
    """One :class:`_Year` per simulated year (one for a case without cohorts)."""
    n_years = cc.cohort_row.shape[1] if cc.n_cells else 1
    return [_year(cc, strat, y) for y in range(max(n_years, 1))]


def _size_scale(size: Float, x: ScenarioInputs) -> Float:
    """``(reference_members / members) ** size_elasticity`` per group and column (1 for rows
    without members)."""
    ref = x.params["reference_members"]
    m = np.where(size > 0.0, size, 1.0)[:, None]
    ratio = np.where(size[:, None] > 0.0, ref / m, 1.0)
    out: Float = ratio ** x.params["size_elasticity"]
    return out


def funds_ties(strat: CompiledStrategy, design: DesignInputs | None) -> bool:
    """Whether the learning stage adds new ties for this strategy and design (see
    :attr:`DesignInputs.funds_ties`).

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> from ssestrategy.simulation.compile import compile_case
    >>> cc = compile_case(tiznit(), ["french-agency", "canadian-agency"])
    >>> [funds_ties(s, None) for s in cc.strategies]
    [True, False]
    """
    if design is None:
        return strat.funds_ties
    if design.funds_ties is not None:
        return design.funds_ties
    parents = [int(strat.parent[j]) for j, _ in strat.ties]
    return strat.funds_ties or bool(
        np.any((design.budget[parents] > 0.0) & (design.duration[parents] > 0.0))
    )


def _plan(
    strat: CompiledStrategy | None, design: DesignInputs | None, x: ScenarioInputs
) -> _Plan | None:
    n = x.n
    if strat is None or not strat.n_interventions:
        return None
    d = design if design is not None else DesignInputs.default(strat, n)
    par = strat.parent
    tie_par = par[[j for j, _ in strat.ties]] if strat.ties else np.zeros(0, dtype=np.intp)
    start = d.start[par]
    return _Plan(
        budget=d.budget[par] * strat.share[:, None],
        start=start,
        end=start + d.duration[par],
        recovery=d.params["recovery_rate"][par],
        term=d.params["repayment_years"][par],
        admin=d.params["admin_rate"][par],
        rivalry=d.params["rivalry"][par],
        tie_intensity=d.params["tie_intensity"][tie_par],
        tie_ramp=d.params["ramp_years"][tie_par],
        tie_cost=d.params["tie_cost"][tie_par],
        funds_ties=funds_ties(strat, design),
        factor_scale=_size_scale(strat.factor_size, x),
        fund_scale=_size_scale(strat.fund_size, x),
        reach_rows=(differ := _rows_differ(strat.targets, strat.target_reach)),
        reach_matrix=sp.csr_array(strat.target_reach[differ]),
    )


def _schedule(cc: CompiledCase, plan: _Plan, x: ScenarioInputs, k: int) -> tuple[Float, Float]:
    """Public money of each intervention row in period ``k`` (after delay and shortfall), and
    the undelayed period index it comes from."""
    dt = cc.dt
    m = (k - x.delay).astype(np.float64)  # (S,)
    on = m >= 0.0
    lo = np.maximum(m * dt, plan.start)
    hi = np.minimum((m + 1.0) * dt, plan.end)
    overlap = np.maximum(hi - lo, 0.0)
    keep = (1.0 - x.params["funding_shortfall"]) * on
    out: Float = plan.budget * overlap * keep
    return out, m


def _tie_levels(
    cc: CompiledCase,
    strat: CompiledStrategy | None,
    plan: _Plan | None,
    x: ScenarioInputs,
    st: State,
    m: Float | None,
) -> list[Float]:
    """Strength of each ties intervention's new ties in the current period (``m``: the
    undelayed period index; None: before the start)."""
    if strat is None or not strat.ties or plan is None or m is None:
        return [np.zeros(x.n) for _ in (strat.ties if strat is not None else ())]
    dt = cc.dt
    dep = x.params["depreciation"]
    sigma = x.params["funding_shortfall"]
    out = []
    for t, (j, tie) in enumerate(strat.ties):
        start, end = plan.start[j], plan.end[j]
        tau = (m + 1.0) * dt  # end of the undelayed period
        held = np.minimum(tau, end)
        ramp = plan.tie_ramp[t]
        safe = np.where(ramp > 0.0, ramp, 1.0)
        level = np.where(ramp > 0.0, np.clip((held - start) / safe, 0.0, 1.0), (held > start) * 1.0)
        money = st.tie_money[t]
        cost = plan.tie_cost[t]
        paid = np.where(
            cost > 0.0,
            -np.expm1(-money / (tie.n_tied * np.where(cost > 0.0, cost, 1.0))),
            (1.0 - sigma) * (money > 0.0),
        )
        fade = np.exp(-dep * np.maximum(tau - end, 0.0))
        out.append(level * paid * fade * plan.tie_intensity[t] * (m >= 0.0))
    return out


def _success(
    cc: CompiledCase,
    strat: CompiledStrategy | None,
    x: ScenarioInputs,
    st: State,
    levels: Sequence[Float],
    yv: _Year,
) -> None:
    """Stage 6: pole levels, pole success and row success (into ``st``), over the rows that can
    hold anyone."""
    n_live, t = yv.rows, yv.targets
    cap = st.capacity[:n_live]
    n = x.n
    n_p = cc.n_poles
    if n_p:
        alive = st.alive[:n_live]
        ac = cap * alive[:, None, :]
        num = np.asarray(yv.pole_members @ ac.reshape(n_live, -1)).reshape(n_p, 4, n)
        den = np.asarray(yv.pole_members @ alive)
        lv = num / np.where(den > 0.0, den, 1.0)[:, None, :]
        strength = np.broadcast_to(cc.pole_strength0[:, None], (n_p, n)).copy()
        if strat is not None:
            for (_, tie), r in zip(strat.ties, levels, strict=True):
                strength += tie.pole_strength[:, None] * r
        coh = cohesion(strength, x.params["cohesion_scale"])  # type: ignore[arg-type]
        lv[:, _NETWORKING, :] = networking_level(lv[:, _NETWORKING, :], coh)
        st.pole_success = ces(lv, x.rho)
    else:
        st.pole_success = np.zeros((0, n))
    runs = yv.runs
    if runs is None:
        own = ces(cap[cc.target_idx[:t]], x.rho)
    elif len(runs) == 1:
        own = ces(cap[runs[0][0]], x.rho)
    else:
        own = np.empty((t, n))
        for rows, entries in runs:  # a few contiguous blocks: views, not a gather
            own[entries] = ces(cap[rows], x.rho)
    st.success[:t] = _row_success(own, yv.target_pole_mean, st.pole_success, x)


def _row_success(
    own: Float, pole_mean: sp.csr_array, pole_success: Float, x: ScenarioInputs
) -> Float:
    """A row's success: ``pole_weight`` x the mean success of its poles (``pole_mean`` picks
    them) + (1 - ``pole_weight``) x its own CES ``own`` (overwritten)."""
    w = x.params["pole_weight"]
    own *= 1.0 - w
    if pole_success.shape[0]:
        pole_part = np.asarray(pole_mean @ pole_success)
        pole_part *= w
        own += pole_part
    return own


def initial_state(
    cc: CompiledCase,
    strat: CompiledStrategy | None,
    x: ScenarioInputs,
    design: DesignInputs | None = None,
) -> State:
    """The state at the study start (capacities as given, active units as given).

    Examples
    --------
    >>> from ssestrategy.model import Case, Territory
    >>> from ssestrategy.simulation.compile import compile_case
    >>> case = Case(name="c", territory=Territory(name="t"))
    >>> cc = compile_case(case)
    >>> initial_state(cc, None, scenario_inputs(case.parameter_values(), 2, cc)).alive.shape
    (0, 2)
    """
    n = x.n
    n_r = cc.n_rows
    inactive = x.params["inactive_share"]
    alive = cc.units[:, None] * (1.0 - cc.registered[:, None] * inactive[None, :])
    n_funds = 0 if strat is None else int(strat.funds.shape[0])
    n_ties = 0 if strat is None else len(strat.ties)
    st = State(
        capacity=np.array(np.broadcast_to(cc.capacity0[:, :, None], (n_r, 4, n)), order="C"),
        alive=np.ascontiguousarray(alive),
        alive0=np.asarray(cc.initial_ones @ alive[cc.target_idx])[0].copy()
        if cc.n_targets
        else np.zeros(n),
        cover=np.array(np.broadcast_to(x.params["social_protection_initial"], (n_r, n)), order="C"),
        success=np.zeros((cc.n_targets, n)),
        pole_success=np.zeros((cc.n_poles, n)),
        outstanding=np.zeros((n_funds, n)),
        tie_money=np.zeros((n_ties, n)),
        cum_spend=np.zeros(n),
        cum_money=np.zeros(n),
        cum_repaid=np.zeros(n),
        cum_target=np.zeros(n),
        cum_women=np.zeros(n),
        cum_rural=np.zeros(n),
        cum_entrants=np.zeros(n),
        cum_jobs_created=np.zeros(n),
        window=np.zeros((cc.periods_per_year, n)),
        peak=np.zeros(n),
        period=0,
    )
    with np.errstate(over="ignore", under="ignore"):
        levels = _tie_levels(cc, strat, None, x, st, None)
        _success(cc, strat, x, st, levels, _year(cc, strat, 0))
    return st


def _age_profile(age: Float, x: ScenarioInputs, dt: float) -> Float:
    """Mean over a period of the age multiplier of the baseline hazard for actors of ``age``
    periods at the period's start (zero during the grace period, then a decline with age)."""
    g = x.params["hazard_grace_years"] / dt  # in periods
    d = x.params["hazard_decline"] * dt  # per period
    a = np.maximum(age, g)
    width = np.maximum(age + 1.0 - a, 0.0)
    pos = d > 0.0
    ds = np.where(pos, d, 1.0)
    decayed = np.exp(-ds * (a - g)) * -np.expm1(-ds * width) / ds
    out: Float = np.where(pos, decayed, width)
    return out


def _held(cap: Float, alive: Float) -> Float:
    """``(cohort rows, 5, S)``: each cohort row's capacities and a weight of 1 in slot 4, both
    0 where the row holds no one (its partners do not learn from it)."""
    m, _, n = cap.shape
    out = np.empty((m, 5, n))
    out[:, :4] = cap
    out[:, 4] = 1.0
    out *= (alive > 0.0)[:, None, :]
    return out


def _step(
    cc: CompiledCase,
    strat: CompiledStrategy | None,
    x: ScenarioInputs,
    st: State,
    plan: _Plan | None,
    yv: _Year,
) -> None:
    """Advance every column of ``st`` by one period, in place (stages 1-9 of the model).

    Stages 2-8 run over the rows that can hold anyone in this period's year (``yv``); the
    cohorts of later years are skipped (see :class:`_Year`).

    Overflow and underflow are expected in extreme corners (a huge CES power, a vanishing
    survival) and give the right limits (0); they raise no warning.
    """
    k = st.period
    dt = cc.dt
    p = x.params
    n = x.n
    n_live, t_live = yv.rows, yv.targets
    cap = st.capacity
    flat = cap.reshape(cc.n_rows * 4, n)
    n_t = cc.n_targets
    alive = st.alive

    # 1. spend: public money, revolving funds, and money reaching actors in this period
    coef: Float | None = None
    spend = np.zeros(n)
    entrants_lever: Float | None = None
    repay: Float | None = None
    ability: Float = np.zeros((0, n))
    fund_tsum: Float | None = None
    m: Float | None = None
    if plan is not None and strat is not None:
        public, m = _schedule(cc, plan, x, k)
        tsum = np.asarray(strat.targets @ alive)
        reach = tsum > 0.0
        tsafe = np.where(reach, tsum, 1.0)
        public = public * reach  # nothing is disbursed to targets that have all exited
        if strat.ties:
            for t, (j, _) in enumerate(strat.ties):
                st.tie_money[t] += public[j]
        money = public.copy()
        if strat.funds.size:
            f = strat.funds
            ability = np.minimum(cap[:, _FINANCING, :] / p["repayment_capacity"], 1.0)
            able = np.asarray(strat.fund_targets @ (alive * ability)) / tsafe[f]
            out_f = st.outstanding
            loans = plan.recovery[f] > 0.0  # per column: a fund, or a grant (r = 0)
            due = out_f * np.minimum(dt / plan.term[f], 1.0)
            collected = due * plan.recovery[f] * able
            out_f -= due
            admin = np.minimum(plan.admin[f] * out_f * dt, public[f] + collected) * loans
            lent = (public[f] + collected - admin) * reach[f]
            out_f += lent * loans
            out_f *= reach[f]  # a fund whose borrowers are all gone writes everything off
            money[f] = lent
            st.cum_repaid += _seqsum(collected * reach[f])
            repay = due * plan.recovery[f] / tsafe[f] * reach[f]  # per active unit, at ability 1
            fund_tsum = tsum[f]
        coef = money / tsafe  # money per active unit reached
        if strat.pooling.size:
            q = strat.pooling
            coef[q] = money[q] / tsafe[q] ** plan.rivalry[q]
        if strat.incubation:
            # support spend per job created: entrants = money / (cost x members per entrant)
            entrants_lever = np.zeros((cc.n_cells, n))
            per_job = p["incubation_cost"] * cc.cell_members[:, None]
            for j, reach_c in strat.incubation:
                entrants_lever += np.asarray(reach_c @ alive) * coef[j]
            entrants_lever /= np.where(per_job > 0.0, per_job, np.inf)
        spend = _seqsum(public)
        st.cum_spend += spend
        st.cum_money += _seqsum(money)
        if public.any():  # (after the programmes end every column adds 0: skipped)
            share = public / tsafe
            reached = tsum.copy()  # most interventions reach target actors only
            if plan.reach_rows.size:
                reached[plan.reach_rows] = np.asarray(plan.reach_matrix @ alive)
            st.cum_target += _seqsum(share * reached)
            st.cum_women += _seqsum(share * np.asarray(strat.women_reach @ alive))
            st.cum_rural += _seqsum(share * np.asarray(strat.rural_reach @ alive))
    st.window[:-1] = st.window[1:]
    st.window[-1] = spend
    np.maximum(st.peak, _seqsum(st.window), out=st.peak)

    # 2. capacity gain on the capacity levers, saturating in spend; repayments weigh on the
    #    financing capacity of a fund's borrowers
    gains = coef is not None and bool(coef.any())  # no money in any column: nothing to add
    if gains and strat is not None and plan is not None and strat.factor_rows.size:
        per_actor = np.asarray(strat.factor_groups @ coef)  # (groups, S)
        per_actor *= plan.factor_scale  # the organisation's size
        sat = -np.expm1(-per_actor / (p["half_saturation"] * dt))
        sat *= np.minimum(p["max_gain"] * dt * p["spend_efficiency"], 1.0)  # (groups, S)
        rows = yv.factor_rows
        sub = flat[rows]  # a view when the rows are contiguous
        inc = sat[yv.factor_group]
        one_minus = np.subtract(1.0, sub)
        inc *= one_minus
        inc += sub
        flat[rows] = inc
    if repay is not None and strat is not None and strat.fund_rows.size:
        per_unit = np.asarray(strat.fund_groups @ _expand(repay, strat))  # (groups, S)
        per_unit *= plan.fund_scale  # type: ignore[union-attr]
        rows_f = yv.fund_rows
        burden = per_unit[yv.fund_group] * ability[rows_f // 4]  # before the gains
        drag = -np.expm1(-burden / (p["half_saturation"] * dt))
        drag *= np.minimum(p["max_gain"] * dt, 1.0)
        flat[rows_f] *= 1.0 - drag

    # 3. peer learning over the tie matrix shared by all columns
    levels = _tie_levels(cc, strat, plan, x, st, m)
    wide = cap.reshape(cc.n_rows, 4 * n)  # the products read the actors' rows only
    live = cap[:n_live]
    n_a = cc.n_actors
    years = (n_live - n_a) // cc.n_cells if cc.n_cells else 0  # the years begun
    cell_mean = (
        np.asarray(cc.cell_learn @ wide).reshape(1, cc.n_cells, 4, n) if years else None
    )  # what a cohort learns from: its cell's actors' mean
    if strat is not None and strat.ties and plan is not None and plan.funds_ties:
        num = np.asarray(yv.ties0 @ wide).reshape(n_live, 4, n)
        den = np.broadcast_to(cc.ties0_row[:n_live, None], (n_live, n)).copy()
        if cell_mean is not None:
            num[n_a:].reshape(years, cc.n_cells, 4, n)[...] += cell_mean
            den[n_a:] += 1.0
        held: Float | None = None
        for yt, r in zip(yv.ties, levels, strict=True):
            if not r.any():
                continue
            part = np.asarray(yt.actors @ wide[:n_a]).reshape(-1, 4, n)
            if yt.most:  # most rows: one product, no gather/scatter
                part *= r
                num += part
                den += yt.strength * r
            else:
                num[yt.rows] += part * r
                den[yt.rows] += yt.strength * r
            if yt.hubs.size:
                # a cohort is a partner only while it holds anyone: one product gives the
                # held cohorts' capacities (factors 0-3) and their weight (slot 4)
                if held is None:
                    held = _held(live[n_a:], alive[n_a:n_live])
                both = np.asarray(yt.cohorts @ held.reshape(-1, 5 * n)).reshape(-1, 5, n)
                both *= r
                hub_rows = yt.hubs if yt.most else yt.rows[yt.hubs]
                num[hub_rows] += both[:, :4]
                den[hub_rows] += both[:, 4]
        gap = np.divide(num, np.where(den > 0.0, den, 1.0)[:, None, :], out=num)
    else:
        gap = np.asarray(yv.ties0_normalised @ wide).reshape(n_live, 4, n)
        if cell_mean is not None:
            gap[n_a:].reshape(years, cc.n_cells, 4, n)[...] = cell_mean
    # cap + lr max(N - cap, 0) = max(cap + lr (N - cap), cap), capped at 1 against rounding
    gap -= live
    gap *= np.minimum(p["learning_rate"] * dt, 1.0)
    gap += live
    np.maximum(gap, live, out=live)
    np.minimum(live, 1.0, out=live)

    # 4. depreciation
    live *= 1.0 - np.minimum(p["depreciation"] * dt, 1.0)

    # 5. events at their onset
    for e, rows_e in enumerate(cc.event_rows):
        hit = np.flatnonzero(x.event_onset[e] == k)
        if hit.size:
            factor = 1.0 - x.event_severity[e, hit]
            if rows_e.size == cc.n_rows:
                live[:, :, hit] *= factor
            else:
                rows_e = rows_e[rows_e < n_live]  # (a later year's cohort holds no one)
                cap[rows_e[:, None, None], np.arange(4)[None, :, None], hit] *= factor

    # 6. pole levels and success; row success
    _success(cc, strat, x, st, levels, yv)

    # 7. hazard and survival of target rows (age profile: actors from established_age,
    #    cohorts from their entry)
    if n_t:
        hw, hs = p["hazard_weak"], p["hazard_supported"]
        log_keep = st.success[:t_live] * (hw - hs)
        log_keep -= hw
        n_init = n_t - cc.cohort_row.size
        est = _age_profile(p["established_age"] / dt + k, x, dt) * dt
        log_keep[:n_init] *= est
        if t_live > n_init:
            # cohorts are laid out year by year and a year's cohorts share their age: one
            # profile per year, broadcast over its cells
            n_cell = cc.n_cells
            age = (k - cc.cohort_start[n_init:t_live:n_cell])[:, None]
            per_year = log_keep[n_init:].reshape(age.shape[0], n_cell, n)
            per_year *= (_age_profile(age, x, dt) * dt)[:, None, :]
        if cc.n_events:
            on_e = (x.event_onset >= 0) & (x.event_onset <= k)
            on_e &= k < x.event_onset + cc.event_duration[:, None]
            if on_e.any():
                extra = cc.event_hazard_increase[:, None] * x.event_severity * on_e
                log_keep -= np.asarray(yv.event_targets @ extra) * dt
        np.exp(log_keep, out=log_keep)
        runs = yv.runs
        if runs is None:
            alive[cc.target_idx[:t_live]] *= log_keep
        else:
            for rows, entries in runs:
                alive[rows] *= log_keep[entries]
        if fund_tsum is not None and strat is not None:
            # loans of the borrowers who exited are written off
            after = np.asarray(strat.fund_targets @ alive)
            st.outstanding *= np.where(
                fund_tsum > 0.0, after / np.where(fund_tsum > 0, fund_tsum, 1.0), 0.0
            )

    # 8. social protection: trend enrolment, then enrolment paid by the lever
    trend = -np.expm1(-p["social_protection_trend"] * dt)
    cover = st.cover[:n_live]
    cover += (1.0 - cover) * trend
    if gains and strat is not None and strat.sp_rows.size:
        rows = yv.sp_rows
        per_actor = np.asarray(strat.sp_groups @ coef)[yv.sp_group]
        per_member = per_actor / (p["enrolment_cost"] * cc.members[rows][:, None])
        sub = st.cover[rows]
        st.cover[rows] = sub + np.minimum(1.0 - sub, per_member)

    # 9. entry: new actors join this year's cohort of their cell
    if cc.n_cells:
        n_c = np.asarray(cc.cell_rows @ alive)
        pull = 1.0 + p["entry_success_effect"] * np.asarray(cc.cell_pole @ st.pole_success)
        new = n_c * pull * (p["entry_rate"] * dt)
        if entrants_lever is not None:
            new += entrants_lever
        rows_c = cc.cohort_row[:, k // cc.periods_per_year]
        old = alive[rows_c]
        total = old + new
        w_old = np.where(total > 0.0, old / np.where(total > 0.0, total, 1.0), 1.0)
        w_new = 1.0 - w_old
        entry_cap = cc.cell_capacity[:, :, None] * p["entrant_capacity"]
        cap[rows_c] = cap[rows_c] * w_old[:, None, :] + entry_cap * w_new[:, None, :]
        p0 = p["social_protection_initial"]
        cover_now = 1.0 - (1.0 - p0) * np.exp(-p["social_protection_trend"] * (k + 1) * dt)
        st.cover[rows_c] = st.cover[rows_c] * w_old + cover_now * w_new
        alive[rows_c] = total
        st.cum_entrants += _seqsum(new)
        st.cum_jobs_created += _seqsum(new * cc.cell_members[:, None])
    st.period = k + 1


def _expand(per_fund: Float, strat: CompiledStrategy) -> Float:
    """(intervention rows, S) with the funds' values in their rows and zeros elsewhere."""
    out = np.zeros((strat.n_interventions, per_fund.shape[1]))
    out[strat.funds] = per_fund
    return out


def step(
    cc: CompiledCase,
    strat: CompiledStrategy | None,
    x: ScenarioInputs,
    st: State,
    design: DesignInputs | None = None,
) -> None:
    """Advance every column of ``st`` by one period, in place (see :func:`run`).

    Examples
    --------
    >>> from ssestrategy.model import Case, Territory
    >>> from ssestrategy.simulation.compile import compile_case
    >>> case = Case(name="c", territory=Territory(name="t"))
    >>> cc = compile_case(case)
    >>> x = scenario_inputs(case.parameter_values(), 2, cc)
    >>> st = initial_state(cc, None, x)
    >>> step(cc, None, x, st)
    >>> st.period
    1
    """
    with np.errstate(over="ignore", under="ignore"):
        yv = _year(cc, strat, st.period // cc.periods_per_year)
        _step(cc, strat, x, st, _plan(strat, design, x), yv)


def _ratio(num: Float, den: Float) -> Float:
    out: Float = np.where(den > 0.0, num / np.where(den > 0.0, den, 1.0), 0.0)
    return out


def _measured_success(cc: CompiledCase, x: ScenarioInputs, st: State) -> Float:
    """Each target row's success as the outcomes see it: stage 6's, except for the cohorts that
    received entrants in the last period, whose success is taken with them (``docs/model.md``,
    stage 9). Only the outcomes read it (the next period's stage 6 recomputes every row)."""
    if not cc.n_cells or st.period == 0:
        return st.success
    y = min((st.period - 1) // cc.periods_per_year, cc.cohort_row.shape[1] - 1)
    lo = cc.n_targets - cc.cohort_row.size + y * cc.n_cells  # cohorts: the last target entries
    entries = slice(lo, lo + cc.n_cells)
    own = ces(st.capacity[cc.cohort_row[:, y]], x.rho)
    out = st.success.copy()
    out[entries] = _row_success(own, cc.target_pole_mean[entries], st.pole_success, x)
    return out


def measure(cc: CompiledCase, x: ScenarioInputs, st: State) -> Float:
    """Every outcome of the current state, ``(len(OUTCOME_NAMES), S)``.

    Shares whose denominator is zero (no target actor, no spend, no members) are 0.

    Examples
    --------
    >>> from ssestrategy.model import Case, Territory
    >>> from ssestrategy.simulation.compile import compile_case
    >>> case = Case(name="c", territory=Territory(name="t"))
    >>> cc = compile_case(case)
    >>> x = scenario_inputs(case.parameter_values(), 2, cc)
    >>> measure(cc, x, initial_state(cc, None, x)).shape == (len(OUTCOME_NAMES), 2)
    True
    """
    n = x.n
    p = x.params
    red = np.asarray(cc.outcome_weights @ st.alive)
    active, jobs = red[0], red[1]
    n_t = cc.n_targets
    if n_t:
        runs = _runs(cc.target_idx, n_t)
        if runs is None:
            tix = cc.target_idx
            at = st.alive[tix]
            weighted = st.capacity[tix] * at[:, None, :]
            cov = at * st.cover[tix]
        else:  # a few contiguous blocks: products of views, no gathers
            at = np.empty((n_t, n))
            weighted = np.empty((n_t, 4, n))
            cov = np.empty((n_t, n))
            for rows, entries in runs:
                at[entries] = st.alive[rows]
                np.multiply(st.capacity[rows], at[entries, None, :], out=weighted[entries])
                np.multiply(at[entries], st.cover[rows], out=cov[entries])
        covered = np.asarray(cc.target_members @ cov)[0]
        succ_jobs = np.asarray(cc.target_members @ (at * _measured_success(cc, x, st)))[0]
        caps = np.asarray(cc.target_ones @ weighted.reshape(n_t, 4 * n)).reshape(4, n)
        initial = np.asarray(cc.initial_ones @ at)[0]
    else:
        covered = np.zeros(n)
        succ_jobs = np.zeros(n)
        caps = np.zeros((4, n))
        initial = np.zeros(n)
    cap_f = [_ratio(caps[f], active) for f in range(4)]
    pole = _seqsum(st.pole_success) / cc.n_poles if cc.n_poles else np.zeros(n)
    values: dict[str, Float] = {
        "active_actors": active,
        "survival": _ratio(initial, st.alive0),
        "jobs": jobs,
        "entrants": st.cum_entrants.copy(),
        "jobs_created": st.cum_jobs_created.copy(),
        "social_protection": covered,
        "social_protection_share": _ratio(covered, jobs),
        "income": p["income_per_member"] * (jobs + p["income_gain"] * succ_jobs),
        "pole_success": pole,
        "capacity": (((cap_f[0] + cap_f[1]) + cap_f[2]) + cap_f[3]) / 4.0,
        "spend": st.cum_spend.copy(),
        "money_to_actors": st.cum_money.copy(),
        "leverage": _ratio(st.cum_money, st.cum_spend),
        "peak_annual_spend": st.peak.copy(),
        "women_share": _ratio(red[2], red[3]),
        "rural_share": _ratio(red[4], red[5]),
        "women_spend_share": _ratio(st.cum_women, st.cum_target),
        "rural_spend_share": _ratio(st.cum_rural, st.cum_target),
    }
    for f, factor in enumerate(FACTORS):
        values[f"capacity_{factor.value}"] = cap_f[f]
    return np.stack([values[name] for name in OUTCOME_NAMES])


def run(
    cc: CompiledCase,
    strat: CompiledStrategy | None,
    x: ScenarioInputs,
    record: Sequence[int] | NDArray[np.intp],
    design: DesignInputs | None = None,
) -> Float:
    """Simulate ``cc.n_periods`` periods and return the outcomes at the recorded times.

    Parameters
    ----------
    cc : CompiledCase
    strat : CompiledStrategy or None
    x : ScenarioInputs
    record : sequence of int
        Times to record, in periods from the start (0 = initial state), increasing.
    design : DesignInputs, optional
        Per-column design of ``strat`` (default: the strategy as written in every column).

    Returns
    -------
    ndarray
        ``(outcomes, len(record), S)``.

    Examples
    --------
    >>> from ssestrategy.model import Actor, Case, Territory
    >>> from ssestrategy.simulation.compile import compile_case
    >>> caps = {"financing": 0.5, "networking": 0.5, "innovation": 0.5, "governance": 0.5}
    >>> t = Territory(name="T", actors=(Actor(id="a", name="A", kind="cooperative",
    ...                                      capacities=caps, members=10),))
    >>> case = Case(name="c", territory=t)
    >>> cc = compile_case(case, [], periods=4, entry=False)
    >>> out = run(cc, None, scenario_inputs(case.parameter_values(), 1, cc), [0, 4])
    >>> i = OUTCOME_NAMES.index("survival")
    >>> out[i, :, 0].round(4).tolist()
    [1.0, 0.8994]
    """
    rec = np.asarray(record, dtype=np.intp)
    out = np.empty((len(OUTCOME_NAMES), rec.shape[0], x.n))
    if design is not None and strat is not None:
        design.check(strat, x.n)
    plan = _plan(strat, design, x)
    years = _years(cc, strat)
    with np.errstate(over="ignore", under="ignore"):
        st = initial_state(cc, strat, x)
        pos = 0
        for k in range(cc.n_periods + 1):
            if k > 0:
                y = (k - 1) // cc.periods_per_year
                _step(cc, strat, x, st, plan, years[min(y, len(years) - 1)])
            while pos < rec.shape[0] and rec[pos] == k:
                out[:, pos, :] = measure(cc, x, st)
                pos += 1
    return out
