"""The design space: which mixes of levers, timing and instrument settings a search may fund.

A :class:`DesignSpace` has *items*: lines of the lever menu aimed at a target (an instrument,
its target selector and hub), by default the union of the lines of the case's strategies (the
templates are points of the menu, :mod:`ssestrategy.model.templates`). A *point* of the space
(a vector ``x``, named by :attr:`DesignSpace.names`) gives

- the **share** of the total budget each item receives (on the simplex: the shares sum to 1,
  or to at most 1 when some budget may stay unspent, ``slack``);
- optionally the **start year** of each item within ``start`` bounds (every line runs until
  the programme ends, ``years``);
- optionally **instrument parameters** (``"revolving-fund.recovery_rate"``) within bounds
  inside their domain, one value per instrument.

:meth:`DesignSpace.point_of` places a strategy in the space; :meth:`DesignSpace.strategy` turns
a point back into an ordinary :class:`~ssestrategy.model.Strategy`, whose provenance says it
was designed and by which run. A search works on the unit cube (:meth:`DesignSpace.decode`,
:meth:`DesignSpace.encode`).

Examples
--------
>>> from ssestrategy.datasets import tiznit
>>> case = tiznit()
>>> space = DesignSpace.of(case)
>>> len(space.items), space.budget, space.years
(18, 20000000.0, 5.0)
>>> x = space.point_of(case.strategy("canadian-agency"))
>>> round(float(x[: len(space.items)].sum()), 12)
1.0
>>> s = space.strategy(x, run="example")
>>> round(s.total_budget()), s.provenance.note[:30]
(20000000, 'designed by a search (example)')
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from ..errors import ModelError
from ..model import DEFAULT_START, Assumption, Case, Intervention, Strategy
from ..model.design_spec import parameter_problem, start_problem, to_parameter_bounds
from ..model.strategy import LEVER_PARAMETERS
from .rows import Rows

__all__ = ["DEFAULT_START", "DesignSpace", "ItemKey", "Rows"]


Float = NDArray[np.float64]
ItemKey = tuple[str, Any, str | None]
"""What identifies an item: (instrument id, target selector, hub)."""


class _FromCase(Enum):
    """The default of :meth:`DesignSpace.of`'s settings: the case's ``design`` section."""

    CASE = 0


CASE = _FromCase.CASE

DEAD_ZONE = 0.02
"""Unit-cube weights below this are read as 0, so that a search can drop an item exactly
(a choice of the encoding; any small value works)."""

_TOL = 1e-9


def key_of(iv: Intervention) -> ItemKey:
    """The item an intervention buys: (instrument, target, hub)."""
    return (iv.instrument or f"lever:{iv.lever.value}", iv.target, iv.hub)


def _range(path: str) -> Any:
    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        lo, hi = value
        if not (math.isfinite(lo) and math.isfinite(hi)) or lo > hi:
            raise ModelError.at(path, f"expected finite bounds low <= high, got {value!r}")

    return check


def _to_range(value: Any) -> Any:
    if value is None:
        return None
    try:
        lo, hi = value
        return (float(lo), float(hi))
    except (TypeError, ValueError):
        raise ModelError.at("start", f"expected (low, high), got {value!r}") from None


def _to_items(value: Any) -> tuple[Intervention, ...]:
    return tuple(value)


def _check_items(inst: DesignSpace, _: Any, items: tuple[Intervention, ...]) -> None:
    if not items:
        raise ModelError.at("items", "a design space needs at least one item")
    seen: set[ItemKey] = set()
    for k, iv in enumerate(items):
        if not isinstance(iv, Intervention):
            raise ModelError.at(f"items[{k}]", "expected an Intervention (the item's prototype)")
        if key_of(iv) in seen:
            raise ModelError.at(f"items[{k}]", f"a second item buying {iv.instrument!r} there")
        seen.add(key_of(iv))


def _check_positive(inst: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise ModelError.at(attribute.name, f"must be a positive number, got {value!r}")


def _check_parameters(inst: DesignSpace, _: Any, value: dict[str, tuple[float, float]]) -> None:
    levers = {iv.instrument: iv.lever for iv in inst.items if iv.instrument is not None}
    for name, bounds in value.items():
        why = parameter_problem(name, bounds, levers)
        if why:
            raise ModelError.at(f"parameters.{name}", why)


def _check_start(inst: DesignSpace, _: Any, value: tuple[float, float] | None) -> None:
    if value is not None and (value[0] < 0 or value[1] >= inst.years):
        raise ModelError.at("start", start_problem(inst.years))


@attrs.frozen
class DesignSpace:
    """Decision variables over a lever menu (see the module docstring).

    Parameters
    ----------
    items : tuple of Intervention
        The lines a design may fund: each a prototype intervention (its instrument, target,
        hub, name and parameters; its budget and timing are ignored).
    budget : float
        Total budget over the programme, MAD.
    years : float
        Programme length; every line runs from its start to ``years``.
    start : (float, float) or None
        Bounds of each line's start year; None: each line starts as its prototype.
    parameters : dict of str to (float, float)
        Instrument parameters to vary, ``"instrument.parameter"`` -> bounds (in its domain).
    slack : bool
        Whether part of the budget may stay unspent (the shares sum to at most 1).
    id : str
        Id of the strategies the space builds.

    Examples
    --------
    >>> from ssestrategy.model import instrument
    >>> fund = instrument("revolving-fund").intervention(budget=0.0)
    >>> DesignSpace(items=(fund,), budget=1e6, years=5.0,  # doctest: +ELLIPSIS
    ...             parameters={"revolving-fund.recovery_rate": (0.4, 1.0)})
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: parameters.revolving-fund.recovery_rate: bounds must ...
    """

    items: tuple[Intervention, ...] = attrs.field(converter=_to_items, validator=_check_items)
    budget: float = attrs.field(converter=float, validator=_check_positive)
    years: float = attrs.field(converter=float, validator=_check_positive)
    start: tuple[float, float] | None = attrs.field(
        default=DEFAULT_START, converter=_to_range, validator=[_range("start"), _check_start]
    )
    parameters: dict[str, tuple[float, float]] = attrs.field(
        factory=dict, converter=to_parameter_bounds, validator=_check_parameters
    )
    slack: bool = True
    id: str = "designed"

    @classmethod
    def of(
        cls,
        case: Case,
        strategies: Sequence[Strategy] | None = None,
        *,
        budget: float | _FromCase | None = CASE,
        years: float | None = None,
        start: tuple[float, float] | _FromCase | None = CASE,
        parameters: Mapping[str, tuple[float, float]] | _FromCase | None = CASE,
        slack: bool | _FromCase = CASE,
    ) -> DesignSpace:
        """The space spanned by the lines of ``strategies``, as the case declares it.

        Each setting left out comes from the case's ``design`` section
        (:class:`~ssestrategy.model.DesignSpec`), else from the defaults: the lines of all the
        case's strategies, ``budget`` the largest total budget of the strategies, ``start``
        :data:`DEFAULT_START`, no parameters, ``slack`` True. ``years`` is the latest end of
        their lines. An argument given explicitly wins over the case.

        Examples
        --------
        >>> from ssestrategy.datasets import tiznit
        >>> DesignSpace.of(tiznit(), start=None).n_variables
        18
        >>> import attrs
        >>> from ssestrategy.model import DesignSpec
        >>> case = attrs.evolve(tiznit(), design=DesignSpec(strategies=("canadian-agency",),
        ...                                                 budget=1e7, vary_start=False))
        >>> space = DesignSpace.of(case)
        >>> space.budget, space.start, space.n_items
        (10000000.0, None, 7)
        """
        spec = case.design
        if strategies is None:
            ids = spec.strategies if spec is not None else ()
            strats = tuple(case.strategy(i) for i in ids) if ids else tuple(case.strategies)
        else:
            strats = tuple(strategies)
        if budget is CASE:
            budget = spec.budget if spec is not None else None
        if start is CASE:
            start = DEFAULT_START if spec is None else spec.start if spec.vary_start else None
        if parameters is CASE:
            parameters = spec.parameters if spec is not None else None
        if slack is CASE:
            slack = spec.slack if spec is not None else True
        items: dict[ItemKey, Intervention] = {}
        for s in strats:
            for iv in s.interventions:
                items.setdefault(key_of(iv), iv)
        if not items:
            raise ModelError.at("strategies", "no intervention to build a design space from")
        ends = [iv.start + iv.duration for s in strats for iv in s.interventions]
        return cls(
            items=tuple(items.values()),
            budget=budget if budget is not None else max(s.total_budget() for s in strats),
            years=years if years is not None else max(ends),
            start=start,
            parameters=dict(parameters or {}),
            slack=slack,
        )

    # --- the variables ---------------------------------------------------------------------

    @property
    def n_items(self) -> int:
        """Number of items."""
        return len(self.items)

    @property
    def names(self) -> tuple[str, ...]:
        """Name of each variable of a point: ``share:<item>``, ``start:<item>``, then the
        parameters (an item is named ``instrument`` or ``instrument#k`` when several lines buy
        the same instrument)."""
        labels = self.item_labels
        out = [f"share:{lb}" for lb in labels]
        if self.start is not None:
            out += [f"start:{lb}" for lb in labels]
        return (*out, *self.parameters)

    @property
    def item_labels(self) -> tuple[str, ...]:
        """A short unique label per item."""
        ids = [iv.instrument or iv.lever.value for iv in self.items]
        seen: dict[str, int] = {}
        out = []
        for i in ids:
            seen[i] = seen.get(i, 0) + 1
            out.append(i if ids.count(i) == 1 else f"{i}#{seen[i]}")
        return tuple(out)

    @property
    def n_variables(self) -> int:
        """Length of a point."""
        return len(self.names)

    @property
    def n_genes(self) -> int:
        """Dimension of the unit cube a search works on (one more weight with ``slack``)."""
        return self.n_variables + (1 if self.slack else 0)

    def bounds(self) -> tuple[Float, Float]:
        """Lower and upper bound of each variable."""
        n = self.n_items
        lo, hi = [0.0] * n, [1.0] * n
        if self.start is not None:
            lo += [self.start[0]] * n
            hi += [self.start[1]] * n
        for a, b in self.parameters.values():
            lo.append(a)
            hi.append(b)
        return np.asarray(lo), np.asarray(hi)

    def decode(self, u: Float) -> Float:
        """Points of the unit cube ``(k, n_genes)`` -> points of the space ``(k, n_variables)``.

        The first genes are weights, normalised to the shares (with ``slack``, the last weight
        is the unspent part); weights below :data:`DEAD_ZONE` count as 0. The others scale
        linearly to their bounds.

        Examples
        --------
        >>> from ssestrategy.datasets import tiznit
        >>> space = DesignSpace.of(tiznit(), start=None, slack=False)
        >>> x = space.decode(np.full((1, space.n_genes), 0.5))
        >>> float(x[0].sum())
        1.0
        """
        u = np.atleast_2d(np.asarray(u, dtype=np.float64))
        if u.shape[1] != self.n_genes:
            raise ModelError.at("u", f"expected {self.n_genes} genes, got {u.shape[1]}")
        n, n_w = self.n_items, self.n_items + (1 if self.slack else 0)
        w = np.where(u[:, :n_w] < DEAD_ZONE, 0.0, np.clip(u[:, :n_w], 0.0, 1.0))
        total = w.sum(axis=1, keepdims=True)
        fallback = 0.0 if self.slack else 1.0 / n
        shares = np.where(total > 0, w / np.where(total > 0, total, 1.0), fallback)[:, :n]
        lo, hi = self.bounds()
        rest = lo[n:] + np.clip(u[:, n_w:], 0.0, 1.0) * (hi[n:] - lo[n:])
        return np.concatenate([shares, rest], axis=1)

    def encode(self, x: Float) -> Float:
        """Points of the space -> the unit cube (the inverse of :meth:`decode` up to rounding)."""
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        n = self.n_items
        shares = x[:, :n]
        w = [shares, 1.0 - shares.sum(axis=1, keepdims=True)] if self.slack else [shares]
        lo, hi = self.bounds()
        span = np.where(hi[n:] > lo[n:], hi[n:] - lo[n:], 1.0)
        rest = (x[:, n:] - lo[n:]) / span
        out: Float = np.clip(np.concatenate([*w, rest], axis=1), 0.0, 1.0)
        return out

    def check(self, x: Float, path: str = "x") -> None:
        """Raise :class:`~ssestrategy.errors.ModelError` unless ``x`` is a point of the space."""
        x = np.asarray(x, dtype=np.float64)
        if x.shape != (self.n_variables,) or not np.all(np.isfinite(x)):
            raise ModelError.at(path, f"expected {self.n_variables} finite values")
        lo, hi = self.bounds()
        names = self.names
        for k in np.flatnonzero((x < lo - _TOL) | (x > hi + _TOL)):
            raise ModelError.at(f"{path}.{names[k]}", f"{x[k]:g} is outside [{lo[k]:g}, {hi[k]:g}]")
        total = float(x[: self.n_items].sum())
        if total > 1 + _TOL or (not self.slack and total < 1 - _TOL):
            want = "at most 1" if self.slack else "1"
            raise ModelError.at(f"{path}.shares", f"the shares sum to {total:g}, expected {want}")

    # --- strategies <-> points -------------------------------------------------------------

    def _item_of(self, iv: Intervention, path: str) -> int:
        for k, item in enumerate(self.items):
            if key_of(item) == key_of(iv):
                return k
        raise ModelError.at(
            path, f"{iv.name!r} ({iv.instrument}, {iv.target.describe()}) is not an item"
        )

    def point_of(self, strategy: Strategy) -> Float:
        """The point of the space that is ``strategy``.

        Raises
        ------
        ModelError
            At the intervention that is not a point (a line outside the items, one that does
            not end with the programme, a start or parameter outside its bounds, a parameter
            that the space does not vary set to another value, a budget above the total).
        """
        n = self.n_items
        x = np.zeros(self.n_variables)
        if self.start is not None:
            x[n : 2 * n] = self.start[0]
        p_at = {name: k for k, name in enumerate(self.names)}
        seen: set[int] = set()
        for j, iv in enumerate(strategy.interventions):
            path = f"{strategy.id}.interventions[{j}]"
            k = self._item_of(iv, path)
            if k in seen:
                raise ModelError.at(path, "a second line on the same item")
            seen.add(k)
            if abs(iv.start + iv.duration - self.years) > 1e-9 * max(1.0, self.years):
                raise ModelError.at(f"{path}.duration", f"the line must end at year {self.years:g}")
            x[k] = iv.budget * iv.duration / self.budget
            if self.start is not None:
                x[n + k] = iv.start
            elif iv.start != self.items[k].start:
                raise ModelError.at(f"{path}.start", "the space fixes the start of this item")
            for name in LEVER_PARAMETERS[iv.lever]:
                full = f"{iv.instrument}.{name}"
                if full in self.parameters:
                    x[p_at[full]] = iv.param(name)
                elif iv.param(name) != self.items[k].param(name):
                    raise ModelError.at(f"{path}.params.{name}", "the space fixes this parameter")
        self.check(x, path=strategy.id)
        return x

    def strategy(
        self, x: Float, *, id: str | None = None, name: str | None = None, run: str = ""
    ) -> Strategy:
        """The strategy at point ``x``: one line per item with a positive share.

        Parameters
        ----------
        x : ndarray
            A point (:attr:`names`).
        id, name : str, optional
            Default: the space's ``id``, and a name listing the largest shares.
        run : str
            Which run designed it (recorded in the provenance).
        """
        x = np.asarray(x, dtype=np.float64)
        self.check(x)
        rows = self.rows(x[None, :])
        labels = self.item_labels
        lines = []
        for k, item in enumerate(self.items):
            if rows.budget[0, k] <= 0.0:
                continue
            params = {p: float(rows.params[p][0, k]) for p in LEVER_PARAMETERS[item.lever]}
            lines.append(
                attrs.evolve(
                    item,
                    budget=float(rows.budget[0, k]),
                    start=float(rows.start[0, k]),
                    duration=float(rows.duration[0, k]),
                    params=params,
                    provenance=Assumption(
                        f"designed: {x[k]:.1%} of the budget on {labels[k]}"
                        + (f" ({run})" if run else "")
                    ),
                )
            )
        top = sorted(range(self.n_items), key=lambda k: -x[k])[:3]
        auto = "designed mix: " + ", ".join(f"{labels[k]} {x[k]:.0%}" for k in top if x[k] > 0)
        return Strategy(
            id=id or self.id,
            name=name or auto,
            description="a mix of the lever menu found by a design search",
            interventions=tuple(lines),
            provenance=Assumption(
                f"designed by a search ({run or 'ssestrategy.optimize'}); not a programme "
                "that exists: check it against the futures it was not chosen on"
            ),
        )

    def rows(self, x: Float) -> Rows:
        """The per-item model inputs of points ``x`` ``(k, n_variables)``."""
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        k, n = x.shape[0], self.n_items
        if self.start is not None:
            start = np.ascontiguousarray(x[:, n : 2 * n])
        else:
            start = np.broadcast_to([iv.start for iv in self.items], (k, n)).copy()
        duration = np.maximum(self.years - start, 0.0)
        safe = np.where(duration > 0, duration, 1.0)
        budget = np.where(duration > 0, x[:, :n] * self.budget / safe, 0.0)
        params = self._prototype_params(k)
        first = self.n_variables - len(self.parameters)
        for col, full in enumerate(self.parameters, start=first):
            instr, _sep, pname = full.rpartition(".")
            for i, item in enumerate(self.items):
                if item.instrument == instr:
                    params[pname][:, i] = x[:, col]
        return Rows(budget=budget, start=start, duration=duration, params=params)

    def rows_of(self, strategies: Sequence[Strategy]) -> Rows:
        """The per-item model inputs of strategies whose lines are items, taken as written
        (no round trip through shares: a template runs exactly as :func:`simulate` runs it)."""
        k, n = len(strategies), self.n_items
        budget, start, duration = np.zeros((k, n)), np.zeros((k, n)), np.zeros((k, n))
        params = self._prototype_params(k)
        for r, s in enumerate(strategies):
            for j, iv in enumerate(s.interventions):
                i = self._item_of(iv, f"{s.id}.interventions[{j}]")
                budget[r, i], start[r, i], duration[r, i] = iv.budget, iv.start, iv.duration
                for p in LEVER_PARAMETERS[iv.lever]:
                    params[p][r, i] = iv.param(p)
        return Rows(budget=budget, start=start, duration=duration, params=params)

    def _prototype_params(self, k: int) -> dict[str, Float]:
        """Every mechanism parameter of every item as its prototype sets it, ``(k, items)``
        (the compiled strategy's defaults for a parameter a lever does not use)."""
        defaults = {p: v for d in LEVER_PARAMETERS.values() for p, v in d.items()}
        out = {}
        for p, dflt in defaults.items():
            row = [iv.param(p) if p in LEVER_PARAMETERS[iv.lever] else dflt for iv in self.items]
            out[p] = np.broadcast_to(np.asarray(row, dtype=np.float64), (k, self.n_items)).copy()
        return out

    def superset(self) -> Strategy:
        """The strategy with every item (zero budget): what the evaluation compiles once."""
        return Strategy(
            id=self.id,
            name="design space",
            interventions=tuple(attrs.evolve(iv, budget=0.0, provenance=None) for iv in self.items),
        )
