"""Simulate and rank in one call: :func:`compare`.

Examples
--------
>>> import ssestrategy as sse
>>> cmp = sse.compare(sse.datasets.tiznit(), n_scenarios=64, rng=1)
>>> len(cmp.ranking.order)
4
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from concurrent.futures import Executor
from typing import Any

import attrs
import numpy as np

from ._deprecation import renamed_arguments
from ._html import table_html
from ._random import RNGLike
from ._text import text_table
from ._validate import check_choice, number
from .decision.ranking import Method, Ranking, rank
from .decision.wording import ordering_rule
from .errors import ModelError, Problem
from .explain.attribution import Lead
from .explain.attribution import lead as lead_of
from .i18n import describe_counts, format_money, format_number, format_percent, translator
from .model import Case, Strategy
from .simulation import Ensemble, simulate
from .simulation.compile import resolve_strategies
from .simulation.sampling import Sampler

__all__ = ["Comparison", "compare"]


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, width=96)


def _score_glossary(method: str, lang: str) -> str:
    """The glossary line of the ranking table: the score of ``method``, P(best), regret."""
    _ = translator(lang)
    score = {
        "topsis": _("score: TOPSIS closeness to the ideal strategy (0 worst, 1 best of these)"),
        "weighted_sum": _("score: weighted sum of the criteria scaled 0-1 (higher is better)"),
        "vikor": _("score: VIKOR Q (lower is better)"),
        "promethee_ii": _("score: PROMETHEE II net flow (-1 to 1, higher is better)"),
    }[method]
    return (
        score
        + "; "
        + _(
            "P(best): share of the futures in which the strategy has the best composite score "
            "(the criteria's weighted sum, each scaled 0-1 over all futures); regret: mean "
            "shortfall of its composite from the best strategy of each future (0: never "
            "behind). See docs/glossary.md."
        )
    )


def _strategy_tuple(value: Sequence[Strategy]) -> tuple[Strategy, ...]:
    return tuple(value)


@attrs.frozen(eq=False, repr=False)
class Comparison:
    """The result of :func:`compare`: the simulated ensemble and the ranking.

    Attributes
    ----------
    case : Case
    ensemble : Ensemble
    ranking : Ranking
    strategies : tuple of Strategy
        The strategies compared (default: looked up by id in ``case``); :meth:`lead` compares
        their designs.
    warnings : tuple of Problem
        Warnings about the case and the result (also at the end of :meth:`format_report`).

    Examples
    --------
    >>> import ssestrategy as sse
    >>> cmp = sse.compare(sse.datasets.tiznit(), n_scenarios=32, rng=0)
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
    strategies: tuple[Strategy, ...] = attrs.field(default=(), converter=_strategy_tuple)
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

    def lead(self, a: str | None = None, b: str | None = None) -> Lead:
        """Why ``a`` ranks where it does relative to ``b`` (default: the top two).

        See :func:`~ssestrategy.explain.attribution.lead`: the constraint verdicts that differ,
        the composite difference and the method's score difference split by criterion, and
        the levers and settings one strategy has and the other has not.

        Parameters
        ----------
        a, b : str, optional
            Strategy ids; default the first and second of the ranking.

        Returns
        -------
        Lead

        Examples
        --------
        >>> import ssestrategy as sse
        >>> cmp = sse.compare(sse.datasets.tiznit(), n_scenarios=32, rng=0)
        >>> ld = cmp.lead()
        >>> (ld.a, ld.b) == cmp.ranking.order[:2]
        True
        >>> cmp.lead("canadian-agency", "french-agency").design.only("canadian-agency")
        ('revolving-fund', 'incubation', 'social-protection', 'market-access')
        """
        known = {s.id: s for s in self.case.strategies}
        known.update({s.id: s for s in self.strategies})
        return lead_of(self.ranking, self.ensemble, a, b, strategies=known)

    def _pbest_leader(self) -> str | None:
        """The strategy best in most futures, when it is neither first nor second."""
        r = self.ranking
        order = r.order
        j = int(np.argmax(r.p_best))
        winner = r.strategies.index(order[0])
        if r.strategies[j] in order[:2] or not r.p_best[j] > r.p_best[winner] + 1e-12:
            return None
        return r.strategies[j]

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable summary: provenance, ranking, constraints, outcome bands, and
        ``lead``, why the first strategy leads the second (:meth:`lead`; None with one
        strategy)."""
        prov = self.ensemble.provenance
        return {
            "case": self.case.name,
            "provenance": dict(prov) if isinstance(prov, dict) else prov,
            **self.ranking.to_dict(),
            "lead": self.lead().to_dict() if len(self.ranking.strategies) > 1 else None,
            "outcomes": self.ensemble.summary().to_dict(),
            "money": self.money()
            if "money_to_actors" in getattr(self.ensemble, "outcome_names", ())
            else {},
            "warnings": [{"path": p.path, "message": p.message} for p in self.warnings],
        }

    def format_report(self, lang: str = "en") -> str:
        """A readable report: the ranking table, binding constraints and explanations, each
        table followed by a line that explains its terms (``docs/glossary.md`` has them all).

        Parameters
        ----------
        lang : {'en', 'fr', 'ar'}
            Language of the headings, labels and sentences (names from the case are never
            translated).
        """
        _ = translator(lang)
        r = self.ranking
        lines = [
            _(
                "{case}: {n} strategies x {scenarios} scenarios, method {method}, weights {w}"
            ).format(
                case=self.case.name,
                n=len(r.strategies),
                scenarios=self.ensemble.n_scenarios,
                method=r.method,
                w=r.weights_from,
            ),
            _("Case {counts}.").format(counts=describe_counts(self.case.count_values(), lang)),
            "",
            r.format_table(lang),
            *_wrap(ordering_rule(lang) + " " + _score_glossary(r.method, lang)),
            "",
        ]
        if len(r.strategies) > 1:
            lines.append(self.lead().describe(lang=lang))
            leader = self._pbest_leader()
            note = self.lead(r.order[0], leader).pbest_note(lang) if leader else None
            if note:
                lines.append(textwrap.fill(note, width=96))
            lines.append("")
        lines += self._constraints_section(lang)
        if "money_to_actors" in getattr(self.ensemble, "outcome_names", ()):
            lines.append(self.money_report(lang))
            lines.append("")
        lines.extend(r.explanation(s, lang) for s in r.order)
        if self.warnings:
            lines.append("")
            lines.append(_("Warnings:"))
            lines.extend(f"  {p}" for p in self.warnings)
        return "\n".join(lines)

    def _constraints_section(self, lang: str) -> list[str]:
        _ = translator(lang)
        r = self.ranking
        binding = r.constraints.binding()
        lines = [_("Binding constraints: ") + (", ".join(binding) if binding else _("none"))]
        for i, c in enumerate(r.constraints.constraints):
            if c.id in binding:
                lines.append(f"  {c.id}: {c.describe()}")
                for j, s in enumerate(r.strategies):
                    lines.append(f"    {s:<22} {r.constraints.describe(i, j, lang)}")
        if binding:
            lines += _wrap(
                _(
                    "P: share of the futures meeting the target; mean: mean over the futures; "
                    "[low, high]: {level} interval. met: the whole interval meets the "
                    "requirement; violated: the whole interval misses it; undecided: the interval "
                    "straddles it (more futures would decide). See docs/glossary.md."
                ).format(level=format_percent(r.constraints.confidence, lang))
            )
        lines.append("")
        return lines

    def money(self) -> dict[str, dict[str, float]]:
        """Per strategy, at the end of the horizon (means over the futures): public ``spend``
        and ``money_to_actors`` in MAD, and their ratio, the ``leverage`` (money reaching
        actors per dirham of public money: above 1 only when a revolving fund re-lends
        repayments).

        Examples
        --------
        >>> import ssestrategy as sse
        >>> cmp = sse.compare(sse.datasets.tiznit(), n_scenarios=16, rng=0)
        >>> m = cmp.money()
        >>> m["canadian-agency"]["leverage"] > 1.0 == m["french-agency"]["leverage"]
        True
        """
        ens = self.ensemble
        spend = ens.outcome("spend").mean(axis=1)
        money = ens.outcome("money_to_actors").mean(axis=1)
        return {
            s: {
                "spend": float(spend[k]),
                "money_to_actors": float(money[k]),
                "leverage": float(money[k] / spend[k]) if spend[k] > 0 else 0.0,
            }
            for k, s in enumerate(ens.strategies)
        }

    def money_report(self, lang: str = "en") -> str:
        """The :meth:`money` table as text, amounts in MAD, labels in ``lang``."""
        _ = translator(lang)
        rows = self.money()
        table = [
            [
                s,
                format_money(rows[s]["spend"], lang),
                format_money(rows[s]["money_to_actors"], lang),
                format_number(rows[s]["leverage"], lang, 2),
            ]
            for s in self.ranking.order
        ]
        head = [_("strategy"), _("public spend"), _("reaching actors"), _("leverage")]
        lines = [_("Money over the horizon (means over the futures):")]
        lines += text_table(head, table, align="<>>>")
        lines += _wrap(
            _(
                "public spend: public money spent (MAD); reaching actors: money that reaches the "
                "actors (MAD); leverage: money reaching actors per dirham of public money, above "
                "1 only when a revolving fund re-lends repayments. See docs/glossary.md."
            )
        )
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
        why = ""
        if len(self.ranking.strategies) > 1:
            why = f"<p>{html.escape(self.lead().describe(width=None))}</p>"
        return head + self.ranking._repr_html_() + why


@renamed_arguments(seed="rng")
def compare(
    case: Case,
    strategies: Sequence[Strategy | str] | None = None,
    *,
    n_scenarios: int = 1000,
    rng: RNGLike = 0,
    method: Method = "topsis",
    sampler: Sampler = "mc",
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
    n_scenarios : int
        Number of futures.
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        Root of the futures' randomness (see :func:`~ssestrategy.simulate`): the same ``rng``
        gives the same answer.
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
    ...                   n_scenarios=32, rng=0, method="vikor")
    >>> cmp.ranking.strategies, cmp.ranking.method
    (('canadian-agency', 'status-quo'), 'vikor')
    >>> sorted(cmp.ranking.rank.tolist())
    [1, 2]
    """
    from .decision.checks import tie_warnings
    from .validation import validate_case

    if not isinstance(case, Case):
        raise ModelError.at("case", f"expected a Case, got {type(case).__name__}")
    check_choice(method, "method", Method, what="method")
    number(confidence, "confidence", 0.0, 1.0, low_open=True, high_open=True)
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
        rng=rng,
        sampler=sampler,
        executor=executor,
        chunk_size=chunk_size,
        trajectories=trajectories,
        progress=progress,
        force=force,
    )
    ranking = rank(ens, case.constraints, case.criteria, method=method, confidence=confidence)
    found = (*checked.warnings, *tie_warnings(ens, case.criteria.items))
    return Comparison(
        case=case,
        ensemble=ens,
        ranking=ranking,
        strategies=resolve_strategies(case, strategies),
        warnings=found,
    )
