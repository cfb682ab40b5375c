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

from typing import Any

import attrs

from ._checks import number, text, to_float
from .provenance import Assumption, Provenance, Source
from .territory import provenance_field

__all__ = ["DEFAULT_PARAMETERS", "PARAMETER_DOCS", "Parameter"]


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
        "annual exit hazard of a well-supported cooperative; derived [D] from CQCM 2022 "
        "10-year survival of Quebec cooperatives (44.4%), range 6-10% per the " + _BRIEF,
        0.06,
        0.10,
    ),
    "hazard_weak": _a(
        0.15,
        "1/year",
        "annual exit hazard of a weakly supported actor; derived [D] from survival of all Quebec "
        "firms (CQCM 2022), range 13-19% per the " + _BRIEF,
        0.13,
        0.19,
    ),
    "hazard_grace_years": _a(
        0.0,
        "year",
        "years from the study start during which a cohort of newly created actors has no "
        "baseline exits (start-up endowment; 'liability of adolescence', Bruederl & Schuessler "
        "1990). 0 for established actors; about 0.9 reproduces the year-1 survival (98.8%) of "
        "Quebec cooperatives, CQCM 2022 (see ssestrategy.simulation.calibrate)",
        0.0,
        1.5,
    ),
    "hazard_decline": _a(
        0.0,
        "1/year",
        "rate at which the baseline exit hazard of a cohort falls with age after the grace "
        "period ('liability of newness', Stinchcombe 1965; Freeman, Carroll & Hannan 1983). "
        "0 for established actors; about 0.07 reproduces the 5-to-10-year survival of Quebec "
        "cooperatives, CQCM 2022",
        0.0,
        0.15,
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
        "annual spend per actor at which returns reach 1-1/e of their ceiling; order of a "
        "PTCE-scale grant shared among members, no direct estimate found",
        5_000.0,
        80_000.0,
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
