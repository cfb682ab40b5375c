"""Named scalar parameters with provenance, and the simulation model's defaults.

A :class:`Parameter` is a number with its provenance. :data:`DEFAULT_PARAMETERS` lists every
parameter of the simulation model (``docs/model.md`` gives each equation) with its default and
where that default comes from: a source, or an explicit assumption with a plausible range —
assumptions are what sensitivity analysis varies by default.

Examples
--------
>>> p = DEFAULT_PARAMETERS["hazard_supported"]
>>> p.value, p.provenance.low, p.provenance.high
(0.08, 0.06, 0.1)
>>> Parameter(value=0.2).provenance is None
True
"""

from __future__ import annotations

import math
from typing import Any

import attrs

from ._checks import number, text, to_float
from .provenance import Assumption, Provenance, Source, provenance_field

__all__ = [
    "DEFAULT_PARAMETERS",
    "PARAMETER_DOCS",
    "PARAMETER_DOMAINS",
    "Parameter",
    "parameter_problem",
]


@attrs.frozen
class Parameter:
    """A scalar with its provenance and unit.

    Parameters
    ----------
    value : float
    unit : str
    provenance : Source or Assumption or None
    """

    value: float = attrs.field(converter=to_float, validator=number())
    unit: str = attrs.field(default="", validator=text(nonempty=False))
    provenance: Provenance | None = provenance_field()


_BRIEF = "domain brief (shared/mission/domain-brief.md)"


def _a(value: float, unit: str, note: str, low: float, high: float) -> Parameter:
    return Parameter(value, unit, provenance=Assumption(note, low=low, high=high))


DEFAULT_PARAMETERS: dict[str, Parameter] = {
    # --- survival -------------------------------------------------------------------------
    "hazard_supported": _a(
        0.08,
        "1/year",
        "annual exit hazard of a fully successful actor just after its grace period (the age "
        "profile lowers it with age); derived [D] from CQCM 2022 10-year survival of Quebec "
        "cooperatives (44.4%), range 6-10% per the " + _BRIEF + "; the Quebec fit gives 0.078",
        0.06,
        0.10,
    ),
    "hazard_weak": _a(
        0.15,
        "1/year",
        "annual exit hazard of an actor with no success just after its grace period (the age "
        "profile lowers it with age); derived [D] from survival of all Quebec firms (CQCM 2022), "
        "range 13-19% per the " + _BRIEF + "; the Quebec fit gives 0.135",
        0.13,
        0.19,
    ),
    "hazard_grace_years": _a(
        0.9,
        "year",
        "years after its creation during which a new actor has no baseline exits (start-up "
        "endowment; 'liability of adolescence', Bruederl & Schuessler 1990); about 0.9 "
        "reproduces the year-1 survival (98.8%) of Quebec cooperatives created 2002-2015, CQCM "
        "2022 (ssestrategy.simulation.calibrate, docs/model.md); applies to every actor by its "
        "age (established actors are past it)",
        0.0,
        1.5,
    ),
    "hazard_decline": _a(
        0.07,
        "1/year",
        "rate at which the baseline exit hazard falls with age after the grace period "
        "('liability of newness', Stinchcombe 1965; Freeman, Carroll & Hannan 1983); about 0.07 "
        "reproduces the 5-to-10-year survival of Quebec cooperatives, CQCM 2022",
        0.0,
        0.15,
    ),
    "established_age": _a(
        4.0,
        "year",
        "mean age of the territory's existing actors at the study start (their hazard follows "
        "the age profile from this age); derived [D]: Morocco's cooperative register grew about "
        "15% a year over 2013-2024 (ODCO: 11,354 mid-2013, 60,939 Dec 2024), so an active "
        "cooperative is typically 1 / (growth + exit hazard), about 4 years old",
        2.0,
        10.0,
    ),
    "inactive_share": _a(
        0.5,
        "share",
        "share of registered cooperatives that are inactive or non-compliant at any time: an "
        "actor of status 'registered' is active at the start with probability 1 - this share, "
        "and register counts are active counts / (1 - this share); about half had complied "
        "with law 112-12 in 2019, a third in 2018 (domain brief, section 1)",
        0.3,
        0.7,
    ),
    # --- entry ----------------------------------------------------------------------------
    "entry_rate": _a(
        0.075,
        "1/year",
        "annual creation of new actors per active actor of the same kind and value chain, at "
        "zero pole success (entry grows with the size of the sector, Geroski 1995). "
        "Calibrated (ssestrategy.simulation.calibrate_series): 0.075 keeps Tiznit's SSE jobs on "
        "the census trend of its cooperators (about 681 in 2014, 722 in 2024 [D], +6% in ten "
        "years) under the status quo; 0.20, the top of the range, reproduces the national ODCO "
        "register of 2013-2024 (11,354 to 60,939 cooperatives) on a synthetic national sector; "
        "the bottom, 0.03, is a shrinking sector",
        0.03,
        0.2,
    ),
    "entry_success_effect": _a(
        1.0,
        "",
        "relative increase of creation at full pole success (creation x (1 + effect x pole "
        "success)): successful poles attract projects (demonstration effects); no estimate "
        "found",
        0.0,
        2.0,
    ),
    "entrant_capacity": _a(
        0.8,
        "share",
        "capacities of a new actor relative to the initial mean of its kind and value chain "
        "(new organisations start weaker: 'liability of newness'); no estimate found",
        0.5,
        1.0,
    ),
    "incubation_cost": _a(
        40_000.0,
        "MAD/job",
        "support spend per job created in new actors by an incubation (project-support) "
        "lever, net of projects that would have started anyway (a 12-member cooperative costs "
        "12 times a one-person workshop); RISQ's pre-start support runs from CAD 1k "
        "technical-aid advances to CAD 100k (Fonds Emergence) per project, domain brief "
        "section 3; no Moroccan cost-per-job estimate found",
        15_000.0,
        120_000.0,
    ),
    # --- capacity dynamics ---------------------------------------------------------------
    "max_gain": _a(
        0.5,
        "1/year",
        "largest share of an actor's capacity gap that saturating spend can close in a year; "
        "no SSE estimate found",
        0.2,
        0.8,
    ),
    "half_saturation": _a(
        20_000.0,
        "MAD/actor/year",
        "annual spend per unit, for an organisation of reference_members members, at which "
        "returns reach 1-1/e of their ceiling; order of a PTCE-scale grant shared among "
        "members, no direct estimate found",
        5_000.0,
        80_000.0,
    ),
    "size_elasticity": _a(
        0.5,
        "",
        "how the spend an organisation needs grows with its size: the spend per unit is "
        "scaled by (reference_members / members) ** size_elasticity before it saturates, so 0 "
        "means a solo artisan and a 12-member cooperative need the same money to progress, and "
        "1 that they need money in proportion to their members. Training a board is a fixed "
        "cost, working capital scales with members; no estimate found",
        0.0,
        1.0,
    ),
    "reference_members": Parameter(
        12.5,
        "members",
        provenance=Source(
            "members per unit of the organisation half_saturation refers to: the average "
            "Moroccan cooperative, 764,000 members / 60,939 cooperatives in Dec 2024 (le12.ma, "
            "domain brief)",
            label="derived",
        ),
    ),
    "learning_rate": _a(
        0.2,
        "1/year",
        "rate at which an actor closes the gap to its better-endowed partners (peer learning); "
        "no SSE-specific network-effect estimate found (brief, section 4)",
        0.05,
        0.4,
    ),
    "depreciation": _a(
        0.05,
        "1/year",
        "annual decay of capacities without upkeep; no estimate found",
        0.02,
        0.10,
    ),
    "repayment_capacity": _a(
        0.3,
        "",
        "financing capacity at which a borrower of a revolving fund repays what falls due in "
        "full; below it repayments fall in proportion (cash-flow constraint) and the shortfall "
        "is written off; no estimate found",
        0.1,
        0.6,
    ),
    # --- pole success --------------------------------------------------------------------
    "ces_rho": _a(
        -4.0,
        "",
        "CES exponent combining the four factors into pole success; negative = complements "
        "(all four needed, -inf = weakest link); GECES/SGMAP findings support strong "
        "complementarity, not its size",
        -10.0,
        -1.0,
    ),
    "pole_weight": _a(
        0.6,
        "",
        "weight of the actor's pole success (vs its own capacities) in its success; assumption",
        0.3,
        0.9,
    ),
    "cohesion_scale": _a(
        1.0,
        "",
        "mean internal tie strength per member at which a pole's cohesion reaches 1-1/e; "
        "assumption",
        0.5,
        3.0,
    ),
    # --- outcomes -------------------------------------------------------------------------
    "income_per_member": _a(
        24_000.0,
        "MAD/year",
        "baseline annual SSE income per member at zero success; order of magnitude of a "
        "part-time rural income, assumption",
        12_000.0,
        48_000.0,
    ),
    "income_gain": _a(
        1.0,
        "",
        "relative income gain per member at full success (income = base x (1 + gain x success))",
        0.3,
        2.0,
    ),
    "social_protection_initial": _a(
        0.3,
        "share",
        "share of SSE members covered by social protection at the start; AMO generalisation "
        "under framework law 09-21 began 2021, no SSE-specific coverage figure found",
        0.1,
        0.6,
    ),
    "social_protection_trend": _a(
        0.1,
        "1/year",
        "annual rate at which uncovered members enrol without a targeted lever "
        "(law 09-21 roll-out)",
        0.03,
        0.25,
    ),
    "enrolment_cost": _a(
        1_500.0,
        "MAD/member",
        "support spend needed to enrol one member (information, registration, first "
        "contributions); assumption",
        500.0,
        5_000.0,
    ),
    # --- scenario-level disturbances (uncertainties usually sample these) ----------------
    "spend_efficiency": _a(
        1.0, "", "multiplier on the effect of spend (implementation quality)", 0.5, 1.5
    ),
    "funding_delay": _a(0.0, "year", "delay before external funding starts to flow", 0.0, 1.5),
    "funding_shortfall": _a(
        0.0, "share", "share of announced funding that never arrives", 0.0, 0.4
    ),
}
"""Every simulation parameter with its default and provenance (see ``docs/model.md``)."""

PARAMETER_DOMAINS: dict[str, tuple[float, float, bool]] = {
    "hazard_supported": (0.0, math.inf, False),
    "hazard_weak": (0.0, math.inf, False),
    "hazard_grace_years": (0.0, math.inf, False),
    "hazard_decline": (0.0, math.inf, False),
    "established_age": (0.0, math.inf, False),
    "inactive_share": (0.0, 1.0, False),
    "entry_rate": (0.0, 1.0, False),
    "entry_success_effect": (0.0, 5.0, False),
    "entrant_capacity": (0.0, 1.0, False),
    "incubation_cost": (0.0, math.inf, True),
    "max_gain": (0.0, math.inf, False),
    "half_saturation": (0.0, math.inf, True),
    "size_elasticity": (0.0, 1.0, False),
    "reference_members": (0.0, math.inf, True),
    "learning_rate": (0.0, math.inf, False),
    "depreciation": (0.0, math.inf, False),
    "repayment_capacity": (0.0, math.inf, True),
    "ces_rho": (-math.inf, 0.0, True),
    "pole_weight": (0.0, 1.0, False),
    "cohesion_scale": (0.0, math.inf, True),
    "income_per_member": (0.0, math.inf, False),
    "income_gain": (0.0, math.inf, False),
    "social_protection_initial": (0.0, 1.0, False),
    "social_protection_trend": (0.0, math.inf, False),
    "enrolment_cost": (0.0, math.inf, True),
    "spend_efficiency": (0.0, math.inf, False),
    "funding_delay": (0.0, math.inf, False),
    "funding_shortfall": (0.0, 1.0, False),
}
"""``(low, high, open)`` domain of each parameter: within it every output of the model is
finite. ``open`` excludes the finite bound that must be excluded: the positive scales
(``half_saturation``, ``cohesion_scale``, ``enrolment_cost``, ``incubation_cost``,
``repayment_capacity``, ``reference_members``) must be > 0 and ``ces_rho`` < 0. The creation
rate is bounded (at most 1 a year, five times the national boom's 0.2, with a pull of at most
6x from pole success) so that counts, which grow at most like ``exp(6 t)``, stay finite over a
century."""


def parameter_problem(name: str, low: float, high: float) -> str | None:
    """Why values from ``low`` to ``high`` leave the domain of parameter ``name``
    (:data:`PARAMETER_DOMAINS`), or None when they stay in it.

    Examples
    --------
    >>> parameter_problem("pole_weight", 0.2, 1.5)
    'pole_weight must be <= 1 (got 1.5)'
    >>> parameter_problem("ces_rho", -3.0, -1.0) is None
    True
    """
    lo, hi, open_ = PARAMETER_DOMAINS[name]
    if not (math.isfinite(low) and math.isfinite(high)):
        return f"{name} must be finite (got {low:g} to {high:g})"
    if name == "ces_rho":
        return None if high < 0.0 else f"ces_rho must be negative (got up to {high:g})"
    if low < lo or (open_ and low <= lo):
        return f"{name} must be {'>' if open_ else '>='} {lo:g} (got {low:g})"
    if high > hi:
        return f"{name} must be <= {hi:g} (got {high:g})"
    return None


PARAMETER_DOCS: dict[str, str] = {
    name: p.provenance.note
    if isinstance(p.provenance, Assumption)
    else (p.provenance.citation if isinstance(p.provenance, Source) else "")
    for name, p in DEFAULT_PARAMETERS.items()
}
"""One-line description of each parameter."""


def merge_parameters(overrides: Any) -> dict[str, Parameter]:
    """Converter: defaults updated with ``overrides`` (names are checked by the Case)."""
    merged = dict(DEFAULT_PARAMETERS)
    if isinstance(overrides, dict):
        merged.update(overrides)
        return merged
    return overrides  # type: ignore[no-any-return]
