"""A small local hypothesis strategy of territories for the network tests.

Kept local on purpose (the public strategies live in ``ssestrategy.testing``): it draws small
territories whose capacities hit 0 and 1 exactly, with parallel and directed ties, overlapping
poles and isolated actors, which is what the network code must survive.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ssestrategy.model import (
    Actor,
    ActorKind,
    Assumption,
    Partnership,
    PartnershipKind,
    Pole,
    Source,
    Territory,
)

_levels = st.one_of(
    st.sampled_from([0.0, 1.0, 0.5]),
    st.floats(0.0, 1.0, allow_nan=False, allow_infinity=False),
)
_prov = st.one_of(
    st.none(),
    st.builds(Source, st.just("HCP census 2024"), label=st.sampled_from(["official", "derived"])),
    st.builds(Assumption, st.just("guess"), low=st.just(0.1), high=st.just(0.9)),
)


@st.composite
def small_territories(draw: Any, min_actors: int = 1, max_actors: int = 10) -> Territory:
    """Territories of ``min_actors..max_actors`` actors, 0-25 ties and 0-3 poles."""
    n = draw(st.integers(min_actors, max_actors))
    ids = [f"a{i}" for i in range(n)]
    actors = [
        Actor(
            id=ids[i],
            name=f"Actor {i}",
            kind=draw(st.sampled_from(list(ActorKind))),
            capacities={
                f: draw(_levels) for f in ("financing", "networking", "innovation", "governance")
            },
            members=draw(st.integers(0, 50)),
            women_share=draw(st.one_of(st.none(), st.floats(0.0, 1.0))),
            rural=draw(st.one_of(st.none(), st.booleans())),
            value_chain=draw(st.one_of(st.none(), st.sampled_from(["argan", "silver"]))),
            provenance=draw(_prov),
        )
        for i in range(n)
    ]
    ties = []
    if n >= 2:
        for _ in range(draw(st.integers(0, 25))):
            u = draw(st.integers(0, n - 1))
            v = draw(st.integers(0, n - 2))
            v = v + 1 if v >= u else v
            ties.append(
                Partnership(
                    source=ids[u],
                    target=ids[v],
                    kind=draw(st.sampled_from(list(PartnershipKind))),
                    intensity=draw(_levels),
                    directed=draw(st.booleans()),
                    start=draw(st.one_of(st.none(), st.integers(2000, 2025))),
                    budget=draw(st.one_of(st.none(), st.floats(0.0, 1e6))),
                    provenance=draw(_prov),
                )
            )
    poles = []
    for p in range(draw(st.integers(0, 3))):
        members = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=n, unique=True))
        poles.append(
            Pole(
                id=f"p{p}",
                name=f"Pole {p}",
                value_chain="argan",
                members=tuple(members),
                anchor=draw(st.one_of(st.none(), st.sampled_from(members))),
            )
        )
    return Territory(name="Generated", actors=actors, partnerships=ties, poles=poles)
