"""Every bad value given to a model type raises a ModelError naming the field path.

One row per rule: the object built, the path of the first problem, and a fragment of its
message. Nothing else may escape (no TypeError, ValueError, KeyError, OverflowError).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

from ssestrategy.errors import ModelError
from ssestrategy.model import (
    Actor,
    Assumption,
    Capacities,
    Case,
    Constraint,
    Criteria,
    Criterion,
    Distribution,
    Event,
    Foresight,
    Indicator,
    Intervention,
    Parameter,
    Partnership,
    Pole,
    ScenarioSpace,
    Selector,
    Source,
    Strategy,
    Territory,
    Uncertainty,
)

CAPS = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
NAN, INF = math.nan, math.inf


def actor(**kw: Any) -> Actor:
    base: dict[str, Any] = {"id": "a", "name": "A", "kind": "cooperative", "capacities": CAPS}
    return Actor(**{**base, **kw})


def caps(**kw: Any) -> Capacities:
    return Capacities(**{**CAPS, **kw})


def tie(**kw: Any) -> Partnership:
    base: dict[str, Any] = {"source": "a", "target": "b", "kind": "market", "intensity": 0.5}
    return Partnership(**{**base, **kw})


def dist(**kw: Any) -> Distribution:
    return Distribution(**kw)


def constraint(**kw: Any) -> Constraint:
    base: dict[str, Any] = {"id": "c", "outcome": "jobs", "op": ">=", "target": 1.0}
    return Constraint(**{**base, **kw})


def uniform(lo: float = 0.0, hi: float = 1.0) -> Distribution:
    return Distribution(kind="uniform", low=lo, high=hi)


TERRITORY = Territory(
    name="T",
    actors=(actor(id="a"), actor(id="b")),
    poles=(Pole(id="p", name="P", value_chain="argan", members=("a",), anchor="a"),),
)


def case(**kw: Any) -> Case:
    return Case(**{"name": "c", "territory": TERRITORY, **kw})


def strategy_with(iv: Intervention) -> Case:
    return case(strategies=(Strategy(id="s", name="S", interventions=(iv,)),))


CASES: list[tuple[str, Callable[[], object], str, str]] = [
    # capacities
    ("capacity above 1", lambda: caps(financing=1.5), "financing", "1.5 is outside [0, 1]"),
    ("capacity below 0", lambda: caps(governance=-0.1), "governance", "-0.1 is outside [0, 1]"),
    ("capacity NaN", lambda: caps(innovation=NAN), "innovation", "nan is not a finite number"),
    ("capacity inf", lambda: caps(innovation=INF), "innovation", "inf is not a finite number"),
    ("capacity string", lambda: caps(financing="0.2"), "financing", "got the string '0.2'"),
    ("capacity bool", lambda: caps(financing=True), "financing", "got bool True"),
    (
        "capacity missing",
        lambda: Capacities.from_mapping({k: v for k, v in CAPS.items() if k != "governance"}),
        "governance",
        "missing factor",
    ),
    (
        "capacity unknown",
        lambda: Capacities.from_mapping({**CAPS, "finance": 0.1}),
        "finance",
        "unknown factor",
    ),
    ("capacities not a table", lambda: Capacities.from_mapping([0.1]), "", "expected a table"),
    # actor
    ("actor id with space", lambda: actor(id="coop 1"), "id", "invalid id 'coop 1'"),
    ("actor id not a string", lambda: actor(id=17), "id", "expected a string id, got int 17"),
    ("actor blank name", lambda: actor(name="  "), "name", "must not be empty"),
    ("actor kind", lambda: actor(kind="coop"), "kind", "unknown value 'coop'"),
    (
        "actor capacity",
        lambda: actor(capacities={**CAPS, "financing": 1.5}),
        "capacities.financing",
        "1.5 is outside [0, 1]",
    ),
    ("actor capacities list", lambda: actor(capacities=[0.1]), "capacities", "expected a table"),
    ("actor members negative", lambda: actor(members=-1), "members", "-1 is below the minimum 0"),
    ("actor members float", lambda: actor(members=2.0), "members", "expected an integer, got 2.0"),
    ("actor women share", lambda: actor(women_share=1.2), "women_share", "outside [0, 1]"),
    ("actor rural", lambda: actor(rural="yes"), "rural", "expected true or false"),
    ("actor commune", lambda: actor(commune=3), "commune", "expected a string"),
    ("actor provenance", lambda: actor(provenance="census"), "provenance", "expected a source"),
    # partnership
    ("intensity", lambda: tie(intensity=1.5), "intensity", "1.5 is outside [0, 1]"),
    ("intensity string", lambda: tie(intensity="high"), "intensity", "got the string 'high'"),
    ("negative budget", lambda: tie(budget=-1.0), "budget", "-1 is outside [0, inf]"),
    ("partnership kind", lambda: tie(kind="friendship"), "kind", "unknown value 'friendship'"),
    ("start year float", lambda: tie(start=2021.5), "start", "expected an integer"),
    ("directed", lambda: tie(directed=1), "directed", "expected true or false"),
    ("blank source", lambda: tie(source=""), "source", "must not be empty"),
    # pole, indicator
    (
        "pole members a string",
        lambda: Pole(id="p", name="P", value_chain="argan", members="a"),
        "members",
        "expected a list",
    ),
    (
        "pole member not a string",
        lambda: Pole(id="p", name="P", value_chain="argan", members=("a", 3)),
        "members[1]",
        "got int 3",
    ),
    ("indicator inf", lambda: Indicator(name="population", value=INF), "value", "not a finite"),
    ("indicator name", lambda: Indicator(name="two words", value=1), "name", "invalid id"),
    # provenance, parameter
    ("blank citation", lambda: Source(""), "citation", "must not be empty"),
    ("label", lambda: Source("x", label="rumour"), "label", "unknown value 'rumour'"),
    ("assumption range", lambda: Assumption("x", low=2, high=1), "low", "low 2 exceeds high 1"),
    ("assumption NaN", lambda: Assumption("x", low=NAN), "low", "nan is not a finite number"),
    ("parameter string", lambda: Parameter("x"), "value", "expected a number"),
    (
        "parameter huge integer",
        lambda: Parameter(10**400),
        "value",
        "integer too large to be a finite number",
    ),
    # distributions
    ("uniform inverted", lambda: uniform(1, 0), "high", "high 0 is below low 1"),
    ("uniform missing", lambda: dist(kind="uniform", low=0), "high", "required"),
    (
        "triangular mode",
        lambda: dist(kind="triangular", low=0, mode=2, high=1),
        "mode",
        "mode 2 is outside [0, 1]",
    ),
    (
        "truncnorm sd",
        lambda: dist(kind="truncnorm", mean=0, sd=0, low=-1, high=1),
        "sd",
        "must be positive",
    ),
    ("beta a", lambda: dist(kind="beta", a=0, b=1), "a", "must be positive"),
    ("discrete empty", lambda: dist(kind="discrete"), "values", "required"),
    (
        "discrete weights length",
        lambda: dist(kind="discrete", values=(1, 2), weights=(1,)),
        "weights",
        "one weight per value",
    ),
    (
        "discrete negative weight",
        lambda: dist(kind="discrete", values=(1, 2), weights=(-1, 1)),
        "weights[0]",
        "outside [0, inf]",
    ),
    (
        "discrete zero weights",
        lambda: dist(kind="discrete", values=(1, 2), weights=(0, 0)),
        "weights",
        "must not all be zero",
    ),
    (
        "discrete NaN value",
        lambda: dist(kind="discrete", values=(1, NAN)),
        "values[1]",
        "nan is not a finite number",
    ),
    (
        "NaN value of another kind",
        lambda: dist(kind="uniform", low=0, high=1, values=(NAN,)),
        "values[0]",
        "nan is not a finite number",
    ),
    (
        "values not a list",
        lambda: dist(kind="discrete", values=0.5),
        "values",
        "expected a list of numbers",
    ),
    ("distribution kind", lambda: dist(kind="gamma"), "kind", "unknown value 'gamma'"),
    # uncertainty, events
    (
        "uncertain parameter id",
        lambda: Uncertainty(parameter="learning rate", distribution=uniform()),
        "parameter",
        "invalid id",
    ),
    (
        "uncertainty distribution table",
        lambda: Uncertainty(
            parameter="learning_rate", distribution={"kind": "uniform", "low": 1, "high": 0}
        ),
        "distribution.high",
        "below low",
    ),
    (
        "uncertainty distribution field",
        lambda: Uncertainty(parameter="learning_rate", distribution={"kind": "uniform", "lo": 0}),
        "distribution",
        "bad distribution",
    ),
    (
        "event probability",
        lambda: Event(name="drought", annual_probability=1.5, severity=uniform()),
        "annual_probability",
        "outside [0, 1]",
    ),
    (
        "event severity support",
        lambda: Event(name="drought", annual_probability=0.1, severity=uniform(0, 2)),
        "severity",
        "support [0, 2] must lie within [0, 1]",
    ),
    (
        "parameter uncertain twice",
        lambda: ScenarioSpace(
            parameters=(
                Uncertainty(parameter="learning_rate", distribution=uniform()),
                Uncertainty(parameter="learning_rate", distribution=uniform()),
            )
        ),
        "parameters[1].parameter",
        "already uncertain",
    ),
    (
        "duplicate event",
        lambda: ScenarioSpace(
            events=(
                Event(name="drought", annual_probability=0.1, severity=uniform()),
                Event(name="drought", annual_probability=0.2, severity=uniform()),
            )
        ),
        "events[1].name",
        "duplicate event 'drought'",
    ),
    # selectors, interventions, strategies
    ("selector kind", lambda: Selector(kinds=("coop",)), "kinds[0]", "expected an actor kind"),
    ("selector flag", lambda: Selector(women_led="yes"), "women_led", "expected true or false"),
    ("lever", lambda: Intervention(name="x", lever="magic"), "lever", "unknown value 'magic'"),
    (
        "intervention budget",
        lambda: Intervention(name="x", lever="innovation", budget=-1),
        "budget",
        "outside [0, inf]",
    ),
    (
        "intervention target",
        lambda: Intervention(name="x", lever="innovation", target={"kinds": ["coop"]}),
        "target.kinds[0]",
        "expected an actor kind",
    ),
    (
        "intervention target field",
        lambda: Intervention(name="x", lever="innovation", target={"colour": "red"}),
        "target",
        "bad selector",
    ),
    (
        "lever parameter",
        lambda: Intervention(name="x", lever="networking", params={"tie_intensity": 0.5}),
        "params.tie_intensity",
        "unknown parameter for lever networking",
    ),
    (
        "recovery rate of 1",
        lambda: Intervention(name="x", lever="financing", params={"recovery_rate": 1.0}),
        "params.recovery_rate",
        "must be in [0, 1), got 1.0",
    ),
    (
        "zero repayment delay",
        lambda: Intervention(name="x", lever="financing", params={"repayment_years": 0.0}),
        "params.repayment_years",
        "must be positive, got 0.0",
    ),
    (
        "negative ramp",
        lambda: Intervention(name="x", lever="ties", params={"ramp_years": -1.0}),
        "params.ramp_years",
        "must be non-negative, got -1.0",
    ),
    ("strategy id", lambda: Strategy(id="", name="S"), "id", "invalid id"),
    # constraints, criteria, foresight
    ("outcome", lambda: constraint(outcome="jobz"), "outcome", "unknown outcome 'jobz'"),
    ("operator", lambda: constraint(op="=>"), "op", "expected '>=' or '<='"),
    ("probability", lambda: constraint(probability=1.5), "probability", "outside [0, 1]"),
    ("negative date", lambda: constraint(at=-1.0), "at", "outside [0, inf]"),
    (
        "percentile without q",
        lambda: Criterion(outcome="jobs", statistic="percentile"),
        "q",
        "required for statistic 'percentile'",
    ),
    ("q above 100", lambda: Criterion(outcome="jobs", q=150), "q", "outside [0, 100]"),
    (
        "criterion without weight",
        lambda: Criteria(items=(Criterion(outcome="jobs"),)),
        "items[0].weight",
        "give every criterion a weight",
    ),
    (
        "pairwise not positive",
        lambda: Criteria(
            items=(Criterion(outcome="jobs"), Criterion(outcome="income")),
            pairwise=((1, 0), (1, 1)),
        ),
        "pairwise[0][1]",
        "must be positive",
    ),
    (
        "pairwise shape",
        lambda: Criteria(
            items=(Criterion(outcome="jobs"), Criterion(outcome="income")), pairwise=((1, 1),)
        ),
        "pairwise",
        "expected 2 rows",
    ),
    (
        "influence out of scale",
        lambda: Foresight(variables=("a", "b"), influence=((0, 4), (0, 0))),
        "influence[0][1]",
        "4 is outside [0, 3]",
    ),
    (
        "influence diagonal",
        lambda: Foresight(variables=("a", "b"), influence=((1, 0), (0, 0))),
        "influence[0][0]",
        "diagonal must be 0",
    ),
    ("labels twice", lambda: Foresight(variables=("a", "a")), "variables", "labels must be unique"),
    (
        "position out of scale",
        lambda: Foresight(actors=("a",), objectives=("o",), mdi=((0,),), mao=((5,),)),
        "mao[0][0]",
        "5 is outside [-4, 4]",
    ),
    # case
    ("horizon zero", lambda: case(horizon=0), "horizon", "0 is outside (0, inf]"),
    ("periods", lambda: case(periods_per_year=0), "periods_per_year", "below the minimum 1"),
    (
        "unknown parameter",
        lambda: case(parameters={"nope": Parameter(1.0)}),
        "parameters.nope",
        "unknown parameter",
    ),
    (
        "parameter not a Parameter",
        lambda: case(parameters={"learning_rate": 0.3}),
        "parameters.learning_rate",
        "expected a parameter",
    ),
    (
        "constraint beyond horizon",
        lambda: case(constraints=(constraint(at=12.0),)),
        "constraints[0].at",
        "year 12 is beyond the horizon 10",
    ),
    (
        "duplicate constraint",
        lambda: case(constraints=(constraint(), constraint())),
        "constraints[1].id",
        "duplicate id 'c'",
    ),
    (
        "criterion beyond horizon",
        lambda: case(criteria=Criteria(items=(Criterion(outcome="jobs", weight=1, at=11),))),
        "criteria.items[0].at",
        "beyond the horizon",
    ),
    (
        "uncertain unknown parameter",
        lambda: case(
            uncertainties=ScenarioSpace(
                parameters=(Uncertainty(parameter="nope", distribution=uniform()),)
            )
        ),
        "uncertainties.parameters[0].parameter",
        "unknown parameter 'nope'",
    ),
    (
        "duplicate strategy",
        lambda: case(strategies=(Strategy(id="s", name="A"), Strategy(id="s", name="B"))),
        "strategies[1].id",
        "duplicate id 's'",
    ),
    (
        "selector unknown actor",
        lambda: strategy_with(
            Intervention(name="x", lever="innovation", target=Selector(actors=("ghost",)))
        ),
        "strategies[0].interventions[0].target.actors[0]",
        "unknown actor 'ghost'",
    ),
    (
        "selector unknown pole",
        lambda: strategy_with(
            Intervention(name="x", lever="innovation", target=Selector(poles=("ghost",)))
        ),
        "strategies[0].interventions[0].target.poles[0]",
        "unknown pole 'ghost'",
    ),
    (
        "hub unknown",
        lambda: strategy_with(Intervention(name="x", lever="ties", hub="ghost")),
        "strategies[0].interventions[0].hub",
        "unknown actor 'ghost'",
    ),
    (
        "ties without hub",
        lambda: strategy_with(Intervention(name="x", lever="ties")),
        "strategies[0].interventions[0].hub",
        "a ties intervention needs a hub",
    ),
    (
        "source not a provenance",
        lambda: case(sources={"census": "HCP"}),
        "sources.census",
        "expected a source or an assumption",
    ),
]


@pytest.mark.parametrize(("rule", "build", "path", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_bad_value_raises_model_error_at_its_path(
    rule: str, build: Callable[[], object], path: str, fragment: str
) -> None:
    with pytest.raises(ModelError) as info:
        build()
    problem = info.value.problems[0]
    assert problem.path == path
    assert fragment in problem.message


def test_model_error_is_a_value_error_and_an_sse_error() -> None:
    from ssestrategy.errors import SSEError

    with pytest.raises(ValueError, match=r"1\.5 is outside \[0, 1\]"):
        caps(financing=1.5)
    with pytest.raises(SSEError):
        caps(financing=1.5)


def test_good_values_are_normalised() -> None:
    a = actor(capacities={"financing": 1, "networking": 0, "innovation": 0.5, "governance": 1})
    assert a.capacities.as_tuple() == (1.0, 0.0, 0.5, 1.0)
    assert all(isinstance(v, float) for v in a.capacities.as_tuple())
    assert tie(kind="financing").kind.value == "financing"
    assert Distribution(kind="discrete", values=[1, 2]).values == (1.0, 2.0)
    assert Pole(id="p", name="P", value_chain="x", members=["a"]).members == ("a",)


def test_event_severity_errors_name_the_severity_field() -> None:
    """A nested table's errors carry its own field name (severity), not a shared one."""
    from ssestrategy.model import Event

    with pytest.raises(ModelError) as info:
        Event(
            name="d", annual_probability=0.1, severity={"kind": "uniform", "low": 0.5, "high": 0.2}
        )
    assert info.value.path == "severity.high"
