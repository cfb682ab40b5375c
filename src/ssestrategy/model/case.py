"""A :class:`Case`: everything a study needs, in one validated, immutable bundle.

Examples
--------
>>> from ssestrategy.model import Case, Territory
>>> case = Case(name="empty", territory=Territory(name="Nowhere"))
>>> case.horizon, case.periods_per_year, case.n_periods
(10.0, 4, 40)
>>> sorted(case.parameters)[:2]
['ces_rho', 'cohesion_scale']
>>> case.count_values()["unlabelled"]
0
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from .._html import table_html
from ..errors import ModelError, Problem
from ._checks import integer, number, text, to_float, to_tuple, tuple_of
from .design_spec import DesignSpec, design_problems
from .parameters import DEFAULT_PARAMETERS, Parameter, merge_parameters
from .provenance import Assumption, Provenance, Source
from .strategy import Strategy
from .targets import Constraint, Criteria, Foresight
from .territory import Territory
from .uncertainty import ScenarioSpace

__all__ = ["AssumptionRef", "Case", "ValueRef"]


@attrs.frozen
class ValueRef:
    """A number found in a case, with its path and (effective) provenance.

    Yielded by :meth:`Case.values`; the provenance is the record's own, else the nearest
    enclosing record's (None when unlabelled).

    Examples
    --------
    >>> from ssestrategy.model import Indicator, Source, Territory
    >>> hcp = Source("HCP, RGPH 2024", label="official")
    >>> t = Territory(name="T", indicators=[Indicator(name="population", value=198542,
    ...                                               year=2024, provenance=hcp)])
    >>> ref = next(Case(name="demo", territory=t).values())
    >>> ref.path, ref.value, ref.provenance.citation
    ('territory.indicators[0].value', 198542.0, 'HCP, RGPH 2024')
    """

    path: str
    value: float
    provenance: Provenance | None


@attrs.frozen
class AssumptionRef:
    """A number of a case labelled as an assumption.

    Returned by :meth:`Case.assumptions`; ``low`` and ``high`` give the plausible range that
    sensitivity analysis explores.

    Examples
    --------
    >>> from ssestrategy.model import Assumption, Parameter, Territory
    >>> guess = Assumption("no local data; a guess", low=0.1, high=0.3)
    >>> case = Case(name="demo", territory=Territory(name="T"),
    ...             parameters={"learning_rate": Parameter(0.2, provenance=guess)})
    >>> refs = {r.path: r for r in case.assumptions(with_range=True)}
    >>> ref = refs["parameters.learning_rate.value"]
    >>> ref.value, ref.low, ref.high
    (0.2, 0.1, 0.3)
    """

    path: str
    value: float
    assumption: Assumption

    @property
    def low(self) -> float | None:
        """Low end of the plausible range."""
        return self.assumption.low

    @property
    def high(self) -> float | None:
        """High end of the plausible range."""
        return self.assumption.high


def _check_parameters(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dict):
        raise ModelError.at(attribute.name, "expected a table of parameters")
    for k, v in value.items():
        if k not in DEFAULT_PARAMETERS:
            raise ModelError.at(
                f"{attribute.name}.{k}",
                f"unknown parameter (known: {', '.join(sorted(DEFAULT_PARAMETERS))})",
            )
        if not isinstance(v, Parameter):
            raise ModelError.at(f"{attribute.name}.{k}", "expected a parameter {value = ...}")


def _check_sources(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dict):
        raise ModelError.at(attribute.name, "expected a table of sources")
    for k, v in value.items():
        if not isinstance(v, Source | Assumption):
            raise ModelError.at(f"{attribute.name}.{k}", "expected a source or an assumption")


def _setting(**kwargs: Any) -> Any:
    """A study setting (not a data value: excluded from provenance counts)."""
    return attrs.field(metadata={"setting": True}, **kwargs)


@attrs.frozen(repr=False)
class Case:
    """A study: a territory, the horizon, model parameters, candidate strategies, the uncertain
    futures, the constraints and criteria to rank by, and foresight inputs.

    Parameters
    ----------
    name : str
    territory : Territory
    description : str
    horizon : float
        Years simulated (default 10).
    periods_per_year : int
        Time steps per year (default 4: quarters).
    parameters : dict of str to Parameter
        Simulation parameters; any not given take :data:`~ssestrategy.model.DEFAULT_PARAMETERS`.
    strategies : tuple of Strategy
    uncertainties : ScenarioSpace
    constraints : tuple of Constraint
    criteria : Criteria
    foresight : Foresight or None
    sources : dict of str to Source or Assumption
        Named provenance entries that records may refer to by key in case files.
    design : DesignSpec or None
        The design space a search explores (:meth:`ssestrategy.design.DesignSpace.of`);
        None: the lines of all the strategies, with the defaults.
    """

    name: str = attrs.field(validator=text())
    territory: Territory = attrs.field(validator=attrs.validators.instance_of(Territory))
    description: str = attrs.field(default="", validator=text(nonempty=False))
    horizon: float = _setting(default=10.0, converter=to_float, validator=number(0.0, lo_open=True))
    periods_per_year: int = _setting(default=4, validator=integer(1))
    parameters: dict[str, Parameter] = attrs.field(
        factory=dict, converter=merge_parameters, validator=_check_parameters
    )
    strategies: tuple[Strategy, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(Strategy, "a strategy")
    )
    uncertainties: ScenarioSpace = attrs.field(
        factory=ScenarioSpace, validator=attrs.validators.instance_of(ScenarioSpace)
    )
    constraints: tuple[Constraint, ...] = attrs.field(
        default=(), converter=to_tuple, validator=tuple_of(Constraint, "a constraint")
    )
    criteria: Criteria = attrs.field(
        factory=Criteria, validator=attrs.validators.instance_of(Criteria)
    )
    foresight: Foresight | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Foresight))
    )
    sources: dict[str, Provenance] = attrs.field(factory=dict, validator=_check_sources)
    design: DesignSpec | None = _setting(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(DesignSpec))
    )

    def __attrs_post_init__(self) -> None:
        problems = _cross_check(self)
        if problems:
            raise ModelError(problems)

    def __repr__(self) -> str:
        return (
            f"Case(name={self.name!r}, territory={self.territory!r}, horizon={self.horizon:g}, "
            f"strategies={[s.id for s in self.strategies]}, "
            f"{len(self.uncertainties.parameters)} uncertain parameters, "
            f"{len(self.uncertainties.events)} events, {len(self.constraints)} constraints, "
            f"{len(self.criteria.items)} criteria)"
        )

    # --- derived ------------------------------------------------------------------------
    @property
    def n_periods(self) -> int:
        """Number of simulated periods (horizon x periods per year, rounded)."""
        return max(1, round(self.horizon * self.periods_per_year))

    def strategy(self, strategy_id: str) -> Strategy:
        """The strategy with this id (or name)."""
        for s in self.strategies:
            if strategy_id in (s.id, s.name):
                return s
        known = ", ".join(s.id for s in self.strategies)
        raise ModelError.at("strategies", f"unknown strategy {strategy_id!r} (known: {known})")

    def parameter_values(self) -> dict[str, float]:
        """``{name: value}`` of every simulation parameter."""
        return {k: p.value for k, p in self.parameters.items()}

    def with_parameters(self, **values: float) -> Case:
        """A copy with some parameter values replaced (provenance kept).

        Examples
        --------
        >>> from ssestrategy.model import Case, Territory
        >>> c = Case(name="x", territory=Territory(name="t")).with_parameters(learning_rate=0.3)
        >>> c.parameters["learning_rate"].value
        0.3
        """
        params = dict(self.parameters)
        for k, v in values.items():
            if k not in params:
                raise ModelError.at(f"parameters.{k}", "unknown parameter")
            params[k] = attrs.evolve(params[k], value=v)
        return attrs.evolve(self, parameters=params)

    # --- provenance ---------------------------------------------------------------------
    def values(self) -> Iterator[ValueRef]:
        """Every number in the case with its path and effective provenance (the record's own,
        else the nearest enclosing record's)."""
        yield from _walk(self, "", None)

    def count_values(self) -> dict[str, int]:
        """How many numbers are sourced, assumed and unlabelled, and how many of the assumed
        ones have a plausible range (``assumed_with_range``: what sensitivity analysis can
        vary)."""
        counts = {"sourced": 0, "assumed": 0, "unlabelled": 0, "assumed_with_range": 0}
        for v in self.values():
            if isinstance(v.provenance, Source):
                counts["sourced"] += 1
            elif isinstance(v.provenance, Assumption):
                counts["assumed"] += 1
                counts["assumed_with_range"] += v.provenance.has_range
            else:
                counts["unlabelled"] += 1
        return counts

    def assumptions(self, *, with_range: bool = False) -> tuple[AssumptionRef, ...]:
        """The numbers labelled as assumptions (only those with a plausible range on request).

        Sensitivity analysis varies, by default, the assumed parameters with a range.
        """
        out = []
        for v in self.values():
            if isinstance(v.provenance, Assumption):
                if with_range and not v.provenance.has_range:
                    continue
                out.append(AssumptionRef(v.path, v.value, v.provenance))
        return tuple(out)

    def unlabelled(self) -> tuple[str, ...]:
        """Paths of numbers with no provenance."""
        return tuple(v.path for v in self.values() if v.provenance is None)

    def info(self) -> dict[str, Any]:
        """A summary of the case: its territory, actors and ties by kind, poles, strategies,
        uncertainties, constraints, criteria, horizon and provenance counts (what
        ``ssestrategy info --json`` prints).

        Examples
        --------
        >>> from ssestrategy.datasets import tiznit
        >>> tiznit().info()["actors"]
        437
        """
        t = self.territory
        counts = self.count_values()
        return {
            "case": self.name,
            "territory": t.name,
            "region": t.region,
            "actors": len(t.actors),
            "actors_by_kind": dict(sorted(Counter(a.kind.value for a in t.actors).items())),
            "partnerships": len(t.partnerships),
            "partnerships_by_kind": dict(
                sorted(Counter(p.kind.value for p in t.partnerships).items())
            ),
            "poles": [
                {
                    "id": p.id,
                    "name": p.name,
                    "value_chain": p.value_chain,
                    "members": len(p.members),
                }
                for p in t.poles
            ],
            "strategies": [s.id for s in self.strategies],
            "uncertain_parameters": list(self.uncertainties.names()),
            "events": [e.name for e in self.uncertainties.events],
            "constraints": [c.id for c in self.constraints],
            "criteria": [c.label for c in self.criteria.items],
            "horizon_years": self.horizon,
            "periods": self.n_periods,
            "sourced_values": counts["sourced"],
            "assumed_values": counts["assumed"],
            "assumed_values_with_range": counts["assumed_with_range"],
            "unlabelled_values": counts["unlabelled"],
        }

    def _repr_html_(self) -> str:
        t = self.territory
        kinds = Counter(a.kind.value for a in t.actors)
        counts = self.count_values()
        rows = [
            ("territory", f"{t.name} ({t.region or ''})"),
            ("actors", ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items()))),
            ("partnerships", len(t.partnerships)),
            ("poles", ", ".join(p.name for p in t.poles)),
            ("strategies", ", ".join(s.name for s in self.strategies)),
            ("constraints", len(self.constraints)),
            (
                "values",
                f"{counts['sourced']} sourced, {counts['assumed']} assumed, "
                f"{counts['unlabelled']} unlabelled",
            ),
        ]
        return table_html(("", ""), rows, caption=f"Case: {self.name}")


_RANGED: dict[str, str] = {
    "Parameter": "value",
    "Indicator": "value",
    "Intervention": "budget",
    "Constraint": "target",
    "Partnership": "intensity",
    "Event": "annual_probability",
}
"""The one number of a record that a plausible range on its assumption describes; the
record's other numbers inherit the assumption without the range."""


def _walk(obj: Any, path: str, inherited: Provenance | None) -> Iterator[ValueRef]:
    if attrs.has(type(obj)):
        own = getattr(obj, "provenance", None)
        prov = own if isinstance(own, Source | Assumption) else inherited
        ranged = _RANGED.get(type(obj).__name__)
        bare = prov
        if isinstance(prov, Assumption) and prov.has_range:
            bare = Assumption(prov.note)
        for f in attrs.fields(type(obj)):
            if f.name in ("provenance", "sources") or f.metadata.get("setting") or not f.init:
                continue
            sub = f"{path}.{f.name}" if path else f.name
            yield from _walk(getattr(obj, f.name), sub, prov if f.name == ranged else bare)
    elif isinstance(obj, bool) or obj is None or isinstance(obj, str):
        return
    elif isinstance(obj, int | float):
        yield ValueRef(path, float(obj), inherited)
    elif isinstance(obj, tuple | list):
        for i, item in enumerate(obj):
            yield from _walk(item, f"{path}[{i}]", inherited)
    elif isinstance(obj, Mapping):
        for k, item in obj.items():
            yield from _walk(item, f"{path}.{k}", inherited)


def _cross_check(case: Case) -> list[Problem]:
    problems: list[Problem] = []
    t = case.territory
    actor_ids = {a.id for a in t.actors}
    pole_ids = {p.id for p in t.poles}
    seen: dict[str, int] = {}
    for i, s in enumerate(case.strategies):
        if s.id in seen:
            problems.append(Problem(f"strategies[{i}].id", f"duplicate id {s.id!r}"))
        seen[s.id] = i
        for j, iv in enumerate(s.interventions):
            base = f"strategies[{i}].interventions[{j}]"
            for k, a in enumerate(iv.target.actors):
                if a not in actor_ids:
                    problems.append(Problem(f"{base}.target.actors[{k}]", f"unknown actor {a!r}"))
            for k, p in enumerate(iv.target.poles):
                if p not in pole_ids:
                    problems.append(Problem(f"{base}.target.poles[{k}]", f"unknown pole {p!r}"))
            if iv.hub is not None and iv.hub != "@anchor" and iv.hub not in actor_ids:
                problems.append(Problem(f"{base}.hub", f"unknown actor {iv.hub!r}"))
            if iv.lever.value == "ties" and iv.hub is None:
                problems.append(Problem(f"{base}.hub", "a ties intervention needs a hub"))
    for i, u in enumerate(case.uncertainties.parameters):
        if u.parameter not in case.parameters:
            problems.append(
                Problem(
                    f"uncertainties.parameters[{i}].parameter", f"unknown parameter {u.parameter!r}"
                )
            )
    cids: set[str] = set()
    for i, c in enumerate(case.constraints):
        if c.id in cids:
            problems.append(Problem(f"constraints[{i}].id", f"duplicate id {c.id!r}"))
        cids.add(c.id)
        if c.at is not None and c.at > case.horizon:
            problems.append(
                Problem(
                    f"constraints[{i}].at", f"year {c.at:g} is beyond the horizon {case.horizon:g}"
                )
            )
    for i, cr in enumerate(case.criteria.items):
        if cr.at is not None and cr.at > case.horizon:
            problems.append(
                Problem(f"criteria.items[{i}].at", f"year {cr.at:g} is beyond the horizon")
            )
    if case.design is not None and not problems:
        problems.extend(design_problems(case.design, case.strategies))
    return problems
