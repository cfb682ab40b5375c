"""A pole anchor tied to entry cohorts learns from the people in them (docs/model.md, stage 3):
a cohort counts as a partner only while it holds anyone."""

from __future__ import annotations

import numpy as np
import pytest

from ssestrategy.model import Actor, Case, Intervention, Pole, Strategy, Territory
from ssestrategy.simulation.compile import compile_case
from ssestrategy.simulation.kernel import (
    _measured_success,
    ces,
    initial_state,
    scenario_inputs,
    step,
)

F = ("financing", "networking", "innovation", "governance")


def _case(**params: float) -> Case:
    """An anchor (a chamber, not a target, weak) and a strong cooperative in one pole, a weak
    cooperative of the same value chain outside it (so an empty cohort row, at the cell's mean,
    differs from the pole's cooperative); a free platform ties the pole's target rows, cohorts
    included, to the anchor from the start."""

    def coop(i: str, level: float) -> Actor:
        caps = dict.fromkeys(F, level)
        return Actor(
            id=i, name=i, kind="cooperative", capacities=caps, members=10, value_chain="argan"
        )

    actors = (
        Actor(id="h", name="h", kind="chamber", capacities=dict.fromkeys(F, 0.1)),
        coop("a", 0.9),
        coop("b", 0.3),
    )
    pole = Pole(id="p", name="P", value_chain="argan", members=("h", "a"), anchor="h")
    platform = Intervention(
        name="platform",
        lever="ties",
        hub="@anchor",
        budget=10_000.0,
        duration=10.0,
        params={"tie_intensity": 0.5, "tie_cost": 0.0, "ramp_years": 0.0},
    )
    base = {
        "depreciation": 0.0,
        "funding_delay": 0.0,
        "funding_shortfall": 0.0,
        "entrant_capacity": 0.5,  # cohorts unlike the cooperative
    }
    return Case(
        name="c",
        territory=Territory(name="t", actors=actors, poles=(pole,)),
        strategies=(Strategy(id="s", name="S", interventions=(platform,)),),
    ).with_parameters(**{**base, **params})


def _anchor_path(case: Case, *, entry: bool, periods: int = 8) -> np.ndarray:
    cc = compile_case(case, periods=periods, entry=entry)
    s = cc.strategies[0]
    x = scenario_inputs(case.parameter_values(), 2, cc)
    st = initial_state(cc, s, x)
    path = []
    for _ in range(periods):
        step(cc, s, x, st)
        path.append(st.capacity[0].copy())
    return np.asarray(path)


def test_cohorts_nobody_entered_teach_the_anchor_nothing() -> None:
    """With no entry the cohort rows stay empty: the anchor's capacities are exactly those of
    the same case compiled without cohorts (before the fix it also learnt from the empty rows'
    entrant-level capacities)."""
    case = _case(entry_rate=0.0)
    np.testing.assert_array_equal(_anchor_path(case, entry=True), _anchor_path(case, entry=False))


def test_the_anchor_learns_from_a_cohort_once_it_holds_anyone() -> None:
    """Period 1: the year's cohort is still empty, the anchor's partners' mean is the
    cooperative's capacity; period 2: entrants arrived, the mean is that of the cooperative and
    the cohort (equal tie weights)."""
    case = _case(entry_rate=0.2, hazard_weak=0.0, hazard_supported=0.0)
    cc = compile_case(case, periods=8)
    s = cc.strategies[0]
    x = scenario_inputs(case.parameter_values(), 1, cc)
    st = initial_state(cc, s, x)
    lr = case.parameter_values()["learning_rate"] * cc.dt
    row = int(cc.cohort_row[0, 0])
    c_h, c_a = st.capacity[0, :, 0].copy(), st.capacity[1, :, 0].copy()
    step(cc, s, x, st)
    np.testing.assert_allclose(st.capacity[0, :, 0], c_h + lr * (c_a - c_h), rtol=1e-14)
    assert st.alive[row, 0] > 0.0  # entrants joined at the end of the first period
    c_h, c_a, c_c = (st.capacity[i, :, 0].copy() for i in (0, 1, row))
    step(cc, s, x, st)
    mean = (c_a + c_c) / 2.0
    np.testing.assert_allclose(st.capacity[0, :, 0], c_h + lr * (mean - c_h), rtol=1e-14)


def test_a_cohort_s_success_is_that_of_its_entrants() -> None:
    """After the first entrants join an empty cohort, the outcomes take its success from their
    capacities (entrant_capacity x the cell's initial mean), not from the empty row's."""
    case = _case(entry_rate=0.2)
    cc = compile_case(case, periods=8)
    s = cc.strategies[0]
    x = scenario_inputs(case.parameter_values(), 1, cc)
    st = initial_state(cc, s, x)
    step(cc, s, x, st)
    p = case.parameter_values()
    entrants = np.full((1, 4, 1), 0.6 * p["entrant_capacity"])  # the cell: a 0.9, b 0.3
    own = ces(entrants, x.rho)[0, 0]
    pole = st.pole_success[0, 0]  # the cohort joins the pole (half the cell's units)
    w = p["pole_weight"]
    entry = cc.n_targets - cc.cohort_row.size  # the first cohort's target entry
    got = _measured_success(cc, x, st)[entry, 0]
    assert got == pytest.approx(w * pole + (1.0 - w) * own, rel=1e-12)
    assert st.success[entry, 0] != pytest.approx(got)  # stage 6 saw the empty row
