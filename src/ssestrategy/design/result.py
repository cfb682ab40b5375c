"""What a design search returns: the Pareto set, its robustness in and out of sample, and how
each design compares with each template.

Examples
--------
>>> DesignResult.__name__
'DesignResult'
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from .._text import text_table
from ..decision.constraints import (
    ConstraintEvaluation,
    ConstraintStatus,
    status_word,
    wilson_interval,
)
from ..decision.wording import constraints_cell
from ..model import OUTCOMES, Constraint, Criterion, Strategy
from .metrics import objective_label
from .space import DesignSpace

__all__ = ["DesignResult", "Scores", "Versus", "compare_rows"]

Float = NDArray[np.float64]


@attrs.frozen(eq=False)
class Scores:
    """Objectives and constraint verdicts of rows (designs, then templates) on some futures.

    Attributes
    ----------
    estimate, low, high : ndarray
        ``(rows, objectives)`` each objective's estimate and interval.
    verdicts : ConstraintEvaluation or None
        The constraints judged per row (None without constraints).
    n_futures : int
    """

    estimate: Float
    low: Float
    high: Float
    verdicts: ConstraintEvaluation | None
    n_futures: int

    def feasible(self) -> NDArray[np.bool_]:
        """Per row: every constraint satisfied (an undecided one is not)."""
        if self.verdicts is None:
            return np.ones(self.estimate.shape[0], dtype=bool)
        out: NDArray[np.bool_] = (self.verdicts.status == ConstraintStatus.SATISFIED).all(axis=0)
        return out

    def verdict_dict(self, row: int) -> dict[str, dict[str, Any]]:
        """Constraint id -> verdict, estimate, interval and requirement of a row (JSON-ready)."""
        v = self.verdicts
        if v is None:
            return {}
        return {
            c.id: {
                "status": str(v.status[i, row]),
                "estimate": _num(v.estimate[i, row]),
                "low": _num(v.low[i, row]),
                "high": _num(v.high[i, row]),
                "required": _num(v.required[i, row]),
            }
            for i, c in enumerate(v.constraints)
        }

    def statuses(self, row: int) -> dict[str, str]:
        """Constraint id -> verdict of a row."""
        if self.verdicts is None:
            return {}
        return {
            c.id: str(s)
            for c, s in zip(self.verdicts.constraints, self.verdicts.status[:, row], strict=True)
        }


@attrs.frozen(eq=False)
class Versus:
    """One design against one template, over the same (out-of-sample) futures.

    Attributes
    ----------
    design : int
    template : str
    dominates, dominated : bool
        Pareto dominance on the objectives' estimates.
    p_better, p_low, p_high : ndarray
        ``(objectives,)`` share of futures in which the design does strictly better, with its
        Wilson interval.
    """

    design: int
    template: str
    dominates: bool
    dominated: bool
    p_better: Float
    p_low: Float
    p_high: Float


def compare_rows(
    per_future: Float,
    estimate: Float,
    benefit: Sequence[bool],
    n_designs: int,
    templates: Sequence[str],
) -> tuple[Versus, ...]:
    """Every design against every template.

    ``per_future`` is ``(objectives, rows, futures)`` (designs first, then templates) and
    ``estimate`` ``(rows, objectives)``.
    """
    sign = np.where(np.asarray(benefit), 1.0, -1.0)
    out = []
    n_f = per_future.shape[2]
    for d in range(n_designs):
        for t, tid in enumerate(templates):
            r = n_designs + t
            a, b = estimate[d] * sign, estimate[r] * sign
            better = (per_future[:, d, :] - per_future[:, r, :]) * sign[:, None] > 0
            k = better.sum(axis=1)
            lo, hi = wilson_interval(k, n_f)
            out.append(
                Versus(
                    design=d,
                    template=tid,
                    dominates=bool(np.all(a >= b) and np.any(a > b)),
                    dominated=bool(np.all(b >= a) and np.any(b > a)),
                    p_better=k / n_f,
                    p_low=lo,
                    p_high=hi,
                )
            )
    return tuple(out)


def _short(v: float) -> str:
    """A table cell: whole numbers with thousands separators from 1,000 (jobs, MAD), four
    significant digits below (shares, success levels)."""
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.4g}"


def _num(v: float) -> float:
    return (
        float(np.format_float_positional(v, precision=10, unique=True, trim="-"))
        if np.isfinite(v)
        else v
    )


@attrs.frozen(eq=False)
class DesignResult:
    """The result of :func:`~ssestrategy.optimize`.

    Attributes
    ----------
    space : DesignSpace
    objectives : tuple of Criterion
    constraints : tuple of Constraint
    variables : ndarray
        ``(designs, space.n_variables)`` the Pareto set's points.
    strategies : tuple of Strategy
        Each design as an ordinary strategy (provenance: designed, by which run).
    templates : tuple of str
        The strategies compared with (the case's that are points of the space).
    in_sample, out_of_sample : Scores
        Rows: the designs, then the templates; in sample on the futures the search saw, out of
        sample on fresh futures from another stream (the gap is the optimiser's curse).
    versus : tuple of Versus
        Each design against each template, out of sample.
    history : tuple of dict
        Per generation: evaluations so far, feasible designs, the best estimate of each
        objective among feasible designs (in sample).
    compromise : int
        The best compromise: the design, among those feasible out of sample (else all), with
        the largest weighted sum of its min-max scaled out-of-sample objectives (the weights
        of the objectives, equal when they have none).
    per_future : ndarray
        ``(objectives, rows, futures)`` out-of-sample values (for
        :func:`~ssestrategy.design.value_of_information`).
    inputs : ndarray
        ``(futures, inputs)`` the out-of-sample futures' uncertain parameters.
    input_names : tuple of str
    provenance : dict
    """

    space: DesignSpace
    objectives: tuple[Criterion, ...]
    constraints: tuple[Constraint, ...]
    variables: Float
    strategies: tuple[Strategy, ...]
    templates: tuple[str, ...]
    in_sample: Scores
    out_of_sample: Scores
    versus: tuple[Versus, ...]
    history: tuple[dict[str, Any], ...]
    compromise: int
    per_future: Float
    inputs: Float
    input_names: tuple[str, ...]
    provenance: dict[str, Any]

    @property
    def n_designs(self) -> int:
        """Size of the Pareto set."""
        return len(self.strategies)

    def undominated(self) -> NDArray[np.bool_]:
        """Per design: dominated by no template, out of sample."""
        out = np.ones(self.n_designs, dtype=bool)
        for v in self.versus:
            if v.dominated:
                out[v.design] = False
        return out

    def recommended(self) -> tuple[int, ...]:
        """Designs feasible out of sample (no constraint violated or undecided) and dominated by
        no template: the designs the search can stand behind."""
        ok = self.out_of_sample.feasible()[: self.n_designs] & self.undominated()
        return tuple(int(i) for i in np.flatnonzero(ok))

    def answer(self) -> str:
        """In plain words: is there a design feasible out of sample and not dominated by any
        template, and if not, why."""
        rec = self.recommended()
        if rec:
            ids = ", ".join(self.strategies[i].id for i in rec)
            return (
                f"{len(rec)} design(s) feasible out of sample and dominated by no template: {ids}"
            )
        oos = self.out_of_sample
        reasons: dict[str, int] = {}
        for d in range(self.n_designs):
            for cid, s in oos.statuses(d).items():
                if s != "satisfied":
                    key = f"{cid} {status_word(s)}"
                    reasons[key] = reasons.get(key, 0) + 1
        dominated = int((~self.undominated()).sum())
        why = "; ".join(f"{k} for {v} design(s)" for k, v in sorted(reasons.items()))
        return (
            "no design is both feasible out of sample and undominated by the templates: "
            + (why or "every design is feasible")
            + f"; {dominated} of {self.n_designs} dominated by a template"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready content (what ``ssestrategy design --json`` prints)."""
        labels = [objective_label(c) for c in self.objectives]

        def scores(s: Scores, row: int) -> dict[str, Any]:
            return {
                "objectives": {
                    lb: {
                        "estimate": _num(s.estimate[row, k]),
                        "low": _num(s.low[row, k]),
                        "high": _num(s.high[row, k]),
                    }
                    for k, lb in enumerate(labels)
                },
                "constraints": s.verdict_dict(row),
                "feasible": bool(s.feasible()[row]),
            }

        designs = []
        for d, s in enumerate(self.strategies):
            designs.append(
                {
                    "id": s.id,
                    "name": s.name,
                    "variables": {
                        n: _num(v) for n, v in zip(self.space.names, self.variables[d], strict=True)
                    },
                    "in_sample": scores(self.in_sample, d),
                    "out_of_sample": scores(self.out_of_sample, d),
                    "versus": {
                        v.template: {
                            "dominates": v.dominates,
                            "dominated": v.dominated,
                            "p_better": {
                                lb: _num(p) for lb, p in zip(labels, v.p_better, strict=True)
                            },
                        }
                        for v in self.versus
                        if v.design == d
                    },
                }
            )
        n = self.n_designs
        return {
            "objectives": labels,
            "designs": designs,
            "compromise": self.strategies[self.compromise].id,
            "recommended": [self.strategies[i].id for i in self.recommended()],
            "answer": self.answer(),
            "templates": {
                t: {
                    "in_sample": scores(self.in_sample, n + k),
                    "out_of_sample": scores(self.out_of_sample, n + k),
                }
                for k, t in enumerate(self.templates)
            },
            "history": list(self.history),
            "provenance": self.provenance,
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text (sorted keys: the same run, the same bytes)."""
        return json.dumps(self.to_dict(), indent=2, sort_keys=True)

    def format_report(self) -> str:
        """The Pareto set, the best compromise and how it compares with each template."""
        labels = [objective_label(c) for c in self.objectives]
        n = self.n_designs
        ins, oos = self.in_sample, self.out_of_sample
        rows = []
        for r in range(n + len(self.templates)):
            name = self.strategies[r].id if r < n else self.templates[r - n]
            mark = " *" if r == self.compromise else ""
            cells = [name + mark]
            for k in range(len(labels)):
                cells.append(f"{_short(ins.estimate[r, k])} / {_short(oos.estimate[r, k])}")
            statuses = list(oos.statuses(r).values())
            cells.append(constraints_cell(statuses.count("violated"), statuses.count("undecided")))
            rows.append(cells)
        units = [OUTCOMES[c.outcome].unit if c.outcome in OUTCOMES else "" for c in self.objectives]
        head = [
            "design",
            *[
                f"{lb} in/out" + (f" ({u})" if "MAD" in u else "")
                for lb, u in zip(labels, units, strict=True)
            ],
            "constraints (out)",
        ]
        lines = [
            f"Design search: {n} designs on the Pareto front "
            f"({self.provenance['n_scenarios']} futures in sample, "
            f"{self.provenance['n_check']} fresh futures out of sample)",
            "",
            *text_table(head, rows),
            "in/out: the estimate on the futures the search saw / on fresh futures (a drop is the "
            "optimiser's curse); constraints (out): met / violated / undecided on the fresh "
            "futures, with Wilson intervals for chance constraints. See docs/glossary.md.",
            "",
            f"Best compromise (*): {self.strategies[self.compromise].name}",
        ]
        for v in self.versus:
            if v.design != self.compromise:
                continue
            word = (
                "dominates"
                if v.dominates
                else "is dominated by"
                if v.dominated
                else "trades off with"
            )
            pb = ", ".join(f"{lb} {p:.0%}" for lb, p in zip(labels, v.p_better, strict=True))
            lines.append(f"  vs {v.template}: {word} it; P(better) over futures: {pb}")
        lines += ["", self.answer()]
        return "\n".join(lines)
