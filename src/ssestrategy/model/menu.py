"""The lever menu: the instruments every strategy draws from.

An :class:`Instrument` is a programme line a funder can buy — a lever (the mechanism of
``docs/model.md``), the actors it reaches by default, its mechanism parameters — with the
source that says such instruments exist and what they do. :data:`MENU` is the default menu,
built from the programmes described in the domain brief (AFD's SSE grant and the PTCE model,
REFAM and SOCODEVI, Quebec's RISQ, the national 2010-2020 strategy, the ministry's outreach).
The strategy templates (:mod:`ssestrategy.model.templates`) are points of this menu: budget
shares, targets and timing over the same instruments, so that a difference between two
strategies is a difference of design, which a report can name, never an instrument one of
them has for free.

Examples
--------
>>> [i.id for i in MENU][:3]
['institutional-support', 'governance-training', 'innovation-support']
>>> fund = instrument("revolving-fund")
>>> fund.lever.value, fund.params["recovery_rate"].value
('financing', 0.7)
>>> iv = fund.intervention(budget=1e6, duration=5.0)
>>> iv.instrument, iv.lever.value, iv.param("recovery_rate")
('revolving-fund', 'financing', 0.7)
"""

from __future__ import annotations

from typing import Any

import attrs

from ..errors import ModelError
from ._checks import enum_converter, enum_member, identifier, text
from .parameters import Parameter
from .provenance import Assumption, Label, Provenance, Source, provenance_field
from .strategy import Intervention, Lever, Selector
from .territory import ActorKind

__all__ = ["MENU", "TARGETS", "Instrument", "instrument"]

TARGETS: tuple[ActorKind, ...] = (ActorKind.COOPERATIVE, ActorKind.ENTERPRISE, ActorKind.ARTISAN)
"""The ministry's three target kinds (cooperatives, enterprises, individual artisans)."""

INSTITUTIONS: tuple[ActorKind, ...] = (
    ActorKind.PUBLIC_AUTHORITY,
    ActorKind.MINISTRY,
    ActorKind.CHAMBER,
    ActorKind.ASSOCIATION,
)
"""The institutions of the 'environment' (councils, ministry services, chambers, associations)."""


def _to_lever(value: Any) -> Any:
    """Converter: a Lever value (string) becomes the member."""
    return enum_converter(Lever)(value)


@attrs.frozen
class Instrument:
    """A line of the lever menu.

    Parameters
    ----------
    id : str
        Short id (``revolving-fund``); an intervention built from it records it.
    name : str
    lever : Lever
        The mechanism.
    target : Selector
        Who it reaches by default (a strategy may aim it elsewhere).
    hub : str or None
        For ``ties``: the hub (``"@anchor"``: each pole's anchor).
    params : dict of str to Parameter
        Mechanism parameters, each with its provenance.
    description : str
        What it buys, in a planner's words.
    provenance : Source or Assumption or None
        The programme(s) that use such an instrument.

    Examples
    --------
    >>> fed = instrument("federation")
    >>> fed.lever.value, fed.target.describe()
    ('pooling', 'cooperative actors')
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=text())
    lever: Lever = attrs.field(converter=_to_lever, validator=enum_member(Lever))
    target: Selector = attrs.field(factory=Selector)
    hub: str | None = attrs.field(default=None)
    params: dict[str, Parameter] = attrs.field(factory=dict)
    description: str = attrs.field(default="", validator=text(nonempty=False))
    provenance: Provenance | None = provenance_field()

    def intervention(
        self,
        *,
        budget: float,
        start: float = 0.0,
        duration: float = 1.0,
        target: Selector | None = None,
        name: str | None = None,
        provenance: Provenance | None = None,
        params: dict[str, Any] | None = None,
    ) -> Intervention:
        """An intervention buying this instrument.

        Parameters
        ----------
        budget : float
            MAD per year.
        start, duration : float
            Years.
        target : Selector, optional
            Default: the instrument's target.
        name : str, optional
            Default: the instrument's name.
        provenance : Source or Assumption, optional
            The design choice (budget share, target, timing) and its basis.
        params : dict, optional
            Mechanism parameters overriding the instrument's.

        Returns
        -------
        Intervention

        Examples
        --------
        >>> iv = instrument("pole-platform").intervention(budget=2e5, duration=2.0)
        >>> iv.hub, iv.param("tie_intensity")
        ('@anchor', 0.4)
        """
        merged: dict[str, Any] = dict(self.params)
        merged.update(params or {})
        return Intervention(
            name=name or self.name,
            lever=self.lever,
            target=target if target is not None else self.target,
            budget=budget,
            start=start,
            duration=duration,
            hub=self.hub,
            params=merged,
            instrument=self.id,
            provenance=provenance,
        )


_AFD = Source(
    "AFD-Ministry SSE grant of 1 April 2021 (EUR 1.5M): a diagnostic and mobilisation of "
    "stakeholders, the update of the SSE framework law and its decrees, then territorial SSE "
    "cooperation poles and social-innovation support (le360; aidchannel project sheet)",
    label=Label.OFFICIAL,
)
_PTCE = Source(
    "French PTCE model: law 2014-856 art. 9 ('a common and continuous strategy of pooling, "
    "cooperation or partnership'); Labo de l'ESS 2017 survey (a lead cell, the founders, then "
    "partners); SGMAP 2014 evaluation ('low degree of cooperation', little pooling)",
    label=Label.OFFICIAL,
)
_REFAM = Source(
    "REFAM (Global Affairs Canada 2018-23, CAD 11.5M): women's economic empowerment along the "
    "argan chain through the interprofession FIFARGANE and the federation FNADUA, "
    "nut-collection cooperatives, market studies, 3,314 women members insured (cowater.com; "
    "maghress aujourdhui/316292)",
    label=Label.OFFICIAL,
)
_SOCODEVI = Source(
    "SOCODEVI: governance training of cooperatives (Morocco 2018, forestry cooperatives), "
    "strong federations; 325 cooperatives in 17 countries in 2023-24 (webzine.socodevi.org)",
    label=Label.APPROXIMATE,
)
_RISQ = Source(
    "RISQ (Quebec, 1997): unsecured loans to social enterprises, technical-aid advances of CAD "
    "1k-10k and a Fonds Emergence for pre-start-ups of up to CAD 100k; over 85% of its capital "
    "recovered over 1998-2014 (fonds-risq.qc.ca; newswire 2021)",
    label=Label.OFFICIAL,
)
_NATIONAL = Source(
    "Morocco's national SSE strategy 2010-2020: two pillars (improve the environment, develop "
    "actors' capacities), four objectives (harmonise public action, structure a performing "
    "SSE, integrated territorial development, visibility) (artisanat.gov.ma)",
    label=Label.OFFICIAL,
)
_OUTREACH = Source(
    "Ministry outreach: 34 salons, 50 itinerant markets, 420 workshops with about 15,442 "
    "trainees, 37 conventions with regional councils (mtaess.gov.ma)",
    label=Label.OFFICIAL,
)
_ARTICLE = Source(
    "Tiznit Provincial Council workshop of 15 January 2021: the province's programme for the "
    "right to work (diagnostic, support to SSE projects, poles of economic activity), "
    "conventions on capacity building, social protection (shared/mission/seed-article)",
    label=Label.OFFICIAL,
)

MENU: tuple[Instrument, ...] = (
    Instrument(
        id="institutional-support",
        name="institutional support (framework law, harmonised public action)",
        lever=Lever.GOVERNANCE,
        target=Selector(kinds=INSTITUTIONS),
        description=(
            "capacity of the ministry's services, councils, chambers and associations: the "
            "legal framework, conventions, one-stop support; reaches SSE actors through their "
            "ties to these institutions (peer learning)"
        ),
        provenance=_NATIONAL,
    ),
    Instrument(
        id="governance-training",
        name="governance training and accompaniment",
        lever=Lever.GOVERNANCE,
        target=Selector(kinds=TARGETS),
        description="training of boards and managers, accounts, compliance (law 112-12)",
        provenance=_SOCODEVI,
    ),
    Instrument(
        id="innovation-support",
        name="innovation and skills support",
        lever=Lever.INNOVATION,
        target=Selector(kinds=TARGETS),
        description="product development, quality, labels, social-innovation projects",
        provenance=_AFD,
    ),
    Instrument(
        id="market-access",
        name="market access (fairs, itinerant markets, market studies)",
        lever=Lever.NETWORKING,
        target=Selector(kinds=TARGETS),
        description="salons, itinerant markets, market studies, e-commerce",
        provenance=_OUTREACH,
    ),
    Instrument(
        id="grants",
        name="investment grants",
        lever=Lever.FINANCING,
        target=Selector(kinds=TARGETS),
        description="non-repayable grants for equipment and working capital",
        provenance=Source(
            "PTCE calls for expressions of interest 2021 and 2023: EUR 100k over 2 years per "
            "laureate (avise.org); INDH phase III income-generating projects (MAD 4 bn of "
            "MAD 18 bn for income and youth economic inclusion)",
            label=Label.OFFICIAL,
        ),
    ),
    Instrument(
        id="revolving-fund",
        name="revolving loan fund",
        lever=Lever.FINANCING,
        target=Selector(kinds=(ActorKind.COOPERATIVE, ActorKind.ENTERPRISE)),
        params={
            "recovery_rate": Parameter(
                0.7,
                provenance=Assumption(
                    "share of what falls due that a borrower with enough financing capacity "
                    "repays, for Tiznit's cooperatives; anchored on RISQ's record of over 85% "
                    "of capital recovered in Quebec 1998-2014 (domain brief), lower for young, "
                    "weakly capitalised borrowers; no Moroccan SSE fund record found",
                    low=0.4,
                    high=0.9,
                ),
            ),
            "repayment_years": Parameter(
                3.0,
                provenance=Assumption("loan term in years", low=1.0, high=5.0),
            ),
            "admin_rate": Parameter(
                0.05,
                provenance=Assumption(
                    "running cost of the fund per year, as a share of its outstanding loans "
                    "(appraisal, follow-up, collection); no fund record found",
                    low=0.02,
                    high=0.15,
                ),
            ),
        },
        description=(
            "loans repaid over the term and re-lent; borrowers repay less when their financing "
            "capacity is weak, and what borrowers that exit owe is lost"
        ),
        provenance=_RISQ,
    ),
    Instrument(
        id="pole-platform",
        name="pole platform: cooperation around the pole's lead actor",
        lever=Lever.TIES,
        target=Selector(kinds=TARGETS, in_pole=True),
        hub="@anchor",
        params={
            "tie_intensity": Parameter(
                0.4,
                provenance=Assumption(
                    "intensity of a platform tie at full strength; the SGMAP evaluation of the "
                    "first PTCEs found a 'low degree of cooperation'",
                    low=0.2,
                    high=0.8,
                ),
            ),
            "tie_cost": Parameter(
                20_000.0,
                provenance=Assumption(
                    "spend per tied actor at which platform ties reach 1 - 1/e of their "
                    "strength (animation, meetings, joint projects); a PTCE laureate received "
                    "EUR 100k over 2 years for a few dozen members (avise.org)",
                    low=5_000.0,
                    high=60_000.0,
                ),
            ),
        },
        description=(
            "a territorial cooperation platform: members tied to the pole's lead actor, "
            "learning from it; raises the pole's cohesion"
        ),
        provenance=_PTCE,
    ),
    Instrument(
        id="federation",
        name="second-tier structures (federations) pooling services",
        lever=Lever.POOLING,
        target=Selector(kinds=(ActorKind.COOPERATIVE,)),
        params={
            "rivalry": Parameter(
                0.5,
                provenance=Assumption(
                    "how much of a pooled service each member uses up (1: none is shared, no "
                    "economies of scale; 0: every member uses all of it); no estimate found",
                    low=0.3,
                    high=0.9,
                ),
            )
        },
        description=(
            "one second-tier structure per value chain (a union or federation of "
            "cooperatives: collective marketing, purchasing, processing): its services raise "
            "members' networking with economies of scale"
        ),
        provenance=_REFAM,
    ),
    Instrument(
        id="social-protection",
        name="members' social-protection enrolment",
        lever=Lever.SOCIAL_PROTECTION,
        target=Selector(kinds=TARGETS),
        description="information, registration and first contributions (AMO, law 09-21)",
        provenance=_REFAM,
    ),
    Instrument(
        id="incubation",
        name="support to new SSE projects (incubation, pre-start)",
        lever=Lever.INCUBATION,
        target=Selector(kinds=TARGETS),
        description=(
            "creation support for new cooperatives and enterprises of the targets' kind and "
            "value chain: the article's 'support to SSE projects', RISQ's pre-start funds"
        ),
        provenance=_ARTICLE,
    ),
)
"""The default lever menu (see the module docstring)."""


def instrument(instrument_id: str, menu: tuple[Instrument, ...] = MENU) -> Instrument:
    """The instrument of ``menu`` with this id.

    Examples
    --------
    >>> instrument("incubation").lever
    <Lever.INCUBATION: 'incubation'>
    >>> instrument("nope")
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: instrument: unknown instrument 'nope' (known: ...)
    """
    for item in menu:
        if item.id == instrument_id:
            return item
    raise ModelError.at(
        "instrument",
        f"unknown instrument {instrument_id!r} (known: {', '.join(i.id for i in menu)})",
    )
