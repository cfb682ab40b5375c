"""Which levers two strategies differ on, and which outcomes those levers drive.

:func:`design_differences` compares two strategies lever by lever (budget, hubs, mechanism
parameters); :data:`OUTCOME_LEVERS` says which levers move which outcome, so that a lead can
name the criteria only one of the two strategies has a lever for.

Examples
--------
>>> from ssestrategy.model.templates import canadian_agency, french_agency
>>> d = design_differences(french_agency(budget=1e6), canadian_agency(budget=1e6))
>>> sorted(OUTCOME_LEVERS)[:2]
['active_actors', 'capacity']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ..errors import ModelError
from ..i18n.messages import Message, Num, join, msg
from ..model import FACTORS, LEVER_PARAMETERS, OUTCOMES, Criterion, Lever, Strategy

__all__ = [
    "OUTCOME_LEVERS",
    "DesignDifference",
    "ParameterDifference",
    "design_differences",
    "exclusive_levers",
]

_CAPACITY = tuple(lever for lever in Lever if lever.factor is not None)
_GROWTH = (*_CAPACITY, Lever.TIES)


def _outcome_levers() -> dict[str, tuple[Lever, ...]]:
    growth_and_entry = (*_GROWTH, Lever.INCUBATION)
    table: dict[str, tuple[Lever, ...]] = {
        # capacities raise success, which lowers the hazard of closing (and, through pole
        # success, raises creation); incubation creates actors: the counts follow both
        **{
            name: growth_and_entry
            for name in (
                "active_actors",
                "jobs",
                "entrants",
                "jobs_created",
                "income",
                "women_share",
                "rural_share",
            )
        },
        # the initial actors' survival and the poles follow the capacity levers and ties
        **{name: _GROWTH for name in ("survival", "pole_success", "capacity")},
        # one capacity: its own lever(s), and ties (peer learning over the tie matrix)
        **{
            f"capacity_{factor.value}": (
                *(lever for lever in _CAPACITY if lever.factor is factor),
                Lever.TIES,
            )
            for factor in FACTORS
        },
        "social_protection": (Lever.SOCIAL_PROTECTION,),
        "social_protection_share": (Lever.SOCIAL_PROTECTION,),
        # re-lent repayments: only a revolving fund (a financing lever) lends more than it got
        "leverage": (Lever.FINANCING,),
        # every lever spends
        **{
            name: tuple(Lever)
            for name in (
                "spend",
                "money_to_actors",
                "peak_annual_spend",
                "women_spend_share",
                "rural_spend_share",
            )
        },
    }
    return {name: table[name] for name in OUTCOMES if name in table}


OUTCOME_LEVERS: Mapping[str, tuple[Lever, ...]] = _outcome_levers()
"""Outcome -> the levers that move it in the simulation model (``docs/model.md``).

- ``social_protection``, ``social_protection_share`` <- ``social_protection`` (enrolment is
  paid by that lever only; the trend enrolment is the same for every strategy);
- ``capacity_<factor>`` <- that factor's capacity levers (``pooling`` raises networking) and
  ``ties`` (peer learning);
- ``survival``, ``pole_success``, ``capacity`` <- the capacity levers and ``ties``;
- the counts and what follows them (``active_actors``, ``jobs``, ``entrants``,
  ``jobs_created``, ``income``, ``women_share``, ``rural_share``) <- the same and
  ``incubation``;
- ``leverage`` <- ``financing`` (a revolving fund re-lends repayments);
- spend outcomes (``spend``, ``money_to_actors``, ``peak_annual_spend``,
  ``women_spend_share``, ``rural_spend_share``) <- every lever.

:func:`lead` names a criterion "which only A has a lever for" when A uses one of its outcome's
levers and B uses none. **Extend this table when a lever or an outcome is added** (a test
checks that every outcome has an entry and every lever drives some outcome).
"""


@attrs.frozen
class ParameterDifference:
    """A lever setting (a hub or a mechanism parameter) that two strategies set differently.

    Attributes
    ----------
    lever : str
    name : str
        ``"hub"`` or a mechanism parameter (:data:`~ssestrategy.model.LEVER_PARAMETERS`).
    a, b : tuple
        The distinct values each strategy uses on that lever (defaults included), sorted.

    Examples
    --------
    >>> p = ParameterDifference(lever="financing", name="recovery_rate", a=(0.85,), b=(0.0,))
    >>> p.describe("canadian-agency", "french-agency")
    'financing recovery_rate 0.85 (canadian-agency) vs 0 (french-agency)'
    """

    lever: str
    name: str
    a: tuple[Any, ...]
    b: tuple[Any, ...]

    def describe(self, a: str, b: str) -> str:
        """Plain words, e.g. ``financing recovery_rate 0.85 (A) vs 0 (B)``."""

        def fmt(vals: tuple[Any, ...]) -> str:
            return ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in vals) or "-"

        return f"{self.lever} {self.name} {fmt(self.a)} ({a}) vs {fmt(self.b)} ({b})"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"lever": self.lever, "name": self.name, "a": list(self.a), "b": list(self.b)}


@attrs.frozen(eq=False)
class DesignDifference:
    """How two strategies' designs differ: levers, budget by lever, lever settings.

    Attributes
    ----------
    a, b : str
        Strategy ids.
    only_a, only_b : tuple of str
        Levers one strategy uses and the other does not (in :class:`~ssestrategy.model.Lever`
        order).
    budget : dict of str to (float, float)
        Lever -> total budget (MAD, budget x duration summed over its interventions) of ``a``
        and of ``b``, for every lever either uses.
    parameters : tuple of ParameterDifference
        Hubs and mechanism parameters set differently on a lever both use.
    instruments : dict of str to (float, float)
        Lever-menu instrument (:data:`~ssestrategy.model.MENU`; the lever for an intervention
        bought outside the menu) -> total budget of ``a`` and of ``b``, for every instrument
        either uses.

    Examples
    --------
    >>> from ssestrategy.model import Intervention, Strategy
    >>> x = Strategy(id="x", name="X", interventions=(
    ...     Intervention(name="fund", lever="financing", budget=100.0, duration=2.0,
    ...                  params={"recovery_rate": 0.5}),
    ...     Intervention(name="cover", lever="social_protection", budget=50.0)))
    >>> y = Strategy(id="y", name="Y", interventions=(
    ...     Intervention(name="grants", lever="financing", budget=250.0),))
    >>> d = design_differences(x, y)
    >>> d.only_a, d.only_b, d.budget["financing"]
    (('social_protection',), (), (200.0, 250.0))
    >>> print(d.describe())
    only x uses social_protection (50 MAD); financing recovery_rate 0.5 (x) vs 0 (y)
    """

    a: str
    b: str
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    budget: dict[str, tuple[float, float]]
    parameters: tuple[ParameterDifference, ...]
    instruments: dict[str, tuple[float, float]] = attrs.field(factory=dict)

    def only(self, strategy: str) -> tuple[str, ...]:
        """The instruments only ``strategy`` (``a`` or ``b``) buys.

        Examples
        --------
        >>> from ssestrategy.model.templates import canadian_agency, french_agency
        >>> design_differences(canadian_agency(), french_agency()).only("french-agency")
        ('institutional-support', 'pole-platform', 'grants')
        """
        k = 0 if strategy == self.a else 1
        if strategy not in (self.a, self.b):
            raise ModelError.at("strategy", f"expected {self.a!r} or {self.b!r}, got {strategy!r}")
        return tuple(name for name, v in self.instruments.items() if v[k] > 0 and v[1 - k] == 0)

    def summary(self) -> str:
        """One sentence: the instruments only one strategy buys, with their budgets.

        Examples
        --------
        >>> from ssestrategy.model.templates import canadian_agency, national_2010_2020
        >>> import textwrap
        >>> text = design_differences(canadian_agency(), national_2010_2020()).summary()
        >>> print(textwrap.fill(text, 90))
        only canadian-agency buys federation (MAD 3.0M), revolving-fund (MAD 4.0M), social-
        protection (MAD 2.0M); only national-2010-2020 buys institutional-support (MAD 5.0M),
        pole-platform (MAD 2.0M)
        """
        return self.summary_message().render()

    def summary_message(self) -> Message:
        """:meth:`summary` as a message, to render in any language."""
        parts = []
        for sid in (self.a, self.b):
            k = 0 if sid == self.a else 1
            names = self.only(sid)
            if names:
                items = join(
                    msg(
                        "{instrument} (MAD {millions}M)",
                        instrument=n,
                        millions=Num(self.instruments[n][k] / 1e6, ".1f"),
                    )
                    for n in names
                )
                parts.append(
                    msg("only {strategy} buys {instruments}", strategy=sid, instruments=items)
                )
        if not parts:
            return msg("they buy the same instruments")
        return Message("{parts}", (("parts", join(parts, "semicolon")),))

    def uses(self, strategy: str, lever: str) -> bool:
        """Whether ``strategy`` (``a`` or ``b``) uses ``lever``."""
        if strategy not in (self.a, self.b):
            raise ModelError.at("strategy", f"expected {self.a!r} or {self.b!r}, got {strategy!r}")
        spent = self.budget.get(lever)
        if spent is None:
            return False
        return lever not in (self.only_b if strategy == self.a else self.only_a)

    def describe(self) -> str:
        """Plain words: levers only one strategy uses, then differing settings."""
        parts = [
            f"only {s} uses {lever} ({self.budget[lever][k]:,.0f} MAD)"
            for s, k, levers in ((self.a, 0, self.only_a), (self.b, 1, self.only_b))
            for lever in levers
        ]
        parts += [p.describe(self.a, self.b) for p in self.parameters]
        return "; ".join(parts) or "the same levers and settings"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "only_a": list(self.only_a),
            "only_b": list(self.only_b),
            "instruments": {k: {self.a: v[0], self.b: v[1]} for k, v in self.instruments.items()},
            "budget": {k: {self.a: v[0], self.b: v[1]} for k, v in self.budget.items()},
            "parameters": [p.to_dict() for p in self.parameters],
        }


def _lever_settings(strategy: Strategy) -> dict[Lever, dict[str, set[Any]]]:
    """Per lever used: its hubs and every mechanism parameter's distinct values."""
    out: dict[Lever, dict[str, set[Any]]] = {}
    for iv in strategy.interventions:
        s = out.setdefault(iv.lever, {"hub": set()})
        if iv.hub is not None:
            s["hub"].add(iv.hub)
        for name in (*LEVER_PARAMETERS.get(iv.lever, {}), *iv.params):
            s.setdefault(name, set()).add(float(iv.param(name)))
    return out


def _budget_by_lever(strategy: Strategy) -> dict[Lever, float]:
    out: dict[Lever, float] = {}
    for iv in strategy.interventions:
        out[iv.lever] = out.get(iv.lever, 0.0) + iv.budget * iv.duration
    return out


def _budget_by_instrument(strategy: Strategy) -> dict[str, float]:
    out: dict[str, float] = {}
    for iv in strategy.interventions:
        key = iv.instrument or iv.lever.value
        out[key] = out.get(key, 0.0) + iv.budget * iv.duration
    return out


def design_differences(a: Strategy, b: Strategy) -> DesignDifference:
    """Compare two strategies' designs lever by lever.

    Generic over :class:`~ssestrategy.model.Lever` members and each intervention's hub and
    mechanism parameters (:data:`~ssestrategy.model.LEVER_PARAMETERS`, defaults included), so a
    new lever or parameter is covered without change here.

    Parameters
    ----------
    a, b : Strategy

    Returns
    -------
    DesignDifference

    Examples
    --------
    >>> from ssestrategy.model.templates import canadian_agency, french_agency
    >>> d = design_differences(canadian_agency(), french_agency())
    >>> d.only_a, d.only_b
    (('networking', 'social_protection', 'incubation'), ('ties',))
    >>> [(p.lever, p.name) for p in d.parameters]
    [('financing', 'recovery_rate')]
    >>> d.only("canadian-agency")  # by lever-menu instrument
    ('revolving-fund', 'incubation', 'social-protection', 'market-access')
    """
    for name, s in (("a", a), ("b", b)):
        if not isinstance(s, Strategy):
            raise ModelError.at(name, f"expected a Strategy, got {type(s).__name__}")
    sa, sb = _lever_settings(a), _lever_settings(b)
    ba, bb = _budget_by_lever(a), _budget_by_lever(b)
    ia, ib = _budget_by_instrument(a), _budget_by_instrument(b)
    used = [lever for lever in Lever if lever in sa or lever in sb]
    params: list[ParameterDifference] = []
    for lever in used:
        if lever not in sa or lever not in sb:
            continue
        names = sorted(set(sa[lever]) | set(sb[lever]), key=_setting_order)
        for name in names:
            va, vb = sa[lever].get(name, set()), sb[lever].get(name, set())
            if va != vb:
                params.append(
                    ParameterDifference(
                        lever=lever.value,
                        name=name,
                        a=tuple(sorted(va)),
                        b=tuple(sorted(vb)),
                    )
                )
    return DesignDifference(
        a=a.id,
        b=b.id,
        only_a=tuple(lever.value for lever in used if lever not in sb),
        only_b=tuple(lever.value for lever in used if lever not in sa),
        budget={lever.value: (ba.get(lever, 0.0), bb.get(lever, 0.0)) for lever in used},
        parameters=tuple(params),
        instruments={
            k: (ia.get(k, 0.0), ib.get(k, 0.0)) for k in (*ia, *(k for k in ib if k not in ia))
        },
    )


def _setting_order(name: str) -> tuple[int, str]:
    return (0 if name == "hub" else 1, name)


def exclusive_levers(
    criteria: Sequence[Criterion], design: DesignDifference | None, a: str, b: str
) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The criteria whose outcome is driven by levers only one of two strategies uses: (criterion
    label, that strategy, its levers) for each.

    Examples
    --------
    >>> from ssestrategy.model import Criterion
    >>> from ssestrategy.model.templates import canadian_agency, status_quo
    >>> a, b = canadian_agency(budget=1e6), status_quo()
    >>> crit = [Criterion(outcome="social_protection")]
    >>> exclusive_levers(crit, design_differences(a, b), a.id, b.id)
    (('social_protection (mean)', 'canadian-agency', ('social_protection',)),)
    """
    exclusive: list[tuple[str, str, tuple[str, ...]]] = []
    if design is None:
        return ()
    for c in criteria:
        drivers = [lever.value for lever in OUTCOME_LEVERS.get(c.outcome, ())]
        in_a = tuple(lv for lv in drivers if design.uses(a, lv))
        in_b = tuple(lv for lv in drivers if design.uses(b, lv))
        if in_a and not in_b:
            exclusive.append((c.label, a, in_a))
        elif in_b and not in_a:
            exclusive.append((c.label, b, in_b))
    return tuple(exclusive)
