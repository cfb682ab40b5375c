"""Scenario discovery with PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999).

Given scenario inputs ``X`` (scenarios x inputs) and a condition ``y`` that holds in some
scenarios (e.g. "strategy A beats strategy B"), PRIM looks for a box — an interval per input —
where the condition is frequent (high *density*) and that holds most of the scenarios where it
is met (high *coverage*), restricting as few inputs as possible.

Definitions, for a box ``B``:

* ``mass = n(B) / n``, ``density = mean(y | B)``, ``coverage = sum(y | B) / sum(y)``.

Algorithm (as used in exploratory modelling; Bryant & Lempert 2010, Kwakkel & Jaxa-Rozen 2016):

1. **Peeling.** Start from the box of all scenarios (limits = the data range). At each step, for
   each input and each end, the candidate peel removes the scenarios below the ``peel_alpha``
   quantile (or above the ``1 - peel_alpha`` quantile) of that input within the current box. The
   quantile is taken between two distinct data values (the EMA Workbench / sdtoolkit rule), so a
   peel never splits tied values. The peel with the best *objective* is taken if the resulting
   mass is at least ``mass_min`` and the objective is positive; otherwise peeling stops.
2. **Pasting.** From the last peeled box, for each restricted limit, the candidate paste moves the
   limit outwards to admit the ``ceil(paste_alpha * n(B))`` nearest scenarios that satisfy the
   other limits (Friedman & Fisher 1999, sect. 6). The paste with the best objective is taken
   while it raises the density; pasted boxes are appended to the trajectory.

Objectives (``objective=``), for a candidate box ``B'`` from the current box ``B``, with
``d(.)`` the density and ``n(.)`` the number of scenarios (the EMA Workbench definitions):

* ``"lenient1"`` (default): ``(d(B') - d(B)) / |n(B) - n(B')|``, the density gained per scenario
  removed — Friedman & Fisher's peeling criterion.
* ``"lenient2"``: ``n(B') (d(B') - d(B)) / |n(B) - n(B')|``, the same weighted by the mass kept.
* ``"original"``: ``d(B')``, the density of the candidate box (the greedy rule).

Ties between candidates go to the one leaving fewer inputs restricted, then to the lowest input
index, then to the lower end.

Box selection (recorded in ``PrimResult.selection``): ``select=i`` picks step ``i``; else, with
``min_density``, the box of largest coverage among those whose density is at least
``min_density`` (the densest-enough box that keeps the most cases; ties to the later step); else,
or when no box is dense enough, the box maximising ``coverage * density``.

References
----------
Friedman, J. H., Fisher, N. I. (1999). Bump hunting in high-dimensional data. *Statistics and
Computing* 9(2), 123-143.

Bryant, B. P., Lempert, R. J. (2010). Thinking inside the box: a participatory, computer-assisted
approach to scenario discovery. *Technological Forecasting and Social Change* 77(1), 34-49.

Kwakkel, J. H., Jaxa-Rozen, M. (2016). Improving scenario discovery for handling heterogeneous
uncertainties and multinomial classified outcomes. *Environmental Modelling & Software* 79,
311-321. (EMA Workbench, ``ema_workbench.analysis.prim``.)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validate import as_finite_array, check_choice
from ..errors import ModelError
from ._gsa import _names
from .prim_result import PrimBox, PrimResult

__all__ = ["Objective", "PrimBox", "PrimResult", "prim"]

Objective = Literal["lenient1", "lenient2", "original"]
"""The objectives of :func:`prim` (see the module notes)."""


def _objective(
    kind: str, n_old: int, d_old: float, n_new: NDArray[np.float64], d_new: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Objective of candidate boxes (vectorised); candidates that change nothing get -inf."""
    change = np.abs(n_old - n_new)
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == "lenient1":
            score = (d_new - d_old) / change
        elif kind == "lenient2":
            score = n_new * (d_new - d_old) / change
        else:
            score = d_new.copy()
    return np.asarray(np.where((change > 0) & (n_new > 0), score, -np.inf))


def _best(score: NDArray[np.float64], restricted_after: NDArray[np.int64]) -> int:
    """Index of the best candidate: highest score, then fewest restricted inputs, then first."""
    order = np.lexsort((np.arange(score.shape[0]), restricted_after, -score))
    return int(order[0])


def _prepare_y(y: Any, n: int, threshold: float | None) -> NDArray[np.bool_]:
    arr = np.asarray(y)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise ModelError.at("y", f"expected a 1-D array of {n} values, got shape {arr.shape}")
    if threshold is not None:
        if arr.dtype == np.bool_:
            raise ModelError.at("threshold", "applies to a numeric y, but y is boolean")
        t = float(threshold)
        if not math.isfinite(t):
            raise ModelError.at("threshold", f"must be finite, got {threshold}")
        values = as_finite_array(arr, "y", ndim=1)
        return np.asarray(values >= t)
    if arr.dtype == np.bool_:
        return arr
    values = as_finite_array(arr, "y", ndim=1)
    if not np.all((values == 0) | (values == 1)):
        raise ModelError.at("y", "expected booleans (or 0/1); give threshold= for a numeric y")
    return np.asarray(values == 1)


def _fraction(value: Any, name: str, low: float, high: float, *, closed_high: bool) -> float:
    v = float(value)
    ok = low < v <= high if closed_high else low < v < high
    if not (math.isfinite(v) and ok):
        bracket = "]" if closed_high else ")"
        raise ModelError.at(name, f"must be in ({low:g}, {high:g}{bracket}, got {value}")
    return v


def prim(
    X: ArrayLike,
    y: ArrayLike,
    *,
    names: Sequence[str] | None = None,
    peel_alpha: float = 0.05,
    paste_alpha: float = 0.05,
    mass_min: float = 0.05,
    threshold: float | None = None,
    objective: Objective = "lenient1",
    min_density: float | None = None,
    select: int | None = None,
) -> PrimResult:
    """Find a box of the input space where a condition holds (PRIM scenario discovery).

    Parameters
    ----------
    X : array_like, shape (scenarios, inputs)
        Scenario inputs (finite numbers).
    y : array_like, shape (scenarios,)
        The condition: booleans (or 0/1), or numbers with ``threshold``.
    names : sequence of str, optional
        Input names; ``x1 .. xd`` by default.
    peel_alpha : float, default 0.05
        Share of the box's scenarios removed by one peel, in (0, 0.5).
    paste_alpha : float, default 0.05
        Share of the box's scenarios (at least one) added by one paste, in (0, 1].
    mass_min : float, default 0.05
        Peeling stops before the box would hold less than this share of all scenarios.
    threshold : float, optional
        For a numeric ``y``: the case of interest is ``y >= threshold`` (negate ``y`` for
        "below").
    objective : {"lenient1", "lenient2", "original"}, default "lenient1"
        Peeling and pasting objective; see the module notes.
    min_density : float, optional
        Select the highest-coverage box whose density is at least this.
    select : int, optional
        Select this step of the trajectory (negative counts from the end).

    Returns
    -------
    PrimResult

    Raises
    ------
    ModelError
        If the shapes disagree, a value is not finite, ``y`` is never true, or a parameter is
        out of its domain.

    Examples
    --------
    The condition holds where ``x1 > 0.5``; ``x2`` is irrelevant.

    >>> import numpy as np
    >>> X = np.random.default_rng(0).uniform(size=(400, 2))
    >>> res = prim(X, X[:, 0] > 0.5)
    >>> res.describe()
    'x1 above 0.505'
    >>> round(res.limits.density, 3), round(res.limits.coverage, 3)
    (1.0, 0.991)

    References
    ----------
    Friedman & Fisher (1999), *Statistics and Computing* 9, 123-143; Bryant & Lempert (2010),
    *Technol. Forecast. Soc. Change* 77, 34-49; Kwakkel & Jaxa-Rozen (2016), *Environ. Model.
    Softw.* 79, 311-321.
    """
    x = as_finite_array(X, "X", ndim=2)
    n, d = x.shape
    if n < 2 or d < 1:
        raise ModelError.at("X", f"need at least 2 scenarios and 1 input, got shape {x.shape}")
    labels = _names(names, d)
    cases = _prepare_y(y, n, threshold)
    n_cases = int(cases.sum())
    if n_cases == 0:
        raise ModelError.at("y", "the condition never holds: there is nothing to discover")
    peel_alpha = _fraction(peel_alpha, "peel_alpha", 0.0, 0.5, closed_high=False)
    paste_alpha = _fraction(paste_alpha, "paste_alpha", 0.0, 1.0, closed_high=True)
    mass_min = _fraction(mass_min, "mass_min", 0.0, 1.0, closed_high=False)
    check_choice(objective, "objective", Objective, what="objective")
    if min_density is not None:
        min_density = float(min_density)
        if not (math.isfinite(min_density) and 0.0 <= min_density <= 1.0):
            raise ModelError.at("min_density", f"must be in [0, 1], got {min_density}")
    yf = cases.astype(np.float64)
    traj = _Trajectory(x, yf, objective)
    traj.peel(peel_alpha, mass_min)
    traj.paste(paste_alpha)
    masks = np.array(traj.inside)  # (steps, n)
    n_in = masks.sum(axis=1)
    hits = masks.astype(np.float64) @ yf
    lower_arr, upper_arr = np.array(traj.lowers), np.array(traj.uppers)
    data_min, data_max = traj.data_min, traj.data_max
    coverage = hits / n_cases
    density = hits / n_in
    mass = n_in / n
    n_restricted = ((lower_arr > data_min) | (upper_arr < data_max)).sum(axis=1)
    chosen, how = _select(select, min_density, coverage, density)
    phases = traj.phases

    return PrimResult(
        names=labels,
        coverage=coverage,
        density=density,
        mass=mass,
        n_in_box=n_in.astype(np.int64),
        n_restricted=n_restricted.astype(np.int64),
        lower=lower_arr,
        upper=upper_arr,
        phase=tuple(phases),
        data_min=data_min,
        data_max=data_max,
        selected=chosen,
        selection=how,
        objective=objective,
        peel_alpha=peel_alpha,
        paste_alpha=paste_alpha,
        mass_min=mass_min,
        min_density=min_density,
        threshold=None if threshold is None else float(threshold),
        n_cases=n_cases,
        n=n,
    )


# --- the steps of prim ---------------------------------------------------------------------


class _Trajectory:
    """The boxes of a PRIM trajectory: bounds, scenarios inside, and the phase of each step."""

    def __init__(self, x: NDArray[np.float64], yf: NDArray[np.float64], objective: str) -> None:
        self.x, self.yf, self.objective = x, yf, objective
        self.data_min, self.data_max = x.min(axis=0), x.max(axis=0)
        self.lowers = [self.data_min.copy()]
        self.uppers = [self.data_max.copy()]
        self.inside = [np.ones(x.shape[0], dtype=bool)]
        self.phases = ["start"]

    def _add(
        self, lower: NDArray[np.float64], upper: NDArray[np.float64], inside: Any, phase: str
    ) -> None:
        self.lowers.append(lower)
        self.uppers.append(upper)
        self.inside.append(inside)
        self.phases.append(phase)

    def _restricted(self, lower: NDArray[np.float64], upper: NDArray[np.float64]) -> Any:
        return (lower > self.data_min) | (upper < self.data_max)

    def peel(self, peel_alpha: float, mass_min: float) -> None:
        """Peel the box while the best peel improves the objective and keeps ``mass_min``."""
        x, n = self.x, self.x.shape[0]
        while True:
            mask, lower, upper = self.inside[-1], self.lowers[-1], self.uppers[-1]
            xb, yb = x[mask], self.yf[mask]
            nb = xb.shape[0]
            if nb < 2:
                break
            cuts, n_new, d_new = _peels(xb, yb, peel_alpha)
            total = float(yb.sum())
            score = _objective(self.objective, nb, total / nb, n_new, d_new)
            restricted_now = self._restricted(lower, upper)
            restricted_after = np.repeat(restricted_now.sum() + ~restricted_now, 2).astype(np.int64)
            best = _best(score, restricted_after)
            j, end = divmod(best, 2)
            if not (score[best] > 0 and n_new[best] / n >= mass_min and n_new[best] < nb):
                break
            new_lower, new_upper = lower.copy(), upper.copy()
            if end == 0:
                new_lower[j] = cuts[0][j]
            else:
                new_upper[j] = cuts[1][j]
            col = x[:, j]
            self._add(
                new_lower, new_upper, mask & (col >= new_lower[j]) & (col <= new_upper[j]), "peel"
            )

    def paste(self, paste_alpha: float) -> None:
        """Paste back onto the box while the best paste raises its density."""
        x, yf = self.x, self.yf
        while len(self.lowers) > 1:
            mask, lower, upper = self.inside[-1], self.lowers[-1], self.uppers[-1]
            nb = int(mask.sum())
            total = float(yf[mask].sum())
            candidates = self._paste_candidates(lower, upper, nb, total, paste_alpha)
            if not candidates:
                break
            n_new = np.array([c[3] for c in candidates], dtype=np.float64)
            d_new = np.array([c[4] for c in candidates]) / n_new
            score = _objective(self.objective, nb, total / nb, n_new, d_new)
            restricted_after = np.zeros(len(candidates), dtype=np.int64)  # pastes never restrict
            best = _best(score, restricted_after)
            if not (score[best] > 0 and d_new[best] > total / nb):
                break
            j, end, limit, _, _ = candidates[best]
            new_lower, new_upper = lower.copy(), upper.copy()
            if end == 0:
                new_lower[j] = limit
            else:
                new_upper[j] = limit
            inside = np.all((x >= new_lower) & (x <= new_upper), axis=1)
            self._add(new_lower, new_upper, inside, "paste")

    def _paste_candidates(
        self,
        lower: NDArray[np.float64],
        upper: NDArray[np.float64],
        nb: int,
        total: float,
        paste_alpha: float,
    ) -> list[tuple[int, int, float, int, float]]:
        """Each restricted end widened to take ``paste_alpha`` of the box back: (input, end,
        new limit, scenarios inside, condition count inside)."""
        x, yf, data_min, data_max = self.x, self.yf, self.data_min, self.data_max
        add = max(1, math.ceil(paste_alpha * nb))
        below, above = x < lower, x > upper
        outside = (below | above).sum(axis=1)
        candidates: list[tuple[int, int, float, int, float]] = []
        for j in np.flatnonzero(self._restricted(lower, upper)).tolist():
            for end, side, limit_if_all in ((0, below, data_min[j]), (1, above, data_max[j])):
                if (end == 0 and lower[j] <= data_min[j]) or (end == 1 and upper[j] >= data_max[j]):
                    continue
                eligible = np.flatnonzero((outside == 1) & side[:, j])
                if eligible.size == 0:
                    continue
                vals = x[eligible, j]
                srt_idx = np.argsort(-vals if end == 0 else vals, kind="stable")
                vals, eligible = vals[srt_idx], eligible[srt_idx]  # nearest to the box first
                if add >= vals.size:
                    limit, taken = float(limit_if_all), vals.size
                else:
                    edge = vals[add - 1]
                    same = vals == edge
                    taken = int(np.flatnonzero(same)[-1]) + 1  # include ties with the edge
                    if taken >= vals.size:
                        limit = float(limit_if_all)
                    else:
                        limit = float((edge + vals[taken]) / 2.0)
                candidates.append(
                    (int(j), end, limit, nb + taken, total + float(yf[eligible[:taken]].sum()))
                )
        return candidates


def _peels(
    xb: NDArray[np.float64], yb: NDArray[np.float64], peel_alpha: float
) -> tuple[tuple[NDArray[np.float64], NDArray[np.float64]], NDArray[np.float64], Any]:
    """Every candidate peel of the box: the lower and upper cut of each input, and for each
    candidate (interleaved: input 0 lower, input 0 upper, ...) the scenarios and the density
    that would remain."""
    nb, d = xb.shape
    order = np.argsort(xb, axis=0, kind="stable")
    srt = np.take_along_axis(xb, order, axis=0)  # (nb, d)
    cum = np.vstack([np.zeros((1, d)), np.cumsum(yb[order], axis=0)])  # (nb + 1, d)
    total = float(yb.sum())
    # lower peel: quantile peel_alpha, moved up past ties
    q = (nb - 1) * peel_alpha
    lo_i, hi_i = math.floor(q), math.ceil(q)
    v_lo, v_hi = srt[lo_i], srt[hi_i]
    n_le = (srt <= v_lo).sum(axis=0)
    v_hi = np.where(v_hi == v_lo, srt[np.minimum(n_le, nb - 1), np.arange(d)], v_hi)
    cut_low = (v_lo + v_hi) / 2.0
    removed = (srt < cut_low).sum(axis=0)
    n_low = nb - removed
    s_low = total - cum[removed, np.arange(d)]
    # upper peel: quantile 1 - peel_alpha, moved down past ties
    q = (nb - 1) * (1.0 - peel_alpha)
    lo_i, hi_i = math.floor(q), math.ceil(q)
    v_lo, v_hi = srt[lo_i], srt[hi_i]
    n_lt = (srt < v_hi).sum(axis=0)
    v_lo = np.where(v_lo == v_hi, srt[np.maximum(n_lt - 1, 0), np.arange(d)], v_lo)
    cut_high = (v_lo + v_hi) / 2.0
    n_high = (srt <= cut_high).sum(axis=0)
    s_high = cum[n_high, np.arange(d)]
    n_new = np.stack([n_low, n_high], axis=1).reshape(-1).astype(np.float64)
    s_new = np.stack([s_low, s_high], axis=1).reshape(-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        d_new = np.where(n_new > 0, s_new / n_new, 0.0)
    return (cut_low, cut_high), n_new, d_new


def _select(
    select: Any,
    min_density: float | None,
    coverage: NDArray[np.float64],
    density: NDArray[np.float64],
) -> tuple[int, str]:
    """The box of the trajectory to report, and how it was chosen."""
    steps = coverage.shape[0]
    if select is not None:
        if (
            isinstance(select, bool)
            or not isinstance(select, int | np.integer)
            or not (-steps <= select < steps)
        ):
            raise ModelError.at(
                "select", f"expected a step index in [0, {steps}) of the trajectory, got {select!r}"
            )
        return int(select) % steps, "user"
    dense = density >= (min_density if min_density is not None else np.inf)
    if dense.any():
        cov = np.where(dense, coverage, -np.inf)
        return int(np.flatnonzero(cov == cov.max())[-1]), "min_density"
    return int(np.argmax(coverage * density)), "coverage*density"
