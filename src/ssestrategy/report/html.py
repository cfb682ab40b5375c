"""The report as one self-contained HTML page: a jinja2 template shipped with the package,
figures inline as SVG, labels through the gettext catalogues of :mod:`ssestrategy.i18n`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .._version import __version__
from ..decision.constraints import status_word
from ..decision.wording import constraints_cell, ordering_rule
from ..errors import SSEError
from ..i18n import (
    describe_counts,
    direction,
    format_money,
    format_number,
    format_percent,
    translations,
    translator,
)
from . import figures

if TYPE_CHECKING:
    from .build import Report

__all__ = ["render"]

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: Fonts with Arabic glyphs first (Noto Naskh Arabic, Amiri), then common system fonts.
FONTS = (
    '"Noto Naskh Arabic", "Amiri", "Noto Sans", "DejaVu Sans", "Segoe UI", "Tahoma", '
    '"Arial", sans-serif'
)


def _environment(lang: str) -> Any:
    try:
        import jinja2
        from markupsafe import Markup  # a dependency of jinja2
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SSEError(
            "the report needs jinja2 and matplotlib: pip install 'ssestrategy[report]'"
        ) from exc
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["num"] = lambda x, d=2: format_number(float(x), lang, int(d))
    env.filters["money"] = lambda x: format_money(float(x), lang)
    env.filters["pct"] = lambda x, d=0: format_percent(float(x), lang, int(d))
    # an interval as [low – high], left to right in every language: a comma between the bounds
    # is ambiguous where the comma is the decimal mark (fr, ar), and bidi reverses it in Arabic
    env.filters["interval"] = lambda lo, hi, d=2: Markup(
        f'<span dir="ltr">[{format_number(float(lo), lang, int(d))} \u2013 '
        f"{format_number(float(hi), lang, int(d))}]</span>"
    )
    env.filters["say"] = lambda finding: finding.render(lang)
    return env


def _ranking(report: Report, lang: str) -> list[dict[str, Any]]:
    rows = report.comparison.ranking.rows()
    for r in rows:
        r["constraints"] = constraints_cell(len(r["failing"]), len(r["undecided"]), lang)
    return rows


def _constraints(report: Report) -> list[dict[str, Any]]:
    ev = report.comparison.ranking.constraints
    out = []
    for i, c in enumerate(ev.constraints):
        out.append(
            {
                "id": c.id,
                "description": c.describe(),
                "chance": c.is_chance,
                # probabilities to 2 decimals, amounts of money (MAD) whole, shares to 4
                "digits": 2
                if c.is_chance
                else (0 if abs(float(ev.required[i].max())) >= 1000 else 4),
                "rows": [
                    {
                        "strategy": s,
                        "estimate": float(ev.estimate[i, j]),
                        "low": float(ev.low[i, j]),
                        "high": float(ev.high[i, j]),
                        "required": float(ev.required[i, j]),
                        "status": str(ev.status[i, j]),
                        "word": status_word(ev.status[i, j]),
                    }
                    for j, s in enumerate(ev.strategies)
                ],
            }
        )
    return out


def _figures(report: Report) -> dict[str, str]:
    d, r = report.diagnosis, report.comparison.ranking
    p = d.profiles
    out = {}
    if len(p.pole_ids):
        out["poles"] = figures.grouped_bars(
            p.pole_names, p.factors, np.asarray(p.levels), threshold=d.threshold
        )
    order = r.order
    out["ranking"] = figures.bars(
        order,
        [float(r.p_best[r.strategies.index(s)]) for s in order],
        xlabel="P(best)",
        highlight=0,
    )
    if report.drivers is not None:
        top = report.drivers.drivers()[: report.n_drivers]
        key = "mu_star" if top and "mu_star" in top[0] else "total_order"
        out["drivers"] = figures.bars(
            [t["name"] for t in top], [float(t[key]) for t in top], xlabel=key.replace("_", " ")
        )
    return out


def render(report: Report, *, lang: str = "en", fragment: bool = False) -> str:
    """The HTML page of a report (``fragment``: the body only, for a notebook).

    Examples
    --------
    >>> import ssestrategy as sse
    >>> from ssestrategy.report import build_report
    >>> rep = build_report(sse.datasets.tiznit(), n_scenarios=16, drivers=False)
    >>> "<!DOCTYPE html>" in render(rep, lang="fr"), "<!DOCTYPE" in render(rep, fragment=True)
    (True, False)
    """
    env = _environment(lang)
    _ = translator(lang)
    cmp = report.comparison
    lead = cmp.lead().describe(width=None, lang=lang) if len(cmp.ranking.strategies) > 1 else ""
    money = cmp.money() if "money_to_actors" in getattr(cmp.ensemble, "outcome_names", ()) else {}
    context = {
        "lang": lang,
        "dir": direction(lang),
        "fonts": FONTS,
        "fragment": fragment,
        "version": __version__,
        "case": report.case,
        "counts_text": describe_counts(report.counts, lang),
        "d": report.diagnosis,
        "findings": report.findings_by_basis(),
        "categories": (
            ("asset", _("Assets")),
            ("opportunity", _("Opportunities")),
            ("weakness", _("Weaknesses")),
        ),
        "cmp": cmp,
        "ranking": _ranking(report, lang),
        "ordering_rule": ordering_rule(lang),
        "constraints": _constraints(report),
        "binding": cmp.ranking.constraints.binding(),
        "lead": lead,
        "money": money,
        "drivers": report.drivers.drivers()[: report.n_drivers] if report.drivers else [],
        "assumptions": report.assumptions,
        "figures": _figures(report),
    }
    return str(env.get_template("report.html.j2").render(**context))
