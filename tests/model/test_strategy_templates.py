"""Strategy templates: equal total budgets, provenance on every intervention and mechanism
parameter, validity in any territory; default parameters' provenance."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssestrategy.model import (
    DEFAULT_PARAMETERS,
    LEVER_PARAMETERS,
    Assumption,
    Case,
    Intervention,
    Source,
    Territory,
)
from ssestrategy.model.templates import (
    DEFAULT_BUDGET,
    DEFAULT_YEARS,
    canadian_agency,
    french_agency,
    national_2010_2020,
    status_quo,
    templates,
)
from ssestrategy.testing import territories

ACTIVE = (french_agency, canadian_agency, national_2010_2020)


@pytest.mark.parametrize("template", ACTIVE, ids=lambda t: t.__name__)
@pytest.mark.parametrize(
    ("budget", "years"), [(DEFAULT_BUDGET, DEFAULT_YEARS), (1e6, 2.0), (3.3e7, 7.5)]
)
def test_active_templates_spend_exactly_the_budget(template, budget: float, years: float) -> None:  # type: ignore[no-untyped-def]
    assert template(budget, years).total_budget() == pytest.approx(budget, rel=1e-12)


@settings(max_examples=100)
@given(
    budget=st.floats(0.0, 1e10, allow_nan=False),
    years=st.floats(1.001, 30.0, allow_nan=False),
)
def test_active_templates_have_equal_budgets(budget: float, years: float) -> None:
    """Fair comparisons: the three active templates spend the same total (programmes longer
    than the French template's one-year diagnostic phase)."""
    totals = [t(budget, years).total_budget() for t in ACTIVE]
    assert totals == pytest.approx([budget] * 3, rel=1e-12, abs=1e-6)


@pytest.mark.parametrize("years", [1.0, 0.5, 0.1])
def test_french_template_spends_its_budget_in_short_programmes(years: float) -> None:
    assert french_agency(1e6, years).total_budget() == pytest.approx(1e6)


@settings(max_examples=50)
@given(budget=st.floats(0.0, 1e10), years=st.floats(1.001, 30.0))
def test_interventions_fit_in_the_programme(budget: float, years: float) -> None:
    for s in (*[t(budget, years) for t in ACTIVE], status_quo(years=years)):
        for iv in s.interventions:
            assert iv.budget >= 0
            assert iv.start + iv.duration <= years + 1e-12


def test_status_quo_budget() -> None:
    assert status_quo(annual_budget=1e6, years=5.0).total_budget() == 5e6


def test_templates_in_order() -> None:
    assert [s.id for s in templates()] == [
        "french-agency",
        "canadian-agency",
        "national-2010-2020",
        "status-quo",
    ]


def labelled(x: object) -> bool:
    return isinstance(getattr(x, "provenance", None), Source | Assumption)


@pytest.mark.parametrize("strategy", templates(), ids=lambda s: s.id)
def test_every_template_number_has_provenance(strategy) -> None:  # type: ignore[no-untyped-def]
    assert labelled(strategy)
    for iv in strategy.interventions:
        assert labelled(iv), iv.name
        for name, p in iv.params.items():
            assert name in LEVER_PARAMETERS[iv.lever]
            assert labelled(p), (iv.name, name)


def test_template_mechanisms() -> None:
    french, canadian = french_agency(), canadian_agency()
    ties = [iv for iv in french.interventions if iv.lever.value == "ties"]
    assert [iv.hub for iv in ties] == ["@anchor"]
    # French pole platform ties vs Canadian federations: different mechanisms
    assert not any(iv.lever.value == "ties" for iv in canadian.interventions)
    assert [iv.lever.value for iv in canadian.interventions if iv.instrument == "federation"] == [
        "pooling"
    ]
    fund = next(iv for iv in canadian.interventions if iv.instrument == "revolving-fund")
    # RISQ's 85% is Quebec's record: the anchor of an assumed range, not a Tiznit source
    prov = fund.params["recovery_rate"].provenance
    assert (
        isinstance(prov, Assumption) and prov.low < fund.param("recovery_rate") < 0.85 < prov.high
    )
    inst = next(iv for iv in french.interventions if iv.instrument == "institutional-support")
    assert (inst.start, inst.duration) == (0.0, DEFAULT_YEARS)
    # pole lines start after the diagnostic year
    platform = next(iv for iv in french.interventions if iv.instrument == "pole-platform")
    assert (platform.start, platform.duration) == (1.0, DEFAULT_YEARS - 1.0)
    # a lever parameter not given takes the lever's default
    plain = Intervention(name="x", lever="ties", hub="@anchor")
    assert plain.param("ramp_years") == LEVER_PARAMETERS[plain.lever]["ramp_years"]


@settings(max_examples=40)
@given(territory=territories(min_actors=0, max_actors=6))
def test_templates_apply_to_any_territory(territory: Territory) -> None:
    case = Case(name="any", territory=territory, strategies=templates())
    assert len(case.strategies) == 4


@pytest.mark.parametrize("name", sorted(DEFAULT_PARAMETERS))
def test_default_parameters_have_provenance_and_a_range_around_the_default(name: str) -> None:
    p = DEFAULT_PARAMETERS[name]
    assert labelled(p)
    if isinstance(p.provenance, Assumption):
        assert p.provenance.has_range
        assert p.provenance.contains(p.value)


@pytest.mark.parametrize("strategy", templates(), ids=lambda s: s.id)
def test_every_template_is_a_point_of_the_lever_menu(strategy) -> None:  # type: ignore[no-untyped-def]
    """One menu for all: each intervention buys a menu instrument with the instrument's lever
    and mechanism (a design difference between templates is then a difference of shares,
    targets and timing over the same instruments)."""
    from ssestrategy.model import MENU

    items = {i.id: i for i in MENU}
    for iv in strategy.interventions:
        assert iv.instrument in items, iv.name
        item = items[iv.instrument]
        assert (iv.lever, iv.hub) == (item.lever, item.hub)
        for name, p in item.params.items():
            assert iv.params[name] == p


def test_active_templates_fit_the_annual_envelope() -> None:
    """No active template spends more than MAD 5M in a year at the default budget (the Tiznit
    case's illustrative annual absorption constraint), whatever its timing."""
    for make in ACTIVE:
        s = make()
        for t in (0.5, 1.5, 2.5, 3.5, 4.5):
            annual = sum(
                iv.budget for iv in s.interventions if iv.start <= t < iv.start + iv.duration
            )
            assert annual <= 5_000_000.0 + 1e-6, (s.id, t, annual)
