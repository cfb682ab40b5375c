"""The model step: a pure array function vectorised over scenarios.

State per chunk of ``S`` scenarios: capacities ``C[actor, factor, scenario]``, survival
``A[actor, scenario]`` (the probability that the actor is still active; institutions never exit),
social-protection coverage ``P[actor, scenario]`` and spend accumulators. One call of
:func:`step` advances every scenario by one period; :func:`run` loops over the periods (the only
Python loop of the hot path). ``docs/model.md`` states each equation; the comments below number
the stages as that page does.

Determinism: every reduction over actors, poles or interventions is a sparse matrix product (a
fixed sequential order per output element) or an explicit loop, never a NumPy reduction whose
summation order could depend on the number of scenarios; so a scenario's result does not depend
on which other scenarios share its chunk.

Examples
--------
>>> import numpy as np
>>> from ssestrategy.model import Actor, Case, Territory
>>> from ssestrategy.simulation.compile import compile_case
>>> caps = {"financing": 0.5, "networking": 0.5, "innovation": 0.5, "governance": 0.5}
>>> t = Territory(name="T", actors=(Actor(id="a", name="A", kind="cooperative",
...                                      capacities=caps, members=10),))
>>> case = Case(name="c", territory=t)
>>> cc = compile_case(case, [], periods=4)
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
from numpy.typing import NDArray

from ..model import FACTORS, OUTCOMES
from ..network.poles import ces_success, cohesion, networking_level
from .compile import CompiledCase, CompiledStrategy

__all__ = [
    "OUTCOME_NAMES",
    "ScenarioInputs",
    "State",
    "ces",
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
_KNOWN = {
    "active_actors",
    "survival",
    "jobs",
    "social_protection",
    "social_protection_share",
    "income",
    "pole_success",
    "capacity",
    *(f"capacity_{f.value}" for f in FACTORS),
    "spend",
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
    """Per-scenario inputs of a chunk.

    Attributes
    ----------
    n : int
        Scenarios in the chunk.
    params : mapping of str to ndarray
        Every model parameter as an array of shape ``(n,)``.
    rho : float or ndarray
        The CES exponent: a float when all scenarios share it, else ``(n,)``.
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
    """Per-scenario inputs from base parameter values and sampled columns.

    Parameters
    ----------
    base : mapping of str to float
        Every parameter's value (``case.parameter_values()``).
    n : int
        Number of scenarios.
    cc : CompiledCase
    sampled : mapping of str to ndarray, optional
        ``(n,)`` values of the uncertain parameters (override ``base``).
    event_onset, event_severity : ndarray, optional
        ``(n, events)`` event draws; default: no event happens.
    shared_rho : bool, optional
        Whether every scenario has the same ``ces_rho`` (default: ``ces_rho`` is not sampled).
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


@attrs.define(eq=False)
class State:
    """The mutable state of a chunk of scenarios (see the module docstring).

    Attributes
    ----------
    capacity : ndarray
        ``(actors, 4, S)``.
    alive : ndarray
        ``(actors, S)`` survival probability.
    cover : ndarray
        ``(actors, S)`` share of members covered by social protection.
    success : ndarray
        ``(targets, S)`` actor success of the last period.
    pole_success : ndarray
        ``(poles, S)``.
    cum_spend, cum_women, cum_rural : ndarray
        ``(S,)`` cumulative public spend, and the parts reaching women-led and rural actors.
    window : ndarray
        ``(periods_per_year, S)`` public spend of the last year's periods, oldest first.
    peak : ndarray
        ``(S,)`` largest spend over any year so far.
    period : int
        Periods done.
    """

    capacity: Float
    alive: Float
    cover: Float
    success: Float
    pole_success: Float
    cum_spend: Float
    cum_women: Float
    cum_rural: Float
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
    overflow-free form). With a float ``rho`` (shared by every scenario) the powers are
    evaluated in double precision; with one exponent per scenario (the last axis) in single
    precision, which makes them about three times faster where NumPy has no SIMD
    double-precision ``exp``/``log`` (the powers are the largest cost of a period). The
    relative error is then below 1e-6; a test checks the agreement scenario by scenario.

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


def _tie_levels(
    cc: CompiledCase, strat: CompiledStrategy | None, x: ScenarioInputs, k: int
) -> list[Float]:
    """Strength ``r_j(k, s)`` of each ties intervention's new ties in period ``k`` (-1: start)."""
    if strat is None or not strat.ties or k < 0:
        return [np.zeros(x.n) for _ in (strat.ties if strat is not None else ())]
    m = k - x.delay
    on = m >= 0
    mi = np.where(on, m, 0)
    keep = (1.0 - x.params["funding_shortfall"]) * on
    dep = x.params["depreciation"]
    out = []
    for tie in strat.ties:
        out.append(tie.level[mi] * np.exp(-dep * tie.years_after_end[mi]) * keep)
    return out


def _rows(idx: NDArray[np.intp]) -> slice | NDArray[np.intp]:
    """``idx`` as a slice when it is a contiguous increasing range (a view, not a copy)."""
    if idx.size and int(idx[-1]) - int(idx[0]) + 1 == idx.size and bool(np.all(np.diff(idx) == 1)):
        return slice(int(idx[0]), int(idx[-1]) + 1)
    return idx


def _success(
    cc: CompiledCase,
    strat: CompiledStrategy | None,
    x: ScenarioInputs,
    st: State,
    levels: Sequence[Float],
) -> None:
    """Stage 6: pole levels, pole success and actor success (into ``st``)."""
    cap = st.capacity
    n_a, _, n = cap.shape
    n_p = cc.n_poles
    if n_p:
        ac = cap * st.alive[:, None, :]
        num = np.asarray(cc.pole_members @ ac.reshape(n_a, -1)).reshape(n_p, 4, n)
        den = np.asarray(cc.pole_members @ st.alive)
        lv = num / np.where(den > 0.0, den, 1.0)[:, None, :]
        strength = np.broadcast_to(cc.pole_strength0[:, None], (n_p, n)).copy()
        if strat is not None:
            for tie, r in zip(strat.ties, levels, strict=True):
                strength += tie.pole_strength[:, None] * r
        coh = cohesion(strength, x.params["cohesion_scale"])  # type: ignore[arg-type]
        lv[:, _NETWORKING, :] = networking_level(lv[:, _NETWORKING, :], coh)
        st.pole_success = ces(lv, x.rho)
    else:
        st.pole_success = np.zeros((0, n))
    own = ces(cap[_rows(cc.target_idx)], x.rho)
    w = x.params["pole_weight"]
    pole_part = np.asarray(cc.target_pole_mean @ st.pole_success) if n_p else 0.0
    st.success = w * pole_part + (1.0 - w) * own


def initial_state(cc: CompiledCase, strat: CompiledStrategy | None, x: ScenarioInputs) -> State:
    """The state at the study start (capacities as given, everyone active).

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
    n_a = cc.n_actors
    st = State(
        capacity=np.array(np.broadcast_to(cc.capacity0[:, :, None], (n_a, 4, n)), order="C"),
        alive=np.ones((n_a, n)),
        cover=np.array(np.broadcast_to(x.params["social_protection_initial"], (n_a, n)), order="C"),
        success=np.zeros((cc.n_targets, n)),
        pole_success=np.zeros((cc.n_poles, n)),
        cum_spend=np.zeros(n),
        cum_women=np.zeros(n),
        cum_rural=np.zeros(n),
        window=np.zeros((cc.periods_per_year, n)),
        peak=np.zeros(n),
        period=0,
    )
    with np.errstate(over="ignore", under="ignore"):
        _success(cc, strat, x, st, _tie_levels(cc, strat, x, -1))
    return st


def _grace(k: int, x: ScenarioInputs, dt: float) -> Float:
    """Mean over period ``k`` of the age multiplier of the baseline hazard (grace, decline)."""
    g = x.params["hazard_grace_years"] / dt  # in periods
    d = x.params["hazard_decline"] * dt  # per period
    a = np.maximum(float(k), g)
    width = np.maximum(float(k + 1) - a, 0.0)
    pos = d > 0.0
    ds = np.where(pos, d, 1.0)
    decayed = np.exp(-ds * (a - g)) * -np.expm1(-ds * width) / ds
    out: Float = np.where(pos, decayed, width)
    return out


def _step(cc: CompiledCase, strat: CompiledStrategy | None, x: ScenarioInputs, st: State) -> None:
    """Advance every scenario of ``st`` by one period, in place (stages 1-8 of the model).

    Overflow and underflow are expected in extreme corners (a huge CES power, a vanishing
    survival) and give the right limits (0); they raise no warning.

    Parameters
    ----------
    cc : CompiledCase
    strat : CompiledStrategy or None
        None runs no intervention.
    x : ScenarioInputs
    st : State
        Modified in place; ``st.period`` is the period simulated.
    """
    k = st.period
    dt = cc.dt
    p = x.params
    n = x.n
    cap = st.capacity
    n_a = cc.n_actors
    flat = cap.reshape(n_a * 4, n)
    n_t = cc.n_targets

    # 1. spend: public money and money reaching actors in this period
    coef: Float | None = None
    spend = np.zeros(n)
    if strat is not None and strat.n_interventions:
        src = k - x.delay
        on = (src >= 0) & (src < cc.n_periods)
        si = np.where(on, src, 0)
        keep = (1.0 - p["funding_shortfall"]) * on
        effect = strat.effect[:, si] * keep  # >= public money: nothing to do when all zero
        if effect.any():
            public = strat.public[:, si] * keep
            tsum = np.asarray(strat.targets @ st.alive)
            reach = tsum > 0.0
            tsafe = np.where(reach, tsum, 1.0)
            public = public * reach
            coef = np.where(reach, effect / tsafe, 0.0)  # money per active target actor
            share = public / tsafe
            spend = _seqsum(public)
            st.cum_spend += spend
            st.cum_women += _seqsum(share * np.asarray(strat.women_targets @ st.alive))
            st.cum_rural += _seqsum(share * np.asarray(strat.rural_targets @ st.alive))
    st.window[:-1] = st.window[1:]
    st.window[-1] = spend
    np.maximum(st.peak, _seqsum(st.window), out=st.peak)

    # 2. capacity gain on the factor levers, saturating in spend
    if coef is not None and strat is not None and strat.factor_rows.size:
        per_actor = np.asarray(strat.factor_groups @ coef)  # (groups, S)
        sat = -np.expm1(-per_actor / (p["half_saturation"] * dt))
        sat *= np.minimum(p["max_gain"] * dt * p["spend_efficiency"], 1.0)  # (groups, S)
        rows = _rows(strat.factor_rows)
        sub = flat[rows]  # a view when the rows are contiguous
        inc = sat[strat.factor_group]
        one_minus = np.subtract(1.0, sub)
        inc *= one_minus
        inc += sub
        flat[rows] = inc

    # 3. peer learning over the tie matrix shared by all scenarios
    levels = _tie_levels(cc, strat, x, k)
    wide = cap.reshape(n_a, 4 * n)
    if strat is not None and strat.ties:
        num = np.asarray(cc.ties0 @ wide).reshape(n_a, 4, n)
        den = np.broadcast_to(cc.ties0_row[:, None], (n_a, n)).copy()
        for tie, r in zip(strat.ties, levels, strict=True):
            if not r.any():
                continue
            if 2 * tie.rows.size > n_a:  # most rows: one product, no gather/scatter
                part = np.asarray(tie.matrix @ wide).reshape(n_a, 4, n)
                part *= r
                num += part
                den += tie.row_strength[:, None] * r
            else:
                part = np.asarray(tie.rows_matrix @ wide).reshape(-1, 4, n)
                num[tie.rows] += part * r
                den[tie.rows] += tie.row_strength[tie.rows][:, None] * r
        gap = np.divide(num, np.where(den > 0.0, den, 1.0)[:, None, :], out=num)
    else:
        gap = np.asarray(cc.ties0_normalised @ wide).reshape(n_a, 4, n)
    # cap + lr max(N - cap, 0) = max(cap + lr (N - cap), cap), capped at 1 against rounding
    gap -= cap
    gap *= np.minimum(p["learning_rate"] * dt, 1.0)
    gap += cap
    np.maximum(gap, cap, out=cap)
    np.minimum(cap, 1.0, out=cap)

    # 4. depreciation
    cap *= 1.0 - np.minimum(p["depreciation"] * dt, 1.0)

    # 5. events at their onset
    for e, rows_e in enumerate(cc.event_rows):
        hit = np.flatnonzero(x.event_onset[e] == k)
        if hit.size:
            factor = 1.0 - x.event_severity[e, hit]
            if rows_e.size == n_a:
                cap[:, :, hit] *= factor
            else:
                cap[rows_e[:, None, None], np.arange(4)[None, :, None], hit] *= factor

    # 6. pole levels and success; actor success
    _success(cc, strat, x, st, levels)

    # 7. hazard and survival of target actors
    if n_t:
        hw, hs = p["hazard_weak"], p["hazard_supported"]
        age = _grace(k, x, dt) * dt
        # -h dt = ((hw - hs) s - hw) x age profile x dt - event hazards x dt
        log_keep = st.success * ((hw - hs) * age)
        log_keep -= hw * age
        if cc.n_events:
            on_e = (x.event_onset >= 0) & (x.event_onset <= k)
            on_e &= k < x.event_onset + cc.event_duration[:, None]
            if on_e.any():
                extra = cc.event_hazard_increase[:, None] * x.event_severity * on_e
                log_keep -= np.asarray(cc.event_targets @ extra) * dt
        np.exp(log_keep, out=log_keep)
        st.alive[_rows(cc.target_idx)] *= log_keep

    # 8. social protection: trend enrolment, then enrolment paid by the lever
    st.cover += (1.0 - st.cover) * -np.expm1(-p["social_protection_trend"] * dt)
    if coef is not None and strat is not None and strat.sp_rows.size:
        rows = strat.sp_rows
        per_actor = np.asarray(strat.sp_groups @ coef)[strat.sp_group]
        per_member = per_actor / (p["enrolment_cost"] * cc.members[rows][:, None])
        sub = st.cover[rows]
        st.cover[rows] = sub + np.minimum(1.0 - sub, per_member)
    st.period = k + 1


def step(cc: CompiledCase, strat: CompiledStrategy | None, x: ScenarioInputs, st: State) -> None:
    """Advance every scenario of ``st`` by one period, in place (see :func:`_step`)."""
    with np.errstate(over="ignore", under="ignore"):
        _step(cc, strat, x, st)


def _ratio(num: Float, den: Float) -> Float:
    out: Float = np.where(den > 0.0, num / np.where(den > 0.0, den, 1.0), 0.0)
    return out


def measure(cc: CompiledCase, x: ScenarioInputs, st: State) -> Float:
    """Stage 9: every outcome of the current state, ``(len(OUTCOME_NAMES), S)``.

    Shares whose denominator is zero (no target actor, no spend, no members) are 0.
    """
    n = x.n
    p = x.params
    red = np.asarray(cc.outcome_weights @ st.alive)
    active, jobs = red[0], red[1]
    n_t = cc.n_targets
    tix = cc.target_idx
    if n_t:
        at = st.alive[tix]
        covered = np.asarray(cc.target_members @ (at * st.cover[tix]))[0]
        succ_jobs = np.asarray(cc.target_members @ (at * st.success))[0]
        weighted = (st.capacity[tix] * at[:, None, :]).reshape(n_t, 4 * n)
        caps = np.asarray(cc.target_ones @ weighted).reshape(4, n)
    else:
        covered = np.zeros(n)
        succ_jobs = np.zeros(n)
        caps = np.zeros((4, n))
    cap_f = [_ratio(caps[f], active) for f in range(4)]
    pole = _seqsum(st.pole_success) / cc.n_poles if cc.n_poles else np.zeros(n)
    values: dict[str, Float] = {
        "active_actors": active,
        "survival": active / n_t if n_t else np.zeros(n),
        "jobs": jobs,
        "social_protection": covered,
        "social_protection_share": _ratio(covered, jobs),
        "income": p["income_per_member"] * (jobs + p["income_gain"] * succ_jobs),
        "pole_success": pole,
        "capacity": (((cap_f[0] + cap_f[1]) + cap_f[2]) + cap_f[3]) / 4.0,
        "spend": st.cum_spend.copy(),
        "peak_annual_spend": st.peak.copy(),
        "women_share": _ratio(red[2], red[3]),
        "rural_share": _ratio(red[4], red[5]),
        "women_spend_share": _ratio(st.cum_women, st.cum_spend),
        "rural_spend_share": _ratio(st.cum_rural, st.cum_spend),
    }
    for f, factor in enumerate(FACTORS):
        values[f"capacity_{factor.value}"] = cap_f[f]
    return np.stack([values[name] for name in OUTCOME_NAMES])


def run(
    cc: CompiledCase,
    strat: CompiledStrategy | None,
    x: ScenarioInputs,
    record: Sequence[int] | NDArray[np.intp],
) -> Float:
    """Simulate ``cc.n_periods`` periods and return the outcomes at the recorded times.

    Parameters
    ----------
    cc : CompiledCase
    strat : CompiledStrategy or None
    x : ScenarioInputs
    record : sequence of int
        Times to record, in periods from the start (0 = initial state), increasing.

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
    >>> cc = compile_case(case, [], periods=4)
    >>> out = run(cc, None, scenario_inputs(case.parameter_values(), 1, cc), [0, 4])
    >>> i = OUTCOME_NAMES.index("survival")
    >>> out[i, :, 0].round(4).tolist()
    [1.0, 0.8725]
    """
    rec = np.asarray(record, dtype=np.intp)
    out = np.empty((len(OUTCOME_NAMES), rec.shape[0], x.n))
    with np.errstate(over="ignore", under="ignore"):
        st = initial_state(cc, strat, x)
        pos = 0
        for k in range(cc.n_periods + 1):
            if k > 0:
                _step(cc, strat, x, st)
            while pos < rec.shape[0] and rec[pos] == k:
                out[:, pos, :] = measure(cc, x, st)
                pos += 1
    return out
