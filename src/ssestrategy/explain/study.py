"""Explain a ranking: which assumptions decide it, and in which futures it flips.

- :func:`sensitivity` runs global sensitivity analysis (Sobol' or Morris) of a case's model over
  the parameters labelled **assumptions with a plausible range** (by default), uniform over
  that range. The output is one strategy's outcome, or the **difference between two
  strategies** ("what decides French vs Canadian?"). It runs the deterministic core of the
  model — no events, every other parameter at its value — so that each design row has one
  output (variance-based indices need a deterministic function).
- :func:`discover` runs PRIM on an ensemble's scenario inputs (uncertain parameters and event
  draws) to find where a condition holds, e.g. where one strategy beats another.
- :func:`beats` says, per scenario, whether one strategy beats another on the ranking's
  composite score (:func:`~ssestrategy.decision.ranking.composite`), so "A beats B" means the
  same thing here as in the ranking's ``P(best)``.

Examples
--------
>>> from ssestrategy.datasets import tiznit
>>> res = sensitivity(tiznit(), ["canadian-agency", "french-agency"], output="jobs",
...                   method="morris", trajectories=4, seed=0)
>>> len(res.drivers()) == len(res.names)
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import attrs
import numpy as np
from numpy.typing import NDArray

from .._html import table_html
from ..decision.ranking import composite, criteria_weights
from ..errors import ModelError
from ..model import OUTCOMES, Assumption, Case, Criterion, Strategy
from ..simulation import Ensemble
from ..simulation.compile import compile_case
from ..simulation.kernel import OUTCOME_NAMES, run, scenario_inputs
from .discovery import PrimResult, prim
from .sensitivity import MorrisResult, SobolResult, morris, sobol

__all__ = [
    "DiscoveryResult",
    "SensitivityResult",
    "assumption_space",
    "beats",
    "discover",
    "sensitivity",
]

Float = NDArray[np.float64]


def assumption_space(
    case: Case, parameters: Sequence[str] | None = None
) -> dict[str, tuple[float, float]]:
    """The parameters sensitivity analysis varies: name -> (low, high).

    By default every simulation parameter whose provenance is an :class:`Assumption` with a
    plausible range (and a non-degenerate one).

    Examples
    --------
    >>> from ssestrategy.model import Case, Territory
    >>> space = assumption_space(Case(name="c", territory=Territory(name="t")))
    >>> space["learning_rate"]
    (0.05, 0.4)
    """
    out: dict[str, tuple[float, float]] = {}
    names = list(case.parameters) if parameters is None else list(parameters)
    for name in names:
        if name not in case.parameters:
            raise ModelError.at(f"parameters.{name}", "unknown parameter")
        prov = case.parameters[name].provenance
        if isinstance(prov, Assumption) and prov.has_range and prov.high > prov.low:  # type: ignore[operator]
            out[name] = (float(prov.low), float(prov.high))  # type: ignore[arg-type]
        elif parameters is not None:
            raise ModelError.at(
                f"parameters.{name}", "not an assumption with a plausible range (low < high)"
            )
    if not out:
        raise ModelError.at("parameters", "no assumption with a plausible range to vary")
    return out


@attrs.frozen(eq=False)
class SensitivityResult:
    """Global sensitivity of one output to the assumptions.

    Attributes
    ----------
    output : str
        What was analysed, e.g. ``"jobs: canadian-agency - french-agency"``.
    names : tuple of str
        Inputs varied.
    ranges : tuple of (float, float)
        Their ranges (uniform).
    method : str
        ``"sobol"`` or ``"morris"``.
    result : SobolResult or MorrisResult
        The full result of :func:`~ssestrategy.explain.sobol` or
        :func:`~ssestrategy.explain.morris`.
    mean_output : float
        Mean of the output over the design.
    share_positive : float
        Share of design points where the output is positive (for a difference: A ahead of B).

    Examples
    --------
    With two strategies the output is their difference (see the module examples); with one,
    the outcome itself:

    >>> from ssestrategy.datasets import tiznit
    >>> res = sensitivity(tiznit(), ["french-agency"], output="jobs", method="morris",
    ...                   trajectories=4, parameters=["learning_rate", "max_gain"], seed=0)
    >>> res.output, res.method
    ('jobs: french-agency', 'morris')
    >>> res.names, res.ranges
    (('learning_rate', 'max_gain'), ((0.05, 0.4), (0.2, 0.8)))
    >>> sorted(d["name"] for d in res.drivers())
    ['learning_rate', 'max_gain']
    >>> res.share_positive  # jobs are always positive
    1.0
    """

    output: str
    names: tuple[str, ...]
    ranges: tuple[tuple[float, float], ...]
    method: str
    result: SobolResult | MorrisResult
    mean_output: float
    share_positive: float

    def drivers(self) -> list[dict[str, Any]]:
        """Inputs ranked by importance (total Sobol' index, or Morris mu*), most important first."""
        rows: list[dict[str, Any]] = []
        r = self.result
        if isinstance(r, SobolResult):
            for i, name in enumerate(self.names):
                row: dict[str, Any] = {
                    "name": name,
                    "first_order": float(r.first_order[i]),
                    "total_order": float(r.total_order[i]),
                }
                if r.total_order_ci is not None and r.first_order_ci is not None:
                    row["total_order_ci"] = (
                        float(r.total_order_ci.low[i]),
                        float(r.total_order_ci.high[i]),
                    )
                    row["first_order_ci"] = (
                        float(r.first_order_ci.low[i]),
                        float(r.first_order_ci.high[i]),
                    )
                rows.append(row)
            rows.sort(key=lambda d: -d["total_order"])
        else:
            for i, name in enumerate(self.names):
                rows.append(
                    {
                        "name": name,
                        "mu": float(r.mu[i]),
                        "mu_star": float(r.mu_star[i]),
                        "sigma": float(r.sigma[i]),
                    }
                )
            rows.sort(key=lambda d: -d["mu_star"])
        return rows

    def describe(self, top: int = 5) -> str:
        """The ranked drivers in plain words."""
        lines = [f"What drives {self.output} ({self.method}, {len(self.names)} assumptions):"]
        for d in self.drivers()[:top]:
            if "total_order" in d:
                ci = d.get("total_order_ci")
                ci_s = f" [{ci[0]:.2f}, {ci[1]:.2f}]" if ci else ""
                lines.append(
                    f"  {d['name']:<26} total {d['total_order']:.2f}{ci_s}, "
                    f"first order {d['first_order']:.2f}"
                )
            else:
                lines.append(
                    f"  {d['name']:<26} mu* {d['mu_star']:.4g}, mu {d['mu']:.4g}, "
                    f"sigma {d['sigma']:.4g}"
                )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = [
            tuple(round(v, 3) if isinstance(v, float) else v for v in d.values())
            for d in self.drivers()
        ]
        head = tuple(self.drivers()[0].keys()) if rows else ()
        return table_html(head, rows, caption=f"Sensitivity of {self.output} ({self.method})")


def _model_func(
    case: Case,
    strategies: Sequence[Strategy | str],
    names: Sequence[str],
    output: str,
    at: float | None,
    chunk: int = 4096,
) -> tuple[Callable[[Float], Float], str]:
    """func(X) -> output for design rows X, running the kernel vectorised over rows."""
    if len(strategies) not in (1, 2):
        raise ModelError.at("strategies", "give one strategy, or two to explain their difference")
    cc = compile_case(case, list(strategies))
    period = cc.n_periods if at is None else round(at * case.periods_per_year)
    if not 0 <= period <= cc.n_periods:
        raise ModelError.at("at", f"year {at} is outside the horizon")
    base = case.parameter_values()
    use_composite = output == "composite"
    if not use_composite and output not in OUTCOMES:
        raise ModelError.at(
            "output", f"unknown outcome {output!r} (known: composite, {', '.join(OUTCOMES)})"
        )
    criteria = case.criteria.items
    weights = criteria_weights(case.criteria)[0] if use_composite else np.zeros(0)
    shared_rho = "ces_rho" not in names
    bounds: dict[str, tuple[float, float]] | None = None

    def outcomes(X: Float) -> Float:
        """(strategies, outcomes, rows) at the recorded period."""
        n = X.shape[0]
        res = np.empty((len(cc.strategies), len(OUTCOME_NAMES), n))
        for lo in range(0, n, chunk):
            hi = min(n, lo + chunk)
            sampled = {name: X[lo:hi, i] for i, name in enumerate(names)}
            x = scenario_inputs(base, hi - lo, cc, sampled=sampled, shared_rho=shared_rho)
            for s, strat in enumerate(cc.strategies):
                res[s, :, lo:hi] = run(cc, strat, x, [period])[:, 0, :]
        return res

    def func(X: Float) -> Float:
        nonlocal bounds
        res = outcomes(np.asarray(X, dtype=np.float64))
        if use_composite:
            vals = {c.outcome: res[:, OUTCOME_NAMES.index(c.outcome), :] for c in criteria}
            if bounds is None:
                bounds = {k: (float(v.min()), float(v.max())) for k, v in vals.items()}
            y = composite(vals, criteria, weights, bounds)
        else:
            y = res[:, OUTCOME_NAMES.index(output), :]
        out: Float = y[0] - y[1] if y.shape[0] == 2 else y[0]
        return out

    ids = [s if isinstance(s, str) else s.id for s in strategies]
    label = f"{output}: {ids[0]} - {ids[1]}" if len(ids) == 2 else f"{output}: {ids[0]}"
    return func, label


def sensitivity(
    case: Case,
    strategies: Sequence[Strategy | str],
    *,
    output: str = "composite",
    at: float | None = None,
    method: Literal["sobol", "morris"] = "sobol",
    n: int = 256,
    trajectories: int = 20,
    levels: int = 4,
    parameters: Sequence[str] | None = None,
    seed: int | np.random.SeedSequence | None = 0,
    n_resamples: int = 999,
) -> SensitivityResult:
    """Which assumptions drive a strategy's outcome, or the difference between two strategies.

    Parameters
    ----------
    case : Case
    strategies : sequence of one or two Strategy or id
        With two, the output is ``output(first) - output(second)``.
    output : str
        An outcome name, or ``"composite"`` — the ranking's composite score from the case's
        criteria (normalised with bounds fixed on the first design evaluated).
    at : float, optional
        Year of the output (default: end of horizon).
    method : {'sobol', 'morris'}
    n : int
        Sobol' base sample size (a power of two); the model runs ``n * (d + 2)`` times.
    trajectories, levels : int
        Morris design.
    parameters : sequence of str, optional
        Parameters to vary (default: every assumption with a plausible range).
    seed : int or SeedSequence
    n_resamples : int
        Bootstrap resamples for the Sobol' confidence intervals.

    Returns
    -------
    SensitivityResult

    Examples
    --------
    What drives the jobs of one strategy, screened with Morris over two assumptions:

    >>> from ssestrategy.datasets import tiznit
    >>> res = sensitivity(tiznit(), ["canadian-agency"], output="jobs", method="morris",
    ...                   trajectories=4, parameters=["learning_rate", "max_gain"], seed=0)
    >>> res.output
    'jobs: canadian-agency'
    >>> res.result.mu_star.shape
    (2,)
    >>> print(res.describe())  # doctest: +ELLIPSIS
    What drives jobs: canadian-agency (morris, 2 assumptions):
    ...
    """
    space = assumption_space(case, parameters)
    names = tuple(space)
    func, label = _model_func(case, list(strategies), names, output, at)
    ranges = tuple(space[k] for k in names)
    result: SobolResult | MorrisResult
    if method == "sobol":
        result = sobol(func, list(ranges), n=n, seed=seed, names=names, n_resamples=n_resamples)
    elif method == "morris":
        result = morris(
            func, list(ranges), trajectories=trajectories, levels=levels, seed=seed, names=names
        )
    else:
        raise ModelError.at("method", f"unknown method {method!r} (sobol or morris)")
    probe = np.random.default_rng(np.random.SeedSequence(0)).uniform(
        [r[0] for r in ranges], [r[1] for r in ranges], size=(64, len(ranges))
    )
    y = func(probe)
    return SensitivityResult(
        output=label,
        names=names,
        ranges=ranges,
        method=method,
        result=result,
        mean_output=float(np.mean(y)),
        share_positive=float(np.mean(y > 0)),
    )


# --- scenario discovery on an ensemble --------------------------------------------------


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
    >>> ens = sse.simulate(sse.datasets.tiznit(), n_scenarios=32, seed=0)
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
    >>> ens = sse.simulate(case, n_scenarios=32, seed=0)
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
    **prim_options: Any,
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
    **prim_options
        Passed to :func:`~ssestrategy.explain.prim` (``peel_alpha``, ``mass_min``, ...).

    Returns
    -------
    DiscoveryResult

    Examples
    --------
    In which futures does the Canadian-style agency keep more actors alive than the French one?

    >>> import ssestrategy as sse
    >>> ens = sse.simulate(sse.datasets.tiznit(), n_scenarios=32, seed=0)
    >>> wins = beats(ens, "canadian-agency", "french-agency", outcome="survival")
    >>> res = discover(ens, wins, description="canadian-agency keeps more actors")
    >>> res.prim.names == res.names
    True
    >>> 0 <= res.prim.selected < len(res.prim.coverage)
    True
    """
    X, names = _scenario_table(ensemble)
    y = np.asarray(condition, dtype=bool)
    if y.shape != (X.shape[0],):
        raise ModelError.at("condition", f"expected {X.shape[0]} booleans, got shape {y.shape}")
    res = prim(X, y, names=names, **prim_options)
    if (
        max_restricted is not None
        and "select" not in prim_options
        and res.n_restricted[res.selected] > max_restricted
    ):
        ok = np.flatnonzero(res.n_restricted <= max_restricted)
        if ok.size:
            best = int(ok[np.argmax(res.coverage[ok] * res.density[ok])])
            res = prim(X, y, names=names, select=best, **prim_options)
    return DiscoveryResult(condition=description, share=float(y.mean()), names=names, prim=res)
