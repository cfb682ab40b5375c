"""Territory whole-validation (every problem collected), look-ups and Selector.resolve."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssestrategy.errors import ModelError
from ssestrategy.model import (
    Actor,
    ActorKind,
    Indicator,
    Partnership,
    Pole,
    Selector,
    Territory,
)
from ssestrategy.testing import selectors, territories

CAPS = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}


def actor(i: str, kind: str = "cooperative", **kw: object) -> Actor:
    return Actor(id=i, name=i.upper(), kind=kind, capacities=CAPS, **kw)  # type: ignore[arg-type]


def test_every_territory_problem_is_collected_in_order() -> None:
    with pytest.raises(ModelError) as info:
        Territory(
            name="Bad",
            indicators=(
                Indicator(name="population", value=1.0, year=2024),
                Indicator(name="population", value=2.0, year=2024),
                Indicator(name="population", value=3.0, year=2014),
            ),
            actors=(actor("a"), actor("b"), actor("a")),
            partnerships=(
                Partnership(source="ghost", target="b", kind="market", intensity=0.1),
                Partnership(source="b", target="b", kind="market", intensity=0.1),
            ),
            poles=(
                Pole(id="p", name="P", value_chain="x", members=("a", "nobody", "a"), anchor="b"),
                Pole(id="p", name="Q", value_chain="x", members=("b",), anchor="b"),
            ),
        )
    assert [(p.path, p.message) for p in info.value.problems] == [
        ("actors[2].id", "duplicate id 'a' (first at actors[0])"),
        ("partnerships[0].source", "unknown actor 'ghost'"),
        ("partnerships[1].target", "a partnership needs two actors"),
        ("poles[0].members[1]", "unknown actor 'nobody'"),
        ("poles[0].members[2]", "'a' listed twice"),
        ("poles[0].anchor", "anchor 'b' is not a member of the pole"),
        ("poles[1].id", "duplicate id 'p' (first at poles[0])"),
        ("indicators[1]", "indicator 'population' for 2024 given twice"),
    ]


def test_lists_must_hold_their_types() -> None:
    with pytest.raises(ModelError) as info:
        Territory(name="T", actors=({"id": "a"},))  # type: ignore[arg-type]
    assert info.value.path == "actors[0]"


TERRITORY = Territory(
    name="Demo",
    indicators=(
        Indicator(name="population", value=207367.0, year=2014),
        Indicator(name="population", value=198542.0, year=2024),
        Indicator(name="poverty_rate", value=0.0613),
    ),
    actors=(
        actor("c1", value_chain="argan", women_share=0.9, rural=True),
        actor("c2", value_chain="argan", women_share=0.1, rural=False),
        actor("e1", "enterprise", value_chain="silver-jewellery", women_share=0.5, rural=False),
        actor("r1", "artisan", value_chain="silver-jewellery"),
        actor("council", "public_authority"),
        actor("c3", value_chain="agriculture", women_share=0.2, rural=True),
    ),
    poles=(
        Pole(id="argan", name="Argan", value_chain="argan", members=("c1", "c2"), anchor="c1"),
        Pole(
            id="silver", name="Silver", value_chain="silver-jewellery", members=("e1", "r1", "c1")
        ),
    ),
)


def test_look_ups() -> None:
    assert TERRITORY.actor("e1").kind is ActorKind.ENTERPRISE
    assert TERRITORY.actor_index("council") == 4
    assert TERRITORY.pole("silver").members == ("e1", "r1", "c1")
    assert TERRITORY.indicator("population").value == 198542.0  # the latest year
    assert TERRITORY.indicator("population", 2014).value == 207367.0
    assert TERRITORY.indicator("poverty_rate").year is None
    assert TERRITORY.value_chains == ("agriculture", "argan", "silver-jewellery")
    for call, message in [
        (lambda: TERRITORY.actor("ghost"), "actors: unknown actor 'ghost'"),
        (lambda: TERRITORY.actor_index("ghost"), "actors: unknown actor 'ghost'"),
        (lambda: TERRITORY.pole("ghost"), "poles: unknown pole 'ghost'"),
        (lambda: TERRITORY.indicator("jobs"), "indicators: no indicator 'jobs'"),
        (lambda: TERRITORY.indicator("population", 2000), "no indicator 'population' for 2000"),
    ]:
        with pytest.raises(ModelError) as info:
            call()
        assert message in str(info.value)


def ids(selector: Selector) -> list[str]:
    return [TERRITORY.actors[i].id for i in selector.resolve(TERRITORY)]


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        (Selector(), ["c1", "c2", "e1", "r1", "council", "c3"]),
        (Selector(kinds=("cooperative",)), ["c1", "c2", "c3"]),
        (Selector(kinds=("enterprise", "artisan")), ["e1", "r1"]),  # any kind listed
        (Selector(poles=("argan",)), ["c1", "c2"]),
        (Selector(poles=("argan", "silver")), ["c1", "c2", "e1", "r1"]),
        (Selector(value_chains=("argan", "agriculture")), ["c1", "c2", "c3"]),
        (Selector(women_led=True), ["c1", "e1"]),  # women share >= 0.5
        (Selector(women_led=False), ["c2", "r1", "council", "c3"]),  # unknown share: not led
        (Selector(rural=True), ["c1", "c3"]),
        (Selector(rural=False), ["c2", "e1"]),  # unknown rurality matches neither
        (Selector(in_pole=True), ["c1", "c2", "e1", "r1"]),
        (Selector(in_pole=False), ["council", "c3"]),
        (Selector(actors=("c3", "c1")), ["c1", "c3"]),  # in territory order
        (Selector(kinds=("cooperative",), women_led=True, rural=True), ["c1"]),  # all must hold
        (Selector(kinds=("cooperative",), poles=("silver",)), ["c1"]),
        (Selector(kinds=("chamber",)), []),
    ],
)
def test_selector_resolve(selector: Selector, expected: list[str]) -> None:
    assert ids(selector) == expected


def reference_resolve(selector: Selector, territory: Territory) -> tuple[int, ...]:
    """A plain restatement of the selection rules, for comparison."""
    out = []
    for i, a in enumerate(territory.actors):
        poles_of = {p.id for p in territory.poles if a.id in p.members}
        women_led = a.women_share is not None and a.women_share >= 0.5
        checks = [
            not selector.kinds or a.kind in selector.kinds,
            not selector.poles or bool(poles_of & set(selector.poles)),
            not selector.value_chains or a.value_chain in selector.value_chains,
            selector.women_led is None or women_led == selector.women_led,
            selector.rural is None or a.rural == selector.rural,
            selector.in_pole is None or bool(poles_of) == selector.in_pole,
            not selector.actors or a.id in selector.actors,
        ]
        if all(checks):
            out.append(i)
    return tuple(out)


@settings(max_examples=50)
@given(data=st.data(), territory=territories(min_actors=1, max_actors=8, max_poles=3))
def test_selector_resolve_matches_a_plain_reference(
    data: st.DataObject, territory: Territory
) -> None:
    selector = data.draw(selectors(territory))
    assert selector.resolve(territory) == reference_resolve(selector, territory)


def test_describe() -> None:
    s = Selector(kinds=("cooperative",), poles=("argan",), rural=False, in_pole=True)
    assert s.describe() == "cooperative actors, in poles argan, urban, pole members"
