"""The findings of a diagnosis: assets, opportunities and weaknesses, each derived from a
number computed by :func:`~ssestrategy.diagnosis.diagnose` and citing it, with the provenance
of the records it rests on (the rules are listed in ``docs/diagnosis.md``).

Examples
--------
>>> f = Finding("weakness", "Financing is the weakest factor in 6 of 7 poles.",
...             "capacities", sourced=0, assumed=420, unlabelled=0)
>>> f.basis
'assumed'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from ..i18n import N_
from ..i18n.messages import Message, Term, msg
from ..model.provenance import Assumption, Source
from ..model.territory import Territory

if TYPE_CHECKING:
    pass

__all__ = ["CATEGORIES", "MIN_CANDIDATE_SIZE", "Finding", "findings"]

#: Smallest community proposed as a candidate pole.
MIN_CANDIDATE_SIZE: Final = 3
#: Most items named in one sentence or listed per rule.
_MAX_ITEMS: Final = 5

CATEGORIES: Final = (
    ("Assets", "asset"),
    ("Opportunities", "opportunity"),
    ("Weaknesses", "weakness"),
)
"""The categories of findings, with their titles, in report order."""


# what a finding rests on: (on the capacities, on mixed data)
_LABELS: Final = {
    (True, False): N_("rests on {basis} data: the capacities of {n} records ({sourced} sourced)"),
    (True, True): N_(
        "rests on {basis} data: the capacities of {n} records ({sourced} sourced, {assumed} "
        "assumed)"
    ),
    (False, False): N_("rests on {basis} data: the {n} partnerships ({sourced} sourced)"),
    (False, True): N_(
        "rests on {basis} data: the {n} partnerships ({sourced} sourced, {assumed} assumed)"
    ),
}
# the kinds of data, as adjectives of "data"
_BASIS: Final = {
    "sourced": N_("sourced"),
    "assumed": N_("assumed"),
    "unlabelled": N_("unlabelled"),
    "mixed": N_("mixed"),
}


@attrs.frozen
class Finding:
    """A finding of the diagnosis with the provenance of the numbers it rests on.

    Attributes
    ----------
    category : str
        ``asset``, ``opportunity`` or ``weakness`` (the study day's "constraints"; the
        category was called ``constraint`` before).
    text : str
    rests_on : str
        ``capacities`` (the capacities of the poles' members) or ``ties`` (the
        partnerships).
    sourced, assumed, unlabelled : int
        How many of those records carry a source, an assumption, nothing.

    Examples
    --------
    >>> f = Finding("weakness", "Financing is the weakest factor in 6 of 7 poles.",
    ...             "capacities", sourced=0, assumed=420, unlabelled=0)
    >>> f.basis
    'assumed'
    >>> f.label()
    'rests on assumed data: the capacities of 420 records (0 sourced)'
    """

    category: str
    text: str
    rests_on: str
    sourced: int
    assumed: int
    unlabelled: int
    message: Message | None = attrs.field(default=None, kw_only=True)
    """The sentence as a message, to write it in any language (:meth:`render`); None for a
    finding made from a plain text (then :meth:`render` gives ``text`` whatever the language)."""

    def render(self, lang: str = "en") -> str:
        """The finding's sentence in ``lang`` (``en``, ``fr`` or ``ar``); names from the case
        are kept as they are.

        Examples
        --------
        >>> from ssestrategy.i18n.messages import Term, nmsg
        >>> m = nmsg("{factor} is the weakest factor in {n} of {poles} poles.",
        ...          "{factor} is the weakest factor in {n} of {poles} poles.", 7,
        ...          factor=Term("financing", capital=True), n=6, poles=7)
        >>> f = Finding("weakness", str(m), "capacities", 0, 420, 0, message=m)
        >>> f.render() == f.text
        True
        >>> f.render("fr")
        'Financement : facteur le plus faible dans 6 des 7 pôles.'
        """
        return self.text if self.message is None else self.message.render(lang)

    @property
    def basis(self) -> str:
        """``sourced``, ``assumed``, ``unlabelled`` (all records alike) or ``mixed``."""
        kinds = [k for k in ("sourced", "assumed", "unlabelled") if getattr(self, k)]
        return kinds[0] if len(kinds) == 1 else ("mixed" if kinds else "unlabelled")

    def label(self, lang: str = "en") -> str:
        """What the finding rests on, in words (in ``lang``)."""
        n = self.sourced + self.assumed + self.unlabelled
        text = _LABELS[(self.rests_on == "capacities", self.basis == "mixed")]
        basis = Term(_BASIS.get(self.basis, self.basis))
        return msg(text, basis=basis, n=n, sourced=self.sourced, assumed=self.assumed).render(lang)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "category": self.category,
            "text": self.text,
            "rests_on": self.rests_on,
            "basis": self.basis,
            "sourced": self.sourced,
            "assumed": self.assumed,
            "unlabelled": self.unlabelled,
        }


def _provenance_counts(records: Sequence[Any], default: Any) -> tuple[int, int, int]:
    sourced = assumed = unlabelled = 0
    for r in records:
        prov = r.provenance if r.provenance is not None else default
        if isinstance(prov, Source):
            sourced += 1
        elif isinstance(prov, Assumption):
            assumed += 1
        else:
            unlabelled += 1
    return sourced, assumed, unlabelled


def findings(
    t: Territory, tagged: Mapping[str, Sequence[tuple[Message | str, str]]]
) -> tuple[Finding, ...]:
    """The findings, tagged by category, with the provenance of the records each rests on."""
    in_pole = {m for pole in t.poles for m in pole.members}
    members = [a for a in t.actors if a.id in in_pole] or list(t.actors)
    basis = {
        "capacities": _provenance_counts(members, t.provenance),
        "ties": _provenance_counts(t.partnerships, t.provenance),
    }
    return tuple(
        Finding(
            category,
            str(text),
            on,
            *basis[on],
            message=text if isinstance(text, Message) else None,
        )
        for category, items in tagged.items()
        for text, on in items
    )


def _pct(x: float) -> str:
    return f"{100.0 * x:.0f}%"
