"""ssestrategy.testing: what each strategy promises holds for every example, arguments are
checked, and mutate_case_dict breaks exactly what it says."""

from __future__ import annotations

import copy
import math
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssestrategy.errors import ModelError
from ssestrategy.io import case_from_dict, case_to_dict
from ssestrategy.model import (
    DEFAULT_PARAMETERS,
    OUTCOMES,
    Assumption,
    Case,
    Criteria,
    Event,
    Foresight,
    Intervention,
    Lever,
    Source,
    Strategy,
    Territory,
    Uncertainty,
)
from ssestrategy.testing import (
    MUTATION_KINDS,
    actors,
    assumptions,
    capacities,
    cases,
    constraints,
    criteria,
    distributions,
    events,
    foresights,
    identifiers,
    interventions,
    invalid_case_mutations,
    mutate_case_dict,
    partnerships,
    poles,
    provenances,
    scenario_spaces,
    selectors,
    strategies,
    territories,
    uncertainties,
)

FEW = settings(max_examples=40)


def all_numbers(obj: Any) -> list[float]:
    """Every number held by an attrs object, recursively."""
    out: list[float] = []
    if attrs.has(type(obj)):
        for f in attrs.fields(type(obj)):
            out += all_numbers(getattr(obj, f.name))
    elif isinstance(obj, bool) or obj is None or isinstance(obj, str):
        pass
    elif isinstance(obj, int | float):
        out.append(float(obj))
    elif isinstance(obj, tuple | list):
        for x in obj:
            out += all_numbers(x)
    elif isinstance(obj, dict):
        for x in obj.values():
            out += all_numbers(x)
    return out


@FEW
@given(territory=territories(min_actors=2, max_actors=8))
def test_territories_are_valid_by_construction(territory: Territory) -> None:
    ids = [a.id for a in territory.actors]
    assert 2 <= len(ids) == len(set(ids)) <= 8
    for p in territory.partnerships:
        assert p.source in ids and p.target in ids and p.source != p.target
    pole_ids = [p.id for p in territory.poles]
    assert len(pole_ids) == len(set(pole_ids)) <= 3
    for pole in territory.poles:
        assert pole.members and set(pole.members) <= set(ids)
        assert len(set(pole.members)) == len(pole.members)
        assert pole.anchor is None or pole.anchor in pole.members
    keys = [(i.name, i.year) for i in territory.indicators]
    assert len(keys) == len(set(keys))
    assert all(math.isfinite(x) for x in all_numbers(territory))
    # revalidating the same data gives an equal object
    assert attrs.evolve(territory) == territory


@FEW
@given(case=cases(max_actors=5))
def test_cases_are_valid_and_finite(case: Case) -> None:
    assert all(math.isfinite(x) for x in all_numbers(case))
    assert attrs.evolve(case) == case
    ids = {a.id for a in case.territory.actors}
    for s in case.strategies:
        for iv in s.interventions:
            if iv.lever is Lever.TIES:
                assert iv.hub == "@anchor" or iv.hub in ids
            for at in (iv.start, iv.duration):
                assert 0 <= at <= case.horizon
    for c in case.constraints:
        assert c.at is None or c.at <= case.horizon
    assert all(cr.weight is not None and cr.weight > 0 for cr in case.criteria.items)


@FEW
@given(data=st.data(), territory=territories(min_actors=1, max_actors=6))
def test_interventions_resolve_in_their_territory(
    data: st.DataObject, territory: Territory
) -> None:
    iv = data.draw(interventions(territory, horizon=3.0))
    assert set(iv.target.actors) <= {a.id for a in territory.actors}
    assert set(iv.target.poles) <= {p.id for p in territory.poles}
    # the case cross-check (selector ids, hub) accepts it
    Case(
        name="c",
        territory=territory,
        horizon=3.0,
        strategies=(Strategy(id="s", name="S", interventions=(iv,)),),
    )


@FEW
@given(iv=interventions(levers=["ties", "financing"]))
def test_interventions_without_territory_name_no_ids(iv: Intervention) -> None:
    assert iv.target.actors == () and iv.target.poles == ()
    if iv.lever is Lever.TIES:
        assert iv.hub == "@anchor"
    for name, p in iv.params.items():
        if name in ("recovery_rate", "tie_intensity"):
            assert 0 <= p.value <= 1


@FEW
@given(u=uncertainties())
def test_uncertainties_stay_within_the_parameters_plausible_range(u: Uncertainty) -> None:
    prov = DEFAULT_PARAMETERS[u.parameter].provenance
    assert isinstance(prov, Assumption)
    lo, hi = u.distribution.support()
    assert prov.low <= lo <= hi <= prov.high  # type: ignore[operator]


@FEW
@given(e=events(value_chains=["argan"]))
def test_events(e: Event) -> None:
    lo, hi = e.severity.support()
    assert 0 <= lo <= hi <= 1
    assert set(e.value_chains) <= {"argan"}


@FEW
@given(c=criteria(min_items=2, max_items=5, pairwise=None))
def test_criteria_have_weights(c: Criteria) -> None:
    assert 2 <= len(c.items) <= 5
    assert len({cr.outcome for cr in c.items}) == len(c.items)
    assert all(cr.outcome in OUTCOMES for cr in c.items)
    weights = c.direct_weights()
    assert weights is not None and sum(weights) > 0
    if c.pairwise is not None:
        n = len(c.items)
        for i in range(n):
            for j in range(n):
                assert c.pairwise[i][j] * c.pairwise[j][i] == pytest.approx(1.0)


@FEW
@given(f=foresights(max_variables=4, max_actors=3, max_objectives=2))
def test_foresights(f: Foresight) -> None:
    assert len(f.variables) <= 4 and len(f.actors) <= 3 and len(f.objectives) <= 2
    assert all(float(x).is_integer() for row in (*f.influence, *f.mdi, *f.mao) for x in row)


@FEW
@given(
    caps=capacities(0.25, 0.75),
    source_or_assumption=provenances(),
    ranged=assumptions(with_range=False),
    space=scenario_spaces(["learning_rate", "max_gain"], max_parameters=2, max_events=0),
    d=distributions(["triangular", "truncnorm"], low=-2.0, high=3.0),
)
def test_small_strategies(
    caps: Any, source_or_assumption: Any, ranged: Assumption, space: Any, d: Any
) -> None:
    assert all(0.25 <= v <= 0.75 for v in caps.as_tuple())
    assert isinstance(source_or_assumption, Source | Assumption)
    assert not ranged.has_range
    assert set(space.names()) <= {"learning_rate", "max_gain"} and space.events == ()
    assert d.kind.value in ("triangular", "truncnorm", "uniform")  # a degenerate truncnorm
    lo, hi = d.support()
    assert -2.0 <= lo <= hi <= 3.0


@FEW
@given(
    a=actors(ids=identifiers(4), kinds=["artisan"], value_chains=[], communes=[]),
    p=partnerships(["x", "y"]),
    pole=poles(["x", "y", "z"], max_members=2),
    s=strategies(ids="s-1", max_interventions=1),
    c=constraints(ids="c-1", horizon=2.0),
    sel=selectors(),
)
def test_fixed_arguments_are_honoured(a: Any, p: Any, pole: Any, s: Any, c: Any, sel: Any) -> None:
    assert len(a.id) <= 4 and a.kind.value == "artisan"
    assert a.value_chain is None and a.commune is None
    assert {p.source, p.target} == {"x", "y"}
    assert 1 <= len(pole.members) <= 2
    assert s.id == "s-1" and len(s.interventions) <= 1
    assert c.id == "c-1" and (c.at is None or c.at <= 2.0)
    assert sel.actors == ()


@pytest.mark.parametrize(
    ("make", "path"),
    [
        (lambda: territories(min_actors=5, max_actors=2), "max_actors"),
        (lambda: territories(min_actors=-1), "min_actors"),
        (lambda: cases(max_poles=-1), "max_poles"),
        (lambda: actors(kinds=[]), "kinds"),
        (lambda: actors(kinds=["coop"]), "kinds[0]"),
        (lambda: partnerships(["a", "a"]), "actor_ids"),
        (lambda: partnerships("ab"), "actor_ids"),
        (lambda: poles([]), "actor_ids"),
        (lambda: distributions(low=1.0, high=0.0), "high"),
        (lambda: distributions(low=math.nan), "low"),
        (lambda: distributions(["gamma"]), "kinds[0]"),
        (lambda: capacities(0.0, 2.0), "low"),
        (lambda: uncertainties(["learning rate"]), "parameter_names[0]"),
        (lambda: uncertainties([]), "parameter_names"),
        (lambda: interventions(levers=["magic"]), "levers[0]"),
        (lambda: criteria(min_items=3, max_items=2), "max_items"),
        (lambda: identifiers(0), "max_size"),
        (lambda: invalid_case_mutations(kinds=["nonsense"]), "kinds[0]"),
    ],
)
def test_bad_arguments_raise_model_error(make: Any, path: str) -> None:
    with pytest.raises(ModelError) as info:
        make()
    assert info.value.path == path


@settings(max_examples=30)
@given(data=st.data())
def test_mutation_leaves_its_input_alone(rich_case: Case, data: st.DataObject) -> None:
    original = case_to_dict(rich_case)
    kept = copy.deepcopy(original)
    broken, path = mutate_case_dict(original, data.draw)
    assert original == kept
    assert broken != original
    assert isinstance(path, str)


def test_mutation_kinds_that_cannot_apply() -> None:
    data = {"name": "x", "territory": {"name": "t"}}

    @settings(max_examples=5, database=None)
    @given(st.data())
    def run(d: st.DataObject) -> None:
        with pytest.raises(ModelError) as info:
            mutate_case_dict(data, d.draw, kinds=["duplicate-id"])
        assert info.value.path == "kinds"
        with pytest.raises(ModelError) as info:
            mutate_case_dict(data, d.draw, kinds=["typo"])
        assert info.value.path == "kinds[0]"
        with pytest.raises(ModelError):
            mutate_case_dict([], d.draw)  # type: ignore[arg-type]
        # these always apply, even to the smallest case
        for kind in ("missing-field", "unknown-field", "blank-text", "out-of-range"):
            broken, path = mutate_case_dict(data, d.draw, kinds=[kind])
            with pytest.raises(ModelError) as err:
                case_from_dict(broken)
            assert path in [p.path for p in err.value.problems]

    run()


def test_every_kind_is_documented() -> None:
    import importlib
    from pathlib import Path

    module = importlib.import_module("ssestrategy.testing.mutations")
    source = Path(module.__file__).read_text(encoding="utf-8")  # type: ignore[arg-type]
    for kind in MUTATION_KINDS:
        assert f"- ``{kind}``" in source
