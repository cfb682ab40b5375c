# long-file: being rewritten for performance (issue 17); it is split when that lands.
# long-functions: being rewritten for performance (issue 17).
"""Compile a :class:`~ssestrategy.model.Case` and its strategies into flat arrays, once.

The kernel knows no attrs domain objects: it reads the arrays built here. Everything that is the
same for every future of a study is compiled once — initial capacities, units, members, masks,
the pole membership matrix, the tie matrix, the entry cohorts, and per strategy the targets of
each intervention and the ties it creates. What differs between futures (parameters, delays,
shortfalls, events) is drawn by :mod:`~ssestrategy.simulation.sampling`, and what differs
between designs of a strategy (budgets, timing, mechanism parameters) is a
:class:`~ssestrategy.simulation.kernel.DesignInputs`; both enter the kernel as per-column
arrays.

Conventions (``docs/model.md`` states each equation):

- **Rows.** The state has one row per actor, in the order of ``territory.actors``, followed by
  the *entry cohorts*: one row per cell (a kind and value chain of the initial target actors)
  and simulated year, holding the actors created in that year (empty at the start). A row's
  survival state is its number of active units (an actor record may stand for several units).
- Factors are in :data:`~ssestrategy.model.FACTORS` order; the capacity state is laid out
  ``[row, factor, column]``.
- ``W[i, j]`` is the weight with which row *i* learns from row *j*: an undirected partnership
  of intensity *w* adds *w* both ways, a directed one (source to target) adds *w* to
  ``W[target, source]``; parallel ties add up. A cohort learns from the initial actors of its
  cell (weights in proportion to their units, summing to 1).
- A pole's internal strength is twice the summed intensity of the ties between its members,
  divided by its number of members (its mean weighted degree inside the pole), the input of
  :func:`ssestrategy.network.poles.cohesion`. A cohort joins the poles that hold at least half
  of its cell's initial units.
- **Reach.** ``targets[j, r]`` is the share of row *r*'s units that intervention *j* reaches: 1
  or 0 for an actor, a fraction for a cohort (a selector on women-led or rural actors reaches
  the cell's women-led or rural share of it).
- Interventions with no target are dropped; those with a zero budget or duration are kept (a
  design may fund them) and spend nothing as written. A pooling intervention is split into one
  row per value chain of its targets (one second-tier structure per chain), its budget shared
  by their initial units.

Examples
--------
>>> from ssestrategy.model import Actor, Case, Territory
>>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
>>> t = Territory(name="T", actors=(Actor(id="a", name="A", kind="cooperative",
...                                      capacities=caps, members=10),))
>>> cc = compile_case(Case(name="c", territory=t))
>>> cc.capacity0.shape, cc.n_periods, [s.id for s in cc.strategies]
((11, 4), 40, [])
>>> cc.n_actors, cc.n_rows, cc.n_cells  # one actor, one cell x 10 yearly cohorts
(1, 11, 1)
"""

from __future__ import annotations

import math
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from ..errors import ModelError
from ..model import (
    FACTORS,
    LEVER_PARAMETERS,
    TARGET_KINDS,
    ActorIndex,
    ActorKind,
    ActorStatus,
    Case,
    Lever,
    Selector,
    Strategy,
)
from ..model.success import internal_strength, membership_matrix

__all__ = [
    "LEVER_CODES",
    "CompiledCase",
    "CompiledStrategy",
    "CompiledTies",
    "compile_case",
    "compiled",
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
    Lever.POOLING: 6,
    Lever.INCUBATION: 7,
}
"""Integer code of each lever; codes 0-3 are the factor levers, in factor order."""

_N_FACTORS = len(FACTORS)
_NETWORKING = 1
_FINANCING = 0


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
    """Ties created by one ``ties`` intervention, at unit intensity.

    Attributes
    ----------
    matrix : scipy.sparse.csr_array
        (rows, rows) learning weights added at full strength and unit ``tie_intensity``.
    row_strength : ndarray
        Row sums of ``matrix``.
    pole_strength : ndarray
        (poles,) internal strength added to each pole (actor-to-actor ties only).
    n_tied : float
        Units tied to the hub (the divisor of the spend per tied actor).
    rows : ndarray of int
        Rows with a new tie (the non-empty rows of ``matrix``).
    rows_matrix : scipy.sparse.csr_array
        Those rows of ``matrix``.
    """

    matrix: sp.csr_array
    row_strength: Float
    pole_strength: Float
    n_tied: float
    rows: Int
    rows_matrix: sp.csr_array


@attrs.frozen(eq=False)
class CompiledStrategy:
    """A strategy resolved against a territory.

    Interventions are compiled into *rows* (a pooling intervention gives one row per value
    chain); ``parent`` maps each row to its intervention in ``strategy.interventions`` and
    ``share`` gives its part of that intervention's budget.

    Attributes
    ----------
    id, name : str
    intervention_names : tuple of str
        Name of each row's intervention (with the value chain for a pooling row).
    lever : ndarray of int
        (rows,) lever code (:data:`LEVER_CODES`).
    parent : ndarray of int
        (rows,) index of the intervention in the strategy.
    share : ndarray
        (rows,) share of the intervention's budget.
    budget, start, duration : ndarray
        (interventions,) annual budget (MAD), start and duration (years) of every intervention
        of the strategy (dropped ones included): the defaults of a
        :class:`~ssestrategy.simulation.kernel.DesignInputs`.
    params : dict of str to ndarray
        (interventions,) each mechanism parameter (:data:`~ssestrategy.model.LEVER_PARAMETERS`),
        the lever's default where the intervention does not set it.
    targets : scipy.sparse.csr_array
        (rows, state rows) share of each state row's units reached.
    target_reach, women_reach, rural_reach : scipy.sparse.csr_array
        ``targets`` restricted to target actors, and to their women-led and rural shares
        (equity of spend).
    factor_rows : ndarray of int
        Rows ``row * 4 + factor`` of the capacity state that some capacity lever reaches.
    factor_group : ndarray of int
        For each of ``factor_rows``, its group: rows reached by the same interventions with the
        same shares.
    factor_groups : scipy.sparse.csr_array
        (groups, intervention rows) the share reached.
    factor_size : ndarray
        (groups,) members per unit of the group's rows (0: an institution, no members).
    sp_rows, sp_group, sp_groups
        The same for the rows with members that a social-protection lever reaches.
    fund_rows, fund_group, fund_groups, fund_size
        The same for the financing rows of the borrowers of financing levers (their
        repayments, zero where a column's ``recovery_rate`` is 0).
    funds : ndarray of int
        Intervention rows of financing levers: each is a revolving fund in the columns where
        its ``recovery_rate`` is above 0 and a grant elsewhere (a design may change it).
    fund_targets : scipy.sparse.csr_array
        ``targets[funds]``: the borrowers of each financing row.
    pooling : ndarray of int
        Intervention rows of pooling levers.
    incubation : tuple of (int, scipy.sparse.csr_array)
        Each incubation row with its (cells, state rows) reach restricted to each cell.
    ties : tuple of (int, CompiledTies)
        Each ties row with its ties.
    budget_total : float
        Public money of the kept interventions over their whole window at the default design
        (upper bound of spend).
    """

    id: str
    name: str
    intervention_names: tuple[str, ...]
    lever: Int
    parent: Int
    share: Float
    budget: Float
    start: Float
    duration: Float
    params: dict[str, Float]
    targets: sp.csr_array
    target_reach: sp.csr_array
    women_reach: sp.csr_array
    rural_reach: sp.csr_array
    factor_rows: Int
    factor_group: Int
    factor_groups: sp.csr_array
    factor_size: Float
    sp_rows: Int
    sp_group: Int
    sp_groups: sp.csr_array
    fund_rows: Int
    fund_group: Int
    fund_groups: sp.csr_array
    fund_size: Float
    funds: Int
    fund_targets: sp.csr_array
    pooling: Int
    incubation: tuple[tuple[int, sp.csr_array], ...]
    ties: tuple[tuple[int, CompiledTies], ...]
    budget_total: float

    @property
    def n_interventions(self) -> int:
        """Number of intervention rows kept."""
        return len(self.intervention_names)

    @property
    def funds_ties(self) -> bool:
        """Whether a ties intervention is funded as written. The kernel then adds the new ties
        to the partnership weights; otherwise it uses the normalised partnership matrix, so a
        strategy whose ties interventions have no budget is bit for bit the status quo. The
        choice is made once per strategy, never per chunk."""
        return any(
            self.budget[self.parent[j]] > 0.0 and self.duration[self.parent[j]] > 0.0
            for j, _ in self.ties
        )

    @property
    def n_parents(self) -> int:
        """Number of interventions of the strategy (kept or not)."""
        return int(self.budget.shape[0])


@attrs.frozen(eq=False)
class CompiledCase:
    """A case as flat arrays (see the module docstring for the conventions).

    Attributes
    ----------
    actor_ids : tuple of str
        The actors (the first ``n_actors`` rows).
    n_periods, periods_per_year : int
    dt : float
        Years per period.
    capacity0 : ndarray
        (rows, 4) initial capacities (a cohort's: its cell's mean, before the
        ``entrant_capacity`` ratio).
    units : ndarray
        (rows,) units each actor stands for (0 for cohorts, which start empty).
    registered : ndarray of bool
        (rows,) actors of status ``registered`` (active with probability ``1 - inactive_share``).
    members : ndarray
        (rows,) members or workers per unit.
    women_share, women_known : ndarray
        (rows,) share of women (0 where unknown) and the share of units for which it is known.
    women_led : ndarray
        (rows,) share of units that are women-led.
    rural, rural_known : ndarray
        (rows,) share of units known to be rural / of known rurality.
    target : ndarray of bool
        Rows of the target kinds (:data:`~ssestrategy.model.TARGET_KINDS`) and cohorts: only
        these exit and count in the outcomes.
    target_idx : ndarray of int
    initial_target : ndarray of bool
        (targets,) the target actors (not cohorts): the denominator of ``survival``.
    cohort_start : ndarray
        (targets,) mean entry time of each cohort in periods from the study start (NaN for the
        actors, whose age starts at ``established_age``).
    n_cells : int
    cell_kind, cell_chain : tuple of str
        Kind and value chain ("" for none) of each cell.
    cell_rows : scipy.sparse.csr_array
        (cells, rows) 1 for every row (actor or cohort) of the cell.
    cell_capacity : ndarray
        (cells, 4) units-weighted mean initial capacity of the cell's actors.
    cell_members : ndarray
        (cells,) members per unit of an entrant.
    cell_pole : scipy.sparse.csr_array
        (cells, poles) weights averaging the success of the poles a cell's cohorts join.
    cell_learn : scipy.sparse.csr_array
        (cells, rows) each cell's actors with weights proportional to their units, summing to
        1: a cohort learns from their weighted mean.
    cohort_row : ndarray of int
        (cells, years) the cohort row receiving the cell's entrants of each year (rows are laid
        out year by year).
    pole_ids : tuple of str
    pole_members : scipy.sparse.csr_array
        (poles, rows) membership (1 = member).
    pole_strength0 : ndarray
        (poles,) internal strength of the partnership ties.
    target_pole_mean : scipy.sparse.csr_array
        (targets, poles) ``1 / (number of poles of the row)`` for each pole it belongs to.
    ties0 : scipy.sparse.csr_array
        (rows, rows) partnership learning weights ``W0`` (cohorts learn through
        ``cell_learn``).
    ties0_row : ndarray
        Row sums of ``ties0``.
    ties0_normalised : scipy.sparse.csr_array
        ``ties0`` with each non-empty row divided by its sum.
    event_names : tuple of str
    event_rows : tuple of ndarray of int
        Rows each event affects (its value chains; every row when none is given).
    event_targets : scipy.sparse.csr_array
        (targets, events) 1 where the event affects the target row.
    event_duration : ndarray of int
        (events,) periods during which the raised hazard lasts.
    event_hazard_increase : ndarray
        (events,) added annual hazard per unit of severity.
    outcome_weights : scipy.sparse.csr_array
        (6, rows) rows of the outcome sums over target rows, per active unit: 1, members, women
        members (known), members with known women share, rural members (known), members with
        known rural status.
    target_members : scipy.sparse.csr_array
        (1, targets) members per unit of each target row.
    target_ones : scipy.sparse.csr_array
        (1, targets) ones.
    initial_ones : scipy.sparse.csr_array
        (1, targets) 1 for the target actors (not cohorts).
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
    units: Float
    registered: Bool
    members: Float
    women_share: Float
    women_known: Float
    women_led: Float
    rural: Float
    rural_known: Float
    target: Bool
    target_idx: Int
    initial_target: Bool
    cohort_start: Float
    cell_kind: tuple[str, ...]
    cell_chain: tuple[str, ...]
    cell_rows: sp.csr_array
    cell_capacity: Float
    cell_members: Float
    cell_pole: sp.csr_array
    cell_learn: sp.csr_array
    cohort_row: Int
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
    initial_ones: sp.csr_array
    strategies: tuple[CompiledStrategy, ...]

    @property
    def n_actors(self) -> int:
        """Number of actors (the first rows of the state)."""
        return len(self.actor_ids)

    @property
    def n_rows(self) -> int:
        """Rows of the state: actors, then entry cohorts."""
        return int(self.units.shape[0])

    @property
    def n_cells(self) -> int:
        """Cells (kind x value chain) that receive entrants (0: no entry)."""
        return len(self.cell_kind)

    @property
    def n_poles(self) -> int:
        """Number of poles."""
        return len(self.pole_ids)

    @property
    def n_targets(self) -> int:
        """Number of target rows (target actors and cohorts)."""
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


def _group(
    rows: Int,
    interventions: Int,
    weights: Float,
    n_rows: int,
    n_iv: int,
    size: Float | None = None,
) -> tuple[Int, Int, sp.csr_array, Float]:
    """Group the rows reached by interventions by the shares with which they are reached (and
    by ``size``, a per-row value such as members, when given).

    ``(rows[k], interventions[k], weights[k])`` are the (row, intervention, share) triples.
    Returns the reached rows (increasing), the group of each, the ``(groups, interventions)``
    matrix of shares and each group's size; groups are numbered in order of their first row.
    """
    reach = _csr(rows, interventions, weights, (n_rows, n_iv))
    reached = np.flatnonzero(np.diff(reach.indptr)).astype(np.intp)
    if reached.size == 0:
        return reached, reached.copy(), _csr([], [], [], (0, n_iv)), np.zeros(0)
    keys_all = reach[reached].toarray()
    sizes = np.zeros(reached.shape[0]) if size is None else size[reached]
    keys_all = np.column_stack([keys_all, sizes])
    keys, first, inverse = np.unique(keys_all, axis=0, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.shape[0])
    group = rank[inverse.reshape(-1)].astype(np.intp)
    ordered = keys[order]
    shares = ordered[:, :-1]
    g_rows, g_cols = np.nonzero(shares)
    return (
        reached,
        group,
        _csr(g_rows, g_cols, shares[g_rows, g_cols], (order.shape[0], n_iv)),
        np.ascontiguousarray(ordered[:, -1]),
    )


@attrs.frozen(eq=False)
class _Rows:
    """What resolving a strategy against the rows needs."""

    index: ActorIndex
    n_actors: int
    n_rows: int
    membership: sp.csr_array  # (rows, poles), cohorts included
    anchor: Int  # (poles,) anchor actor, -1 for none
    units: Float  # (rows,) initial units (cohorts: 0)
    members: Float
    target: Bool
    women_led: Float
    rural: Float
    value_chain: Int  # (rows,) code in index.value_chains, -1 none
    cell_of_row: Int  # (rows,) cell of each target row, -1 for others
    cells: _Cells


@attrs.frozen(eq=False)
class _Cells:
    """The entry cells and their cohort rows."""

    kind: NDArray[np.intp]  # ActorKind position
    chain: NDArray[np.intp]  # value-chain code, -1 none
    women_led: Float  # share of units
    rural: Float  # share of units known rural
    urban: Float  # share of units known urban
    poles: list[list[int]]  # poles joined by the cell's cohorts
    rows: Int  # (cells, years) cohort rows

    @property
    def n(self) -> int:
        return int(self.kind.shape[0])


_KIND_CODE = {k: c for c, k in enumerate(ActorKind)}


def _cohort_reach(sel: Selector, cells: _Cells, index: ActorIndex) -> Float:
    """(cells,) share of a cell's entrants that ``sel`` reaches."""
    n = cells.n
    out = np.ones(n)
    if sel.actors:
        return np.zeros(n)
    if sel.kinds:
        out *= np.isin(cells.kind, [_KIND_CODE[k] for k in sel.kinds])
    if sel.value_chains:
        codes = [index.value_chains[c] for c in sel.value_chains if c in index.value_chains]
        out *= np.isin(cells.chain, codes)
    if sel.poles:
        pole_pos = {p: i for i, p in enumerate(index.pole_members)}
        wanted = {pole_pos[p] for p in sel.poles if p in pole_pos}
        out *= np.asarray([bool(wanted.intersection(p)) for p in cells.poles], dtype=np.float64)
    if sel.in_pole is not None:
        member = np.asarray([bool(p) for p in cells.poles], dtype=bool)
        out *= member == sel.in_pole
    if sel.women_led is not None:
        out *= cells.women_led if sel.women_led else 1.0 - cells.women_led
    if sel.rural is not None:
        out *= cells.rural if sel.rural else cells.urban
    return out


def _reach(sel: Selector, r: _Rows) -> tuple[Int, Float]:
    """Rows reached by ``sel`` and the share of each row's units reached."""
    actors = r.index.select(sel)
    w = np.ones(actors.shape[0])
    if r.cells.n == 0:
        return actors, w
    per_cell = _cohort_reach(sel, r.cells, r.index)
    years = r.cells.rows.shape[1]
    cohort = r.cells.rows.ravel()
    share = np.repeat(per_cell, years)
    keep = share > 0.0
    return np.concatenate([actors, cohort[keep]]), np.concatenate([w, share[keep]])


def _hub_pairs(targets: Int, weights: Float, hub: str, r: _Rows) -> tuple[Int, Int, Float]:
    """(row, hub, share) triples of a ties intervention: each target with its hub, or with the
    anchor of every pole it belongs to (``"@anchor"``), in target then pole order, without
    repeats and without self-ties."""
    if hub == "@anchor":
        sub = r.membership[targets]
        counts = np.diff(sub.indptr)
        src = np.repeat(targets, counts)
        wts = np.repeat(weights, counts)
        dst = r.anchor[sub.indices]
        keep = (dst >= 0) & (dst != src)
        src, dst, wts = src[keep], dst[keep], wts[keep]
        _, first = np.unique(src * r.n_rows + dst, return_index=True)
        first.sort()
        return src[first], dst[first], wts[first]
    h = r.index.position[hub]
    keep = targets != h
    src = targets[keep]
    return src, np.full(src.shape[0], h, dtype=np.intp), weights[keep]


def _iv_params(strategy: Strategy) -> dict[str, Float]:
    """(interventions,) every mechanism parameter, the lever's default where not set."""
    defaults = {k: v for d in LEVER_PARAMETERS.values() for k, v in d.items()}
    out: dict[str, Float] = {}
    for name in sorted(defaults):
        vals = []
        for iv in strategy.interventions:
            known = LEVER_PARAMETERS[iv.lever]
            # a parameter the lever does not use keeps its default (it is never read)
            vals.append(iv.param(name) if name in known else defaults[name])
        out[name] = np.asarray(vals, dtype=np.float64).reshape(len(strategy.interventions))
    return out


def _window_total(budget: float, start: float, duration: float, horizon: float) -> float:
    """Money of an intervention disbursed within the horizon."""
    return budget * max(0.0, min(start + duration, horizon) - min(start, horizon))


def _compile_strategy(strategy: Strategy, r: _Rows, horizon: float) -> CompiledStrategy:
    n_rows = r.n_rows
    names: list[str] = []
    levers: list[int] = []
    parents: list[int] = []
    shares: list[float] = []
    t_rows: list[Int] = []
    t_cols: list[Int] = []
    t_vals: list[Float] = []
    ties: list[tuple[int, CompiledTies]] = []
    incubation: list[tuple[int, sp.csr_array]] = []
    budget_total = 0.0
    params = _iv_params(strategy)

    def add(name: str, code: int, parent: int, share: float, cols: Int, w: Float) -> int:
        names.append(name)
        levers.append(code)
        parents.append(parent)
        shares.append(share)
        t_rows.append(np.full(cols.shape[0], len(names) - 1, dtype=np.intp))
        t_cols.append(cols)
        t_vals.append(w)
        return len(names) - 1

    for p, iv in enumerate(strategy.interventions):
        cols, w = _reach(iv.target, r)
        if not cols.size:  # no target: nothing a design could change
            continue
        budget_total += _window_total(iv.budget, iv.start, iv.duration, horizon)
        code = LEVER_CODES[iv.lever]
        if iv.lever is Lever.POOLING:
            # one second-tier structure per value chain of the targets, budget shared by units
            chain = r.value_chain[cols]
            base = r.units[cols] * w
            for ch in np.unique(chain):
                sel = chain == ch
                total = float(base.sum())
                part = float(base[sel].sum()) / total if total > 0 else 1.0 / np.unique(chain).size
                label = next((k for k, v in r.index.value_chains.items() if v == ch), "none")
                add(f"{iv.name} [{label}]", code, p, part, cols[sel], w[sel])
            continue
        j = add(iv.name, code, p, 1.0, cols, w)
        if iv.lever is Lever.TIES:
            src, dst, wts = _hub_pairs(cols, w, str(iv.hub), r)
            if src.size:
                mat = _csr(
                    np.concatenate([src, dst]),
                    np.concatenate([dst, src]),
                    np.concatenate([wts, wts]),
                    (n_rows, n_rows),
                )
                actors_only = (src < r.n_actors) & (dst < r.n_actors)
                tie_rows = np.flatnonzero(np.diff(mat.indptr)).astype(np.intp)
                ties.append(
                    (
                        j,
                        CompiledTies(
                            matrix=mat,
                            rows=tie_rows,
                            rows_matrix=sp.csr_array(mat[tie_rows]),
                            row_strength=np.asarray(mat.sum(axis=1), dtype=np.float64).ravel(),
                            pole_strength=_pole_strength(
                                src[actors_only],
                                dst[actors_only],
                                wts[actors_only],
                                r.membership[: r.n_actors],
                            ),
                            n_tied=max(float(np.sum(r.units[src] * wts)), 1.0),
                        ),
                    )
                )
        elif iv.lever is Lever.INCUBATION:
            cell = r.cell_of_row[cols]
            ok = cell >= 0
            incubation.append((j, _csr(cell[ok], cols[ok], w[ok], (r.cells.n, n_rows))))

    n_iv = len(names)
    iv_of = np.concatenate(t_rows) if t_rows else np.zeros(0, dtype=np.intp)
    row_of = np.concatenate(t_cols) if t_cols else np.zeros(0, dtype=np.intp)
    w_of = np.concatenate(t_vals) if t_vals else np.zeros(0)
    targets_m = _csr(iv_of, row_of, w_of, (n_iv, n_rows))
    lever = np.asarray(levers, dtype=np.intp).reshape(n_iv)
    parent = np.asarray(parents, dtype=np.intp).reshape(n_iv)

    # capacity levers: rows row * 4 + factor, grouped by the shares of the interventions
    # reaching them (all rows of a group receive the same money per unit)
    lev = lever[iv_of]
    factor = np.where(lev == LEVER_CODES[Lever.POOLING], _NETWORKING, lev)
    cap = factor < _N_FACTORS
    # an organisation's size: its members per unit (institutions, without members, count as
    # the reference size: 0 marks it)
    size = np.repeat(r.members, _N_FACTORS)
    factor_rows, factor_group, factor_groups, factor_size = _group(
        row_of[cap] * _N_FACTORS + factor[cap],
        iv_of[cap],
        w_of[cap],
        n_rows * _N_FACTORS,
        n_iv,
        size,
    )
    soc = (lev == LEVER_CODES[Lever.SOCIAL_PROTECTION]) & (r.members[row_of] > 0)
    sp_rows, sp_group, sp_groups, _ = _group(row_of[soc], iv_of[soc], w_of[soc], n_rows, n_iv)
    fund = lev == LEVER_CODES[Lever.FINANCING]
    fund_rows, fund_group, fund_groups, fund_size = _group(
        row_of[fund] * _N_FACTORS + _FINANCING,
        iv_of[fund],
        w_of[fund],
        n_rows * _N_FACTORS,
        n_iv,
        size,
    )

    def reach_of(weights: NDArray[Any]) -> sp.csr_array:
        """``targets`` weighted per row, in canonical form (where the weights are 1 on every
        reached row, stored as ``targets`` itself: the kernel then reuses its product)."""
        m = sp.csr_array(targets_m @ sp.diags_array(np.asarray(weights, dtype=np.float64)))
        m.eliminate_zeros()
        m.sort_indices()
        return m

    target_reach = reach_of(r.target)
    return CompiledStrategy(
        id=strategy.id,
        name=strategy.name,
        intervention_names=tuple(names),
        lever=lever,
        parent=parent,
        share=np.asarray(shares, dtype=np.float64).reshape(n_iv),
        budget=np.asarray([iv.budget for iv in strategy.interventions], dtype=np.float64),
        start=np.asarray([iv.start for iv in strategy.interventions], dtype=np.float64),
        duration=np.asarray([iv.duration for iv in strategy.interventions], dtype=np.float64),
        params=params,
        targets=targets_m,
        target_reach=target_reach,
        women_reach=reach_of(r.women_led * r.target),
        rural_reach=reach_of(r.rural * r.target),
        factor_rows=factor_rows,
        factor_group=factor_group,
        factor_groups=factor_groups,
        factor_size=factor_size,
        sp_rows=sp_rows,
        sp_group=sp_group,
        sp_groups=sp_groups,
        fund_rows=fund_rows,
        fund_group=fund_group,
        fund_groups=fund_groups,
        fund_size=fund_size,
        funds=np.flatnonzero(lever == LEVER_CODES[Lever.FINANCING]).astype(np.intp),
        fund_targets=sp.csr_array(targets_m[np.flatnonzero(lever == LEVER_CODES[Lever.FINANCING])]),
        pooling=np.flatnonzero(lever == LEVER_CODES[Lever.POOLING]).astype(np.intp),
        incubation=tuple(incubation),
        ties=tuple(ties),
        budget_total=budget_total,
    )


def _pole_strength(src: Int, dst: Int, w: Float, membership: sp.csr_array) -> Float:
    """Internal strength of each pole (:func:`ssestrategy.network.poles.internal_strength`)."""
    n_poles = membership.shape[1]
    if src.size == 0 or n_poles == 0:
        return np.zeros(n_poles)
    out: Float = np.asarray(internal_strength(src, dst, w, membership), dtype=np.float64)
    return out


def _wants_entry(case: Case, strategies: Sequence[Strategy]) -> bool:
    """Whether entry can happen: a positive ``entry_rate`` (or a sampled one), or an
    incubation lever."""
    if case.parameters["entry_rate"].value > 0.0:
        return True
    if "entry_rate" in case.uncertainties.names():
        return True
    return any(iv.lever is Lever.INCUBATION for s in strategies for iv in s.interventions)


def compile_case(
    case: Case,
    strategies: Sequence[Strategy | str] | None = None,
    *,
    periods: int | None = None,
    entry: bool | None = None,
) -> CompiledCase:
    """Turn a case and its strategies into the flat arrays the kernel runs on.

    Parameters
    ----------
    case : Case
    strategies : sequence of Strategy or str, optional
        Strategies (objects, or ids of the case's strategies); default ``case.strategies``.
    periods : int, optional
        Periods to simulate; default ``case.n_periods``.
    entry : bool, optional
        Whether to build the entry cohorts. Default: when ``entry_rate`` is positive or
        sampled, or a strategy has an incubation lever. Without cohorts no actor enters.

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
    >>> cc = compile_case(Case(name="c", territory=t), [s], periods=8, entry=False)
    >>> cc.ties0.toarray().tolist()
    [[0.0, 0.5], [0.0, 0.0]]
    >>> cc.strategies[0].targets.toarray().tolist()  # reaches both actors fully
    [[1.0, 1.0]]
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
    n_years = math.ceil(n_periods / ppy)
    actors = t.actors
    n_actors = len(actors)
    index = ActorIndex.of(t)
    position = index.position

    capacity_a = np.asarray([a.capacities.as_tuple() for a in actors], dtype=np.float64).reshape(
        n_actors, _N_FACTORS
    )
    units_a = np.asarray([float(a.units) for a in actors], dtype=np.float64)
    members_a = np.asarray([float(a.members) for a in actors], dtype=np.float64)
    women_known_a = np.asarray([a.women_share is not None for a in actors], dtype=np.float64)
    women_share_a = np.asarray(
        [0.0 if a.women_share is None else a.women_share for a in actors], dtype=np.float64
    )
    women_led_a = index.women_led.astype(np.float64)
    rural_a = index.rural.astype(np.float64)
    urban_a = index.urban.astype(np.float64)
    target_a = np.asarray([a.kind in TARGET_KINDS for a in actors], dtype=bool)
    registered_a = np.asarray([a.status is ActorStatus.REGISTERED for a in actors], dtype=bool)

    # --- entry cells: (kind, value chain) of the initial target actors ---------------------
    build_cells = _wants_entry(case, resolved) if entry is None else bool(entry)
    t_pos = np.flatnonzero(target_a)
    if build_cells and t_pos.size:
        keys = np.stack([index.kind[t_pos], index.value_chain[t_pos]], axis=1)
        cell_keys, cell_of = np.unique(keys, axis=0, return_inverse=True)
        cell_of = cell_of.reshape(-1)
    else:
        cell_keys = np.zeros((0, 2), dtype=np.intp)
        cell_of = np.zeros(0, dtype=np.intp)
    n_cells = cell_keys.shape[0]
    n_rows = n_actors + n_cells * n_years
    # cohort rows are laid out year by year (all cells of year 0, then of year 1, ...)
    cohort_rows = (
        n_actors
        + np.arange(n_years, dtype=np.intp)[None, :] * n_cells
        + np.arange(n_cells, dtype=np.intp)[:, None]
    )
    # units-weighted cell means over the cell's initial actors
    in_cells = t_pos[: cell_of.shape[0]]  # no cells: none of the target actors
    cell_mat = _csr(cell_of, in_cells, units_a[in_cells], (n_cells, n_actors))
    cell_units = np.asarray(cell_mat.sum(axis=1), dtype=np.float64).ravel()
    cu = np.where(cell_units > 0, cell_units, 1.0)

    def cell_mean(values: Float) -> Float:
        out: Float = np.asarray(cell_mat @ values, dtype=np.float64) / (
            cu if values.ndim == 1 else cu[:, None]
        )
        return out

    cell_capacity = cell_mean(capacity_a) if n_cells else np.zeros((0, _N_FACTORS))
    cell_members = cell_mean(members_a)
    known_w = cell_mean(women_known_a)
    women_share_c = np.asarray(cell_mat @ (women_share_a * women_known_a), dtype=np.float64)
    women_share_c = women_share_c / np.where(known_w * cu > 0, known_w * cu, 1.0)
    women_led_c = cell_mean(women_led_a)
    rural_c = cell_mean(rural_a)
    urban_c = cell_mean(urban_a)

    # --- poles: actors' membership, and the poles each cell's cohorts join ----------------
    n_poles = len(t.poles)
    member_lists = [sorted({position[m] for m in pole.members}) for pole in t.poles]
    actor_membership = sp.csr_array(membership_matrix(member_lists, n_actors))
    pole_units = np.asarray(cell_mat @ actor_membership.toarray()).reshape(n_cells, n_poles)
    cell_poles: list[list[int]] = [
        [p for p in range(n_poles) if pole_units[c, p] >= 0.5 * cell_units[c] > 0]
        for c in range(n_cells)
    ]
    for c, poles_c in enumerate(cell_poles):
        for p in poles_c:
            member_lists[p] = member_lists[p] + cohort_rows[c].tolist()
    membership = sp.csr_array(membership_matrix(member_lists, n_rows))
    membership.sort_indices()
    pole_members = sp.csr_array(membership.T)
    pole_members.sort_indices()

    def rows_of(values_a: Float, values_c: Float) -> Float:
        out: Float = np.concatenate([values_a, np.tile(values_c, n_years)])
        return out

    capacity0 = np.concatenate(
        [capacity_a, np.tile(cell_capacity, (n_years, 1)).reshape(-1, _N_FACTORS)]
    )
    units = rows_of(units_a, np.zeros(n_cells))
    members = rows_of(members_a, cell_members)
    women_known = rows_of(women_known_a, known_w)
    women_share = rows_of(women_share_a, women_share_c)
    women_led = rows_of(women_led_a, women_led_c)
    rural = rows_of(rural_a, rural_c)
    rural_known = rows_of(rural_a + urban_a, rural_c + urban_c)
    target = np.concatenate([target_a, np.ones(n_cells * n_years, dtype=bool)])
    registered = np.concatenate([registered_a, np.zeros(n_cells * n_years, dtype=bool)])
    target_idx = np.flatnonzero(target).astype(np.intp)
    n_t = target_idx.shape[0]
    initial_target = target_idx < n_actors
    # mean entry time of a cohort: entrants arrive at the end of each period of its year
    cohort_start_c = np.repeat(
        np.arange(n_years, dtype=np.float64) * ppy + (ppy + 1) / 2.0, n_cells
    )
    cohort_start = np.concatenate([np.full(int(initial_target.sum()), np.nan), cohort_start_c])
    value_chain = np.concatenate([index.value_chain, np.tile(cell_keys[:, 1], n_years)])
    cell_of_row = np.full(n_rows, -1, dtype=np.intp)
    cell_of_row[t_pos[: cell_of.shape[0]]] = cell_of
    cell_of_row[cohort_rows.ravel()] = np.repeat(np.arange(n_cells, dtype=np.intp), n_years)
    cell_learn = sp.csr_array(
        sp.diags_array(1.0 / cu)
        @ sp.csr_array((cell_mat.data, cell_mat.indices, cell_mat.indptr), shape=(n_cells, n_rows))
    )
    cell_learn.sort_indices()

    # --- ties ---------------------------------------------------------------------------
    ps = t.partnerships
    src = np.fromiter((position[p.source] for p in ps), dtype=np.intp, count=len(ps))
    dst = np.fromiter((position[p.target] for p in ps), dtype=np.intp, count=len(ps))
    w = np.fromiter((p.intensity for p in ps), dtype=np.float64, count=len(ps))
    both = ~np.fromiter((p.directed for p in ps), dtype=bool, count=len(ps))
    # W[target, source] = w, and W[source, target] = w for an undirected tie
    ties0 = _csr(
        np.concatenate([dst, src[both]]),
        np.concatenate([src, dst[both]]),
        np.concatenate([w, w[both]]),
        (n_rows, n_rows),
    )
    ties0_row = np.asarray(ties0.sum(axis=1), dtype=np.float64).ravel()
    # divide each stored weight by its row sum (not by a reciprocal, which overflows for
    # subnormal intensities); rows without ties store nothing
    ties0_normalised = sp.csr_array(ties0, copy=True)
    ties0_normalised.sort_indices()
    ties0_normalised.data = ties0_normalised.data / np.repeat(
        ties0_row, np.diff(ties0_normalised.indptr)
    )

    pole_strength0 = _pole_strength(src, dst, w, actor_membership)
    in_target = membership[target_idx]
    n_of = np.diff(in_target.indptr)
    target_pole_mean = sp.csr_array(
        (1.0 / np.repeat(n_of, n_of).astype(np.float64), in_target.indices, in_target.indptr),
        shape=(n_t, n_poles),
    )
    cp_rows = np.repeat(np.arange(n_cells), [len(p) for p in cell_poles])
    cp_cols = np.asarray([p for ps_ in cell_poles for p in ps_], dtype=np.intp)
    cp_w = np.repeat([1.0 / len(p) if p else 0.0 for p in cell_poles], [len(p) for p in cell_poles])
    cell_pole = _csr(cp_rows, cp_cols, cp_w, (n_cells, n_poles))
    in_cell = np.flatnonzero(cell_of_row >= 0)
    cell_rows = _csr(cell_of_row[in_cell], in_cell, np.ones(in_cell.shape[0]), (n_cells, n_rows))

    rows_info = _Rows(
        index=index,
        n_actors=n_actors,
        n_rows=n_rows,
        membership=membership,
        anchor=np.asarray(
            [-1 if p.anchor is None else position[p.anchor] for p in t.poles], dtype=np.intp
        ).reshape(n_poles),
        units=units,
        members=members,
        target=target,
        women_led=women_led,
        rural=rural,
        value_chain=value_chain.astype(np.intp),
        cell_of_row=cell_of_row,
        cells=_Cells(
            kind=cell_keys[:, 0].astype(np.intp),
            chain=cell_keys[:, 1].astype(np.intp),
            women_led=women_led_c,
            rural=rural_c,
            urban=urban_c,
            poles=cell_poles,
            rows=cohort_rows,
        ),
    )

    # --- events -------------------------------------------------------------------------
    events = case.uncertainties.events
    event_rows: list[Int] = []
    target_pos = np.full(n_rows, -1, dtype=np.intp)
    target_pos[target_idx] = np.arange(n_t)
    et: list[Int] = []
    for ev in events:
        hit, _ = _reach(Selector(value_chains=ev.value_chains), rows_info)  # none: everyone
        hit = np.sort(hit)
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

    # --- outcome weights (per active unit) --------------------------------------------------
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
    initial_ones = sp.csr_array(initial_target.astype(np.float64).reshape(1, n_t))

    horizon = n_periods * dt
    compiled = tuple(_compile_strategy(s, rows_info, horizon) for s in resolved)
    kinds = list(ActorKind)
    chains = {v: k for k, v in index.value_chains.items()}
    return CompiledCase(
        actor_ids=tuple(a.id for a in actors),
        n_periods=n_periods,
        periods_per_year=ppy,
        dt=dt,
        capacity0=capacity0,
        units=units,
        registered=registered,
        members=members,
        women_share=women_share,
        women_known=women_known,
        women_led=women_led,
        rural=rural,
        rural_known=rural_known,
        target=target,
        target_idx=target_idx,
        initial_target=initial_target,
        cohort_start=cohort_start,
        cell_kind=tuple(kinds[int(k)].value for k in cell_keys[:, 0]),
        cell_chain=tuple(chains.get(int(c), "") for c in cell_keys[:, 1]),
        cell_rows=cell_rows,
        cell_capacity=cell_capacity,
        cell_members=cell_members,
        cell_pole=cell_pole,
        cell_learn=cell_learn,
        cohort_row=cohort_rows,
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
        initial_ones=initial_ones,
        strategies=compiled,
    )


# --- a bounded cache: compile each (case, strategies, periods, entry) once ---------------------

COMPILE_CACHE_SIZE = 4
"""How many compiled cases :func:`compiled` keeps (the most recently used)."""

_Key = tuple[int, tuple[int, ...], "int | None", "bool | None"]
_compiled: OrderedDict[_Key, tuple[list[weakref.ref[Any]], CompiledCase]] = OrderedDict()
_compiled_lock = threading.RLock()  # a weak reference's callback may run inside the lock


def _read_only(cc: CompiledCase) -> CompiledCase:
    """Make every array of ``cc`` read-only: a cached object is shared by later calls."""

    def lock(obj: Any) -> None:
        for f in attrs.fields(type(obj)):
            v = getattr(obj, f.name)
            items = v if isinstance(v, tuple) else (v,)
            for x in items:
                if isinstance(x, np.ndarray):
                    x.flags.writeable = False
                elif sp.issparse(x):
                    for a in (x.data, x.indices, x.indptr):
                        a.flags.writeable = False
                elif attrs.has(type(x)):
                    lock(x)
                elif isinstance(x, tuple):
                    for y in x:
                        if attrs.has(type(y)):
                            lock(y)

    lock(cc)
    return cc


def _forget(key: _Key) -> None:
    with _compiled_lock:
        _compiled.pop(key, None)


def compiled(
    case: Case,
    strategies: Sequence[Strategy | str] | None = None,
    *,
    periods: int | None = None,
    entry: bool | None = None,
) -> CompiledCase:
    """:func:`compile_case`, done once for the same case and strategy objects.

    Cases and strategies are frozen, so the compiled arrays of an object never change; they are
    kept by the objects' identity (a weak reference checks that an identity was not reused
    after the object was freed), for the :data:`COMPILE_CACHE_SIZE` most recent calls. A new
    object equal to an old one is compiled again (telling them equal would cost as much as
    compiling). ``simulate``, ``compare`` and ``sensitivity`` use it: a study that simulates
    the same case repeatedly (a comparison, then its sensitivity, then a design search)
    compiles once (1.1 s for 60,000 actors).

    Parameters
    ----------
    case, strategies, periods, entry
        As for :func:`compile_case`.

    Returns
    -------
    CompiledCase
        The same object for the same arguments, while it is in the cache.

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> case = tiznit()
    >>> compiled(case) is compiled(case), compiled(case) is compiled(case, periods=8)
    (True, False)
    """
    strats = resolve_strategies(case, strategies)
    key: _Key = (id(case), tuple(id(s) for s in strats), periods, entry)
    with _compiled_lock:
        hit = _compiled.get(key)
        if hit is not None and all(ref() is not None for ref in hit[0]):
            _compiled.move_to_end(key)
            return hit[1]
    cc = _read_only(compile_case(case, strats, periods=periods, entry=entry))
    # an entry goes as soon as its case or a strategy is freed (its arrays can be large)
    refs = [weakref.ref(obj, lambda _: _forget(key)) for obj in (case, *strats)]
    with _compiled_lock:
        _compiled[key] = (refs, cc)
        _compiled.move_to_end(key)
        while len(_compiled) > COMPILE_CACHE_SIZE:
            _compiled.popitem(last=False)
    return cc
