"""Strategy templates that apply to any territory: the French-agency (PTCE) approach, the
Canadian-agency (Québec model) approach, the national 2010–2020 strategy, and the status quo.

The three active templates spend the **same total budget** by default (``budget``, MAD over
``years``) so comparisons are fair; only the *split* across levers, targets and timing differs.
Each split is a modelling choice labelled an assumption; the mechanisms each template uses are
sourced from the domain brief (``shared/mission/domain-brief.md``). ``docs/strategies.md``
explains the choices.

Examples
--------
>>> f, c = french_agency(), canadian_agency()
>>> round(f.total_budget()), round(c.total_budget())
(20000000, 20000000)
>>> [i.lever.value for i in f.interventions][:2]
['governance', 'ties']
"""

from __future__ import annotations

from .parameters import Parameter
from .provenance import Assumption, Label, Source
from .strategy import Intervention, Selector, Strategy
from .territory import ActorKind

__all__ = [
    "DEFAULT_BUDGET",
    "DEFAULT_YEARS",
    "canadian_agency",
    "french_agency",
    "national_2010_2020",
    "status_quo",
    "templates",
]

DEFAULT_BUDGET = 20_000_000.0
"""Default total budget of a template, in MAD (assumption: the order of AFD's EUR 1.5M
national SSE grant of 2021 and of a province's share of REFAM's CAD 11.5M, range 5-50M MAD)."""

DEFAULT_YEARS = 5.0
"""Default programme length in years (AFD grant and REFAM both ran about 5 years)."""

TARGETS = (ActorKind.COOPERATIVE, ActorKind.ENTERPRISE, ActorKind.ARTISAN)

_AFD = Source(
    "AFD-Ministry SSE grant of 1 April 2021 (EUR 1.5M): diagnostic, framework law update, then "
    "territorial SSE cooperation poles and social-innovation support (le360; aidchannel)",
    label=Label.OFFICIAL,
)
_PTCE = Source(
    "French PTCE model: law 2014-856 art. 9; Labo de l'ESS 2017 survey (lead cell, founders, "
    "partners); SGMAP 2014 evaluation (fragile models, little pooling)",
    label=Label.OFFICIAL,
)
_AMI = Source(
    "PTCE calls 2021/2023: EUR 100k over 2 years per laureate (avise.org)", Label.OFFICIAL
)
_REFAM = Source(
    "REFAM (Global Affairs Canada 2018-23, CAD 11.5M): women's argan coops, interprofession "
    "FIFARGANE and federation FNADUA, insured 3,314 women members (cowater.com)",
    label=Label.OFFICIAL,
)
_SOCODEVI = Source(
    "SOCODEVI: governance training of cooperatives, 325 coops in 17 countries (2023-24)",
    label=Label.APPROXIMATE,
)
_RISQ = Source(
    "RISQ (Quebec): technical-aid advances and pre-start loans, over 85% of capital recovered "
    "1998-2014 (fonds-risq.qc.ca)",
    label=Label.OFFICIAL,
)
_NATIONAL = Source(
    "Morocco national SSE strategy 2010-2020: two pillars, improve the environment and build "
    "actors' capacities (artisanat.gov.ma; Tiznit workshop of 15 January 2021)",
    label=Label.OFFICIAL,
)


def _split(note: str) -> Assumption:
    return Assumption(f"budget share and timing: {note}")


def french_agency(budget: float = DEFAULT_BUDGET, years: float = DEFAULT_YEARS) -> Strategy:
    """The French-agency approach: territorial cooperation poles on the PTCE model.

    A lead team and shared pole governance from the start (framework first), then — after a
    year of diagnostic and framework work — pooled services, ties among pole members through
    their anchor, social-innovation support and PTCE-style grants. Targets pole members.

    Parameters
    ----------
    budget : float
        Total budget in MAD.
    years : float
        Programme length in years.

    Returns
    -------
    Strategy

    Examples
    --------
    >>> s = french_agency(budget=10e6)
    >>> round(s.total_budget())
    10000000
    """
    poles = Selector(kinds=TARGETS, in_pole=True)
    # the diagnostic/framework phase: the first year, or the first fifth of a short programme
    lead = min(1.0, years / 5.0)
    later = max(years - lead, 0.0)
    b = budget

    def rate(share: float, duration: float) -> float:
        return share * b / duration if duration > 0 else 0.0

    return Strategy(
        id="french-agency",
        name="French-agency approach (PTCE poles)",
        description=(
            "Territorial SSE cooperation poles on the French PTCE model: lead team and shared "
            "governance first, then pooled services, anchor-centred ties, social innovation "
            "and pole grants."
        ),
        interventions=(
            Intervention(
                name="lead team and shared pole governance",
                lever="governance",
                target=poles,
                budget=rate(0.25, years),
                start=0.0,
                duration=years,
                provenance=_split(
                    "25% over the whole programme (framework first); " + _PTCE.citation
                ),
            ),
            Intervention(
                name="pole platform: ties to the pole anchor",
                lever="ties",
                target=poles,
                hub="@anchor",
                budget=rate(0.20, later),
                start=lead,
                duration=later,
                params={
                    "tie_intensity": Parameter(
                        0.5,
                        provenance=Assumption(
                            "intensity of a platform tie (SGMAP: 'low degree of cooperation')",
                            low=0.2,
                            high=0.8,
                        ),
                    )
                },
                provenance=_split(
                    "20% from year 2, after the diagnostic step (" + _AFD.citation + ")"
                ),
            ),
            Intervention(
                name="pooled services",
                lever="networking",
                target=poles,
                budget=rate(0.20, later),
                start=lead,
                duration=later,
                provenance=_split(
                    "20% from year 2; pooling is a PTCE pillar (" + _PTCE.citation + ")"
                ),
            ),
            Intervention(
                name="social-innovation support",
                lever="innovation",
                target=poles,
                budget=rate(0.20, later),
                start=lead,
                duration=later,
                provenance=_split("20% from year 2 (" + _AFD.citation + ")"),
            ),
            Intervention(
                name="pole grants",
                lever="financing",
                target=poles,
                budget=rate(0.15, later),
                start=lead,
                duration=later,
                provenance=_split("15% from year 2, PTCE-style grants (" + _AMI.citation + ")"),
            ),
        ),
        provenance=_AFD,
    )


def canadian_agency(budget: float = DEFAULT_BUDGET, years: float = DEFAULT_YEARS) -> Strategy:
    """The Canadian-agency approach: the Québec model abroad.

    Capacity building of many cooperatives from day one, a gender lens (women-led
    cooperatives), value-chain work through federations (ties to each pole's anchor), layered
    social finance (a revolving fund recovering 85 % as RISQ did) and members' enrolment in
    social protection (as REFAM insured its members).

    Parameters
    ----------
    budget : float
        Total budget in MAD.
    years : float
        Programme length in years.

    Returns
    -------
    Strategy

    Examples
    --------
    >>> canadian_agency().interventions[3].param("recovery_rate")
    0.85
    """
    coops = Selector(kinds=(ActorKind.COOPERATIVE,))

    def rate(share: float) -> float:
        return share * budget / years if years > 0 else 0.0

    return Strategy(
        id="canadian-agency",
        name="Canadian-agency approach (Quebec model)",
        description=(
            "Capacity building of many cooperatives, gender lens, federations along value "
            "chains, layered social finance with a revolving fund, social-protection enrolment."
        ),
        interventions=(
            Intervention(
                name="cooperative governance training",
                lever="governance",
                target=coops,
                budget=rate(0.15),
                start=0.0,
                duration=years,
                provenance=_split("15% from the start (" + _SOCODEVI.citation + ")"),
            ),
            Intervention(
                name="women's cooperatives: skills and innovation",
                lever="innovation",
                target=Selector(kinds=(ActorKind.COOPERATIVE,), women_led=True),
                budget=rate(0.15),
                start=0.0,
                duration=years,
                provenance=_split("15% gender lens (" + _REFAM.citation + ")"),
            ),
            Intervention(
                name="federations along value chains",
                lever="ties",
                target=Selector(kinds=TARGETS, in_pole=True),
                hub="@anchor",
                budget=rate(0.15),
                start=0.0,
                duration=years,
                params={
                    "tie_intensity": Parameter(
                        0.4,
                        provenance=Assumption("intensity of a federation tie", low=0.2, high=0.8),
                    )
                },
                provenance=_split("15% federation/interprofession work (" + _REFAM.citation + ")"),
            ),
            Intervention(
                name="layered social finance (revolving fund)",
                lever="financing",
                target=Selector(kinds=(ActorKind.COOPERATIVE, ActorKind.ENTERPRISE)),
                budget=rate(0.30),
                start=0.0,
                duration=years,
                params={
                    "recovery_rate": Parameter(0.85, provenance=_RISQ),
                    "repayment_years": Parameter(
                        3.0,
                        provenance=Assumption(
                            "years before repaid loans are re-lent", low=1.0, high=5.0
                        ),
                    ),
                },
                provenance=_split(
                    "30% technical aid, pre-start loans, patient capital (" + _RISQ.citation + ")"
                ),
            ),
            Intervention(
                name="members' social-protection enrolment",
                lever="social_protection",
                target=Selector(kinds=TARGETS),
                budget=rate(0.15),
                start=0.0,
                duration=years,
                provenance=_split("15% enrolment support (" + _REFAM.citation + ")"),
            ),
            Intervention(
                name="cooperative networking and market access",
                lever="networking",
                target=coops,
                budget=rate(0.10),
                start=0.0,
                duration=years,
                provenance=_split("10% market studies and networking (" + _REFAM.citation + ")"),
            ),
        ),
        provenance=_REFAM,
    )


def national_2010_2020(budget: float = DEFAULT_BUDGET, years: float = DEFAULT_YEARS) -> Strategy:
    """The national 2010–2020 SSE strategy: improve the environment, build actors' capacities.

    Half of the budget strengthens the institutional environment (governance and networking of
    public authorities, ministries, chambers and associations, which then spills over to
    partners through peer learning); half builds the four capacities of every target actor.

    Examples
    --------
    >>> len(national_2010_2020().interventions)
    6
    """
    env = Selector(
        kinds=(
            ActorKind.PUBLIC_AUTHORITY,
            ActorKind.MINISTRY,
            ActorKind.CHAMBER,
            ActorKind.ASSOCIATION,
        )
    )
    actors = Selector(kinds=TARGETS)

    def rate(share: float) -> float:
        return share * budget / years if years > 0 else 0.0

    env_ivs = tuple(
        Intervention(
            name=f"environment: institutional {lever}",
            lever=lever,
            target=env,
            budget=rate(0.25),
            start=0.0,
            duration=years,
            provenance=_split(
                "pillar 1 'improve the environment', half the budget (" + _NATIONAL.citation + ")"
            ),
        )
        for lever in ("governance", "networking")
    )
    cap_ivs = tuple(
        Intervention(
            name=f"capacities: {lever}",
            lever=lever,
            target=actors,
            budget=rate(0.125),
            start=0.0,
            duration=years,
            provenance=_split(
                "pillar 2 'build capacities', spread over all actors (" + _NATIONAL.citation + ")"
            ),
        )
        for lever in ("financing", "networking", "innovation", "governance")
    )
    return Strategy(
        id="national-2010-2020",
        name="National SSE strategy 2010-2020",
        description="Two pillars: improve the environment and build all actors' capacities.",
        interventions=env_ivs + cap_ivs,
        provenance=_NATIONAL,
    )


def status_quo(annual_budget: float = 1_000_000.0, years: float = DEFAULT_YEARS) -> Strategy:
    """Current conventions continue: the council's capacity-building conventions, at their
    present (assumed) level, spread over target actors.

    Examples
    --------
    >>> status_quo(annual_budget=0.0).total_budget()
    0.0
    """
    return Strategy(
        id="status-quo",
        name="Status quo (current conventions)",
        description="The provincial council's existing capacity-building conventions continue.",
        interventions=(
            Intervention(
                name="existing capacity-building conventions",
                lever="governance",
                target=Selector(kinds=TARGETS),
                budget=annual_budget,
                start=0.0,
                duration=years,
                provenance=Assumption(
                    "annual budget of the council's SSE conventions; the article reports "
                    "conventions but no amount",
                    low=0.0,
                    high=5_000_000.0,
                ),
            ),
        ),
        provenance=Source(
            "Tiznit Provincial Council conventions on SSE capacity building (workshop of "
            "15 January 2021)",
            Label.APPROXIMATE,
        ),
    )


def templates(budget: float = DEFAULT_BUDGET, years: float = DEFAULT_YEARS) -> tuple[Strategy, ...]:
    """The four shipped strategies: French agency, Canadian agency, national 2010-2020, status quo.

    Examples
    --------
    >>> [s.id for s in templates()]
    ['french-agency', 'canadian-agency', 'national-2010-2020', 'status-quo']
    """
    return (
        french_agency(budget, years),
        canadian_agency(budget, years),
        national_2010_2020(budget, years),
        status_quo(years=years),
    )
