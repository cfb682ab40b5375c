"""Case: provenance walk (values, count_values, assumptions), look-ups, copies with new
parameters."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from ssestrategy.errors import ModelError
from ssestrategy.model import (
    DEFAULT_PARAMETERS,
    Actor,
    Assumption,
    Case,
    Indicator,
    Partnership,
    Source,
    Strategy,
    Territory,
)
from ssestrategy.testing import cases

CAPS = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
CENSUS = Source("HCP census 2024")
GUESS = Assumption("generated actor")
N_PARAMS = len(DEFAULT_PARAMETERS)
N_ASSUMED = sum(isinstance(p.provenance, Assumption) for p in DEFAULT_PARAMETERS.values())
N_SOURCED = N_PARAMS - N_ASSUMED


def small_case(territory_provenance: Source | None = None) -> Case:
    territory = Territory(
        name="T",
        indicators=(Indicator(name="population", value=100.0, year=2024, provenance=CENSUS),),
        actors=(
            Actor(
                id="a",
                name="A",
                kind="cooperative",
                capacities=CAPS,
                members=10,
                women_share=0.5,
                provenance=GUESS,
            ),
            Actor(id="b", name="B", kind="association", capacities=CAPS),
        ),
        partnerships=(
            Partnership(source="a", target="b", kind="market", intensity=0.5, budget=1000.0),
        ),
        provenance=territory_provenance,
    )
    return Case(name="small", territory=territory, horizon=2.5)


def test_values_counts_by_provenance() -> None:
    """Hand count: the indicator's value and year are sourced; actor a's four capacities,
    members, units and women share are assumed, as are the default parameters (each an
    assumption with a range, but reference_members, which is sourced); actor b's four
    capacities, members and units, the partnership's intensity and budget carry no label.
    Horizon and periods per year are settings, not data."""
    case = small_case()
    assert case.count_values() == {
        "sourced": 2 + N_SOURCED,
        "assumed": 7 + N_ASSUMED,
        "unlabelled": 8,
        "assumed_with_range": N_ASSUMED,
    }
    assert case.unlabelled() == (
        "territory.actors[1].capacities.financing",
        "territory.actors[1].capacities.networking",
        "territory.actors[1].capacities.innovation",
        "territory.actors[1].capacities.governance",
        "territory.actors[1].members",
        "territory.actors[1].units",
        "territory.partnerships[0].intensity",
        "territory.partnerships[0].budget",
    )
    first = next(iter(case.values()))
    assert (first.path, first.value, first.provenance) == (
        "territory.indicators[0].value",
        100.0,
        CENSUS,
    )


def test_provenance_is_inherited_from_the_enclosing_record() -> None:
    case = small_case(territory_provenance=CENSUS)
    assert case.count_values() == {
        "sourced": 10 + N_SOURCED,
        "assumed": 7 + N_ASSUMED,
        "unlabelled": 0,
        "assumed_with_range": N_ASSUMED,
    }


def test_assumptions_with_and_without_range() -> None:
    case = small_case()
    everything = case.assumptions()
    assert len(everything) == 7 + N_ASSUMED
    ranged = case.assumptions(with_range=True)
    assert {a.path for a in ranged} == {
        f"parameters.{k}.value"
        for k, p in DEFAULT_PARAMETERS.items()
        if isinstance(p.provenance, Assumption)
    }
    lr = next(a for a in ranged if a.path == "parameters.learning_rate.value")
    default = DEFAULT_PARAMETERS["learning_rate"]
    assert (lr.value, lr.low, lr.high) == (
        default.value,
        default.provenance.low,  # type: ignore[union-attr]
        default.provenance.high,  # type: ignore[union-attr]
    )
    members = next(a for a in everything if a.path == "territory.actors[0].members")
    assert (members.value, members.low, members.high) == (10.0, None, None)


def test_a_records_range_describes_its_one_number_only() -> None:
    """An intervention's assumed range is the range of its budget, not of its start or
    duration (a status quo budget range of 0-5M used to be attached to both)."""
    from ssestrategy.model import Intervention, Strategy

    iv = Intervention(
        name="x",
        lever="governance",
        budget=1e6,
        start=0.0,
        duration=5.0,
        provenance=Assumption("annual budget", low=0.0, high=5e6),
    )
    case = attrs.evolve(small_case(), strategies=(Strategy(id="s", name="S", interventions=(iv,)),))
    refs = {r.path: r for r in case.assumptions()}
    budget = refs["strategies[0].interventions[0].budget"]
    start = refs["strategies[0].interventions[0].start"]
    assert (budget.low, budget.high) == (0.0, 5e6)
    assert (start.low, start.high) == (None, None)
    assert "strategies[0].interventions[0].duration" not in {
        r.path for r in case.assumptions(with_range=True)
    }


def test_settings_and_derived_values() -> None:
    case = small_case()
    assert case.n_periods == 10  # 2.5 years x 4 quarters
    assert (
        Case(name="c", territory=Territory(name="t"), horizon=0.1, periods_per_year=1).n_periods
        == 1
    )
    assert case.parameter_values()["learning_rate"] == DEFAULT_PARAMETERS["learning_rate"].value


def test_with_parameters_keeps_provenance() -> None:
    case = small_case().with_parameters(learning_rate=0.35)
    p = case.parameters["learning_rate"]
    assert p.value == 0.35
    assert p.provenance == DEFAULT_PARAMETERS["learning_rate"].provenance
    with pytest.raises(ModelError) as info:
        case.with_parameters(nope=1.0)
    assert str(info.value) == "parameters.nope: unknown parameter"
    with pytest.raises(ModelError) as info:
        case.with_parameters(learning_rate=float("nan"))
    assert info.value.problems[0].path == "value"


def test_strategy_look_up() -> None:
    case = Case(
        name="c",
        territory=Territory(name="t"),
        strategies=(Strategy(id="s1", name="First"), Strategy(id="s2", name="Second")),
    )
    assert case.strategy("s2").name == "Second"
    assert case.strategy("First").id == "s1"
    with pytest.raises(ModelError) as info:
        case.strategy("s3")
    assert str(info.value) == "strategies: unknown strategy 's3' (known: s1, s2)"


_TOKEN = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_\-]*)|\[(\d+)\]")


def resolve(obj: Any, path: str) -> Any:
    """Follow a value path (``territory.actors[1].capacities.financing``) into the case."""
    pos = 0
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        assert m is not None, path[pos:]
        name, index = m.groups()
        if index is not None:
            obj = obj[int(index)]
        elif isinstance(obj, Mapping):
            obj = obj[name]
        else:
            obj = getattr(obj, name)
        pos = m.end()
    return obj


@settings(max_examples=40)
@given(case=cases(max_actors=5))
def test_every_value_path_leads_to_its_value(case: Case) -> None:
    values = list(case.values())
    for v in values:
        assert float(resolve(case, v.path)) == v.value
    counts = case.count_values()
    assert counts["sourced"] + counts["assumed"] + counts["unlabelled"] == len(values)
    assert counts["unlabelled"] == len(case.unlabelled())
    assert counts["assumed"] == len(case.assumptions())
    assert counts["assumed_with_range"] == len(case.assumptions(with_range=True))


@settings(max_examples=40)
@given(case=cases(max_actors=5, labelled=True))
def test_a_fully_labelled_case_has_no_unlabelled_value(case: Case) -> None:
    assert case.count_values()["unlabelled"] == 0
