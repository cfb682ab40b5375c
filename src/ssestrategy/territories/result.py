"""The result of :func:`~ssestrategy.compare_territories`: one :class:`Comparison` per province,
the pooled view, the budget split and which futures the provinces share."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np

from .._text import text_table
from ..comparison import Comparison
from ..errors import ModelError, Problem
from ..i18n import format_money, format_number, format_percent, translator
from .split import BASIS_UNITS

__all__ = ["PooledStanding", "TerritoryComparison"]


@attrs.frozen
class PooledStanding:
    """One strategy across the provinces.

    Attributes
    ----------
    strategy : str
    first_in : tuple of str
        Provinces where it ranks first.
    mean_rank : float
        Its rank averaged over the provinces (1 = first everywhere).
    feasible_in : tuple of str
        Provinces where it violates no constraint (``Ranking.feasible``: an undecided
        constraint, whose interval straddles the target, does not count as violated).
    """

    strategy: str
    first_in: tuple[str, ...]
    mean_rank: float
    feasible_in: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "strategy": self.strategy,
            "first_in": list(self.first_in),
            "n_first": len(self.first_in),
            "mean_rank": self.mean_rank,
            "feasible_in": list(self.feasible_in),
            "n_feasible": len(self.feasible_in),
        }


@attrs.frozen(eq=False, repr=False)
class TerritoryComparison:
    """The same strategies compared in several provinces over the same futures.

    Attributes
    ----------
    names : tuple of str
        The provinces (their territory names, or the keys of the mapping passed).
    comparisons : tuple of Comparison
        One per province, in the order of ``names``: exactly what
        :func:`~ssestrategy.compare` returns for that province's (rescaled) case.
    strategies : tuple of str
        The strategy ids compared in every province.
    split : str or None
        The rule that split ``budget`` (None: no shared budget).
    budget : float or None
        The shared donor budget, in MAD over the programme.
    basis : tuple of float or None
        Per province, what the share is proportional to (people, unemployed people, or 1).
    envelopes : tuple of float or None
        Per province, its part of ``budget`` in MAD (they sum to ``budget``).
    factors : tuple of float or None
        Per province, the factor its strategies' budgets and budget constraints were
        multiplied by (:func:`~ssestrategy.territories.split.scaled_study`).
    shared : tuple of str
        Uncertain inputs (parameters, event onsets and severities) drawn identically,
        future by future, in every province.
    not_shared : tuple of str
        Uncertain inputs of some province drawn differently elsewhere, or absent elsewhere.
    warnings : tuple of Problem

    Examples
    --------
    >>> import ssestrategy as sse
    >>> tz = sse.datasets.tiznit()
    >>> res = sse.compare_territories({"A": tz, "B": tz}, ["canadian-agency", "status-quo"],
    ...                               n_scenarios=8, rng=0)
    >>> [p.strategy for p in res.pooled()], res.pooled()[0].first_in
    (['canadian-agency', 'status-quo'], ('A', 'B'))
    """

    names: tuple[str, ...]
    comparisons: tuple[Comparison, ...]
    strategies: tuple[str, ...]
    split: str | None = None
    budget: float | None = None
    basis: tuple[float, ...] | None = None
    envelopes: tuple[float, ...] | None = None
    factors: tuple[float, ...] | None = None
    shared: tuple[str, ...] = ()
    not_shared: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()

    def __repr__(self) -> str:
        return (
            f"TerritoryComparison(provinces={list(self.names)}, strategies="
            f"{list(self.strategies)}, split={self.split!r})"
        )

    def comparison(self, name: str) -> Comparison:
        """The comparison of one province, by name."""
        if name not in self.names:
            raise ModelError.at("name", f"unknown province {name!r} (known: {list(self.names)})")
        return self.comparisons[self.names.index(name)]

    def ranks(self) -> dict[str, dict[str, int]]:
        """``{province: {strategy: rank}}``."""
        out = {}
        for name, cmp in zip(self.names, self.comparisons, strict=True):
            r = cmp.ranking
            out[name] = {s: int(r.rank[r.strategies.index(s)]) for s in self.strategies}
        return out

    def pooled(self) -> tuple[PooledStanding, ...]:
        """Each strategy across the provinces, by how many provinces it leads, then by mean
        rank (then in the order given)."""
        rows = []
        for s in self.strategies:
            first, feasible, ranks = [], [], []
            for name, cmp in zip(self.names, self.comparisons, strict=True):
                r = cmp.ranking
                j = r.strategies.index(s)
                ranks.append(int(r.rank[j]))
                if r.order[0] == s:
                    first.append(name)
                if bool(r.feasible[j]):
                    feasible.append(name)
            rows.append(PooledStanding(s, tuple(first), float(np.mean(ranks)), tuple(feasible)))
        return tuple(sorted(rows, key=lambda p: (-len(p.first_in), p.mean_rank)))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the provinces (each :meth:`Comparison.to_dict`), the pooled view, the
        split and the shared futures."""
        split = None
        if self.split is not None and self.envelopes is not None and self.basis is not None:
            split = {
                "rule": self.split,
                "budget_mad": self.budget,
                "basis_unit": BASIS_UNITS[self.split],
                "provinces": {
                    n: {"basis": b, "envelope_mad": e, "factor": f}
                    for n, b, e, f in zip(
                        self.names, self.basis, self.envelopes, self.factors or (), strict=True
                    )
                },
            }
        return {
            "provinces": list(self.names),
            "strategies": list(self.strategies),
            "ranks": self.ranks(),
            "pooled": [p.to_dict() for p in self.pooled()],
            "budget_split": split,
            "shared_inputs": list(self.shared),
            "not_shared_inputs": list(self.not_shared),
            "comparisons": {
                n: c.to_dict() for n, c in zip(self.names, self.comparisons, strict=True)
            },
            "warnings": [{"path": p.path, "message": p.message} for p in self.warnings],
        }

    def format_report(self, lang: str = "en") -> str:
        """The ranks by province, the pooled view, the budget split and each province's
        ranking table; headings and labels in ``lang`` (``"en"``, ``"fr"``, ``"ar"``: see
        :mod:`ssestrategy.i18n`), names from the cases as they are."""
        _ = translator(lang)
        n_s = self.comparisons[0].ensemble.n_scenarios
        lines = [
            _(
                "{strategies} strategies in {provinces} provinces x {futures} futures (the same "
                "futures in every province for {shared} shared inputs)"
            ).format(
                strategies=len(self.strategies),
                provinces=len(self.names),
                futures=n_s,
                shared=len(self.shared),
            ),
            "",
            _("Rank in each province (* violates at least one constraint):"),
        ]
        ranks = self.ranks()
        rows = []
        for s in self.strategies:
            cells = []
            for name, cmp in zip(self.names, self.comparisons, strict=True):
                feasible = bool(cmp.ranking.feasible[cmp.ranking.strategies.index(s)])
                cells.append(f"{ranks[name][s]}{'' if feasible else '*'}")
            rows.append([s, *cells])
        lines += text_table([_("strategy"), *self.names], rows, align="<" + ">" * len(self.names))
        lines += ["", _("Pooled over the provinces:")]
        lines += text_table(
            [_("strategy"), _("first in"), _("mean rank"), _("no constraint violated in")],
            [
                [
                    p.strategy,
                    str(len(p.first_in)),
                    format_number(p.mean_rank, lang, 2),
                    str(len(p.feasible_in)),
                ]
                for p in self.pooled()
            ],
            align="<>>>",
        )
        lines += self._split_lines(lang)
        if self.not_shared:
            lines += ["", _("Drawn differently across provinces: ") + ", ".join(self.not_shared)]
        for name, cmp in zip(self.names, self.comparisons, strict=True):
            lines += ["", f"{name}: {cmp.case.name}", cmp.ranking.format_table(lang=lang)]
        if self.warnings:
            lines += ["", _("Warnings:"), *(f"  {p}" for p in self.warnings)]
        return "\n".join(lines)

    def _split_lines(self, lang: str = "en") -> list[str]:
        if self.split is None or self.envelopes is None or self.basis is None:
            return []
        _ = translator(lang)
        rule = {
            "population": _("Donor budget {budget} split by population (people);"),
            "need": _("Donor budget {budget} split by need (unemployed people);"),
            "equal": _("Donor budget {budget} split equally;"),
        }[self.split]
        head = [
            "",
            rule.format(budget=format_money(self.budget or 0.0, lang)),
            _("each province's strategies and budget constraints are scaled by its factor:"),
        ]
        total = sum(self.basis)
        rows = [
            [
                n,
                format_number(b, lang),
                format_percent(b / total, lang, 1),
                format_number(e, lang),
                format_number(f, lang, 3),
            ]
            for n, b, e, f in zip(
                self.names, self.basis, self.envelopes, self.factors or (), strict=True
            )
        ]
        return head + text_table(
            [_("province"), _("basis"), _("share"), _("envelope (MAD)"), _("factor")],
            rows,
            align="<>>>>",
        )

    def _repr_html_(self) -> str:
        from .._html import table_html

        return table_html(
            ("strategy", "first in", "mean rank", "no constraint violated in"),
            [
                (p.strategy, len(p.first_in), f"{p.mean_rank:.2f}", len(p.feasible_in))
                for p in self.pooled()
            ],
        )
