"""Simulate and rank in one call: :func:`compare`.

Examples
--------
>>> import ssestrategy as sse
>>> cmp = sse.compare(sse.datasets.tiznit(), n_scenarios=64, seed=1)
>>> len(cmp.ranking.order)
4
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from concurrent.futures import Executor
from typing import Any

import attrs

from ._html import table_html
from .decision.ranking import Method, Ranking, rank
from .errors import ModelError, Problem
from .model import Case, Strategy
from .simulation import Ensemble, simulate

__all__ = ["Comparison", "compare"]


@attrs.frozen(eq=False, repr=False)
class Comparison:
    """The result of :func:`compare`: the simulated ensemble and the ranking.

    Attributes
    ----------
    case : Case
    ensemble : Ensemble
    ranking : Ranking
    warnings : tuple of Problem
        Warnings about the case and the result (also at the end of :meth:`format_report`).

    Examples
    --------
    >>> import ssestrategy as sse
    >>> cmp = sse.compare(sse.datasets.tiznit(), n_scenarios=32, seed=0)
    >>> cmp.ensemble.n_scenarios, cmp.ranking.method
    (32, 'topsis')
    >>> cmp.ranking.order[0] == cmp.ranking.best
    True
    >>> print(cmp.format_report())  # doctest: +ELLIPSIS
    Tiznit province SSE strategy: 4 strategies x 32 scenarios, method topsis, weights direct
    ...
    """

    case: Case
    ensemble: Ensemble
    ranking: Ranking
    warnings: tuple[Problem, ...] = ()
    """What runs but can hardly mean much (:func:`ssestrategy.validation.validate_case`), and a
    ranking in which every strategy ties."""

    def __repr__(self) -> str:
        return (
            f"Comparison(case={self.case.name!r}, strategies={list(self.ranking.order)}, "
            f"n_scenarios={self.ensemble.n_scenarios}, method={self.ranking.method!r}, "
            f"best={self.ranking.best!r})"
        )

    def to_frame(self) -> Any:
        """The ranking table as a pandas DataFrame (needs pandas)."""
        return self.ranking.to_frame()

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable summary: provenance, ranking, constraints, outcome bands."""
        prov = self.ensemble.provenance
        return {
            "case": self.case.name,
            "provenance": dict(prov) if isinstance(prov, dict) else prov,
            **self.ranking.to_dict(),
            "outcomes": self.ensemble.summary().to_dict(),
            "warnings": [{"path": p.path, "message": p.message} for p in self.warnings],
        }

    def format_report(self) -> str:
        """A readable report: the ranking table, binding constraints and explanations."""
        r = self.ranking
        lines = [
            f"{self.case.name}: {len(r.strategies)} strategies x "
            f"{self.ensemble.n_scenarios} scenarios, method {r.method}, weights {r.weights_from}",
            "",
            r.format_table(),
            "",
        ]
        binding = r.constraints.binding()
        lines.append("Binding constraints: " + (", ".join(binding) if binding else "none"))
        for i, c in enumerate(r.constraints.constraints):
            if c.id in binding:
                lines.append(f"  {c.id}: {c.describe()}")
                for j, s in enumerate(r.strategies):
                    lines.append(f"    {s:<22} {r.constraints.describe(i, j)}")
        lines.append("")
        lines.extend(r.explanations[r.strategies.index(s)] for s in r.order)
        if self.warnings:
            lines.append("")
            lines.append("Warnings:")
            lines.extend(f"  {p}" for p in self.warnings)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = table_html(
            ("case", "strategies", "scenarios", "method"),
            [
                (
                    self.case.name,
                    len(self.ranking.strategies),
                    self.ensemble.n_scenarios,
                    self.ranking.method,
                )
            ],
        )
        return head + self.ranking._repr_html_()


def compare(
    case: Case,
    strategies: Sequence[Strategy | str] | None = None,
    *,
    n_scenarios: int = 1000,
    seed: int = 0,
    method: Method = "topsis",
    sampler: str = "mc",
    executor: Executor | None = None,
    chunk_size: int | None = None,
    confidence: float = 0.95,
    trajectories: bool = False,
    progress: bool = False,
    force: bool = False,
) -> Comparison:
    """Simulate the strategies over ``n_scenarios`` futures and rank them.

    Parameters
    ----------
    case : Case
        Its constraints and criteria drive the ranking.
    strategies : sequence of Strategy or str, optional
        Default: every strategy of the case.
    n_scenarios, seed : int
        The futures (same seed, same answer).
    method : {'topsis', 'weighted_sum', 'vikor', 'promethee_ii'}
    sampler : {'mc', 'lhs', 'sobol'}
    executor : concurrent.futures.Executor, optional
        Run chunks of scenarios in parallel (results identical to serial).
    chunk_size : int, optional
    confidence : float
        Level of the constraint intervals.
    trajectories : bool
        Keep every period's outcomes (for fan charts), not only yearly checkpoints.
    progress : bool
        Show a progress bar on standard error.
    force : bool
        Run even above the bounds on periods and memory (see :func:`~ssestrategy.simulate`).

    Returns
    -------
    Comparison

    Raises
    ------
    ModelError
        Before any simulation, for everything ``ssestrategy validate`` refuses (the same checks).
    ResourceError
        When the simulation would not fit in memory.

    Examples
    --------
    Two of the Tiznit strategies, ranked by VIKOR over 32 futures:

    >>> import ssestrategy as sse
    >>> cmp = sse.compare(sse.datasets.tiznit(), ["canadian-agency", "status-quo"],
    ...                   n_scenarios=32, seed=0, method="vikor")
    >>> cmp.ranking.strategies, cmp.ranking.method
    (('canadian-agency', 'status-quo'), 'vikor')
    >>> sorted(cmp.ranking.rank.tolist())
    [1, 2]
    """
    from .decision.checks import tie_warnings
    from .validation import validate_case

    if not isinstance(case, Case):
        raise ModelError.at("case", f"expected a Case, got {type(case).__name__}")
    methods = typing.get_args(Method)
    if method not in methods:
        raise ModelError.at("method", f"unknown method {method!r} (known: {', '.join(methods)})")
    if not (isinstance(confidence, float | int) and 0.0 < confidence < 1.0):
        raise ModelError.at("confidence", f"expected a level in (0, 1), got {confidence!r}")
    checked = validate_case(case, commands=("compare",), strategies=strategies, force=force)
    checked.raise_errors()  # before simulating: the ranking's checks too
    n = len(case.strategies) if strategies is None else len(strategies)
    if method in ("vikor", "promethee_ii") and n < 2:
        raise ModelError.at(
            "strategies",
            f"method {method!r} ranks at least two strategies, got {n}: add a strategy, or use "
            "topsis or weighted_sum",
        )
    ens = simulate(
        case,
        strategies,
        n_scenarios=n_scenarios,
        seed=seed,
        sampler=sampler,  # type: ignore[arg-type]
        executor=executor,
        chunk_size=chunk_size,
        trajectories=trajectories,
        progress=progress,
        force=force,
    )
    ranking = rank(ens, case.constraints, case.criteria, method=method, confidence=confidence)
    found = (*checked.warnings, *tie_warnings(ens, case.criteria.items))
    return Comparison(case=case, ensemble=ens, ranking=ranking, warnings=found)
