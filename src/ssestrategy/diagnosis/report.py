"""What a diagnosis says: the text report and the HTML summary of a
:class:`~ssestrategy.diagnosis.Diagnosis` (its JSON-ready dict is in
:mod:`~ssestrategy.diagnosis.export`).

Examples
--------
>>> from ssestrategy.diagnosis import diagnose
>>> from ssestrategy.model import Territory
>>> text_report(diagnose(Territory(name="Nowhere"))).splitlines()[0]
'Diagnosis of Nowhere (case: Nowhere)'
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from .._html import table_html
from .._text import text_table
from ..i18n import describe_counts, translator
from ..i18n.messages import Num, Pct, join, localize, msg
from .findings import CATEGORIES, _pct

if TYPE_CHECKING:
    from .result import Diagnosis

__all__ = ["html_report", "text_report"]

Array = NDArray[np.float64]


# --- the HTML summary -----------------------------------------------------------------------


def html_report(d: Diagnosis) -> str:
    """The HTML summary of a diagnosis (its ``_repr_html_``)."""
    s = d.summary
    kinds = ", ".join(f"{k}: {v}" for k, v in s.actors_by_kind.items())
    head = table_html(
        ("", ""),
        [
            ("actors", f"{s.n_actors} ({kinds})"),
            ("partnerships", s.n_ties),
            ("density", s.density),
            ("components", f"{s.n_components} (largest {s.largest_component_share:.0%})"),
            ("isolated actors", s.isolated),
            *([("case numbers", describe_counts(d.provenance))] if d.provenance else []),
            (
                "communities vs poles",
                f"{d.communities.n_communities} communities, ARI {d.comparison.agreement.ari:.2f}",
            ),
        ],
        caption=f"Diagnosis: {d.territory}",
    )
    p = d.profiles
    poles = table_html(
        ("pole", "members", *p.factors, "success", "weakest"),
        [
            (
                p.pole_names[i],
                int(p.n_members[i]),
                *map(float, p.levels[i]),
                float(p.success[i]),
                p.weakest[i],
            )
            for i in range(len(p.pole_ids))
        ],
        caption="Poles",
    )
    keys = table_html(
        ("rank", "actor", "kind", "score", "degree", "betweenness"),
        [(k.rank, k.name, k.kind, k.score, k.degree, k.betweenness) for k in d.key_actors],
        caption="Key actors",
    )
    lists = "".join(
        f"<p><b>{title}</b></p><ul>"
        + "".join(
            f"<li>{html.escape(f.text)} <i>[{f.basis}: {f.rests_on}]</i></li>"
            for f in d.findings
            if f.category == category
        )
        + "</ul>"
        for title, category in (
            ("Assets", "asset"),
            ("Opportunities", "opportunity"),
            ("Weaknesses", "weakness"),
        )
    )
    return head + poles + keys + lists


# --- the text report ------------------------------------------------------------------------


def _table(lang: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    return text_table(headers, [[_cell(v, lang) for v in r] for r in rows])


def _cell(v: Any, lang: str = "en") -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return f"{int(v)}"
        return localize(f"{v:.3f}" if abs(v) < 10 else f"{v:,.1f}", lang)
    return str(v)


def _short(name: str, width: int = 40) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def text_report(d: Diagnosis, lang: str = "en") -> str:
    """The readable text report of a diagnosis (what ``ssestrategy diagnose`` prints).

    Parameters
    ----------
    d : Diagnosis
    lang : {'en', 'fr', 'ar'}
        Language of the headings, table headers and findings (names from the case, and the
        technical summary lines under the tables, are kept as they are).

    Examples
    --------
    >>> from ssestrategy.diagnosis import diagnose
    >>> from ssestrategy.model import Territory
    >>> text_report(diagnose(Territory(name="Nowhere")), "fr").splitlines()[0]
    'Diagnostic de Nowhere (cas : Nowhere)'
    """
    lines: list[str] = []
    for section in _SECTIONS:
        lines += section(d, lang)
    return "\n".join(lines) + "\n"


def _heading(title: str) -> list[str]:
    """A section heading, underlined (the rule as long as the title)."""
    return ["", title, "-" * len(title)]


def _network_section(d: Diagnosis, lang: str) -> list[str]:
    """Size and shape of the network."""
    _ = translator(lang)
    s = d.summary
    lines = [
        _("Diagnosis of {territory} (case: {case})").format(territory=d.territory, case=d.case)
    ]
    if d.provenance:
        lines.append(_("Case {counts}.").format(counts=describe_counts(d.provenance, lang)))
    lines += ["=" * 60]
    lines += _heading(_("Network"))
    kinds = join(f"{k} {v}" for k, v in s.actors_by_kind.items())
    ties = join(f"{k} {v}" for k, v in s.ties_by_kind.items())
    lines.append(msg("{n} actors: {kinds}", n=s.n_actors, kinds=kinds).render(lang))
    lines.append(msg("{n} partnerships: {kinds}", n=s.n_ties, kinds=ties).render(lang))
    shape = msg(
        "{pairs} linked pairs, density {density}, mean degree {degree}; {components} components "
        "(largest {share}), {isolated} isolated actors; {in_poles} actors in {poles} declared "
        "poles.",
        pairs=s.n_linked_pairs,
        density=Num(s.density, ".4f"),
        degree=Num(s.mean_degree, ".1f"),
        components=s.n_components,
        share=Pct(s.largest_component_share),
        isolated=s.isolated,
        in_poles=s.actors_in_poles,
        poles=s.n_poles,
    )
    lines.append(shape.render(lang))
    return lines


def _key_actors_section(d: Diagnosis, lang: str) -> list[str]:
    """The key actors and how they are scored."""
    _ = translator(lang)
    lines = _heading(_("Key actors"))
    lines += _table(
        lang,
        (
            "#",
            _("actor"),
            _("kind"),
            _("score"),
            _("degree"),
            _("betweenness"),
            _("Burt constraint"),
        ),
        [
            (k.rank, _short(k.name), k.kind, k.score, k.degree, k.betweenness, k.burt_constraint)
            for k in d.key_actors
        ],
    )
    bt = d.metrics.betweenness
    lines.append(
        _(
            "score = mean percentile rank of strength, betweenness, PageRank and 1 - Burt "
            "constraint; "
        )
        + (
            msg("betweenness sampled from {k} sources.", k=bt.k).render(lang)
            if bt.sampled
            else _("betweenness exact.")
        )
    )
    return lines


def _poles_section(d: Diagnosis, lang: str) -> list[str]:
    """Each pole's levels, success and weakest factor."""
    _ = translator(lang)
    p = d.profiles
    lines = _heading(_("Poles"))
    lines += _table(
        lang,
        (
            _("pole"),
            _("members"),
            *(_(f) for f in p.factors),
            _("success"),
            _("weakest (gap)"),
        ),
        [
            (
                _short(p.pole_names[i], 30),
                int(p.n_members[i]),
                *map(float, p.levels[i]),
                float(p.success[i]),
                f"{_(p.weakest[i])} "
                f"({localize(f'{p.gaps[i, p.factors.index(p.weakest[i])]:.2f}', lang)})",
            )
            for i in range(len(p.pole_ids))
        ],
    )
    lines.append(
        msg(
            "threshold {threshold} (assumption), CES rho {rho}, cohesion scale {scale}.",
            threshold=Num(d.threshold, "g"),
            rho=Num(p.ces_rho, "g"),
            scale=Num(p.cohesion_scale, "g"),
        ).render(lang)
    )
    return lines


def _bridging_section(d: Diagnosis, lang: str) -> list[str]:
    """Each pole's density and ties to financing, market, institutions."""
    _ = translator(lang)
    b, p = d.bridging, d.profiles
    lines = _heading(_("Bridging ties (ties / distinct partners)"))
    lines += _table(
        lang,
        (_("pole"), _("density"), *(_(c) for c in b.categories)),
        [
            (
                _short(p.pole_names[i], 30),
                float(d.pole_density[i, i]),
                *(f"{b.ties[i, j]} / {b.partners[i, j]}" for j in range(len(b.categories))),
            )
            for i in range(len(b.pole_ids))
        ],
    )
    return lines


def _communities_section(d: Diagnosis, lang: str) -> list[str]:
    """The communities and the candidate poles."""
    _ = translator(lang)
    com, ag = d.communities, d.comparison.agreement
    lines = _heading(_("Communities (candidate poles)"))
    lines.append(
        msg(
            "{n} communities ({method}, seed {seed}), modularity {modularity}; agreement with "
            "declared poles over {actors} actors: adjusted Rand index {ari}, NMI {nmi}.",
            n=com.n_communities,
            method=com.method,
            seed=com.seed,
            modularity=Num(com.modularity, ".3f"),
            actors=ag.n,
            ari=Num(ag.ari, ".3f"),
            nmi=Num(ag.nmi, ".3f"),
        ).render(lang)
    )
    lines += _table(
        lang,
        (_("community"), _("size"), _("lead"), _("value chain"), _("best pole"), "jaccard"),
        [
            (c.community, c.size, c.lead, c.value_chain, c.best_pole, c.jaccard)
            for c in d.candidate_poles[:10]
        ],
    )
    return lines


def _resilience_section(d: Diagnosis, lang: str) -> list[str]:
    """Connectivity and pole networking after each removal."""
    _ = translator(lang)
    r = d.resilience
    lines = _heading(_("Resilience (removing an actor)"))

    def row(label: str, conn: Any, nw: Array) -> tuple[Any, ...]:
        delta = float((nw - r.baseline_networking).min()) if nw.size else 0.0
        return (
            _short(label, 44),
            conn.n_components,
            _pct(conn.largest_component_share),
            conn.efficiency,
            conn.average_shortest_path,
            delta,
        )

    lines += _table(
        lang,
        (
            _("scenario"),
            _("components"),
            _("largest"),
            _("efficiency"),
            _("mean path"),
            _("worst d.networking"),
        ),
        [row(_("baseline"), r.baseline, r.baseline_networking)]
        + [row(rm.label, rm.connectivity, rm.networking) for rm in r.removals],
    )
    if not r.exact:
        lines.append(
            msg("distances estimated from {n} sampled sources.", n=r.n_sources).render(lang)
        )
    return lines


def _findings_section(d: Diagnosis, lang: str) -> list[str]:
    """Assets, opportunities and weaknesses, each with its basis."""
    _ = translator(lang)
    lines: list[str] = []
    for title, category in CATEGORIES:
        lines += _heading(_(title))
        lines += [
            f"- {f.render(lang)} [{_(f.basis)}: {_(f.rests_on)}]"
            for f in d.findings
            if f.category == category
        ] or ["- " + _("(none found)")]
    if d.findings:
        lines.append("")
        lines.append(
            _(
                "[basis: what the finding rests on] sourced = every record it uses cites a "
                "source; assumed = every record is an assumption (e.g. a generated population); "
                "mixed = both. Findings on assumed data describe the assumptions, not the "
                "territory."
            )
        )
        for on in ("capacities", "ties"):
            f = next((f for f in d.findings if f.rests_on == on), None)
            if f is not None:
                lines.append(f"  {_(on)}: {f.label(lang)}")
    return lines


def _micmac_section(d: Diagnosis, lang: str) -> list[str]:
    """MICMAC, when the case has its inputs."""
    lines: list[str] = []
    if d.micmac is None:
        return lines
    m = d.micmac
    _ = translator(lang)
    lines += _heading(_("MICMAC (structural analysis)"))
    lines += _table(
        lang,
        (_("variable"), _("influence"), _("dependence"), _("direct class"), _("indirect class")),
        [
            (
                m.labels[i],
                float(m.direct_influence[i]),
                float(m.direct_dependence[i]),
                m.direct_class[i],
                m.indirect_class[i],
            )
            for i in range(len(m.labels))
        ],
    )
    stab = "stable" if m.stable else f"{m.status}" + (f", period {m.period}" if m.period else "")
    lines.append(
        f"indirect analysis at power {m.power} ({stab}); class changes: "
        + (", ".join(m.changed) if m.changed else "none")
        + "."
    )
    return lines


def _mactor_section(d: Diagnosis, lang: str) -> list[str]:
    """MACTOR, when the case has its inputs."""
    lines: list[str] = []
    if d.mactor is None:
        return lines
    a = d.mactor
    _ = translator(lang)
    lines += _heading(_("MACTOR (actors' strategies)"))
    lines += _table(
        lang,
        (_("actor"), _("influence"), _("dependence"), "r*", _("class")),
        [
            (
                a.actors[i],
                float(a.influence[i]),
                float(a.dependence[i]),
                float(a.r_star[i]),
                a.actor_class[i],
            )
            for i in range(len(a.actors))
        ],
    )
    lines += _table(
        lang,
        (_("objective"), _("for"), _("against")),
        [
            (a.objectives[j], float(a.mobilisation_for[j]), float(a.mobilisation_against[j]))
            for j in range(len(a.objectives))
        ],
    )
    return lines


_SECTIONS = (
    _network_section,
    _key_actors_section,
    _poles_section,
    _bridging_section,
    _communities_section,
    _resilience_section,
    _findings_section,
    _micmac_section,
    _mactor_section,
)
