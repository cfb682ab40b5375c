"""Compile a :class:`~ssestrategy.model.Case` and its strategies into flat arrays, once.

The kernel knows no attrs domain objects: it reads the arrays built here. Everything that is the
same for every future of a study is compiled once — initial capacities, members, masks, the pole
membership matrix, the tie matrix, and per strategy the targets of each intervention, its spend
schedule (with the revolving fund of financing levers) and the ties it creates. What differs
between futures (parameters, delays, shortfalls, events) is drawn by
:mod:`~ssestrategy.simulation.sampling` and enters the kernel as per-scenario arrays.

Conventions (``docs/model.md`` states each equation):

- actors are indexed in the order of ``territory.actors``; factors in
  :data:`~ssestrategy.model.FACTORS` order; the capacity state is laid out
  ``[actor, factor, scenario]``;
- ``W[i, j]`` is the weight with which actor *i* learns from actor *j*: an undirected partnership
  of intensity *w* adds *w* both ways, a directed one (source to target) adds *w* to
  ``W[target, source]``; parallel ties add up;
- a pole's internal strength is twice the summed intensity of the ties between its members,
  divided by its number of members (its mean weighted degree inside the pole), the input of
  :func:`ssestrategy.network.poles.cohesion`;
- interventions with a zero budget or no target have no effect and are dropped.

Examples
--------
>>> from ssestrategy.model import Actor, Case, Territory
>>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
>>> t = Territory(name="T", actors=(Actor(id="a", name="A", kind="cooperative",
...                                      capacities=caps, members=10),))
>>> cc = compile_case(Case(name="c", territory=t))
>>> cc.capacity0.shape, cc.n_periods, [s.id for s in cc.strategies]
((1, 4), 40, [])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from ..errors import ModelError
from ..model import FACTORS, TARGET_KINDS, ActorIndex, Case, Lever, Selector, Strategy
from ..network.poles import internal_strength, membership_matrix

__all__ = [
    "LEVER_CODES",
    "CompiledCase",
    "CompiledStrategy",
    "CompiledTies",
    "compile_case",
    "resolve_strategies",
]

Float = NDArray[np.float64]
Int = NDArray[np.intp]
Bool = NDArray[np.bool_]

LEVER_CODES: dict[Lever, int] = {
    Lever.FINANCING: 0,
    Lever.NETWORKING: 1,
    Lever.INNOVATION: 2,
    Lever.GOVERNANCE: 3,
    Lever.TIES: 4,
    Lever.SOCIAL_PROTECTION: 5,
}
"""Integer code of each lever; codes 0-3 are the factor levers, in factor order."""

_N_FACTORS = len(FACTORS)


def _csr(
    rows: Sequence[int] | NDArray[np.integer[Any]],
    cols: Sequence[int] | NDArray[np.integer[Any]],
    vals: Sequence[float] | NDArray[np.floating[Any]],
    shape: tuple[int, int],
) -> sp.csr_array:
    """A canonical CSR array (sorted indices, duplicates summed, no stored zeros)."""
    m = sp.coo_array(
        (
            np.asarray(vals, dtype=np.float64),
            (np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)),
        ),
        shape=shape,
    ).tocsr()
    m.sum_duplicates()
    m.eliminate_zeros()  # a zero-intensity tie stores nothing (its row sum would be 0)
    m.sort_indices()
    return m


@attrs.frozen(eq=False)
class CompiledTies:
    """Ties created by one ``ties`` intervention.

    Attributes
    ----------
    matrix : scipy.sparse.csr_array
        (actors, actors) learning weights added at full strength.
    row_strength : ndarray
        Row sums of ``matrix`` (added to each actor's total tie weight).
    pole_strength : ndarray
        (poles,) internal strength added to each pole at full strength.
    level : ndarray
        (periods,) strength reached at the end of each period counted from the undelayed start,
        in [0, 1] (linear ramp over ``ramp_years`` from ``start``, frozen at the end).
    years_after_end : ndarray
        (periods,) years elapsed since the intervention ended (0 while it runs); the ties then
        fade at the rate ``depreciation``.
    rows : ndarray of int
        Actors with a new tie (the non-empty rows of ``matrix``).
    rows_matrix : scipy.sparse.csr_array
        Those rows of ``matrix``.
    """

    matrix: sp.csr_array
    row_strength: Float
    pole_strength: Float
    level: Float
    years_after_end: Float
    rows: Int
    rows_matrix: sp.csr_array


@attrs.frozen(eq=False)
class CompiledStrategy:
    """A strategy resolved against a territory.

    Attributes
    ----------
    id, name : str
    intervention_names : tuple of str
        The interventions kept (non-zero budget, at least one target).
    lever : ndarray of int
        (interventions,) lever code (:data:`LEVER_CODES`).
    targets : scipy.sparse.csr_array
        (interventions, actors) 1 where the actor is a target.
    public : ndarray
        (interventions, periods) public money disbursed in each period, undelayed and before any
        shortfall (``budget x`` the overlap of the period with the intervention's window).
    effect : ndarray
        (interventions, periods) money reaching actors: ``public`` plus, for financing levers, the
        repayments re-lent by the revolving fund.
    factor_rows : ndarray of int
        Rows ``actor * 4 + factor`` of the capacity state that some factor lever reaches.
    factor_group : ndarray of int
        For each of ``factor_rows``, its group: rows reached by the same interventions.
    factor_groups : scipy.sparse.csr_array
        (groups, interventions) 1 where the intervention reaches the group's rows.
    sp_rows, sp_group, sp_groups
        The same for the actors with members that a social-protection lever reaches.
    women_targets, rural_targets : scipy.sparse.csr_array
        ``targets`` restricted to women-led / rural actors (equity of spend).
    ties : tuple of CompiledTies
    budget_total : float
        Public money of the kept interventions over their whole window (upper bound of spend).
    """

    id: str
    name: str
    intervention_names: tuple[str, ...]
    lever: Int
    targets: sp.csr_array
    public: Float
    effect: Float
    factor_rows: Int
    factor_group: Int
    factor_groups: sp.csr_array
    sp_rows: Int
    sp_group: Int
    sp_groups: sp.csr_array
    women_targets: sp.csr_array
    rural_targets: sp.csr_array
    ties: tuple[CompiledTies, ...]
    budget_total: float

    @property
    def n_interventions(self) -> int:
        """Number of interventions kept."""
        return len(self.intervention_names)


@attrs.frozen(eq=False)
class CompiledCase:
    """A case as flat arrays (see the module docstring for the conventions).

    Attributes
    ----------
    actor_ids : tuple of str
    n_periods, periods_per_year : int
    dt : float
        Years per period.
    capacity0 : ndarray
        (actors, 4) initial capacities.
    members : ndarray
        (actors,) members or workers.
    women_share, women_known : ndarray
        (actors,) share of women (0 where unknown) and whether it is known.
    women_led : ndarray of bool
    rural, rural_known : ndarray of bool
    target : ndarray of bool
        Actors of the target kinds (:data:`~ssestrategy.model.TARGET_KINDS`): only these exit and
        count in the outcomes.
    target_idx : ndarray of int
    pole_ids : tuple of str
    pole_members : scipy.sparse.csr_array
        (poles, actors) membership (1 = member).
    pole_strength0 : ndarray
        (poles,) internal strength of the partnership ties.
    target_pole_mean : scipy.sparse.csr_array
        (targets, poles) ``1 / (number of poles of the actor)`` for each pole it belongs to.
    ties0 : scipy.sparse.csr_array
        (actors, actors) partnership learning weights ``W0``.
    ties0_row : ndarray
        Row sums of ``ties0``.
    ties0_normalised : scipy.sparse.csr_array
        ``ties0`` with each non-empty row divided by its sum.
    event_names : tuple of str
    event_rows : tuple of ndarray of int
        Actors each event affects (its value chains; every actor when none is given).
    event_targets : scipy.sparse.csr_array
        (targets, events) 1 where the event affects the target actor.
    event_duration : ndarray of int
        (events,) periods during which the raised hazard lasts.
    event_hazard_increase : ndarray
        (events,) added annual hazard per unit of severity.
    outcome_weights : scipy.sparse.csr_array
        (6, actors) rows of the outcome sums over target actors: 1, members, women members
        (known), members with known women share, rural members (known), members with known
        rural status.
    target_members : scipy.sparse.csr_array
        (1, targets) members of each target actor.
    target_ones : scipy.sparse.csr_array
        (1, targets) ones.
    strategies : tuple of CompiledStrategy

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> cc = compile_case(tiznit())
    >>> cc.n_actors, cc.n_periods, len(cc.strategies)
    (437, 40, 4)
    """

    actor_ids: tuple[str, ...]
    n_periods: int
    periods_per_year: int
    dt: float
    capacity0: Float
    members: Float
    women_share: Float
    women_known: Bool
    women_led: Bool
    rural: Bool
    rural_known: Bool
    target: Bool
    target_idx: Int
    pole_ids: tuple[str, ...]
    pole_members: sp.csr_array
    pole_strength0: Float
    target_pole_mean: sp.csr_array
    ties0: sp.csr_array
    ties0_row: Float
    ties0_normalised: sp.csr_array
    event_names: tuple[str, ...]
    event_rows: tuple[Int, ...]
    event_targets: sp.csr_array
    event_duration: Int
    event_hazard_increase: Float
    outcome_weights: sp.csr_array
    target_members: sp.csr_array
    target_ones: sp.csr_array
    strategies: tuple[CompiledStrategy, ...]

    @property
    def n_actors(self) -> int:
        """Number of actors."""
        return len(self.actor_ids)

    @property
    def n_poles(self) -> int:
        """Number of poles."""
        return len(self.pole_ids)

    @property
    def n_targets(self) -> int:
        """Number of target actors."""
        return int(self.target_idx.shape[0])

    @property
    def n_events(self) -> int:
        """Number of events."""
        return len(self.event_names)


def resolve_strategies(
    case: Case, strategies: Sequence[Strategy | str] | None
) -> tuple[Strategy, ...]:
    """The strategies to simulate: ``case.strategies`` when None, ids/names looked up in the case.

    Examples
    --------
    >>> from ssestrategy.model import Case, Strategy, Territory
    >>> case = Case(name="c", territory=Territory(name="t"),
    ...             strategies=(Strategy(id="sq", name="Status quo"),))
    >>> [s.id for s in resolve_strategies(case, ["sq"])]
    ['sq']
    """
    if strategies is None:
        return tuple(case.strategies)
    if isinstance(strategies, Strategy | str):
        strategies = [strategies]
    if not isinstance(strategies, Iterable):
        raise ModelError.at(
            "strategies", f"expected strategies or their ids, got {type(strategies).__name__}"
        )
    out: list[Strategy] = []
    for i, s in enumerate(strategies):
        if isinstance(s, Strategy):
            out.append(s)
        elif isinstance(s, str):
            out.append(case.strategy(s))
        else:
            raise ModelError.at(f"strategies[{i}]", f"expected a Strategy or an id, got {s!r}")
    ids = [s.id for s in out]
    for i, sid in enumerate(ids):
        if sid in ids[:i]:
            raise ModelError.at(f"strategies[{i}]", f"strategy {sid!r} given twice")
    return tuple(out)


def _window_overlap(start: float, duration: float, n_periods: int, dt: float) -> Float:
    """Years of overlap of each period ``[k dt, (k+1) dt)`` with ``[start, start + duration)``."""
    k = np.arange(n_periods, dtype=np.float64)
    lo = np.maximum(k * dt, start)
    hi = np.minimum((k + 1.0) * dt, start + duration)
    out: Float = np.maximum(hi - lo, 0.0)
    return out


def _revolving(public: Float, recovery: float, lag: int) -> Float:
    """Disbursements of a revolving fund: ``e(t) = b(t) + recovery * e(t - lag)``."""
    e = public.copy()
    if recovery > 0.0:
        for k in range(lag, e.shape[0]):
            e[k] += recovery * e[k - lag]
    return e


def _pole_strength(src: Int, dst: Int, w: Float, membership: sp.csr_array) -> Float:
    """Internal strength of each pole (:func:`ssestrategy.network.poles.internal_strength`)."""
    n_poles = membership.shape[1]
    if src.size == 0 or n_poles == 0:
        return np.zeros(n_poles)
    out: Float = np.asarray(internal_strength(src, dst, w, membership), dtype=np.float64)
    return out


def _group(rows: Int, interventions: Int, n_rows: int, n_iv: int) -> tuple[Int, Int, sp.csr_array]:
    """Group the rows reached by interventions by the set of interventions reaching them.

    ``(rows[k], interventions[k])`` are the (row, intervention) pairs. Returns the reached rows
    (increasing), the group of each and the ``(groups, interventions)`` 0/1 matrix; groups are
    numbered in order of their first row.
    """
    reach = _csr(rows, interventions, np.ones(rows.shape[0]), (n_rows, n_iv))
    reached = np.flatnonzero(np.diff(reach.indptr)).astype(np.intp)
    sets = reach[reached].toarray() > 0.0
    if reached.size == 0:
        return reached, reached.copy(), _csr([], [], [], (0, n_iv))
    if n_iv < 63:  # each set as the bits of one integer: a fast 1-D unique
        code = sets.astype(np.int64) @ (np.int64(1) << np.arange(n_iv, dtype=np.int64))
        _, first, inverse = np.unique(code, return_index=True, return_inverse=True)
        keys = sets[first]
    else:
        keys, first, inverse = np.unique(sets, axis=0, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.shape[0])
    group = rank[inverse.reshape(-1)].astype(np.intp)
    g_rows, g_cols = np.nonzero(keys[order])
    return reached, group, _csr(g_rows, g_cols, np.ones(g_rows.shape[0]), (order.shape[0], n_iv))


@attrs.frozen(eq=False)
class _Actors:
    """What resolving a strategy against the territory needs."""

    index: ActorIndex
    membership: sp.csr_array  # (actors, poles)
    anchor: Int  # (poles,) anchor actor, -1 for none

    @property
    def n(self) -> int:
        return len(self.index.position)


def _hub_pairs(targets: Int, hub: str, a: _Actors) -> tuple[Int, Int]:
    """(actor, hub) pairs of a ties intervention: each target with its hub, or with the anchor
    of every pole it belongs to (``"@anchor"``), in target then pole order, without repeats
    and without self-ties."""
    if hub == "@anchor":
        sub = a.membership[targets]
        src = np.repeat(targets, np.diff(sub.indptr))
        dst = a.anchor[sub.indices]
        keep = (dst >= 0) & (dst != src)
        src, dst = src[keep], dst[keep]
        _, first = np.unique(src * a.n + dst, return_index=True)
        first.sort()
        return src[first], dst[first]
    h = a.index.position[hub]
    src = targets[targets != h]
    return src, np.full(src.shape[0], h, dtype=np.intp)


def _compile_strategy(
    strategy: Strategy,
    n_periods: int,
    dt: float,
    actors: _Actors,
    members: Float,
) -> CompiledStrategy:
    n_actors = actors.n
    names: list[str] = []
    levers: list[int] = []
    t_rows: list[Int] = []
    t_cols: list[Int] = []
    publics: list[Float] = []
    effects: list[Float] = []
    ties: list[CompiledTies] = []
    budget_total = 0.0
    for iv in strategy.interventions:
        targets = actors.index.select(iv.target)
        if iv.budget <= 0.0 or not targets.size or iv.duration <= 0.0:
            continue
        code = LEVER_CODES[iv.lever]
        public = iv.budget * _window_overlap(iv.start, iv.duration, n_periods, dt)
        if iv.lever is Lever.FINANCING:
            recovery = iv.param("recovery_rate")
            years = iv.param("repayment_years")
            effect = _revolving(public, recovery, max(1, round(years / dt)))
        else:
            effect = public.copy()
        if iv.lever is Lever.TIES:
            intensity = iv.param("tie_intensity")
            ramp = iv.param("ramp_years")
            src, dst = _hub_pairs(targets, str(iv.hub), actors)
            if src.size and intensity > 0.0:
                w = np.full(src.shape[0], intensity)
                mat = _csr(
                    np.concatenate([src, dst]),
                    np.concatenate([dst, src]),
                    np.concatenate([w, w]),
                    (n_actors, n_actors),
                )
                end = iv.start + iv.duration
                tau = np.arange(1, n_periods + 1, dtype=np.float64) * dt  # end of each period
                held = np.minimum(tau, end)
                if ramp > 0.0:
                    level = np.clip((held - iv.start) / ramp, 0.0, 1.0)
                else:
                    level = (held > iv.start).astype(np.float64)
                tie_rows = np.flatnonzero(np.diff(mat.indptr)).astype(np.intp)
                ties.append(
                    CompiledTies(
                        matrix=mat,
                        rows=tie_rows,
                        rows_matrix=sp.csr_array(mat[tie_rows]),
                        row_strength=np.asarray(mat.sum(axis=1), dtype=np.float64).ravel(),
                        pole_strength=_pole_strength(src, dst, w, actors.membership),
                        level=level,
                        years_after_end=np.maximum(tau - end, 0.0),
                    )
                )
        names.append(iv.name)
        levers.append(code)
        t_rows.append(np.full(targets.shape[0], len(names) - 1, dtype=np.intp))
        t_cols.append(targets)
        publics.append(public)
        effects.append(effect)
        budget_total += float(public.sum())

    n_iv = len(names)
    iv_of = np.concatenate(t_rows) if t_rows else np.zeros(0, dtype=np.intp)
    actor_of = np.concatenate(t_cols) if t_cols else np.zeros(0, dtype=np.intp)
    targets_m = _csr(iv_of, actor_of, np.ones(iv_of.shape[0]), (n_iv, n_actors))
    lever = np.asarray(levers, dtype=np.intp)
    public_arr = np.asarray(publics, dtype=np.float64).reshape(n_iv, n_periods)
    effect_arr = np.asarray(effects, dtype=np.float64).reshape(n_iv, n_periods)

    # factor allocation: rows actor * 4 + factor, grouped by the set of interventions reaching
    # them (all rows of a group receive the same money per actor)
    lev = lever[iv_of]
    fac = lev < _N_FACTORS
    factor_rows, factor_group, factor_groups = _group(
        actor_of[fac] * _N_FACTORS + lev[fac], iv_of[fac], n_actors * _N_FACTORS, n_iv
    )
    soc = (lev == LEVER_CODES[Lever.SOCIAL_PROTECTION]) & (members[actor_of] > 0)
    sp_rows, sp_group, sp_groups = _group(actor_of[soc], iv_of[soc], n_actors, n_iv)
    wl = sp.diags_array(actors.index.women_led.astype(np.float64))
    ru = sp.diags_array(actors.index.rural.astype(np.float64))
    return CompiledStrategy(
        id=strategy.id,
        name=strategy.name,
        intervention_names=tuple(names),
        lever=lever,
        targets=targets_m,
        public=public_arr,
        effect=effect_arr,
        factor_rows=factor_rows,
        factor_group=factor_group,
        factor_groups=factor_groups,
        sp_rows=sp_rows,
        sp_group=sp_group,
        sp_groups=sp_groups,
        women_targets=sp.csr_array(targets_m @ wl),
        rural_targets=sp.csr_array(targets_m @ ru),
        ties=tuple(ties),
        budget_total=budget_total,
    )


def compile_case(
    case: Case,
    strategies: Sequence[Strategy | str] | None = None,
    *,
    periods: int | None = None,
) -> CompiledCase:
    """Turn a case and its strategies into the flat arrays the kernel runs on.

    Parameters
    ----------
    case : Case
    strategies : sequence of Strategy or str, optional
        Strategies (objects, or ids of the case's strategies); default ``case.strategies``.
    periods : int, optional
        Periods to simulate; default ``case.n_periods``.

    Returns
    -------
    CompiledCase

    Examples
    --------
    >>> from ssestrategy.model import (Actor, Case, Intervention, Partnership, Strategy,
    ...                                Territory)
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="T", actors=(
    ...     Actor(id="a", name="A", kind="cooperative", capacities=caps, members=10),
    ...     Actor(id="b", name="B", kind="association", capacities=caps)),
    ...     partnerships=(Partnership(source="b", target="a", kind="training",
    ...                               intensity=0.5, directed=True),))
    >>> s = Strategy(id="s", name="S", interventions=(Intervention(
    ...     name="train", lever="innovation", budget=4000.0, duration=1.0),))
    >>> cc = compile_case(Case(name="c", territory=t), [s], periods=8)
    >>> cc.ties0.toarray().tolist()
    [[0.0, 0.5], [0.0, 0.0]]
    >>> cc.strategies[0].public.round(1).tolist()
    [[1000.0, 1000.0, 1000.0, 1000.0, 0.0, 0.0, 0.0, 0.0]]
    """
    t = case.territory
    resolved = resolve_strategies(case, strategies)
    if periods is None:
        n_periods = case.n_periods
    else:
        if not isinstance(periods, int) or isinstance(periods, bool) or periods < 1:
            raise ModelError.at("periods", f"expected a positive integer, got {periods!r}")
        n_periods = periods
    ppy = case.periods_per_year
    dt = 1.0 / ppy
    actors = t.actors
    n_actors = len(actors)
    actor_index = ActorIndex.of(t)
    index = actor_index.position

    capacity0 = np.asarray([a.capacities.as_tuple() for a in actors], dtype=np.float64).reshape(
        n_actors, _N_FACTORS
    )
    members = np.asarray([float(a.members) for a in actors], dtype=np.float64)
    women_known = np.asarray([a.women_share is not None for a in actors], dtype=bool)
    women_share = np.asarray(
        [0.0 if a.women_share is None else a.women_share for a in actors], dtype=np.float64
    )
    women_led = actor_index.women_led
    rural = actor_index.rural  # known to be rural
    rural_known = rural | actor_index.urban
    target = np.asarray([a.kind in TARGET_KINDS for a in actors], dtype=bool)
    target_idx = np.flatnonzero(target).astype(np.intp)
    n_t = target_idx.shape[0]

    # --- ties ---------------------------------------------------------------------------
    ps = t.partnerships
    src = np.fromiter((index[p.source] for p in ps), dtype=np.intp, count=len(ps))
    dst = np.fromiter((index[p.target] for p in ps), dtype=np.intp, count=len(ps))
    w = np.fromiter((p.intensity for p in ps), dtype=np.float64, count=len(ps))
    both = ~np.fromiter((p.directed for p in ps), dtype=bool, count=len(ps))
    # W[target, source] = w, and W[source, target] = w for an undirected tie
    ties0 = _csr(
        np.concatenate([dst, src[both]]),
        np.concatenate([src, dst[both]]),
        np.concatenate([w, w[both]]),
        (n_actors, n_actors),
    )
    ties0_row = np.asarray(ties0.sum(axis=1), dtype=np.float64).ravel()
    # divide each stored weight by its row sum (not by a reciprocal, which overflows for
    # subnormal intensities); rows without ties store nothing
    ties0_normalised = sp.csr_array(ties0, copy=True)
    ties0_normalised.sort_indices()
    ties0_normalised.data = ties0_normalised.data / np.repeat(
        ties0_row, np.diff(ties0_normalised.indptr)
    )

    # --- poles --------------------------------------------------------------------------
    n_poles = len(t.poles)
    membership = sp.csr_array(
        membership_matrix([sorted({index[m] for m in pole.members}) for pole in t.poles], n_actors)
    )
    membership.sort_indices()
    pole_members = sp.csr_array(membership.T)
    pole_members.sort_indices()
    pole_strength0 = _pole_strength(src, dst, w, membership)
    in_target = membership[target_idx]
    n_of = np.diff(in_target.indptr)
    target_pole_mean = sp.csr_array(
        (1.0 / np.repeat(n_of, n_of).astype(np.float64), in_target.indices, in_target.indptr),
        shape=(n_t, n_poles),
    )
    table = _Actors(
        index=actor_index,
        membership=membership,
        anchor=np.asarray(
            [-1 if p.anchor is None else index[p.anchor] for p in t.poles], dtype=np.intp
        ).reshape(n_poles),
    )

    # --- events -------------------------------------------------------------------------
    events = case.uncertainties.events
    event_rows: list[Int] = []
    target_pos = np.full(n_actors, -1, dtype=np.intp)
    target_pos[target_idx] = np.arange(n_t)
    et: list[Int] = []
    for ev in events:
        hit = actor_index.select(Selector(value_chains=ev.value_chains))  # none: everyone
        event_rows.append(hit)
        et.append(target_pos[hit][target[hit]])
    event_targets = _csr(
        np.concatenate(et) if et else np.zeros(0, dtype=np.intp),
        np.repeat(np.arange(len(et)), [r.shape[0] for r in et]),
        np.ones(sum(r.shape[0] for r in et)),
        (n_t, len(events)),
    )
    event_duration = np.asarray([round(ev.duration * ppy) for ev in events], dtype=np.intp).reshape(
        len(events)
    )
    event_hazard_increase = np.asarray([ev.hazard_increase for ev in events], dtype=np.float64)

    # --- outcome weights ------------------------------------------------------------------
    tm = target * members
    weights = np.vstack(
        [
            target.astype(np.float64),
            tm,
            tm * women_share * women_known,
            tm * women_known,
            tm * rural,
            tm * rural_known,
        ]
    )
    outcome_weights = sp.csr_array(weights)
    outcome_weights.eliminate_zeros()
    target_members = sp.csr_array(members[target_idx].reshape(1, n_t))
    target_ones = sp.csr_array(np.ones((1, n_t)))

    compiled = tuple(_compile_strategy(s, n_periods, dt, table, members) for s in resolved)
    return CompiledCase(
        actor_ids=tuple(a.id for a in actors),
        n_periods=n_periods,
        periods_per_year=ppy,
        dt=dt,
        capacity0=capacity0,
        members=members,
        women_share=women_share,
        women_known=women_known,
        women_led=women_led,
        rural=rural,
        rural_known=rural_known,
        target=target,
        target_idx=target_idx,
        pole_ids=tuple(p.id for p in t.poles),
        pole_members=pole_members,
        pole_strength0=pole_strength0,
        target_pole_mean=target_pole_mean,
        ties0=ties0,
        ties0_row=ties0_row,
        ties0_normalised=ties0_normalised,
        event_names=tuple(ev.name for ev in events),
        event_rows=tuple(event_rows),
        event_targets=event_targets,
        event_duration=event_duration,
        event_hazard_increase=event_hazard_increase,
        outcome_weights=outcome_weights,
        target_members=target_members,
        target_ones=target_ones,
        strategies=compiled,
    )
