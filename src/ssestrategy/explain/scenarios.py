"""Scenario discovery on an ensemble: in which futures does one strategy beat another?

- :func:`discover` runs PRIM on an ensemble's scenario inputs (uncertain parameters and event
  draws) to find where a condition holds, e.g. where one strategy beats another.
- :func:`beats` says, per scenario, whether one strategy beats another on the ranking's
  composite score (:func:`~ssestrategy.decision.ranking.composite`), so "A beats B" means the
  same thing here as in the ranking's ``P(best)``.

Examples
--------
>>> import ssestrategy as sse
>>> ens = sse.simulate(sse.datasets.tiznit(), n_scenarios=16, rng=0)
>>> beats(ens, "canadian-agency", "french-agency", outcome="jobs").shape
(16,)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from .._deprecation import warn_deprecated
from .._validate import check_options
from ..decision.ranking import composite
from ..errors import ModelError
from ..model import OUTCOMES, Criterion
from ..simulation import Ensemble
from .discovery import PrimResult, prim

__all__ = ["DiscoveryResult", "beats", "discover"]

Float = NDArray[np.float64]


@attrs.frozen(eq=False)
class DiscoveryResult:
    """Where a condition holds among an ensemble's futures.

    Attributes
    ----------
    condition : str
        What was looked for.
    share : float
        Share of futures where it holds.
    names : tuple of str
        Scenario inputs PRIM searched over.
    prim : PrimResult

    Examples
    --------
    >>> import ssestrategy as sse
    >>> ens = sse.simulate(sse.datasets.tiznit(), n_scenarios=32, rng=0)
    >>> wins = beats(ens, "canadian-agency", "french-agency", outcome="jobs")
    >>> res = discover(ens, wins, description="canadian-agency creates more jobs")
    >>> res.share == float(wins.mean())
    True
    >>> res.names[:2]
    ('learning_rate', 'max_gain')
    >>> res.describe()  # doctest: +ELLIPSIS
    'canadian-agency creates more jobs in ...% of futures; concentrated where ...'
    """

    condition: str
    share: float
    names: tuple[str, ...]
    prim: PrimResult

    def describe(self) -> str:
        """The chosen box in plain words, with its coverage and density."""
        box = self.prim.limits
        i = self.prim.selected
        return (
            f"{self.condition} in {self.share:.0%} of futures; concentrated where "
            f"{box.describe() or 'anywhere (no restriction found)'} "
            f"(coverage {self.prim.coverage[i]:.0%}, density {self.prim.density[i]:.0%})"
        )


def _scenario_table(ensemble: Ensemble) -> tuple[Float, tuple[str, ...]]:
    """(scenarios, inputs) matrix of an ensemble's uncertain parameters and event draws."""
    cols: list[Float] = list(np.asarray(ensemble.inputs, dtype=np.float64).T)
    names: list[str] = list(ensemble.input_names)
    onset, sev = ensemble.event_onset, ensemble.event_severity
    ppy = float(ensemble.periods_per_year)
    horizon = float(ensemble.periods) / ppy
    for e, name in enumerate(ensemble.event_names):
        happened = onset[:, e] >= 0
        cols.append(np.where(happened, onset[:, e] / ppy, horizon))
        names.append(f"{name}_year")
        cols.append(np.where(happened, sev[:, e], 0.0))
        names.append(f"{name}_severity")
    if not cols:
        raise ModelError.at("ensemble", "the ensemble has no uncertain inputs to search")
    return np.column_stack(cols), tuple(names)


def beats(
    ensemble: Any,
    a: str,
    b: str,
    *,
    outcome: str = "composite",
    criteria: Sequence[Criterion] | None = None,
    weights: Float | None = None,
    at: float | None = None,
) -> NDArray[np.bool_]:
    """Per scenario: does strategy ``a`` do better than ``b``?

    With ``outcome="composite"`` (needs ``criteria`` and ``weights``) the comparison uses the
    ranking's composite score; otherwise the outcome in its natural direction.

    Examples
    --------
    >>> import ssestrategy as sse
    >>> from ssestrategy.decision.ranking import criteria_weights
    >>> case = sse.datasets.tiznit()
    >>> ens = sse.simulate(case, n_scenarios=32, rng=0)
    >>> wins = beats(ens, "canadian-agency", "french-agency", outcome="jobs")
    >>> wins.shape, wins.dtype
    ((32,), dtype('bool'))
    >>> weights, _ = criteria_weights(case.criteria)
    >>> comp = beats(ens, "canadian-agency", "french-agency",
    ...              criteria=case.criteria.items, weights=weights)
    >>> comp.shape
    (32,)
    """
    sids = tuple(ensemble.strategies)
    for s, name in ((a, "a"), (b, "b")):
        if s not in sids:
            raise ModelError.at(
                name, f"unknown strategy {s!r} (in the ensemble: {', '.join(sids)})"
            )
    ia, ib = sids.index(a), sids.index(b)
    if outcome == "composite":
        if criteria is None or weights is None:
            raise ModelError.at("criteria", "the composite needs criteria and weights")
        vals = [np.asarray(ensemble.outcome(c.outcome, at=c.at)) for c in criteria]
        comp = composite(vals, criteria, weights)
        out: NDArray[np.bool_] = comp[ia] > comp[ib]
        return out
    if outcome not in OUTCOMES:
        raise ModelError.at("outcome", f"unknown outcome {outcome!r}")
    x = np.asarray(ensemble.outcome(outcome, at=at))
    better: NDArray[np.bool_] = (
        x[ia] > x[ib] if OUTCOMES[outcome].higher_is_better else x[ia] < x[ib]
    )
    return better


def discover(
    ensemble: Ensemble,
    condition: NDArray[np.bool_] | Sequence[bool],
    *,
    description: str = "the condition holds",
    max_restricted: int | None = 3,
    prim_options: Mapping[str, Any] | None = None,
    **legacy_options: Any,
) -> DiscoveryResult:
    """PRIM scenario discovery over an ensemble's scenario inputs.

    Parameters
    ----------
    ensemble : Ensemble
        Its uncertain parameters (``inputs``) and event draws (year of onset — the horizon when
        the event does not happen — and severity) are the search space.
    condition : array of bool
        One value per scenario, e.g. ``beats(ensemble, "canadian-agency", "french-agency")``.
    description : str
        Words for the condition, used by :meth:`DiscoveryResult.describe`.
    max_restricted : int or None
        Keep the box interpretable: when PRIM's default box restricts more inputs than this,
        choose instead, among the trajectory's boxes restricting at most ``max_restricted``
        inputs, the one with the largest coverage x density (None: PRIM's own choice; ignored
        when ``select`` is given).
    prim_options : mapping, optional
        Options of :func:`~ssestrategy.explain.prim` (``peel_alpha``, ``mass_min``, ...); an
        option it does not take is refused at ``prim_options.<name>``. (Passing them as
        keyword arguments of ``discover`` is deprecated.)

    Returns
    -------
    DiscoveryResult

    Examples
    --------
    In which futures does the Canadian-style agency keep more actors alive than the French one?

    >>> import ssestrategy as sse
    >>> ens = sse.simulate(sse.datasets.tiznit(), n_scenarios=32, rng=0)
    >>> wins = beats(ens, "canadian-agency", "french-agency", outcome="survival")
    >>> res = discover(ens, wins, description="canadian-agency keeps more actors")
    >>> res.prim.names == res.names
    True
    >>> 0 <= res.prim.selected < len(res.prim.coverage)
    True
    """
    if legacy_options:
        warn_deprecated(
            "discover(): PRIM's options as keyword arguments are deprecated, pass them as "
            "prim_options={...}"
        )
        prim_options = {**legacy_options, **(prim_options or {})}
    options = check_options(prim_options, "prim_options", prim, exclude=("names",))
    X, names = _scenario_table(ensemble)
    y = np.asarray(condition, dtype=bool)
    if y.shape != (X.shape[0],):
        raise ModelError.at("condition", f"expected {X.shape[0]} booleans, got shape {y.shape}")
    res = prim(X, y, names=names, **options)
    if (
        max_restricted is not None
        and "select" not in options
        and res.n_restricted[res.selected] > max_restricted
    ):
        ok = np.flatnonzero(res.n_restricted <= max_restricted)
        if ok.size:
            best = int(ok[np.argmax(res.coverage[ok] * res.density[ok])])
            res = prim(X, y, names=names, **{**options, "select": best})
    return DiscoveryResult(condition=description, share=float(y.mean()), names=names, prim=res)
