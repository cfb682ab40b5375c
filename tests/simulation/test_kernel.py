"""The model's mechanisms on cases small enough to check by hand (docs/model.md equations)."""

from __future__ import annotations

import math

import attrs
import numpy as np
import pytest

from ssestrategy.model import (
    Actor,
    Case,
    Distribution,
    Event,
    Intervention,
    Partnership,
    Pole,
    ScenarioSpace,
    Strategy,
    Territory,
)
from ssestrategy.model.success import ces_success
from ssestrategy.simulation.compile import compile_case
from ssestrategy.simulation.kernel import (
    OUTCOME_NAMES,
    ces,
    initial_state,
    run,
    scenario_inputs,
    step,
)

F = ("financing", "networking", "innovation", "governance")


def caps(v: float | tuple[float, ...]) -> dict[str, float]:
    vals = (v,) * 4 if isinstance(v, float) else v
    return dict(zip(F, vals, strict=True))


def coop(i: str, c: float | tuple[float, ...] = 0.5, members: int = 10, **kw) -> Actor:  # type: ignore[no-untyped-def]
    return Actor(id=i, name=i, kind="cooperative", capacities=caps(c), members=members, **kw)


def out(values: np.ndarray, name: str) -> np.ndarray:
    return values[OUTCOME_NAMES.index(name)]


def _x(case: Case, cc, n: int = 1, **kw):  # type: ignore[no-untyped-def]
    return scenario_inputs(case.parameter_values(), n, cc, **kw)


def test_ces_per_scenario_agrees_with_shared_definition() -> None:
    rng = np.random.default_rng(0)
    levels = rng.uniform(0.0, 1.0, (30, 4, 6))
    levels[0, 2, :] = 0.0
    levels[1] = 1e-3
    rho = np.array([-1.0, -2.5, -4.0, -7.3, -10.0, -20.0])
    got = ces(levels, rho)
    for s in range(6):
        np.testing.assert_allclose(
            got[:, s], ces_success(levels[:, :, s], float(rho[s]), axis=1), rtol=2e-6
        )
    assert (got[0] == 0.0).all()
    np.testing.assert_array_equal(ces(levels, -4.0), ces_success(levels, -4.0, axis=1))


def test_depreciation_and_survival_of_an_isolated_actor() -> None:
    """No tie, no pole, no spend, no entry: C_k = C_0 (1 - d dt)^k; success = (1 - w) C (all
    factors equal); survival = prod exp(-(h_w - (h_w - h_s) s_k) a_k dt), with a_k the mean
    over period k of the age profile exp(-decline (age - grace)) at age established_age + t."""
    case = Case(name="c", territory=Territory(name="t", actors=(coop("a", 0.6),)))
    cc = compile_case(case, [], periods=8, entry=False)
    p = case.parameter_values()
    res = run(cc, None, _x(case, cc), np.arange(9))
    dt = 0.25
    c = 0.6 * (1 - p["depreciation"] * dt) ** np.arange(9)
    np.testing.assert_allclose(out(res, "capacity")[:, 0], c, rtol=1e-12)
    s = (1 - p["pole_weight"]) * c
    h = p["hazard_weak"] - (p["hazard_weak"] - p["hazard_supported"]) * s
    d, age0 = p["hazard_decline"], p["established_age"] - p["hazard_grace_years"]
    k = np.arange(8)
    a = np.exp(-d * (age0 + k * dt)) * (1 - np.exp(-d * dt)) / (d * dt)
    surv = np.concatenate([[1.0], np.cumprod(np.exp(-h[1:] * a * dt))])
    np.testing.assert_allclose(out(res, "survival")[:, 0], surv, rtol=1e-12)
    np.testing.assert_allclose(out(res, "jobs")[:, 0], 10 * surv, rtol=1e-12)
    inc = p["income_per_member"] * 10 * surv * (1 + p["income_gain"] * s)
    np.testing.assert_allclose(out(res, "income")[:, 0], inc, rtol=1e-12)


def test_peer_learning_from_a_better_partner() -> None:
    """C_a += lr dt max(N_a - C_a, 0) with N the row-normalised tie-weighted mean; the better
    partner does not lose."""
    t = Territory(
        name="t",
        actors=(coop("a", 0.2), coop("b", 0.8)),
        partnerships=(Partnership(source="a", target="b", kind="market", intensity=0.7),),
    )
    case = Case(name="c", territory=t).with_parameters(depreciation=0.0)
    cc = compile_case(case, [], periods=1)
    x = _x(case, cc)
    st = initial_state(cc, None, x)
    step(cc, None, x, st)
    lr = case.parameters["learning_rate"].value
    np.testing.assert_allclose(st.capacity[0, :, 0], 0.2 + lr * 0.25 * 0.6, rtol=1e-14)
    np.testing.assert_array_equal(st.capacity[1, :, 0], 0.8)


def test_capacity_gain_saturates_with_spend() -> None:
    """One actor, one innovation intervention: C += g dt eff (1 - C)(1 - exp(-X/(h dt)))."""
    iv = Intervention(name="train", lever="innovation", budget=40_000.0, duration=1.0)
    case = Case(
        name="c",
        territory=Territory(name="t", actors=(coop("a", 0.3),)),
        strategies=(Strategy(id="s", name="S", interventions=(iv,)),),
    ).with_parameters(depreciation=0.0)
    cc = compile_case(case, periods=1)
    x = _x(case, cc)
    st = initial_state(cc, cc.strategies[0], x)
    step(cc, cc.strategies[0], x, st)
    p = case.parameter_values()
    dt = 0.25
    size = (p["reference_members"] / 10) ** p["size_elasticity"]  # a 10-member cooperative
    gain = (
        p["max_gain"]
        * dt
        * (1 - 0.3)
        * (1 - math.exp(-10_000.0 * size / (p["half_saturation"] * dt)))
    )
    np.testing.assert_allclose(st.capacity[0, 2, 0], 0.3 + gain, rtol=1e-14)
    np.testing.assert_array_equal(st.capacity[0, [0, 1, 3], 0], 0.3)
    assert st.cum_spend[0] == 10_000.0


def _fund_case(**params: float) -> Case:
    iv = Intervention(
        name="fund",
        lever="financing",
        budget=8_000.0,
        duration=0.25,
        params={"recovery_rate": 0.8, "repayment_years": 0.5, "admin_rate": 0.1},
    )
    base = dict(
        hazard_weak=0.0,
        hazard_supported=0.0,
        max_gain=0.0,
        depreciation=0.0,
        entry_rate=0.0,
        size_elasticity=0.0,
    )
    base.update(params)
    return Case(
        name="c",
        territory=Territory(name="t", actors=(coop("a", (0.5, 0.3, 0.3, 0.3)),)),
        strategies=(Strategy(id="s", name="S", interventions=(iv,)),),
    ).with_parameters(**base)


def test_revolving_fund_by_hand() -> None:
    """Public money 2,000 in period 0; then each period half of the outstanding loans falls due
    (dt / term = 0.5), 80% of it is collected (ability 1: financing 0.5 >= repayment_capacity),
    the running cost 10%/year of what is outstanding is paid and the rest re-lent."""
    case = _fund_case()
    cc = compile_case(case, periods=3)
    s = cc.strategies[0]
    x = _x(case, cc)
    st = initial_state(cc, s, x)
    outstanding, money = [], []
    for _ in range(3):
        step(cc, s, x, st)
        outstanding.append(float(st.outstanding[0, 0]))
        money.append(float(st.cum_money[0]))
    o1 = 2000 - 1000 + (800 - 25)  # due 1000, collected 800, admin 0.1 x 1000 x 0.25
    due2 = o1 / 2
    admin2 = 0.1 * (o1 - due2) * 0.25
    o2 = o1 - due2 + (0.8 * due2 - admin2)
    np.testing.assert_allclose(outstanding, [2000, o1, o2], rtol=1e-14)
    np.testing.assert_allclose(money, [2000, 2000 + 775, 2775 + 0.8 * due2 - admin2], rtol=1e-14)
    assert st.cum_spend[0] == 2000.0
    res = run(cc, s, x, [3])
    np.testing.assert_allclose(out(res, "leverage")[0, 0], money[-1] / 2000, rtol=1e-14)


def test_fund_collection_falls_with_financing_capacity_and_exits_default() -> None:
    """A borrower with financing capacity 0.15 < repayment_capacity 0.3 repays half of 80%;
    the loans of borrowers who exit are written off with them."""
    weak = _fund_case()
    weak = attrs.evolve(
        weak, territory=Territory(name="t", actors=(coop("a", (0.15, 0.3, 0.3, 0.3)),))
    )
    cc = compile_case(weak, periods=2)
    s = cc.strategies[0]
    x = _x(weak, cc)
    st = initial_state(cc, s, x)
    step(cc, s, x, st)
    step(cc, s, x, st)
    collected = 1000 * 0.8 * 0.5
    np.testing.assert_allclose(st.cum_money[0], 2000 + collected - 25, rtol=1e-14)
    # exits: the same fund with a hazard; outstanding shrinks with the survivors
    risky = _fund_case(hazard_weak=0.4, hazard_supported=0.4, established_age=20.0)
    cc2 = compile_case(risky, periods=1)
    s2 = cc2.strategies[0]
    x2 = _x(risky, cc2)
    st2 = initial_state(cc2, s2, x2)
    step(cc2, s2, x2, st2)
    np.testing.assert_allclose(st2.outstanding[0, 0], 2000 * st2.alive[0, 0], rtol=1e-14)
    assert st2.alive[0, 0] < 1.0


def test_repayments_weigh_on_financing_capacity() -> None:
    """With gains on, the loan raises financing when lent; repayments then lower it:
    C *= 1 - min(max_gain dt, 1)(1 - exp(-Y / (half_saturation dt)))."""
    case = _fund_case(max_gain=0.5)
    cc = compile_case(case, periods=2)
    s = cc.strategies[0]
    x = _x(case, cc)
    st = initial_state(cc, s, x)
    step(cc, s, x, st)
    c1 = float(st.capacity[0, 0, 0])
    p = case.parameter_values()
    g = 0.5 * 0.25
    assert c1 == pytest.approx(
        0.5 + g * 0.5 * (1 - math.exp(-2000 / (p["half_saturation"] * 0.25)))
    )
    step(cc, s, x, st)
    ability = min(c1 / p["repayment_capacity"], 1.0)
    lent = 800 * ability - 0.1 * 1000 * 0.25
    gained = c1 + g * (1 - c1) * (1 - math.exp(-lent / (p["half_saturation"] * 0.25)))
    burden = 1000 * 0.8 * ability
    expected = gained * (1 - g * (1 - math.exp(-burden / (p["half_saturation"] * 0.25))))
    np.testing.assert_allclose(st.capacity[0, 0, 0], expected, rtol=1e-13)


def test_pooling_shares_services_across_members() -> None:
    """Two cooperatives of one chain share a second-tier structure: each gets money / R^rivalry
    per unit (R = 2 active units) instead of money / R."""
    ivs = (
        Intervention(
            name="fed", lever="pooling", budget=8_000.0, duration=0.25, params={"rivalry": 0.5}
        ),
    )
    actors = (coop("a", 0.3, value_chain="argan"), coop("b", 0.3, value_chain="argan"))
    case = Case(
        name="c",
        territory=Territory(name="t", actors=actors),
        strategies=(Strategy(id="s", name="S", interventions=ivs),),
    ).with_parameters(depreciation=0.0, entry_rate=0.0, size_elasticity=0.0)
    cc = compile_case(case, periods=1)
    x = _x(case, cc)
    st = initial_state(cc, cc.strategies[0], x)
    step(cc, cc.strategies[0], x, st)
    p = case.parameter_values()
    per_unit = 2000.0 / 2.0**0.5
    gain = p["max_gain"] * 0.25 * 0.7 * (1 - math.exp(-per_unit / (p["half_saturation"] * 0.25)))
    np.testing.assert_allclose(st.capacity[:2, 1, 0], 0.3 + gain, rtol=1e-14)  # networking
    assert st.cum_spend[0] == 2000.0


def test_entry_and_incubation_by_hand() -> None:
    """Entrants = entry_rate dt N (1 + effect S) + incubation money / (cost x members); they
    join the cohort of the year with entrant_capacity x the cell's mean capacity."""
    ivs = (Intervention(name="inc", lever="incubation", budget=40_000.0, duration=0.25),)
    actors = (coop("a", 0.5, members=10, units=4),)
    case = Case(
        name="c",
        territory=Territory(name="t", actors=actors),
        strategies=(Strategy(id="s", name="S", interventions=ivs),),
    ).with_parameters(hazard_weak=0.0, hazard_supported=0.0, depreciation=0.0)
    cc = compile_case(case, periods=1)
    x = _x(case, cc)
    s = cc.strategies[0]
    st = initial_state(cc, s, x)
    step(cc, s, x, st)
    p = case.parameter_values()
    natural = p["entry_rate"] * 0.25 * 4  # no pole: S = 0
    lever = 10_000.0 / (p["incubation_cost"] * 10)
    row = cc.cohort_row[0, 0]
    np.testing.assert_allclose(st.alive[row, 0], natural + lever, rtol=1e-14)
    np.testing.assert_allclose(st.cum_entrants[0], natural + lever, rtol=1e-14)
    np.testing.assert_allclose(st.cum_jobs_created[0], 10 * (natural + lever), rtol=1e-14)
    np.testing.assert_allclose(st.capacity[row, :, 0], 0.5 * p["entrant_capacity"], rtol=1e-14)
    res = run(cc, s, x, [1])
    assert out(res, "jobs")[0, 0] == pytest.approx(40 + 10 * (natural + lever))
    assert out(res, "survival")[0, 0] == 1.0  # the initial actors only


def test_the_spend_an_organisation_needs_grows_with_its_size() -> None:
    """The same money per unit moves a solo artisan (reference_members / 1) ** elasticity times
    as far as an organisation of the reference size."""
    actors = (
        Actor(id="solo", name="solo", kind="artisan", capacities=caps(0.3), members=1),
        coop("big", 0.3, members=50),
    )
    iv = Intervention(name="x", lever="innovation", budget=8_000.0, duration=0.25)
    case = Case(
        name="c",
        territory=Territory(name="t", actors=actors),
        strategies=(Strategy(id="s", name="S", interventions=(iv,)),),
    ).with_parameters(depreciation=0.0, entry_rate=0.0)
    cc = compile_case(case, periods=1)
    x = _x(case, cc)
    st = initial_state(cc, cc.strategies[0], x)
    step(cc, cc.strategies[0], x, st)
    p = case.parameter_values()
    g = p["max_gain"] * 0.25
    for row, m in ((0, 1.0), (1, 50.0)):
        size = (p["reference_members"] / m) ** p["size_elasticity"]
        sat = 1 - math.exp(-1_000.0 * size / (p["half_saturation"] * 0.25))
        np.testing.assert_allclose(st.capacity[row, 2, 0], 0.3 + g * 0.7 * sat, rtol=1e-14)
    assert st.capacity[0, 2, 0] > st.capacity[1, 2, 0]


def test_registered_actors_start_active_with_probability() -> None:
    actors = (coop("a", 0.5, members=10, units=4, status="registered"), coop("b", 0.5))
    case = Case(name="c", territory=Territory(name="t", actors=actors)).with_parameters(
        inactive_share=0.25
    )
    cc = compile_case(case, [], periods=1, entry=False)
    res = run(cc, None, _x(case, cc), [0])
    assert out(res, "active_actors")[0, 0] == 4 * 0.75 + 1
    assert out(res, "jobs")[0, 0] == 4 * 0.75 * 10 + 10
    assert out(res, "survival")[0, 0] == 1.0


def test_delay_and_shortfall_scale_and_shift_spend() -> None:
    iv = Intervention(name="x", lever="governance", budget=4_000.0, start=0.0, duration=1.0)
    case = Case(
        name="c",
        territory=Territory(name="t", actors=(coop("a"),)),
        strategies=(Strategy(id="s", name="S", interventions=(iv,)),),
    )
    cc = compile_case(case, periods=8)
    base = case.parameter_values()
    x = scenario_inputs(
        base,
        2,
        cc,
        sampled={"funding_delay": np.array([0.0, 0.5]), "funding_shortfall": np.array([0.0, 0.25])},
    )
    res = run(cc, cc.strategies[0], x, np.arange(9))
    np.testing.assert_allclose(
        out(res, "spend")[:, 0], [0, 1000, 2000, 3000, 4000, 4000, 4000, 4000, 4000]
    )
    np.testing.assert_allclose(
        out(res, "spend")[:, 1], [0, 0, 0, 750, 1500, 2250, 3000, 3000, 3000]
    )
    np.testing.assert_allclose(out(res, "peak_annual_spend")[-1], [4000, 3000])


def test_delay_beyond_the_horizon_spends_nothing() -> None:
    iv = Intervention(name="x", lever="governance", budget=4_000.0, start=0.5, duration=1.0)
    case = Case(
        name="c",
        territory=Territory(name="t", actors=(coop("a"),)),
        strategies=(Strategy(id="s", name="S", interventions=(iv,)),),
    )
    cc = compile_case(case, periods=4)
    x = scenario_inputs(case.parameter_values(), 1, cc, sampled={"funding_delay": np.array([2.0])})
    assert out(run(cc, cc.strategies[0], x, [4]), "spend")[0, 0] == 0.0


def test_money_is_split_among_active_targets_and_equity_shares() -> None:
    """Each active target gets budget / (sum of survival); spend shares follow expected money."""
    actors = (
        coop("w", 0.5, members=10, women_share=0.9, rural=True),
        coop("m", 0.5, members=30, women_share=0.1, rural=False),
    )
    iv = Intervention(name="x", lever="governance", budget=4_000.0, duration=1.0)
    case = Case(
        name="c",
        territory=Territory(name="t", actors=actors),
        strategies=(Strategy(id="s", name="S", interventions=(iv,)),),
    ).with_parameters(size_elasticity=0.0)  # same gains, same survival
    cc = compile_case(case, periods=4, entry=False)
    res = run(cc, cc.strategies[0], _x(case, cc), [0, 4])
    np.testing.assert_allclose(out(res, "women_spend_share")[1], 0.5, rtol=1e-12)
    np.testing.assert_allclose(out(res, "rural_spend_share")[1], 0.5, rtol=1e-12)
    np.testing.assert_allclose(out(res, "women_share")[0], (10 * 0.9 + 30 * 0.1) / 40)
    np.testing.assert_allclose(out(res, "rural_share")[0], 0.25)
    assert out(res, "women_spend_share")[0, 0] == 0.0  # nothing spent yet


def test_social_protection_trend_and_lever() -> None:
    """P_t = 1 - (1 - P_0) exp(-trend t) without the lever; the lever enrols X / (cost members)."""
    case = Case(name="c", territory=Territory(name="t", actors=(coop("a", members=20),)))
    case = case.with_parameters(hazard_weak=0.0, hazard_supported=0.0, entry_rate=0.0)
    cc = compile_case(case, [], periods=8)
    p = case.parameter_values()
    res = run(cc, None, _x(case, cc), np.arange(9))
    t = np.arange(9) * 0.25
    share = 1 - (1 - p["social_protection_initial"]) * np.exp(-p["social_protection_trend"] * t)
    np.testing.assert_allclose(out(res, "social_protection_share")[:, 0], share, rtol=1e-12)
    iv = Intervention(name="enrol", lever="social_protection", budget=12_000.0, duration=0.25)
    case2 = case.with_parameters(social_protection_trend=0.0)
    case2 = Case(
        name="c",
        territory=case2.territory,
        parameters=case2.parameters,
        strategies=(Strategy(id="s", name="S", interventions=(iv,)),),
    )
    cc2 = compile_case(case2, periods=1)
    r2 = run(cc2, cc2.strategies[0], _x(case2, cc2), [1])
    enrolled = 3_000.0 / (p["enrolment_cost"] * 20)
    np.testing.assert_allclose(
        out(r2, "social_protection_share")[0, 0], p["social_protection_initial"] + enrolled
    )


def test_event_hits_capacities_and_raises_hazard() -> None:
    ev = Event(
        name="drought",
        annual_probability=1.0,
        severity=Distribution(kind="uniform", low=0.2, high=0.2),
        duration=0.5,
        hazard_increase=0.4,
        value_chains=("argan",),
    )
    actors = (coop("a", 0.5, value_chain="argan"), coop("b", 0.5, value_chain="silver"))
    case = Case(
        name="c",
        territory=Territory(name="t", actors=actors),
        uncertainties=ScenarioSpace(events=(ev,)),
    ).with_parameters(
        depreciation=0.0, hazard_weak=0.1, hazard_supported=0.1
    )  # hazard independent of success
    cc = compile_case(case, [], periods=6)
    x = _x(case, cc, event_onset=np.array([[2]]), event_severity=np.array([[0.2]]))
    calm = _x(case, cc)
    st, st0 = initial_state(cc, None, x), initial_state(cc, None, calm)
    for _ in range(6):
        step(cc, None, x, st)
        step(cc, None, calm, st0)
    np.testing.assert_allclose(st.capacity[0, :, 0], 0.4)
    np.testing.assert_allclose(st.capacity[1, :, 0], 0.5)
    # two periods (onset and the next: 0.5 year) of extra hazard 0.4 x 0.2 for actor a only
    np.testing.assert_allclose(st.alive[0, 0] / st0.alive[0, 0], math.exp(-0.08 * 0.5), rtol=1e-13)
    assert st.alive[1, 0] == st0.alive[1, 0]


def test_grace_period_has_no_exit() -> None:
    """A newly created actor (established_age 0) does not exit during the grace period."""
    case = Case(name="c", territory=Territory(name="t", actors=(coop("a"),)))
    case = case.with_parameters(hazard_grace_years=0.75, established_age=0.0)
    cc = compile_case(case, [], periods=6)
    res = run(cc, None, _x(case, cc), np.arange(7))
    surv = out(res, "survival")[:, 0]
    np.testing.assert_array_equal(surv[:4], 1.0)
    assert surv[4] < 1.0


def test_pole_success_uses_the_shared_definitions() -> None:
    """Pole levels = survival-weighted member means, networking mixed with cohesion, CES."""
    t = Territory(
        name="t",
        actors=(coop("a", (0.2, 0.4, 0.6, 0.8)), coop("b", (0.4, 0.2, 0.6, 0.4))),
        partnerships=(Partnership(source="a", target="b", kind="market", intensity=0.5),),
        poles=(Pole(id="p", name="P", value_chain="v", members=("a", "b"), anchor="a"),),
    )
    case = Case(name="c", territory=t)
    cc = compile_case(case, [], periods=1)
    res = run(cc, None, _x(case, cc), [0])
    p = case.parameter_values()
    coh = 1 - math.exp(-(2 * 0.5 / 2) / p["cohesion_scale"])
    levels = np.array([0.3, 0.5 * (0.3 + coh), 0.6, 0.6])
    np.testing.assert_allclose(
        out(res, "pole_success")[0, 0], ces_success(levels, p["ces_rho"]), rtol=1e-14
    )


def test_empty_territory_gives_zeros_not_nan() -> None:
    case = Case(name="c", territory=Territory(name="t"))
    cc = compile_case(case, [], periods=2)
    res = run(cc, None, _x(case, cc, 3), [0, 2])
    assert np.isfinite(res).all()
    assert (res == 0).all()


@pytest.mark.parametrize("rho_shared", [True, False])
def test_results_do_not_depend_on_the_chunk(rho_shared: bool) -> None:
    """Scenario s computed alone or with others is bit-identical."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from simcases import random_case

    from ssestrategy.simulation.sampling import draw, make_plan

    case = random_case(3, rho_uncertain=not rho_shared)
    cc = compile_case(case)
    n = 7
    plan = make_plan(case, n, rng=1)

    def inputs(lo: int, hi: int):  # type: ignore[no-untyped-def]
        smp = draw(plan, lo, hi)
        return scenario_inputs(
            case.parameter_values(),
            hi - lo,
            cc,
            sampled={nm: smp.values[:, c] for c, nm in enumerate(smp.names)},
            event_onset=smp.event_onset,
            event_severity=smp.event_severity,
            shared_rho=rho_shared,
        )

    rec = np.arange(cc.n_periods + 1)
    for strat in cc.strategies:
        whole = run(cc, strat, inputs(0, n), rec)
        for s in range(n):
            np.testing.assert_array_equal(
                run(cc, strat, inputs(s, s + 1), rec)[..., 0], whole[..., s]
            )
