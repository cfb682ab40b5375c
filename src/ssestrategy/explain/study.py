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
...                   method="morris", trajectories=4, rng=0)
>>> len(res.drivers()) == len(res.names)
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import attrs
import numpy as np
from numpy.typing import NDArray

from .._deprecation import renamed_arguments
from .._html import table_html
from .._random import RNGLike, generator, seed_sequence
from .._validate import check_choice
from ..decision.ranking import composite, composite_terms, criteria_weights
from ..errors import ModelError
from ..model import OUTCOMES, Assumption, Case, Constraint, Criterion, Strategy
from ..simulation import Ensemble
from ..simulation.compile import compile_case, resolve_strategies
from ..simulation.engine import check_parameters
from ..simulation.evaluate import Columns, evaluate
from ..simulation.kernel import OUTCOME_NAMES, DesignInputs
from .discovery import PrimResult, prim
from .inputs import Input, InputKind, input_space
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

SensitivityMethod = Literal["sobol", "morris"]
"""The methods of :func:`sensitivity`."""


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
    kinds : tuple of str
        The kind of each input (``parameters``, ``design``, ``decision``).

    Examples
    --------
    With two strategies the output is their difference (see the module examples); with one,
    the outcome itself:

    >>> from ssestrategy.datasets import tiznit
    >>> res = sensitivity(tiznit(), ["french-agency"], output="jobs", method="morris",
    ...                   trajectories=4, parameters=["learning_rate", "max_gain"], rng=0)
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
    kinds: tuple[str, ...] = ()

    def drivers(self) -> list[dict[str, Any]]:
        """Inputs ranked by importance (total Sobol' index, or Morris mu*), most important first."""
        rows: list[dict[str, Any]] = []
        r = self.result
        if isinstance(r, SobolResult):
            for i, name in enumerate(self.names):
                row: dict[str, Any] = {
                    "name": name,
                    "kind": self.kinds[i] if self.kinds else "parameters",
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
                        "kind": self.kinds[i] if self.kinds else "parameters",
                        "mu": float(r.mu[i]),
                        "mu_star": float(r.mu_star[i]),
                        "sigma": float(r.sigma[i]),
                    }
                )
            rows.sort(key=lambda d: -d["mu_star"])
        return rows

    def describe(self, top: int = 5) -> str:
        """The ranked drivers in plain words."""
        lines = [f"What drives {self.output} ({self.method}, {len(self.names)} inputs):"]
        for d in self.drivers()[:top]:
            if "total_order" in d:
                ci = d.get("total_order_ci")
                ci_s = f" [{ci[0]:.2f}, {ci[1]:.2f}]" if ci else ""
                lines.append(
                    f"  {d['name']:<26} ({d['kind']}) total {d['total_order']:.2f}{ci_s}, "
                    f"first order {d['first_order']:.2f}"
                )
            else:
                lines.append(
                    f"  {d['name']:<26} ({d['kind']}) mu* {d['mu_star']:.4g}, mu {d['mu']:.4g}, "
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


def _record_period(case: Case, at: float | None, n_periods: int, what: str) -> int:
    period = n_periods if at is None else round(at * case.periods_per_year)
    if not 0 <= period <= n_periods:
        raise ModelError.at(what, f"year {at} is outside the horizon")
    return period


def _model_func(
    case: Case,
    strategies: Sequence[Strategy | str],
    inputs: Sequence[Input],
    output: str,
    at: float | None,
    chunk: int = 1024,
) -> tuple[Callable[[Float], Float], str]:
    """func(X) -> output for design rows X: one column of the one evaluation path per row."""
    if len(strategies) not in (1, 2):
        raise ModelError.at("strategies", "give one strategy, or two to explain their difference")
    strats = resolve_strategies(case, strategies)
    check_parameters(case)
    varied = {i.name for i in inputs if i.kind == "parameters"}
    cc = compile_case(case, strats, entry=True if "entry_rate" in varied else None)
    base = case.parameter_values()
    criteria = case.criteria.items
    margin_of: Constraint | None = None
    if output.startswith("margin:"):
        cid = output.split(":", 1)[1]
        found = [c for c in case.constraints if c.id == cid]
        if not found:
            raise ModelError.at("output", f"unknown constraint {cid!r}")
        margin_of = found[0]
    elif output != "composite" and output not in OUTCOMES:
        raise ModelError.at(
            "output",
            f"unknown outcome {output!r} (known: composite, margin:<constraint id>, "
            f"{', '.join(OUTCOMES)})",
        )
    # the periods to record: the output's, or each criterion's date
    if output == "composite":
        wanted = [_record_period(case, c.at, cc.n_periods, "criteria") for c in criteria]
    elif margin_of is not None:
        wanted = [_record_period(case, margin_of.at, cc.n_periods, "output")]
    else:
        wanted = [_record_period(case, at, cc.n_periods, "at")]
    record = sorted(set(wanted))
    pos = [record.index(w) for w in wanted]
    col = {i.name: k for k, i in enumerate(inputs)}
    # design inputs: (column, intervention, field) per strategy
    design_cols: dict[str, list[tuple[int, int, str]]] = {}
    for i in inputs:
        if i.kind != "design":
            continue
        sid, rest = i.name.split(".interventions[", 1)
        j_text, field = rest.split("].", 1)
        if sid not in {s.id for s in strats}:
            raise ModelError.at(f"inputs.{i.name}", f"strategy {sid!r} is not analysed")
        design_cols.setdefault(sid, []).append((col[i.name], int(j_text), field))
    by_id = {s.id: s for s in cc.strategies}
    ties_funded = {}
    for sid, cols in design_cols.items():
        s = by_id[sid]
        tie_parents = {int(s.parent[j]) for j, _ in s.ties}
        ties_funded[sid] = s.funds_ties or any(
            field == "budget" and j in tie_parents and inputs[c].high > 0 for c, j, field in cols
        )
    weight_cols = [col.get(f"criteria.items[{k}].weight") for k in range(len(criteria))]
    target_col = (
        col.get(f"constraints[{list(case.constraints).index(margin_of)}].target")
        if margin_of is not None
        else None
    )
    shared_rho = "ces_rho" not in varied
    bounds: list[tuple[float, float]] | None = None

    def columns(X: Float) -> Columns:
        n = X.shape[0]
        params = {i.name: X[:, col[i.name]] for i in inputs if i.kind == "parameters"}
        designs: dict[str, DesignInputs] = {}
        for sid, cols in design_cols.items():
            d = DesignInputs.default(by_id[sid], n)
            budget, params_d = d.budget.copy(), {k: v.copy() for k, v in d.params.items()}
            for c, j, field in cols:
                if field == "budget":
                    budget[j] = X[:, c]
                else:
                    params_d[field][j] = X[:, c]
            designs[sid] = attrs.evolve(
                d, budget=budget, params=params_d, funds_ties=ties_funded[sid]
            )
        return Columns(n=n, params=params, designs=designs, shared_rho=shared_rho)

    def outcomes(X: Float) -> Float:
        """(outcomes, records, strategies, rows)."""
        n = X.shape[0]
        res = np.empty((len(OUTCOME_NAMES), len(record), len(cc.strategies), n))
        for lo in range(0, n, chunk):
            hi = min(n, lo + chunk)
            res[..., lo:hi] = evaluate(cc, base, columns(X[lo:hi]), record)
        return res

    def func(X: Float) -> Float:
        nonlocal bounds
        X = np.asarray(X, dtype=np.float64)
        res = outcomes(X)
        if output == "composite":
            vals = [
                res[OUTCOME_NAMES.index(c.outcome), pos[k]] for k, c in enumerate(criteria)
            ]  # each (strategies, rows)
            w = np.stack(
                [
                    X[:, c] if c is not None else np.full(X.shape[0], base_w)
                    for c, base_w in zip(
                        weight_cols, criteria_weights(case.criteria)[0], strict=True
                    )
                ]
            )
            w = w / w.sum(axis=0, keepdims=True)
            if bounds is None:
                bounds = [(float(v.min()), float(v.max())) for v in vals]
            y = composite_terms(vals, criteria, w, bounds).sum(axis=0)
        elif margin_of is not None:
            v = res[OUTCOME_NAMES.index(margin_of.outcome), pos[0]]
            target = X[:, target_col] if target_col is not None else margin_of.target
            y = v - target if margin_of.op in (">=", ">") else target - v
        else:
            y = res[OUTCOME_NAMES.index(output), pos[0]]
        out: Float = y[0] - y[1] if y.shape[0] == 2 else y[0]
        return out

    ids = [s.id for s in strats]
    label = f"{output}: {ids[0]} - {ids[1]}" if len(ids) == 2 else f"{output}: {ids[0]}"
    return func, label


@renamed_arguments(seed="rng")
def sensitivity(
    case: Case,
    strategies: Sequence[Strategy | str],
    *,
    output: str = "composite",
    at: float | None = None,
    method: SensitivityMethod = "sobol",
    n: int = 256,
    trajectories: int = 20,
    levels: int = 4,
    include: Sequence[InputKind] = ("parameters",),
    parameters: Sequence[str] | None = None,
    rng: RNGLike = 0,
    n_resamples: int = 999,
) -> SensitivityResult:
    """Which uncertain inputs drive a strategy's outcome, or the difference between two
    strategies: model parameters, design choices and decision settings.

    The model runs its deterministic core (no events, every input not varied at its value),
    one column of the one evaluation path per design point, with the same domain checks as
    :func:`~ssestrategy.simulation.simulate`.

    Parameters
    ----------
    case : Case
    strategies : sequence of one or two Strategy or id
        With two, the output is ``output(first) - output(second)``.
    output : str
        An outcome name; ``"composite"``, the ranking's composite score from the case's
        criteria (each at its date, normalised with bounds fixed on the first design
        evaluated, weights normalised in each design point); or ``"margin:<constraint id>"``,
        how far the outcome of that constraint is past its target (positive: met).
    at : float, optional
        Year of an outcome output (default: end of horizon).
    method : {'sobol', 'morris'}
    n : int
        Sobol' base sample size (a power of two); the model runs ``n * (d + 2)`` times.
    trajectories, levels : int
        Morris design.
    include : sequence of {"parameters", "design", "decision"}
        Which inputs to vary (:func:`~ssestrategy.explain.inputs.input_space`): the case's
        assumed parameters, the strategies' design choices (budgets, mechanism parameters),
        the decision settings (criterion weights, constraint targets).
    parameters : sequence of str, optional
        Restrict the parameters varied (default: every assumption with a plausible range).
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        Root of the randomness (:mod:`ssestrategy._random`), recorded as ``result.result.seed``:
        the design of :func:`~ssestrategy.explain.sobol` or
        :func:`~ssestrategy.explain.morris` draws from its streams, and the 64 uniform points
        behind ``mean_output`` and ``share_positive`` from the root itself.
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
    ...                   trajectories=4, parameters=["learning_rate", "max_gain"], rng=0)
    >>> res.output
    'jobs: canadian-agency'
    >>> res.result.mu_star.shape
    (2,)
    >>> print(res.describe())  # doctest: +ELLIPSIS
    What drives jobs: canadian-agency (morris, 2 inputs):
    ...
    """
    inputs = input_space(case, strategies, include=include, parameters=parameters)
    names = tuple(i.name for i in inputs)
    func, label = _model_func(case, list(strategies), inputs, output, at)
    ranges = tuple((i.low, i.high) for i in inputs)
    result: SobolResult | MorrisResult
    check_choice(method, "method", SensitivityMethod, what="method")
    root = seed_sequence(rng)
    if method == "sobol":
        result = sobol(func, list(ranges), n=n, rng=root, names=names, n_resamples=n_resamples)
    else:
        result = morris(
            func, list(ranges), trajectories=trajectories, levels=levels, rng=root, names=names
        )
    probe = generator(root).uniform(
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
        kinds=tuple(i.kind for i in inputs),
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
    >>> ens = sse.simulate(sse.datasets.tiznit(), n_scenarios=32, rng=0)
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
