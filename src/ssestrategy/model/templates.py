# long-functions: the templates are declarative lists of a programme's lines (docs/strategies.md)
"""Strategy templates that apply to any territory: the French-agency (AFD, PTCE) approach, the
Canadian-agency (REFAM, SOCODEVI, Quebec model) approach, the national 2010-2020 strategy, and
the status quo.

Each template is a point of the lever menu (:data:`~ssestrategy.model.MENU`): budget shares,
targets and timing over the same instruments. The three active templates spend the **same
total budget** by default (``budget``, MAD over ``years``), so that only the design differs.
Every intervention carries the design choice behind it as an assumption, citing the public
description of the programme it follows, with the plausible range of its budget (the share's
range times the total); ``docs/strategies.md`` tabulates the choices and their sources.

Examples
--------
>>> f, c = french_agency(), canadian_agency()
>>> round(f.total_budget()), round(c.total_budget())
(20000000, 20000000)
>>> [i.instrument for i in c.interventions][:3]
['governance-training', 'innovation-support', 'federation']
"""

from __future__ import annotations

from .menu import TARGETS, instrument
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
national SSE grant of 2021, MAD 16.3M, and of a province's share of REFAM's CAD 11.5M; range
5-50M MAD)."""

DEFAULT_YEARS = 5.0
"""Default programme length in years (AFD's grant and REFAM both ran about 5 years)."""

_AFD_2025 = (
    "Tiznit's 2025 follow-up is one 'model territorial SSE pole' of the ministry's poles "
    "project with AFD (atigmedia.ma, 20 March 2025)"
)


def _line(
    item: str,
    share: float,
    low: float,
    high: float,
    total: float,
    *,
    start: float,
    duration: float,
    why: str,
    target: Selector | None = None,
    name: str | None = None,
) -> Intervention:
    """An intervention buying ``share`` of ``total`` from menu item ``item`` over its window."""
    annual = share * total / duration if duration > 0 else 0.0
    per_year = total / duration if duration > 0 else 0.0
    return instrument(item).intervention(
        budget=annual,
        start=start,
        duration=duration,
        target=target,
        name=name,
        provenance=Assumption(
            f"design choice: {share:.0%} of the budget (range {low:.0%}-{high:.0%}); {why}",
            low=low * per_year,
            high=high * per_year,
        ),
    )


def french_agency(
    budget: float = DEFAULT_BUDGET,
    years: float = DEFAULT_YEARS,
    *,
    model_chain: str | None = None,
) -> Strategy:
    """The French-agency approach: AFD's SSE programme and a PTCE-style model pole.

    AFD's 2021 grant supports the ministry's framework law and decrees and then territorial
    cooperation poles with social innovation; in Tiznit the follow-up is **one model pole**.
    So: institutional support over the whole programme, and, after a year of diagnostic, a
    PTCE-style pole (lead cell governance, a cooperation platform around the lead actor,
    pooled services, social-innovation support, pole grants) for the members of one pole.

    Parameters
    ----------
    budget : float
        Total budget in MAD.
    years : float
        Programme length in years.
    model_chain : str, optional
        Value chain of the model pole (its members are targeted); None targets the members of
        every pole.

    Returns
    -------
    Strategy

    Examples
    --------
    >>> s = french_agency(budget=10e6, model_chain="argan")
    >>> round(s.total_budget()), s.interventions[1].target.describe()
    (10000000, 'cooperative or enterprise or artisan actors, in argan, pole members')
    """
    pole = Selector(
        kinds=TARGETS,
        in_pole=True,
        value_chains=(model_chain,) if model_chain else (),
    )
    lead = min(1.0, years / 5.0)  # the diagnostic and mobilisation phase
    later = max(years - lead, 0.0)
    afd = "AFD's 2021 grant: diagnostic, framework law and decrees, then territorial poles"
    ptce = "PTCE model (law 2014-856 art. 9; Labo de l'ESS 2017; SGMAP 2014)"
    where = f"the {model_chain} pole" if model_chain else "every pole"
    return Strategy(
        id="french-agency",
        name="French-agency approach (AFD, PTCE model pole)",
        description=(
            "AFD's SSE programme: support to the framework law and the ministry's services, "
            f"then a PTCE-style model pole ({where}): lead cell, cooperation platform, pooled "
            "services, social innovation and pole grants."
        ),
        interventions=(
            _line(
                "institutional-support",
                0.20,
                0.10,
                0.30,
                budget,
                start=0.0,
                duration=years,
                why=afd + " (steps 1-2 throughout)",
            ),
            _line(
                "governance-training",
                0.15,
                0.05,
                0.25,
                budget,
                start=lead,
                duration=later,
                target=pole,
                name="pole lead cell and shared governance",
                why=f"{ptce}: a lead cell and concentric circles of partners; {_AFD_2025}",
            ),
            _line(
                "pole-platform",
                0.20,
                0.10,
                0.30,
                budget,
                start=lead,
                duration=later,
                target=pole,
                why=f"{ptce}: cooperation around the lead actor, after the diagnostic year",
            ),
            _line(
                "federation",
                0.15,
                0.05,
                0.25,
                budget,
                start=lead,
                duration=later,
                target=pole,
                name="pooled services of the pole",
                why=f"{ptce}: pooling (mutualisation) is in the PTCE's legal definition",
            ),
            _line(
                "innovation-support",
                0.20,
                0.10,
                0.30,
                budget,
                start=lead,
                duration=later,
                target=pole,
                name="social-innovation support",
                why=afd + " (step 3: support for social innovation)",
            ),
            _line(
                "grants",
                0.10,
                0.05,
                0.20,
                budget,
                start=lead,
                duration=later,
                target=pole,
                name="pole grants",
                why="PTCE calls 2021/2023: EUR 100k over 2 years per laureate (avise.org)",
            ),
        ),
        provenance=Source(
            "AFD-Ministry SSE grant of 1 April 2021 (le360; aidchannel); " + _AFD_2025,
            label=Label.OFFICIAL,
        ),
    )


def canadian_agency(budget: float = DEFAULT_BUDGET, years: float = DEFAULT_YEARS) -> Strategy:
    """The Canadian-agency approach: the Quebec model abroad (REFAM, SOCODEVI, RISQ).

    Governance training of many cooperatives (SOCODEVI), a gender lens (women-led
    cooperatives, REFAM), second-tier structures along value chains (REFAM's work through the
    interprofession and the federation), a layered finance chain (a revolving fund and
    pre-start support, as Quebec's RISQ), members' social-protection enrolment (REFAM insured
    3,314 women members) and market access (REFAM's market studies), all from the start.

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
    >>> fund = canadian_agency().interventions[3]
    >>> fund.instrument, fund.param("recovery_rate")
    ('revolving-fund', 0.7)
    """
    coops = Selector(kinds=(ActorKind.COOPERATIVE,))
    refam = "REFAM 2018-23 (cowater.com)"

    def line(
        item: str,
        share: float,
        low: float,
        high: float,
        why: str,
        *,
        target: Selector | None = None,
        name: str | None = None,
    ) -> Intervention:
        return _line(
            item,
            share,
            low,
            high,
            budget,
            start=0.0,
            duration=years,
            why=why,
            target=target,
            name=name,
        )

    return Strategy(
        id="canadian-agency",
        name="Canadian-agency approach (Quebec model: REFAM, SOCODEVI, RISQ)",
        description=(
            "Governance training of cooperatives, gender lens, second-tier structures along "
            "value chains, a revolving fund and pre-start support, social-protection enrolment "
            "and market access."
        ),
        interventions=(
            line(
                "governance-training",
                0.15,
                0.05,
                0.25,
                "SOCODEVI trains cooperatives' governance",
                target=coops,
                name="cooperative governance training",
            ),
            line(
                "innovation-support",
                0.15,
                0.05,
                0.25,
                refam + ": women's economic empowerment",
                target=Selector(kinds=(ActorKind.COOPERATIVE,), women_led=True),
                name="women's cooperatives: skills and innovation",
            ),
            line(
                "federation",
                0.15,
                0.05,
                0.25,
                refam + " worked through FIFARGANE and FNADUA; SOCODEVI: strong federations",
                target=Selector(kinds=(ActorKind.COOPERATIVE,), in_pole=True),
                name="federations along value chains",
            ),
            line(
                "revolving-fund",
                0.20,
                0.10,
                0.30,
                "Quebec's layered finance chain: RISQ loans (fonds-risq.qc.ca)",
                name="layered social finance (revolving fund)",
            ),
            line(
                "incubation",
                0.10,
                0.0,
                0.20,
                "RISQ's pre-start support: technical-aid advances, Fonds Emergence",
                name="pre-start support for new cooperatives",
                target=coops,
            ),
            line(
                "social-protection",
                0.10,
                0.05,
                0.20,
                refam + " insured 3,314 women members",
                name="members' social-protection enrolment",
            ),
            line(
                "market-access",
                0.15,
                0.05,
                0.25,
                refam + ": market studies",
                target=coops,
                name="cooperative market access",
            ),
        ),
        provenance=Source(
            "REFAM (Global Affairs Canada 2018-23); SOCODEVI; RISQ (domain brief, section 3)",
            label=Label.OFFICIAL,
        ),
    )


def national_2010_2020(budget: float = DEFAULT_BUDGET, years: float = DEFAULT_YEARS) -> Strategy:
    """The national 2010-2020 SSE strategy: its two pillars and four objectives.

    Pillar 1, *improve the environment* (objective: harmonise public action): institutional
    support. Pillar 2, *develop actors' capacities*, for every target actor: visibility
    (salons, itinerant markets), training workshops and innovation; *structure a performing
    SSE*: creation of new cooperatives (its targets: cooperative employees from 50,000 to
    175,000, penetration from 3.1% to 7.5% of the active population, by 2020); *integrated
    territorial development*: territorial poles.

    Examples
    --------
    >>> [i.instrument for i in national_2010_2020().interventions][:2]
    ['institutional-support', 'market-access']
    """
    nat = "national SSE strategy 2010-2020 (artisanat.gov.ma)"

    def line(
        item: str,
        share: float,
        low: float,
        high: float,
        why: str,
        *,
        target: Selector | None = None,
        name: str | None = None,
    ) -> Intervention:
        return _line(
            item,
            share,
            low,
            high,
            budget,
            start=0.0,
            duration=years,
            why=why,
            target=target,
            name=name,
        )

    return Strategy(
        id="national-2010-2020",
        name="National SSE strategy 2010-2020",
        description=(
            "Two pillars (improve the environment, develop actors' capacities) and four "
            "objectives (harmonised public action, a performing SSE, integrated territorial "
            "development, visibility)."
        ),
        interventions=(
            line(
                "institutional-support",
                0.25,
                0.15,
                0.50,
                nat + ", pillar 1 'improve the environment', objective 'harmonise public "
                "action'; 37 conventions with regional councils (mtaess.gov.ma)",
            ),
            line(
                "market-access",
                0.20,
                0.10,
                0.30,
                nat + ", objective 'visibility': 34 salons and 50 itinerant markets",
            ),
            line(
                "governance-training",
                0.15,
                0.05,
                0.25,
                nat + ", pillar 2: 420 workshops, about 15,442 trainees",
            ),
            line(
                "innovation-support",
                0.10,
                0.05,
                0.20,
                nat + ", pillar 2 'develop actors' capacities'",
            ),
            line(
                "incubation",
                0.20,
                0.10,
                0.30,
                nat + ", objective 'structure a performing SSE': cooperative employees "
                "50,000 -> 175,000 by 2020",
                name="creation of new cooperatives and enterprises",
            ),
            line(
                "pole-platform",
                0.10,
                0.0,
                0.20,
                nat + ", objective 'integrated territorial development'",
                name="territorial poles",
            ),
        ),
        provenance=Source(
            "Morocco national SSE strategy 2010-2020: two pillars and four objectives "
            "(artisanat.gov.ma; Tiznit workshop of 15 January 2021)",
            label=Label.OFFICIAL,
        ),
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
            instrument("governance-training").intervention(
                budget=annual_budget,
                start=0.0,
                duration=years,
                name="existing capacity-building conventions",
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


def templates(
    budget: float = DEFAULT_BUDGET,
    years: float = DEFAULT_YEARS,
    *,
    model_chain: str | None = None,
) -> tuple[Strategy, ...]:
    """The four shipped strategies: French agency, Canadian agency, national 2010-2020, status quo.

    Examples
    --------
    >>> [s.id for s in templates()]
    ['french-agency', 'canadian-agency', 'national-2010-2020', 'status-quo']
    """
    return (
        french_agency(budget, years, model_chain=model_chain),
        canadian_agency(budget, years),
        national_2010_2020(budget, years),
        status_quo(years=years),
    )
