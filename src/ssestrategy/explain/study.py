"""Explain a ranking: which assumptions decide it, and in which futures it flips.

- :func:`sensitivity` runs global sensitivity analysis (Sobol' or Morris) of a case's model over
  the parameters labelled **assumptions with a plausible range** (by default), uniform over
  that range. The output is one strategy's outcome, or the **difference between two
  strategies** ("what decides French vs Canadian?"). It runs the deterministic core of the
  model — no events, every other parameter at its value — so that each design row has one
  output (variance-based indices need a deterministic function).
- :func:`~ssestrategy.explain.scenarios.discover` and
  :func:`~ssestrategy.explain.scenarios.beats` (re-exported here) find in which futures one
  strategy beats another;
- :func:`~ssestrategy.explain.order.explain_order` puts both together for two strategies.

Examples
--------
>>> from ssestrategy.datasets import tiznit
>>> res = sensitivity(tiznit(), ["canadian-agency", "french-agency"], output="jobs",
...                   method="morris", trajectories=4, rng=0)
>>> len(res.drivers()) == len(res.names)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray
from scipy import stats

from .._deprecation import renamed_arguments
from .._html import table_html
from .._options import SensitivityMethod
from .._random import RNGLike, generator, seed_sequence
from .._validate import check_choice
from ..decision.ranking import composite_terms, criteria_weights
from ..errors import ModelError
from ..model import OUTCOMES, Assumption, Case, Constraint, Strategy
from ..simulation.compile import compiled, resolve_strategies
from ..simulation.engine import check_parameters
from ..simulation.evaluate import OUTCOME_NAMES, Columns, DesignInputs, evaluate
from .inputs import Input, InputKind, input_space
from .morris import MorrisResult, morris
from .scenarios import DiscoveryResult, beats, discover
from .sobol import SobolResult, sobol

__all__ = [
    "DiscoveryResult",
    "SensitivityMethod",
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


def _margin_constraint(case: Case, output: str) -> Constraint | None:
    """The constraint of a ``margin:<id>`` output (None for another output), checked."""
    if output.startswith("margin:"):
        cid = output.split(":", 1)[1]
        found = [c for c in case.constraints if c.id == cid]
        if not found:
            raise ModelError.at("output", f"unknown constraint {cid!r}")
        return found[0]
    if output != "composite" and output not in OUTCOMES:
        raise ModelError.at(
            "output",
            f"unknown outcome {output!r} (known: composite, margin:<constraint id>, "
            f"{', '.join(OUTCOMES)})",
        )
    return None


class _CaseModel:
    """``model(X) -> output`` for design rows ``X``: one column of the one evaluation path per
    row (the deterministic core of the case's model, see :func:`sensitivity`)."""

    def __init__(
        self,
        case: Case,
        strategies: Sequence[Strategy | str],
        inputs: Sequence[Input],
        output: str,
        at: float | None,
        chunk: int = 1024,
    ) -> None:
        if len(strategies) not in (1, 2):
            raise ModelError.at(
                "strategies", "give one strategy, or two to explain their difference"
            )
        strats = resolve_strategies(case, strategies)
        check_parameters(case)
        self.case, self.inputs, self.output, self.chunk = case, tuple(inputs), output, chunk
        varied = {i.name for i in inputs if i.kind == "parameters"}
        self.cc = compiled(case, strats, entry=True if "entry_rate" in varied else None)
        self.base = case.parameter_values()
        self.criteria = case.criteria.items
        self.margin_of = _margin_constraint(case, output)
        self.record, self.pos = self._periods(at)
        self.col = {i.name: k for k, i in enumerate(inputs)}
        self.design_cols, self.ties_funded = self._design_columns(strats)
        self.weight_cols = [
            self.col.get(f"criteria.items[{k}].weight") for k in range(len(self.criteria))
        ]
        self.target_col = (
            self.col.get(f"constraints[{list(case.constraints).index(self.margin_of)}].target")
            if self.margin_of is not None
            else None
        )
        self.shared_rho = "ces_rho" not in varied
        self.bounds: list[tuple[float, float]] | None = None
        ids = [s.id for s in strats]
        self.label = f"{output}: {ids[0]} - {ids[1]}" if len(ids) == 2 else f"{output}: {ids[0]}"

    def _periods(self, at: float | None) -> tuple[list[int], list[int]]:
        """The periods to record (the output's, or each criterion's date) and, for each wanted
        date, its position among them."""
        case, n = self.case, self.cc.n_periods
        if self.output == "composite":
            wanted = [_record_period(case, c.at, n, "criteria") for c in self.criteria]
        elif self.margin_of is not None:
            wanted = [_record_period(case, self.margin_of.at, n, "output")]
        else:
            wanted = [_record_period(case, at, n, "at")]
        record = sorted(set(wanted))
        return record, [record.index(w) for w in wanted]

    def _design_columns(
        self, strats: Sequence[Strategy]
    ) -> tuple[dict[str, list[tuple[int, int, str]]], dict[str, bool]]:
        """Per strategy, the (column, intervention, field) of its design inputs, and whether
        its ties are funded."""
        design_cols: dict[str, list[tuple[int, int, str]]] = {}
        for i in self.inputs:
            if i.kind != "design":
                continue
            sid, rest = i.name.split(".interventions[", 1)
            j_text, field = rest.split("].", 1)
            if sid not in {s.id for s in strats}:
                raise ModelError.at(f"inputs.{i.name}", f"strategy {sid!r} is not analysed")
            design_cols.setdefault(sid, []).append((self.col[i.name], int(j_text), field))
        by_id = {s.id: s for s in self.cc.strategies}
        ties_funded = {}
        for sid, cols in design_cols.items():
            s = by_id[sid]
            tie_parents = {int(s.parent[j]) for j, _ in s.ties}
            ties_funded[sid] = s.funds_ties or any(
                field == "budget" and j in tie_parents and self.inputs[c].high > 0
                for c, j, field in cols
            )
        return design_cols, ties_funded

    def columns(self, X: Float) -> Columns:
        """The evaluation columns of design rows ``X``."""
        n = X.shape[0]
        params = {i.name: X[:, self.col[i.name]] for i in self.inputs if i.kind == "parameters"}
        by_id = {s.id: s for s in self.cc.strategies}
        designs: dict[str, DesignInputs] = {}
        for sid, cols in self.design_cols.items():
            d = DesignInputs.default(by_id[sid], n)
            budget, params_d = d.budget.copy(), {k: v.copy() for k, v in d.params.items()}
            for c, j, field in cols:
                if field == "budget":
                    budget[j] = X[:, c]
                else:
                    params_d[field][j] = X[:, c]
            designs[sid] = attrs.evolve(
                d, budget=budget, params=params_d, funds_ties=self.ties_funded[sid]
            )
        return Columns(n=n, params=params, designs=designs, shared_rho=self.shared_rho)

    def outcomes(self, X: Float) -> Float:
        """(outcomes, records, strategies, rows)."""
        n, chunk = X.shape[0], self.chunk
        res = np.empty((len(OUTCOME_NAMES), len(self.record), len(self.cc.strategies), n))
        for lo in range(0, n, chunk):
            hi = min(n, lo + chunk)
            res[..., lo:hi] = evaluate(self.cc, self.base, self.columns(X[lo:hi]), self.record)
        return res

    def _criterion_values(self, res: Float) -> list[Float]:  # each (strategies, rows)
        return [
            res[OUTCOME_NAMES.index(c.outcome), self.pos[k]] for k, c in enumerate(self.criteria)
        ]

    def _reference_bounds(self) -> list[tuple[float, float]]:
        """Normalisation bounds from a fixed sample of the input box, evaluated once.

        The same 64 scrambled Sobol' points (seed 0) and the nominal point, whatever the
        method or the points it probes, so that every method explains the same composite.
        """
        lo = np.array([i.low for i in self.inputs])
        hi = np.array([i.high for i in self.inputs])
        unit = stats.qmc.Sobol(len(self.inputs), scramble=True, rng=np.random.default_rng(0))
        ref = np.vstack([[i.value for i in self.inputs], lo + (hi - lo) * unit.random(64)])
        vals = self._criterion_values(self.outcomes(ref))
        return [(float(v.min()), float(v.max())) for v in vals]

    def _composite(self, X: Float, res: Float) -> Float:
        criteria = self.criteria
        vals = self._criterion_values(res)
        base_weights = criteria_weights(self.case.criteria)[0]
        w = np.stack(
            [
                X[:, c] if c is not None else np.full(X.shape[0], base_w)
                for c, base_w in zip(self.weight_cols, base_weights, strict=True)
            ]
        )
        w = w / w.sum(axis=0, keepdims=True)
        if self.bounds is None:
            self.bounds = self._reference_bounds()
        out: Float = composite_terms(vals, criteria, w, self.bounds).sum(axis=0)
        return out

    def __call__(self, X: Float) -> Float:
        X = np.asarray(X, dtype=np.float64)
        res = self.outcomes(X)
        margin_of = self.margin_of
        if self.output == "composite":
            y = self._composite(X, res)
        elif margin_of is not None:
            v = res[OUTCOME_NAMES.index(margin_of.outcome), self.pos[0]]
            target = X[:, self.target_col] if self.target_col is not None else margin_of.target
            y = v - target if margin_of.op in (">=", ">") else target - v
        else:
            y = res[OUTCOME_NAMES.index(self.output), self.pos[0]]
        out: Float = y[0] - y[1] if y.shape[0] == 2 else y[0]
        return out


@renamed_arguments(seed="rng", n="n_samples")
def sensitivity(
    case: Case,
    strategies: Sequence[Strategy | str],
    *,
    output: str = "composite",
    at: float | None = None,
    method: SensitivityMethod = "sobol",
    n_samples: int = 256,
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
        criteria (each at its date, normalised with bounds fixed once from 64 scrambled
        Sobol' points of the input box and the nominal point, seed 0, so that every method
        explains the same function; weights normalised in each design point); or
        ``"margin:<constraint id>"``, how far the outcome of that constraint is past its
        target (positive: met).
    at : float, optional
        Year of an outcome output (default: end of horizon).
    method : {'sobol', 'morris'}
    n_samples : int
        Sobol' base sample size ``n`` (a power of two); the model runs ``n * (d + 2)`` times.
        (``n``, its former name, is deprecated.)
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
    func = _CaseModel(case, list(strategies), inputs, output, at)
    label = func.label
    ranges = tuple((i.low, i.high) for i in inputs)
    result: SobolResult | MorrisResult
    check_choice(method, "method", SensitivityMethod, what="method")
    root = seed_sequence(rng)
    if method == "sobol":
        result = sobol(
            func, list(ranges), n_samples=n_samples, rng=root, names=names, n_resamples=n_resamples
        )
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
