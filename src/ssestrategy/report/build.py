"""The content of a report: :class:`Report` and :func:`build_report`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from .._random import RNGLike, generators
from .._validate import count
from ..comparison import Comparison, compare
from ..diagnosis import Diagnosis, diagnose
from ..errors import ModelError
from ..explain.study import SensitivityResult, sensitivity
from ..model import Case
from ..model.case import AssumptionRef

__all__ = ["Report", "build_report"]


def _is_case(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Case):
        raise ModelError.at(attribute.name, f"expected a Case, got {type(value).__name__}")


@attrs.frozen(eq=False, repr=False)
class Report:
    """What a council circulates about a case: the diagnosis, the comparison of its strategies,
    the drivers of the choice between the first two, and the assumptions, with which findings
    rest on sourced data and which on assumptions.

    Build it with :func:`build_report`; :meth:`to_html` writes it as one self-contained HTML
    page (English, French or Arabic); in a notebook it shows itself.

    Attributes
    ----------
    case : Case
    diagnosis : Diagnosis
    comparison : Comparison
    drivers : SensitivityResult or None
        The inputs that drive the difference between the first two strategies (None with one
        strategy).
    n_drivers : int
        How many drivers the report lists.

    Examples
    --------
    >>> import ssestrategy as sse
    >>> from ssestrategy.report import build_report
    >>> rep = build_report(sse.datasets.tiznit(), n_scenarios=32, drivers=False)
    >>> rep.counts["sourced"], rep.comparison.ranking.best
    (42, 'canadian-agency')
    """

    case: Case = attrs.field(validator=_is_case)
    diagnosis: Diagnosis = attrs.field(validator=attrs.validators.instance_of(Diagnosis))
    comparison: Comparison = attrs.field(validator=attrs.validators.instance_of(Comparison))
    drivers: SensitivityResult | None = None
    n_drivers: int = 8

    def __repr__(self) -> str:
        return (
            f"Report(case={self.case.name!r}, best={self.comparison.ranking.best!r}, "
            f"n_scenarios={self.comparison.ensemble.n_scenarios})"
        )

    @property
    def counts(self) -> dict[str, int]:
        """How many numbers of the case are sourced, assumed and unlabelled."""
        return self.case.count_values()

    @property
    def assumptions(self) -> tuple[AssumptionRef, ...]:
        """The assumed numbers with a plausible range (those sensitivity analysis varies)."""
        return self.case.assumptions(with_range=True)

    def findings_by_basis(self) -> dict[str, list[Any]]:
        """The diagnosis' findings grouped by what they rest on: ``sourced``, ``mixed`` or
        ``assumed`` data.

        Examples
        --------
        >>> import ssestrategy as sse
        >>> from ssestrategy.report import build_report
        >>> rep = build_report(sse.datasets.tiznit(), n_scenarios=16, drivers=False)
        >>> sorted(rep.findings_by_basis())
        ['assumed', 'mixed', 'sourced']
        """
        out: dict[str, list[Any]] = {"sourced": [], "mixed": [], "assumed": []}
        for f in self.diagnosis.findings:
            out.setdefault(f.basis, []).append(f)
        return out

    def to_html(self, lang: str = "en") -> str:
        """The report as one self-contained HTML page (figures inline, no network).

        Parameters
        ----------
        lang : {'en', 'fr', 'ar'}
            Language of the labels (Arabic pages are right-to-left); names from the case are
            kept as they are.

        Returns
        -------
        str

        Examples
        --------
        >>> import ssestrategy as sse
        >>> from ssestrategy.report import build_report
        >>> rep = build_report(sse.datasets.tiznit(), n_scenarios=16, drivers=False)
        >>> page = rep.to_html(lang="ar")
        >>> '<html lang="ar" dir="rtl">' in page
        True
        """
        from .html import render

        return render(self, lang=lang)

    def write(self, path: str | Path, lang: str = "en") -> Path:
        """Write :meth:`to_html` to ``path`` (UTF-8) and return the path."""
        out = Path(path)
        out.write_text(self.to_html(lang=lang), encoding="utf-8")
        return out

    def _repr_html_(self) -> str:
        from .html import render

        return render(self, lang="en", fragment=True)


def build_report(
    case: Case,
    *,
    strategies: Sequence[str] | None = None,
    n_scenarios: int = 200,
    rng: RNGLike = 0,
    drivers: bool = True,
    n_drivers: int = 8,
) -> Report:
    """Diagnose a case, compare its strategies and find what drives the choice: a :class:`Report`.

    Parameters
    ----------
    case : Case
    strategies : sequence of str, optional
        Strategy ids to compare (default: every strategy of the case).
    n_scenarios : int, default 200
        Futures of the comparison.
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        Root of the randomness: stream 0 for the diagnosis, 1 for the comparison, 2 for the
        sensitivity analysis.
    drivers : bool, default True
        Run the sensitivity analysis of the difference between the first two strategies
        (Morris elementary effects, 10 trajectories: a screening that takes about a second).
    n_drivers : int, default 8
        How many drivers the report lists.

    Returns
    -------
    Report

    Examples
    --------
    >>> import ssestrategy as sse
    >>> rep = build_report(sse.datasets.tiznit(), n_scenarios=32, rng=1, drivers=False)
    >>> rep.comparison.ensemble.n_scenarios, rep.drivers is None
    (32, True)
    """
    if not isinstance(case, Case):
        raise ModelError.at("case", f"expected a Case, got {type(case).__name__}")
    count(n_scenarios, "n_scenarios", 1)
    count(n_drivers, "n_drivers", 1)
    s_diag, s_cmp, s_sens = generators(rng, 3)
    diag = diagnose(case, rng=s_diag)
    cmp = compare(case, strategies, n_scenarios=n_scenarios, rng=s_cmp)
    found = None
    order = cmp.ranking.order
    if drivers and len(order) > 1:
        found = sensitivity(
            case, [order[0], order[1]], method="morris", trajectories=10, rng=s_sens
        )
    return Report(case=case, diagnosis=diag, comparison=cmp, drivers=found, n_drivers=n_drivers)
