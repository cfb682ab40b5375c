"""Several provinces in one call: compare_territories against compare, the budget rules on a
toy set with analytic shares, the shared futures."""

from __future__ import annotations

from functools import cache

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ssestrategy as sse
from ssestrategy.errors import ModelError
from ssestrategy.model import ConstraintCategory, Indicator
from ssestrategy.territories import scaled_study, split_basis, split_budget, unemployed

PAIR = ["canadian-agency", "french-agency"]


@cache
def _toy(name: str, population: float, employed: float, rate: float) -> sse.Case:
    tz = sse.datasets.tiznit()
    indicators = (
        Indicator(name="population", value=population, year=2024),
        Indicator(name="employed", value=employed, year=2024),
        Indicator(name="unemployment_rate", value=rate, year=2024),
    )
    territory = attrs.evolve(tz.territory, name=name, indicators=indicators)
    return attrs.evolve(tz, territory=territory)


def _toys() -> list[sse.Case]:
    # unemployed: 90 * 0.1 / 0.9 = 10 and 60 * 0.25 / 0.75 = 20
    return [_toy("A", 100_000.0, 90.0, 0.1), _toy("B", 300_000.0, 60.0, 0.25)]


def test_one_province_alone_is_compare_on_it() -> None:
    tz = sse.datasets.tiznit()
    alone = sse.compare_territories([tz], n_scenarios=16, rng=3)
    ref = sse.compare(tz, n_scenarios=16, rng=3)
    got = alone.comparisons[0].ranking
    assert got.order == ref.ranking.order
    np.testing.assert_array_equal(got.score, ref.ranking.score)
    np.testing.assert_array_equal(got.p_best, ref.ranking.p_best)
    assert alone.comparisons[0].ensemble.provenance["seed"] == ref.ensemble.provenance["seed"]
    assert [p.strategy for p in alone.pooled()] == list(ref.ranking.order)
    assert alone.pooled()[0].first_in == ("Tiznit",)


def test_every_province_is_its_own_compare_over_the_same_futures() -> None:
    a, b = _toys()
    res = sse.compare_territories(
        {"a": a, "b": b}, PAIR, n_scenarios=12, rng=np.random.SeedSequence(9)
    )
    for case, cmp in zip((a, b), res.comparisons, strict=True):
        ref = sse.compare(case, PAIR, n_scenarios=12, rng=9)
        np.testing.assert_array_equal(cmp.ranking.score, ref.ranking.score)
    ea, eb = (c.ensemble for c in res.comparisons)
    np.testing.assert_array_equal(ea.inputs, eb.inputs)
    assert set(res.shared) >= set(ea.input_names) and res.not_shared == ()
    d = res.to_dict()
    assert d["ranks"] == res.ranks() and d["budget_split"] is None
    assert "Pooled over the provinces" in res.format_report()


def test_inputs_drawn_differently_are_reported() -> None:
    a, _ = _toys()
    space = a.uncertainties
    fewer = attrs.evolve(a, uncertainties=attrs.evolve(space, parameters=space.parameters[1:]))
    res = sse.compare_territories([a, fewer], PAIR[:1], n_scenarios=4, rng=0)
    first = space.parameters[0].parameter
    assert first in res.not_shared  # absent in the second case
    assert space.parameters[1].parameter in res.not_shared  # moved up one place: other draws
    assert any(p.path == "cases" for p in res.warnings)


@pytest.mark.parametrize(
    ("split", "shares"),
    [("population", (0.25, 0.75)), ("need", (1 / 3, 2 / 3)), ("equal", (0.5, 0.5))],
)
def test_the_rules_give_their_analytic_shares(split, shares) -> None:  # type: ignore[no-untyped-def]
    basis = split_basis(_toys(), split)
    got = split_budget(12e6, basis)
    np.testing.assert_allclose(got, [12e6 * s for s in shares], rtol=1e-12)
    assert sum(got) == 12e6


@given(
    st.floats(1.0, 1e10),
    st.lists(st.floats(0.0, 1e7), min_size=1, max_size=12).filter(lambda b: sum(b) > 0),
)
def test_the_envelopes_sum_to_the_budget(budget: float, basis: list[float]) -> None:
    got = split_budget(budget, basis)
    assert sum(got) == pytest.approx(budget, rel=1e-12)
    assert got[:-1] == tuple(budget * b / sum(basis) for b in basis[:-1])


def test_unemployed_from_the_labour_indicators() -> None:
    assert unemployed(90.0, 0.1) == pytest.approx(10.0)
    tz = sse.datasets.tiznit().territory
    employed = tz.indicator("employed").value
    rate = tz.indicator("unemployment_rate").value
    # the rate is unemployed / (employed + unemployed)
    u = unemployed(employed, rate)
    assert u / (employed + u) == pytest.approx(rate)


def test_a_shared_budget_scales_each_province() -> None:
    a, b = _toys()
    res = sse.compare_territories(
        [a, b], PAIR, n_scenarios=4, rng=0, budget=20e6, split="population"
    )
    assert res.envelopes == (5e6, 15e6) and res.factors == (0.25, 0.75)
    for cmp, envelope, factor in zip(res.comparisons, res.envelopes, res.factors, strict=True):
        totals = [s.total_budget() for s in cmp.strategies]
        assert max(totals) == pytest.approx(envelope)
        cap = next(c for c in cmp.case.constraints if c.id == "budget-envelope")
        assert cap.target == pytest.approx(20e6 * factor)  # Tiznit's 20 M cap, scaled
    assert "split by population" in res.format_report()
    assert res.to_dict()["budget_split"]["provinces"]["B"]["envelope_mad"] == 15e6
    # the same report in French and Arabic: headings translated, names and ranks kept
    fr, ar = res.format_report(lang="fr"), res.format_report(lang="ar")
    assert "Vue d'ensemble des provinces" in fr and "réparti selon la population" in fr
    assert "15\u202f000\u202f000" in fr or "15 000 000" in fr
    assert "الحصيلة على مستوى الأقاليم" in ar
    for text in (fr, ar):
        assert "Pooled over" not in text and "split by" not in text
        assert all(name in text for name in res.names)


def test_scaled_study_keeps_the_designs_shares() -> None:
    tz = sse.datasets.tiznit()
    case, strats, factor = scaled_study(tz, tz.strategies, 5e6)
    assert factor == 0.25
    for old, new in zip(tz.strategies, strats, strict=True):
        assert new.total_budget() == pytest.approx(old.total_budget() * factor)
    for old_c, new_c in zip(tz.constraints, case.constraints, strict=True):
        scale = factor if old_c.category is ConstraintCategory.BUDGET else 1.0
        assert new_c.target == pytest.approx(old_c.target * scale)


def test_refusals_name_their_path() -> None:
    tz = sse.datasets.tiznit()
    bare = attrs.evolve(tz, territory=attrs.evolve(tz.territory, indicators=()))
    with pytest.raises(ModelError) as err:
        sse.compare_territories([tz, bare], PAIR, n_scenarios=4, budget=1e6)
    assert err.value.path == "cases[1].territory.indicators"
    with pytest.raises(ModelError) as err:
        sse.compare_territories([tz, attrs.evolve(tz, strategies=())], PAIR, n_scenarios=4)
    assert err.value.path == "cases[1].strategies"
    with pytest.raises(ModelError) as err:
        sse.compare_territories([tz], n_scenarios=4, budget=1e6, split="rich")  # type: ignore[arg-type]
    assert err.value.path == "split"
    with pytest.raises(ModelError) as err:
        sse.compare_territories([], n_scenarios=4)
    assert err.value.path == "cases"
    with pytest.raises(ModelError) as err:
        sse.compare_territories([tz], n_scenarios=4, budget=-1.0)
    assert err.value.path == "budget"
