"""Case-level sensitivity analysis and scenario discovery (ssestrategy.explain.study)."""

from __future__ import annotations

import numpy as np
import pytest

from ssestrategy.datasets import tiznit
from ssestrategy.errors import ModelError
from ssestrategy.explain.study import assumption_space, beats, discover, sensitivity
from ssestrategy.model import Assumption
from ssestrategy.simulation import simulate


@pytest.fixture(scope="module")
def case():  # type: ignore[no-untyped-def]
    return tiznit()


def test_assumption_space_is_the_ranged_assumptions(case) -> None:  # type: ignore[no-untyped-def]
    space = assumption_space(case)
    for name, p in case.parameters.items():
        prov = p.provenance
        ranged = isinstance(prov, Assumption) and prov.has_range and prov.high > prov.low
        assert (name in space) == ranged
    assert space["learning_rate"] == (0.05, 0.4)
    with pytest.raises(ModelError, match="unknown parameter"):
        assumption_space(case, ["nope"])


def test_single_input_carries_all_variance(case) -> None:  # type: ignore[no-untyped-def]
    """With one input varied, its first and total Sobol' indices are 1 (analytic case)."""
    res = sensitivity(
        case,
        ["canadian-agency", "french-agency"],
        output="social_protection_share",
        parameters=["enrolment_cost"],
        n_samples=64,
        n_resamples=50,
        rng=1,
    )
    d = res.drivers()[0]
    assert d["name"] == "enrolment_cost"
    assert d["total_order"] == pytest.approx(1.0, abs=0.05)
    assert d["first_order"] == pytest.approx(1.0, abs=0.05)
    # Canadian enrols members, French does not: the difference is positive everywhere
    assert res.share_positive == 1.0


def test_morris_difference_is_reproducible(case) -> None:  # type: ignore[no-untyped-def]
    kw = dict(output="composite", method="morris", trajectories=3, rng=7)
    a = sensitivity(case, ["canadian-agency", "french-agency"], **kw)  # type: ignore[arg-type]
    b = sensitivity(case, ["canadian-agency", "french-agency"], **kw)  # type: ignore[arg-type]
    assert a.drivers() == b.drivers()
    assert "canadian-agency - french-agency" in a.output
    assert "mu*" in a.describe()


def test_zero_difference_between_a_strategy_and_itself(case) -> None:  # type: ignore[no-untyped-def]
    s = case.strategy("french-agency")
    twin = type(s)(id="twin", name="twin", interventions=s.interventions)
    res = sensitivity(case, [s, twin], output="jobs", method="morris", trajectories=2, rng=0)
    assert all(d["mu_star"] == 0.0 for d in res.drivers())


def test_discover_recovers_a_condition_on_the_inputs(case) -> None:  # type: ignore[no-untyped-def]
    ens = simulate(case, ["status-quo"], n_scenarios=400, rng=2, periods=4)
    col = ens.input_names.index("learning_rate")
    y = ens.inputs[:, col] < 0.15
    res = discover(ens, y, description="slow learning")
    box = res.prim.limits
    assert "learning_rate" in box.describe()
    i = res.prim.selected
    assert res.prim.density[i] >= 0.9
    assert res.prim.coverage[i] >= 0.8
    assert res.share == pytest.approx(float(y.mean()))
    assert "slow learning" in res.describe()


def test_beats_is_antisymmetric(case) -> None:  # type: ignore[no-untyped-def]
    ens = simulate(case, ["canadian-agency", "french-agency"], n_scenarios=50, rng=3)
    a = beats(ens, "canadian-agency", "french-agency", outcome="jobs")
    b = beats(ens, "french-agency", "canadian-agency", outcome="jobs")
    assert not (a & b).any()
    with pytest.raises(ModelError, match="unknown strategy"):
        beats(ens, "nope", "french-agency", outcome="jobs")
    with pytest.raises(ModelError, match="expected 50 booleans"):
        discover(ens, np.ones(3, dtype=bool))


def test_discover_keeps_boxes_interpretable(case) -> None:  # type: ignore[no-untyped-def]
    ens = simulate(case, ["status-quo"], n_scenarios=300, rng=5, periods=4)
    rng = np.random.default_rng(0)
    y = rng.random(ens.n_scenarios) < 0.3  # noise: PRIM's own box may restrict many inputs
    res = discover(ens, y, max_restricted=2)
    assert res.prim.n_restricted[res.prim.selected] <= 2


def test_design_and_decision_inputs_are_varied_and_reported(case) -> None:  # type: ignore[no-untyped-def]
    """Sensitivity over design choices and decision settings, not only parameters: what
    decides whether canadian-agency meets the social-protection target? Its enrolment budget
    (a design choice) and the target itself (a decision setting) must show up, and the
    enrolment cost (a parameter)."""
    res = sensitivity(
        case,
        ["canadian-agency"],
        output="margin:social-protection-2025",
        method="morris",
        trajectories=8,
        include=("parameters", "design", "decision"),
        rng=3,
    )
    kinds = {d["name"]: d["kind"] for d in res.drivers()}
    assert {"parameters", "design", "decision"} <= set(kinds.values())
    top = [d["name"] for d in res.drivers()[:8]]
    sp = next(
        j
        for j, iv in enumerate(case.strategy("canadian-agency").interventions)
        if iv.instrument == "social-protection"
    )
    assert f"canadian-agency.interventions[{sp}].budget" in top
    target = [c.id for c in case.constraints].index("social-protection-2025")
    assert f"constraints[{target}].target" in top
    assert "enrolment_cost" in top
    # a design input of a strategy without a social-protection lever cannot matter
    mu = {d["name"]: d["mu_star"] for d in res.drivers()}
    assert all(v >= 0 for v in mu.values())


def test_sensitivity_refuses_what_simulate_refuses(case) -> None:  # type: ignore[no-untyped-def]
    """One evaluation path, one set of domain checks: a parameter value or an assumption
    range outside its domain is refused by sensitivity as by simulate."""
    import attrs

    from ssestrategy.model import Parameter

    bad = case.with_parameters(pole_weight=1.5)
    with pytest.raises(ModelError) as err:
        simulate(bad, ["status-quo"], n_scenarios=2, rng=0)
    with pytest.raises(ModelError) as err2:
        sensitivity(bad, ["status-quo"], output="jobs", method="morris", trajectories=2)
    assert err.value.path == err2.value.path == "parameters.pole_weight"
    # a plausible range reaching outside the domain: refused when the design is evaluated
    params = dict(case.parameters)
    params["learning_rate"] = Parameter(0.2, provenance=Assumption("too wide", low=-0.1, high=0.4))
    wide = attrs.evolve(case, parameters=params)
    with pytest.raises(ModelError, match="learning_rate must be >= 0"):
        sensitivity(
            wide,
            ["status-quo"],
            output="jobs",
            method="morris",
            trajectories=2,
            parameters=["learning_rate"],
        )


def test_inputs_of_each_kind(case) -> None:  # type: ignore[no-untyped-def]
    from ssestrategy.explain.inputs import input_space

    space = input_space(case, ["canadian-agency"], include=("design",))
    fund = next(
        j
        for j, iv in enumerate(case.strategy("canadian-agency").interventions)
        if iv.instrument == "revolving-fund"
    )
    by_name = {i.name: i for i in space}
    rr = by_name[f"canadian-agency.interventions[{fund}].recovery_rate"]
    assert (rr.low, rr.value, rr.high) == (0.4, 0.7, 0.9)
    budget = by_name[f"canadian-agency.interventions[{fund}].budget"]
    assert budget.low < budget.value < budget.high
    decision = input_space(case, include=("decision",))
    assert [i.name for i in decision][:5] == [f"criteria.items[{k}].weight" for k in range(5)]
    with pytest.raises(ModelError):
        input_space(case, include=("nonsense",))  # type: ignore[arg-type]


def test_the_composite_does_not_depend_on_the_points_probed_before(case) -> None:  # type: ignore[no-untyped-def]
    """Morris and Sobol' explain one function: the composite's normalisation is fixed before
    any probe, so a point's value is the same whatever was evaluated first."""
    from ssestrategy.explain.inputs import input_space
    from ssestrategy.explain.study import _CaseModel

    inputs = input_space(case, parameters=["learning_rate", "max_gain"])
    pair = ["canadian-agency", "national-2010-2020"]
    lo = np.array([i.low for i in inputs])
    hi = np.array([i.high for i in inputs])
    here = lo + (hi - lo) * np.array([[0.3, 0.7], [0.6, 0.2]])
    elsewhere = np.vstack([lo, hi])  # the corners: the widest spread of outcomes
    first = _CaseModel(case, pair, inputs, "composite", None)
    second = _CaseModel(case, pair, inputs, "composite", None)
    a = first(here)
    second(elsewhere)
    np.testing.assert_array_equal(second(here), a)
