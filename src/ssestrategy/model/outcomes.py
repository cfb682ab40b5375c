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
        "expected number of active target actors (cooperatives, enterprises, artisans; each "
        "unit of a grouped record counts), the existing ones and the entrants",
    ),
    OutcomeInfo(
        "survival",
        "share",
        True,
        "share of the target actors active at the start that are still active (entrants excluded)",
    ),
    OutcomeInfo("jobs", "people", True, "members and workers of active target actors"),
    OutcomeInfo(
        "entrants",
        "actors",
        True,
        "new target actors created since the start (cumulative, before any of them exits)",
    ),
    OutcomeInfo(
        "jobs_created",
        "people",
        True,
        "members of the new target actors created since the start (cumulative gross creation)",
    ),
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
    OutcomeInfo("spend", "MAD", False, "cumulative public spend disbursed since the start"),
    OutcomeInfo(
        "money_to_actors",
        "MAD",
        True,
        "cumulative money reaching actors: grants, loans (public money and re-lent repayments, "
        "net of a fund's running costs) and support spend",
    ),
    OutcomeInfo(
        "leverage",
        "ratio",
        True,
        "money reaching actors per dirham of public spend (above 1 only when a revolving fund "
        "re-lends repayments)",
    ),
    OutcomeInfo("peak_annual_spend", "MAD/year", False, "largest spend over any year so far"),
    OutcomeInfo("women_share", "share", True, "share of women among the members of active actors"),
    OutcomeInfo(
        "rural_share", "share", True, "share of the jobs of active actors in rural communes"
    ),
    OutcomeInfo(
        "women_spend_share",
        "share",
        True,
        "share of the cumulative spend reaching target actors that reaches women-led ones",
    ),
    OutcomeInfo(
        "rural_spend_share",
        "share",
        True,
        "share of the cumulative spend reaching target actors that reaches rural ones",
    ),
]

OUTCOMES: dict[str, OutcomeInfo] = {o.name: o for o in _LIST}
"""Every outcome, in report order."""
