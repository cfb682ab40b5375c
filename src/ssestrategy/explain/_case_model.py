"""The model a sensitivity analysis probes: ``model(X) -> output`` for design rows ``X``, one
column of the one evaluation path per row (:func:`~ssestrategy.explain.study.sensitivity`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray
from scipy import stats

from ..decision.ranking import composite_terms, criteria_weights
from ..errors import ModelError
from ..model import OUTCOMES, Case, Constraint, Strategy
from ..simulation.compile import compiled, resolve_strategies
from ..simulation.engine import check_parameters
from ..simulation.evaluate import OUTCOME_NAMES, Columns, DesignInputs
from ._rows import evaluate_rows
from .inputs import Input

__all__ = ["_CaseModel"]

Float = NDArray[np.float64]


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
        executor: Any = None,
        progress: bool = False,
    ) -> None:
        if len(strategies) not in (1, 2):
            raise ModelError.at(
                "strategies", "give one strategy, or two to explain their difference"
            )
        strats = resolve_strategies(case, strategies)
        check_parameters(case)
        self.case, self.inputs, self.output, self.chunk = case, tuple(inputs), output, chunk
        self.executor, self.progress = executor, progress
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
        """(outcomes, records, strategies, rows), in chunks of ``chunk`` rows on ``executor``."""
        shape = (len(OUTCOME_NAMES), len(self.record), len(self.cc.strategies))
        return evaluate_rows(
            self.cc,
            self.base,
            self.record,
            X.shape[0],
            lambda lo, hi: self.columns(X[lo:hi]),
            shape,
            chunk=self.chunk,
            executor=self.executor,
            progress=self.progress,
        )

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
