"""The words of the ranking's reports: the constraints cell of a strategy and the ordering
rule printed under the ranking table (labels translated by :mod:`ssestrategy.i18n`)."""

from __future__ import annotations

from ..i18n import translator
from ..i18n.messages import nmsg

__all__ = ["constraints_cell", "ordering_rule"]


def constraints_cell(violated: int, undecided: int, lang: str = "en") -> str:
    """The ranking table's word for a strategy's constraints: ``all met``, ``none violated,
    1 undecided`` or ``3 violated``.

    Examples
    --------
    >>> constraints_cell(0, 0), constraints_cell(0, 1), constraints_cell(3, 1)
    ('all met', 'none violated, 1 undecided', '3 violated')
    """
    if violated:
        return nmsg("{n} violated", "{n} violated", violated).render(lang)
    if undecided:
        return nmsg(
            "none violated, {n} undecided", "none violated, {n} undecided", undecided
        ).render(lang)
    return translator(lang)("all met")


def ordering_rule(lang: str = "en") -> str:
    """The sentence that says how the ranking orders strategies (printed under its table).

    Examples
    --------
    >>> ordering_rule().split(";")[0]
    'Order: strategies that violate no constraint first'
    """
    _ = translator(lang)
    return _(
        "Order: strategies that violate no constraint first; then the others, fewest violated "
        "constraints first; within each group, by the method's score (an undecided constraint "
        "does not count as violated)."
    )
