"""The vectorised kernel against the plain-Python, loop-per-row reference
(``benchmarks/reference.py``, a second reading of ``docs/model.md``) on small random cases.

Two comparisons, over a whole horizon of three years (so that cohorts of several years exist):

- one kernel period and one reference period from the same state: every state field and every
  outcome agree to 1e-12 relative (1e-5 when each column has its own CES exponent, whose powers
  the kernel evaluates in single precision);
- the reference run from its own initial state against ``kernel.run`` recording every period.

The cases are those of ``simcases.random_case`` and richer ones built here that exercise every
lever and mechanism: grants and revolving funds (``recovery_rate`` > 0, running costs,
repayments weighing on capacity), pooling with economies of scale, incubation, ties
interventions with ``tie_cost`` > 0 and = 0 (to a hub and to the poles' anchors), social
protection, registered actors and records of several units, entry into yearly cohorts reached
through women-led, rural, pole and value-chain selectors, events, funding delays and shortfalls,
and per-column designs that differ between columns.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from simcases import CHAINS, KINDS, random_case, sampled_inputs

from ssestrategy.model import (
    Actor,
    Case,
    Distribution,
    Event,
    Intervention,
    Partnership,
    Pole,
    ScenarioSpace,
    Selector,
    Strategy,
    Territory,
    Uncertainty,
)
from ssestrategy.simulation.compile import LEVER_CODES, CompiledStrategy, compile_case
from ssestrategy.simulation.kernel import (
    OUTCOME_NAMES,
    DesignInputs,
    initial_state,
    measure,
    run,
    step,
)

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "reference.py"
_spec = importlib.util.spec_from_file_location("ssestrategy_reference", _PATH)
assert _spec is not None and _spec.loader is not None
reference = importlib.util.module_from_spec(_spec)
sys.modules["ssestrategy_reference"] = reference
_spec.loader.exec_module(reference)

FIELDS = (
    "capacity",
    "alive",
    "alive0",
    "cover",
    "success",
    "pole_success",
    "outstanding",
    "tie_money",
    "cum_spend",
    "cum_money",
    "cum_target",
    "cum_women",
    "cum_rural",
    "cum_entrants",
    "cum_jobs_created",
    "window",
    "peak",
)


# --- rich random cases ----------------------------------------------------------------------
def _rich_territory(rng: np.random.Generator, n_actors: int) -> Territory:
    actors = []
    for i in range(n_actors):
        kind = KINDS[i % 3] if i < 4 else KINDS[int(rng.integers(len(KINDS)))]
        target = kind in KINDS[:3]
        caps = {
            f: float(rng.uniform(0.03, 0.95))
            for f in ("financing", "networking", "innovation", "governance")
        }
        actors.append(
            Actor(
                id=f"a{i}",
                name=f"Actor {i}",
                kind=kind,
                capacities=caps,
                members=int(rng.integers(1, 30)) if target else int(rng.integers(0, 3)),
                units=int(rng.choice([1, 1, 3, 12])) if target else 1,
                status="registered" if target and rng.random() < 0.4 else "active",
                women_share=None if rng.random() < 0.2 else float(rng.uniform(0, 1)),
                rural=None if rng.random() < 0.2 else bool(rng.random() < 0.5),
                value_chain=CHAINS[i % 2] if i < 4 else CHAINS[int(rng.integers(len(CHAINS)))],
            )
        )
    ties = []
    for _ in range(2 * n_actors):
        a, b = rng.choice(n_actors, size=2, replace=False)
        ties.append(
            Partnership(
                source=f"a{a}",
                target=f"a{b}",
                kind="convention",
                intensity=float(rng.uniform(0.1, 1.0)),
                directed=bool(rng.random() < 0.3),
            )
        )
    poles = []
    for p in range(3):
        size = int(rng.integers(2, n_actors // 2 + 2))
        members = sorted(int(m) for m in rng.choice(n_actors, size=size, replace=False))
        poles.append(
            Pole(
                id=f"p{p}",
                name=f"Pole {p}",
                value_chain=CHAINS[p],
                members=tuple(f"a{m}" for m in members),
                anchor=f"a{members[-1]}" if p < 2 else None,
            )
        )
    return Territory(
        name="Rich", actors=tuple(actors), partnerships=tuple(ties), poles=tuple(poles)
    )


def _selector(rng: np.random.Generator) -> Selector:
    """A selector that often reaches a fraction of a cohort's entrants."""
    pick = int(rng.integers(7))
    if pick == 0:
        return Selector(kinds=("cooperative", "artisan"))
    if pick == 1:
        return Selector(women_led=bool(rng.random() < 0.7))
    if pick == 2:
        return Selector(rural=bool(rng.random() < 0.7))
    if pick == 3:
        return Selector(in_pole=True)
    if pick == 4:
        return Selector(poles=("p0",), women_led=True)
    if pick == 5:
        return Selector(value_chains=("argan", "silver"), rural=True)
    return Selector()


def _rich_strategy(rng: np.random.Generator, sid: str) -> Strategy:
    def iv(name: str, lever: str, **kw: Any) -> Intervention:
        kw.setdefault("target", _selector(rng))
        return Intervention(
            name=name,
            lever=lever,
            budget=float(rng.uniform(10_000, 120_000)),
            start=float(rng.choice([0.0, 0.25, 0.6])),
            duration=float(rng.uniform(0.8, 2.5)),
            **kw,
        )

    repay = {"repayment_years": float(rng.choice([0.5, 2.0])), "admin_rate": 0.1}
    ivs = [
        iv("grant", "financing"),
        iv("fund", "financing", params={"recovery_rate": 0.7, **repay}),
        iv("fund2", "financing", target=Selector(), params={"recovery_rate": 0.9, **repay}),
        iv("network", "networking"),
        iv("innovate", "innovation"),
        iv("govern", "governance"),
        iv("platform", "ties", hub="@anchor", params={"tie_intensity": 0.8, "tie_cost": 8000.0}),
        iv("hub", "ties", hub="a1", params={"tie_intensity": 0.6, "tie_cost": 0.0}),
        iv("enrol", "social_protection"),
        iv(
            "pool",
            "pooling",
            target=Selector(kinds=("cooperative", "artisan")),
            params={"rivalry": 0.4},
        ),
        iv("incubate", "incubation"),
        iv("incubate2", "incubation", target=Selector(kinds=("cooperative",))),
    ]
    return Strategy(id=sid, name=sid, interventions=tuple(ivs))


def rich_case(seed: int, *, rho_uncertain: bool = False, n_actors: int = 8) -> Case:
    """A small case exercising every lever, entry, registered actors and multi-unit records."""
    rng = np.random.default_rng(1000 + seed)
    territory = _rich_territory(rng, n_actors)
    strategies = (_rich_strategy(rng, "rich"),)

    def u(name: str, low: float, high: float) -> Uncertainty:
        return Uncertainty(
            parameter=name, distribution=Distribution(kind="uniform", low=low, high=high)
        )

    params = [
        u("learning_rate", 0.05, 0.6),
        Uncertainty(
            parameter="funding_delay",
            distribution=Distribution(kind="discrete", values=(0.0, 0.25, 0.5)),
        ),
        u("funding_shortfall", 0.0, 0.4),
        u("spend_efficiency", 0.5, 1.5),
        u("half_saturation", 4000, 30000),
        u("entry_rate", 0.03, 0.4),
        u("entry_success_effect", 0.0, 2.0),
        u("entrant_capacity", 0.5, 1.0),
        u("incubation_cost", 5_000, 40_000),
        u("inactive_share", 0.3, 0.7),
        u("repayment_capacity", 0.1, 0.8),
        u("established_age", 0.0, 3.0),
        u("hazard_grace_years", 0.0, 1.0),
        u("hazard_decline", 0.0, 0.3),
        u("hazard_weak", 0.1, 0.8),
        u("social_protection_trend", 0.0, 0.3),
        u("enrolment_cost", 300, 3000),
        u("depreciation", 0.0, 0.3),
    ]
    if rho_uncertain:
        params.append(u("ces_rho", -8.0, -1.0))
    events = (
        Event(
            name="drought",
            annual_probability=0.7,
            severity=Distribution(kind="uniform", low=0.1, high=0.4),
            duration=0.5,
            hazard_increase=0.5,
            value_chains=("argan", "honey"),
        ),
        Event(
            name="shock",
            annual_probability=0.4,
            severity=Distribution(kind="uniform", low=0.05, high=0.2),
            duration=1.0,
            hazard_increase=0.2,
        ),
    )
    return Case(
        name="rich",
        territory=territory,
        horizon=3.0,
        strategies=strategies,
        uncertainties=ScenarioSpace(parameters=tuple(params), events=events),
    )


def rich_design(strat: CompiledStrategy, n: int, seed: int) -> DesignInputs:
    """Per-column designs: column 0 is the strategy as written, the others differ."""
    rng = np.random.default_rng(seed)
    d = DesignInputs.default(strat, n)
    q = strat.n_parents
    budget = d.budget.copy()
    start = d.start.copy()
    duration = d.duration.copy()
    params = {k: v.copy() for k, v in d.params.items()}
    budget[:, 1:] *= rng.uniform(0.2, 2.5, size=(q, n - 1))
    start[:, 1:] = rng.choice([0.0, 0.1, 0.5, 1.3], size=(q, n - 1))
    duration[:, 1:] *= rng.uniform(0.3, 1.8, size=(q, n - 1))
    fund = params["recovery_rate"] > 0.0  # revolving funds stay funds, grants stay grants
    params["recovery_rate"][:, 1:] = np.where(
        fund[:, 1:], rng.uniform(0.1, 0.95, size=(q, n - 1)), 0.0
    )
    params["repayment_years"][:, 1:] = rng.choice([0.1, 0.5, 1.0, 4.0], size=(q, n - 1))
    params["admin_rate"][:, 1:] = rng.uniform(0.0, 0.5, size=(q, n - 1))
    params["tie_intensity"][:, 1:] = rng.uniform(0.0, 2.0, size=(q, n - 1))
    params["ramp_years"][:, 1:] = rng.choice([0.0, 0.3, 2.0], size=(q, n - 1))
    params["tie_cost"][:, 1:] = rng.choice([0.0, 3000.0, 60000.0], size=(q, n - 1))
    params["rivalry"][:, 1:] = rng.uniform(0.0, 1.0, size=(q, n - 1))
    return DesignInputs(budget=budget, start=start, duration=duration, params=params)


# --- comparison ------------------------------------------------------------------------------
def _max_rel(a: Any, b: Any) -> float:
    """Largest relative difference (0 where both are 0)."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64).reshape(a.shape)
    if a.size == 0:
        return 0.0
    diff = np.abs(a - b)
    scale = np.maximum(np.abs(a), np.abs(b))
    return float(np.max(np.where(diff == 0.0, 0.0, diff / np.where(scale > 0, scale, 1.0))))


def _check(kernel_vals: Any, ref_vals: Any, tol: float, what: str) -> float:
    err = _max_rel(kernel_vals, ref_vals)
    assert err <= tol, f"{what}: relative difference {err:.3g} > {tol:g}"
    return err


def _cases() -> list[tuple[str, int, bool]]:
    out = []
    for seed in range(6):
        for rho_uncertain in (False, True):
            out.append(("simple", seed, rho_uncertain))
            out.append(("rich", seed, rho_uncertain))
    return out


def _setup(kind: str, seed: int, rho_uncertain: bool, n: int = 4) -> tuple[Any, Any, list[Any]]:
    if kind == "simple":
        case = random_case(seed, rho_uncertain=rho_uncertain, n_actors=5 + seed % 4, horizon=3.0)
        # every third simple case without entry cohorts (the model of an existing population)
        cc = compile_case(case, entry=None if seed % 3 else False)
    else:
        case = rich_case(seed, rho_uncertain=rho_uncertain)
        cc = compile_case(case)
    x = sampled_inputs(case, cc, n, seed, shared_rho=not rho_uncertain)
    runs: list[Any] = [(None, None)]
    for strat in cc.strategies:
        runs.append((strat, None))
        if kind == "rich":
            runs.append((strat, rich_design(strat, n, seed)))
    return cc, x, runs


def _maintained(cc: Any, year: int, name: str, values: Any) -> Any:
    """A state field on the rows a period of ``year`` maintains: the kernel skips the cohorts
    of later years (empty; their capacities, coverage and success are not kept, and nothing
    reads them before their year: the outcomes are compared on every row)."""
    values = np.asarray(values)
    ahead = cc.n_cells * max(cc.cohort_row.shape[1] - (year + 1), 0) if cc.n_cells else 0
    if name in ("capacity", "cover"):
        return values[: cc.n_rows - ahead]
    if name == "success":
        return values[: cc.n_targets - ahead]
    return values


@pytest.mark.parametrize(("kind", "seed", "rho_uncertain"), _cases())
def test_step_matches_reference(kind: str, seed: int, rho_uncertain: bool) -> None:
    cc, x, runs = _setup(kind, seed, rho_uncertain)
    tol = 1e-5 if rho_uncertain else 1e-12

    def check(st: Any, got: Any, year: int, what: str) -> None:
        for name in FIELDS:
            _check(
                _maintained(cc, year, name, getattr(st, name)),
                _maintained(cc, year, name, got[name]),
                tol,
                f"{what}: {name}",
            )

    for strat, design in runs:
        st = initial_state(cc, strat, x, design)
        ref = reference.ReferenceModel(cc, strat, x, design)
        check(st, ref.as_kernel(ref.initial_state()), 0, "initial")
        for k in range(cc.n_periods):
            # one kernel period and one reference period from the same state
            rst = ref.state_from(st)
            step(cc, strat, x, st, design)
            ref.step(rst)
            check(st, ref.as_kernel(rst), k // cc.periods_per_year, f"period {k}")
            km = measure(cc, x, st)
            rm = ref.measure(rst)
            for o, name in enumerate(OUTCOME_NAMES):
                _check(km[o], rm[name], tol, f"period {k}: outcome {name}")


@pytest.mark.parametrize("seed", range(3))
def test_run_matches_reference(seed: int) -> None:
    """The reference run on its own over the horizon against ``kernel.run``."""
    cc, x, runs = _setup("rich", seed, False)
    record = np.arange(cc.n_periods + 1)
    for strat, design in runs:
        out = run(cc, strat, x, record, design)
        ref = reference.ReferenceModel(cc, strat, x, design)
        rst = ref.initial_state()
        for k in record:
            if k:
                ref.step(rst)
            rm = ref.measure(rst)
            for o, name in enumerate(OUTCOME_NAMES):
                _check(out[o, k], rm[name], 1e-11, f"time {k}: outcome {name}")


def test_rich_cases_exercise_every_mechanism() -> None:
    """The rich cases are not vacuous: every mechanism moves money, actors or ties."""
    cc, x, runs = _setup("rich", 0, False)
    strat, design = runs[-1]
    levers = set(strat.lever.tolist())
    assert levers == set(LEVER_CODES.values())
    assert strat.funds.size >= 2 and strat.pooling.size >= 2 and len(strat.ties) == 2
    assert len(strat.incubation) == 2
    assert cc.n_cells >= 2 and cc.cohort_row.shape[1] == 3
    assert np.any(cc.registered) and np.any(cc.units > 1)
    reach = strat.targets.toarray()[:, cc.n_actors :]
    assert np.any((reach > 0) & (reach < 1))  # cohorts reached in part
    ref = reference.ReferenceModel(cc, strat, x, design)
    st = ref.initial_state()
    for _ in range(cc.n_periods):
        ref.step(st)
    s = ref.as_kernel(st)
    assert min(s["cum_entrants"]) > 0.0
    assert max(np.asarray(s["cum_money"]) - np.asarray(s["cum_spend"])) > 0.0  # re-lent
    assert np.all(np.asarray(s["tie_money"]) > 0.0)
    assert np.any(np.asarray(s["outstanding"]) > 0.0)
    alive = np.asarray(s["alive"])
    assert np.all(alive[cc.cohort_row[:, :2].ravel()] > 0.0)  # cohorts of two years at least
    assert np.any(np.asarray(x.delay) > 0) and np.any(x.event_onset >= 0)


def test_design_recovery_rate_decides_fund_or_grant() -> None:
    """A column's ``recovery_rate`` decides whether a financing intervention is a revolving
    fund (``r > 0``) or a grant (``r = 0``), as ``docs/model.md`` states (stage 1): a fund as
    written run as a grant in one column, a grant as written run as a fund in another."""
    caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.3, "governance": 0.5}
    territory = Territory(
        name="T",
        actors=(
            Actor(id="a", name="A", kind="cooperative", capacities=caps, members=10),
            Actor(id="b", name="B", kind="artisan", capacities=caps, members=3, units=4),
        ),
    )
    loan = {"recovery_rate": 0.6, "repayment_years": 0.5}
    strategy = Strategy(
        id="s",
        name="S",
        interventions=(
            Intervention(name="fund", lever="financing", budget=40_000.0, params=loan),
            Intervention(name="grant", lever="financing", budget=40_000.0),
        ),
    )
    case = Case(name="c", territory=territory, horizon=2.0, strategies=(strategy,))
    cc = compile_case(case)
    strat = cc.strategies[0]
    x = sampled_inputs(case, cc, 3, 0)
    d = DesignInputs.default(strat, 3)
    params = {k: v.copy() for k, v in d.params.items()}
    params["recovery_rate"][0, 1] = 0.0  # the fund, as a grant in column 1
    params["recovery_rate"][1, 2] = 0.6  # the grant, as a fund in column 2
    params["repayment_years"][1, 2] = 0.5
    design = DesignInputs(budget=d.budget, start=d.start, duration=d.duration, params=params)
    record = np.arange(cc.n_periods + 1)
    out = run(cc, strat, x, record, design)
    ref = reference.ReferenceModel(cc, strat, x, design)
    rst = ref.initial_state()
    for k in record:
        if k:
            ref.step(rst)
        rm = ref.measure(rst)
        for o, name in enumerate(OUTCOME_NAMES):
            _check(out[o, k], rm[name], 1e-11, f"time {k}: outcome {name}")
