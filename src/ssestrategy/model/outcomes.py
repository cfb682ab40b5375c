"""The outcome indicators a simulation reports, by name.

Names are shared by the simulation (which computes them), constraints and criteria (which refer
to them) and the reports (which print them).

Examples
--------
>>> OUTCOMES["jobs"].unit
'people'
>>> "survival" in OUTCOMES
True
"""

from __future__ import annotations

import attrs

from .factors import FACTORS

__all__ = ["OUTCOMES", "OutcomeInfo"]


@attrs.frozen
class OutcomeInfo:
    """Name, unit, direction and meaning of an outcome indicator.

    Examples
    --------
    >>> info = OUTCOMES["survival"]
    >>> info.unit, info.higher_is_better
    ('share', True)
    >>> [name for name, o in OUTCOMES.items() if not o.higher_is_better]
    ['spend', 'peak_annual_spend']
    """

    name: str
    unit: str
    higher_is_better: bool
    description: str


_LIST = [
    OutcomeInfo(
        "active_actors",
        "actors",
        True,
        "expected number of target actors (cooperatives, enterprises, artisans) still active",
    ),
    OutcomeInfo("survival", "share", True, "share of the initial target actors still active"),
    OutcomeInfo("jobs", "people", True, "members and workers of active target actors"),
    OutcomeInfo(
        "social_protection",
        "people",
        True,
        "members of active target actors covered by social protection",
    ),
    OutcomeInfo(
        "social_protection_share",
        "share",
        True,
        "share of the members of active target actors covered by social protection",
    ),
    OutcomeInfo("income", "MAD/year", True, "annual SSE income of the members of active actors"),
    OutcomeInfo(
        "pole_success",
        "index",
        True,
        "mean success of the poles (CES of the four factor levels, in [0, 1])",
    ),
    OutcomeInfo("capacity", "index", True, "mean capacity of target actors over the four factors"),
    *[
        OutcomeInfo(
            f"capacity_{f.value}", "index", True, f"mean {f.value} capacity of target actors"
        )
        for f in FACTORS
    ],
    OutcomeInfo("spend", "MAD", False, "cumulative spend disbursed since the start"),
    OutcomeInfo("peak_annual_spend", "MAD/year", False, "largest spend over any year so far"),
    OutcomeInfo("women_share", "share", True, "share of women among the members of active actors"),
    OutcomeInfo(
        "rural_share", "share", True, "share of the jobs of active actors in rural communes"
    ),
    OutcomeInfo(
        "women_spend_share", "share", True, "share of cumulative spend reaching women-led actors"
    ),
    OutcomeInfo(
        "rural_spend_share", "share", True, "share of cumulative spend reaching rural actors"
    ),
]

OUTCOMES: dict[str, OutcomeInfo] = {o.name: o for o in _LIST}
"""Every outcome, in report order."""
