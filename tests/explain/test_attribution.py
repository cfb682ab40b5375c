"""Lead attribution: exact decompositions, constraint verdicts, design differences, the text.

Everything runs on small constructed ensembles and strategies (the Tiznit figures change with
the model); the Tiznit case only appears as "the report prints a lead".
"""

from __future__ import annotations

import io
import itertools
import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from ssestrategy.cli import main
from ssestrategy.comparison import Comparison
from ssestrategy.decision.mcda import promethee_ii, topsis, vikor, weighted_sum
from ssestrategy.decision.ranking import composite, rank
from ssestrategy.errors import ModelError
from ssestrategy.explain.attribution import (
    OUTCOME_LEVERS,
    Decomposition,
    composite_decomposition,
    design_differences,
    lead,
    score_decomposition,
    shapley_values,
)
from ssestrategy.model import (
    LEVER_PARAMETERS,
    OUTCOMES,
    Case,
    Constraint,
    Criteria,
    Criterion,
    Intervention,
    Lever,
    Strategy,
    Territory,
)

METHODS = ("topsis", "weighted_sum", "vikor", "promethee_ii")
SCORERS = {"topsis": topsis, "weighted_sum": weighted_sum, "vikor": vikor}


class Toy:
    """A stand-in ensemble: fixed outcome arrays (strategies, scenarios), optionally by date."""

    def __init__(self, strategies: tuple[str, ...], data: dict[str, np.ndarray]) -> None:
        self.strategies = strategies
        self.data = data
        self.n_scenarios = next(iter(data.values())).shape[-1]

    def outcome(self, name: str, at: float | None = None) -> np.ndarray:
        x = self.data[name]
        return x[int(at)] if x.ndim == 3 and at is not None else x


# --------------------------------------------------------------------------------------------
# Shapley values
# --------------------------------------------------------------------------------------------


def _shapley_by_orders(v: dict[frozenset[int], float], n: int) -> np.ndarray:
    """Reference: the definition, averaging marginals over all n! orders."""
    phi = np.zeros(n)
    for order in itertools.permutations(range(n)):
        before: set[int] = set()
        for j in order:
            phi[j] += v[frozenset(before | {j})] - v[frozenset(before)]
            before.add(j)
    return phi / math.factorial(n)


@given(n=st.integers(1, 5), seed=st.integers(0, 2**32 - 1))
@settings(max_examples=60)
def test_exact_shapley_matches_the_definition_over_orders(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    table = {
        frozenset(S): float(rng.normal())
        for k in range(n + 1)
        for S in itertools.combinations(range(n), k)
    }

    def game(masks: np.ndarray) -> np.ndarray:
        return np.array([table[frozenset(np.flatnonzero(m).tolist())] for m in masks])

    phi, how = shapley_values(game, n)
    np.testing.assert_allclose(phi, _shapley_by_orders(table, n), rtol=0, atol=1e-12)
    assert how == f"shapley, exact (2^{n} coalitions)"
    # efficiency
    full, empty = table[frozenset(range(n))], table[frozenset()]
    assert abs(phi.sum() - (full - empty)) < 1e-12


def test_glove_game() -> None:
    def gloves(S: np.ndarray) -> np.ndarray:
        return (S[:, 0] & (S[:, 1] | S[:, 2])).astype(float)

    phi, _ = shapley_values(gloves, 3)
    np.testing.assert_allclose(phi, [2 / 3, 1 / 6, 1 / 6], rtol=0, atol=1e-15)


def test_sampled_shapley_keeps_efficiency_and_approaches_exact() -> None:
    rng = np.random.default_rng(7)
    X = rng.random((4, 6))
    exact = score_decomposition(X, np.ones(6), [True] * 6, 0, 1)
    sampled = score_decomposition(X, np.ones(6), [True] * 6, 0, 1, max_exact=0, n_permutations=3000)
    assert sampled.method == "shapley, sampled (3000 permutations, seed 0)"
    assert abs(sampled.contributions.sum() - sampled.total) < 1e-12
    assert sampled.total == exact.total
    np.testing.assert_allclose(sampled.contributions, exact.contributions, atol=0.01)
    again = score_decomposition(X, np.ones(6), [True] * 6, 0, 1, max_exact=0, n_permutations=3000)
    assert (again.contributions == sampled.contributions).all()  # seeded


def test_shapley_rejects_bad_input() -> None:
    with pytest.raises(ModelError, match="n_players"):
        shapley_values(lambda S: np.zeros(len(S)), 0)
    with pytest.raises(ModelError, match="game"):
        shapley_values(lambda S: np.zeros(3), 2)
    with pytest.raises(ModelError, match="not finite"):
        shapley_values(lambda S: np.full(len(S), np.nan), 2)
    with pytest.raises(ModelError, match="n_permutations"):
        shapley_values(lambda S: np.zeros(len(S)), 3, max_exact=1, n_permutations=0)


# --------------------------------------------------------------------------------------------
# the method's score
# --------------------------------------------------------------------------------------------


@st.composite
def problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    m = draw(st.integers(2, 5))
    n = draw(st.integers(1, 6))
    X = draw(arrays(np.float64, (m, n), elements=st.integers(0, 6).map(float)))
    w = draw(arrays(np.float64, n, elements=st.floats(0.05, 1.0)))
    benefit = draw(arrays(np.bool_, n))
    a, b = draw(st.lists(st.integers(0, m - 1), min_size=2, max_size=2, unique=True))
    return X, w, benefit, a, b


def _native(method: str, X: np.ndarray, w: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    if method == "promethee_ii":
        return np.asarray(promethee_ii(X, w, benefit).scores)
    return np.asarray(SCORERS[method](X, w, benefit).scores)


@pytest.mark.parametrize("method", METHODS)
@given(problem=problems())
@settings(max_examples=80)
def test_score_contributions_sum_to_the_score_lead(
    method: str, problem: tuple[np.ndarray, np.ndarray, np.ndarray, int, int]
) -> None:
    X, w, benefit, a, b = problem
    d = score_decomposition(X, w, benefit, a, b, method=method)
    s = _native(method, X, w, benefit)
    lead_ = s[b] - s[a] if method == "vikor" else s[a] - s[b]  # VIKOR: lower Q is better
    assert d.total == lead_
    assert abs(d.contributions.sum() - d.total) < 1e-12
    # dummy axiom: a criterion on which a and b agree gets nothing, exactly
    same = X[a] == X[b]
    assert (d.contributions[same] == 0.0).all()


@pytest.mark.parametrize("method", ["weighted_sum", "promethee_ii"])
@given(problem=problems())
@settings(max_examples=80)
def test_additive_methods_get_their_own_terms(
    method: str, problem: tuple[np.ndarray, np.ndarray, np.ndarray, int, int]
) -> None:
    """Weighted sum and PROMETHEE II net flow are sums of per-criterion terms (each column is
    normalised, or compared, on its own): Shapley gives each criterion its own term."""
    X, w, benefit, a, b = problem
    wn = w / w.sum()
    # reference: the method on each criterion alone, weighted
    own = np.array(
        [
            wn[j] * np.subtract(*_native(method, X[:, [j]], np.ones(1), benefit[[j]])[[a, b]])
            for j in range(X.shape[1])
        ]
    )
    exact = score_decomposition(X, w, benefit, a, b, method=method)
    sampled = score_decomposition(X, w, benefit, a, b, method=method, max_exact=0, n_permutations=5)
    np.testing.assert_allclose(exact.contributions, own, rtol=0, atol=1e-12)
    np.testing.assert_allclose(sampled.contributions, own, rtol=0, atol=1e-12)


@pytest.mark.parametrize(
    ("method", "options", "total", "contributions"),
    [
        # a dominates b on both criteria, two alternatives: TOPSIS closeness and VIKOR Q are 1
        # vs 0 whichever criterion alone separates them, so the lead splits evenly whatever
        # the weights (not additive); the weighted sum and net flow follow the weights
        ("topsis", {"normalization": "minmax"}, 1.0, [0.5, 0.5]),
        ("topsis", {}, 1.0, [0.5, 0.5]),
        ("vikor", {}, 1.0, [0.5, 0.5]),
        ("weighted_sum", {}, 1.0, [0.9, 0.1]),
        ("promethee_ii", {}, 2.0, [1.8, 0.2]),
    ],
)
def test_analytic_two_alternatives(
    method: str, options: dict[str, str], total: float, contributions: list[float]
) -> None:
    d = score_decomposition(
        [[3.0, 5.0], [1.0, 2.0]], [0.9, 0.1], [True, True], 0, 1, method=method,
        method_options=options, criteria=["jobs", "income"],
    )  # fmt: skip
    assert d.total == pytest.approx(total, abs=1e-12)
    np.testing.assert_allclose(d.contributions, contributions, rtol=0, atol=1e-12)
    assert d.criteria == ("jobs", "income")


def test_analytic_topsis_three_alternatives() -> None:
    """Min-max TOPSIS, equal weights, a third alternative fixing the scales.

    Rows a = (1, 0), b = (0, 1), c = (0, 0); both criteria benefit, w = (1/2, 1/2). The actual
    matrix gives a and b closeness 1/2 each, lead 0. Switching on criterion 1 alone gives
    a = (1, 1) (closeness 1) against b = (0, 1) (closeness 1/2): v({1}) = 1/2. Switching on
    criterion 2 alone gives a = (0, 0) = c against b: column 2 holds (0, 1, 0) and column 1
    is constant (0, 0, 0), so a has closeness 0 and b 1: v({2}) = -1. Shapley:
    phi_1 = (v(1) + v(12) - v(2)) / 2 = (1/2 + 0 + 1) / 2 = 3/4, phi_2 = -3/4.
    """
    d = score_decomposition(
        [[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]], [1, 1], [True, True], 0, 1,
        method_options={"normalization": "minmax"},
    )  # fmt: skip
    assert d.total == pytest.approx(0.0, abs=1e-15)
    np.testing.assert_allclose(d.contributions, [0.75, -0.75], rtol=0, atol=1e-12)


def test_score_decomposition_rejects_bad_input() -> None:
    X = [[1.0, 2.0], [2.0, 1.0]]
    with pytest.raises(ModelError, match="method"):
        score_decomposition(X, [1, 1], [True, True], 0, 1, method="electre")
    with pytest.raises(ModelError, match="b"):
        score_decomposition(X, [1, 1], [True, True], 0, 0)
    with pytest.raises(ModelError, match="a"):
        score_decomposition(X, [1, 1], [True, True], 2, 0)
    with pytest.raises(ModelError, match="criteria"):
        score_decomposition(X, [1, 1], [True, True], 0, 1, criteria=["x"])
    with pytest.raises(ModelError, match="matrix"):
        score_decomposition([1.0, 2.0], [1], [True], 0, 1)


# --------------------------------------------------------------------------------------------
# the composite, and the whole lead on constructed ensembles
# --------------------------------------------------------------------------------------------

CRIT = Criteria(
    items=(
        Criterion(outcome="jobs", weight=0.4),
        Criterion(outcome="survival", statistic="percentile", q=10.0, weight=0.3),
        Criterion(outcome="social_protection_share", weight=0.2),
        Criterion(outcome="spend", weight=0.1),
    )
)


@st.composite
def ensembles(draw: st.DrawFn) -> Toy:
    m = draw(st.integers(2, 4))
    n = draw(st.integers(2, 12))
    names = ("jobs", "survival", "social_protection_share", "spend")
    data = {
        k: draw(arrays(np.float64, (m, n), elements=st.floats(0, 100, allow_subnormal=False)))
        for k in names
    }
    return Toy(tuple(f"s{i}" for i in range(m)), data)


@pytest.mark.parametrize("method", METHODS)
@given(toy=ensembles(), pair=st.tuples(st.integers(0, 3), st.integers(0, 3)))
@settings(max_examples=40)
def test_every_method_both_decompositions_are_exact(
    method: str, toy: Toy, pair: tuple[int, int]
) -> None:
    ia, ib = (p % len(toy.strategies) for p in pair)
    if ia == ib:
        ib = (ia + 1) % len(toy.strategies)
    cap = Constraint(id="cap", outcome="spend", op="<=", target=50.0)
    r = rank(toy, [cap], CRIT, method=method)
    a, b = toy.strategies[ia], toy.strategies[ib]
    ld = lead(r, toy, a, b)
    # the composite: contributions sum to the mean composite difference of decision.ranking
    comp = composite([toy.outcome(c.outcome) for c in CRIT.items], CRIT.items, r.weights)
    assert ld.composite.total == pytest.approx(float((comp[ia] - comp[ib]).mean()), abs=1e-12)
    assert abs(ld.composite.contributions.sum() - ld.composite.total) < 1e-12
    # the method's score: Shapley contributions sum to the ranking's own score difference
    sign = -1.0 if method == "vikor" else 1.0
    assert ld.score.total == sign * (r.score[ia] - r.score[ib])
    assert abs(ld.score.contributions.sum() - ld.score.total) < 1e-12
    assert ld.scores == (r.score[ia], r.score[ib])
    assert ld.p_best == (r.p_best[ia], r.p_best[ib])
    assert ld.wins == float((comp[ia] > comp[ib]).mean())


def test_composite_analytic() -> None:
    """jobs in [0, 4] and income in [1, 3] (fixed bounds over both strategies and futures).

    z_jobs: a = (1, 1/2), b = (0, 1/2): mean difference 1/2, times w = 0.6 -> 0.3.
    z_income: a = (0, 0), b = (1, 0): mean difference -1/2, times 0.4 -> -0.2. Total 0.1.
    """
    toy = Toy(
        ("a", "b"),
        {"jobs": np.array([[4.0, 2.0], [0.0, 2.0]]), "income": np.array([[1.0, 1.0], [3.0, 1.0]])},
    )
    crit = [Criterion(outcome="jobs"), Criterion(outcome="income")]
    d = composite_decomposition(toy, crit, [0.6, 0.4], "a", "b")
    np.testing.assert_allclose(d.contributions, [0.3, -0.2], rtol=0, atol=1e-15)
    assert d.total == pytest.approx(0.1, abs=1e-15)
    assert d.criteria == ("jobs (mean)", "income (mean)")
    assert d.method == "additive"
    with pytest.raises(ModelError, match="unknown strategy 'z'"):
        composite_decomposition(toy, crit, [0.6, 0.4], "a", "z")
    with pytest.raises(ModelError, match="itself"):
        composite_decomposition(toy, crit, [0.6, 0.4], "a", "a")


def test_composite_reads_each_criterion_at_its_own_date() -> None:
    """Two criteria on one outcome at different dates: P(best) and the lead use both dates."""
    jobs = np.array(
        [
            [[1.0, 1.0], [0.0, 0.0]],  # year 0: a ahead in both futures
            [[0.0, 0.0], [1.0, 3.0]],  # year 1: b ahead in both futures
        ]
    )
    toy = Toy(("a", "b"), {"jobs": jobs})
    crit = Criteria(
        items=(
            Criterion(outcome="jobs", at=0, weight=0.5),
            Criterion(outcome="jobs", at=1, weight=0.5),
        )
    )
    r = rank(toy, [], crit)
    # year 0: z = 1 vs 0 (weight 0.5); year 1: z = (0, 0) vs (1/3, 1) (weight 0.5)
    # composite a = (0.5, 0.5), b = (1/6, 1/2): a best in future 0, tied in future 1
    np.testing.assert_allclose(r.p_best, [0.75, 0.25])
    ld = lead(r, toy, "a", "b")
    np.testing.assert_allclose(ld.composite.contributions, [0.5, -1 / 3], atol=1e-15)
    assert list(ld.to_dict()["composite"]["contributions"]) == [
        "jobs (mean) at year 0",
        "jobs (mean) at year 1",
    ]


def _three(high: float = 12.0) -> Toy:
    """a steady, b volatile (``high`` in 8 futures of 10, 1 in 2), c steadily low."""
    return Toy(
        ("a", "b", "c"),
        {
            "jobs": np.array([[10.0] * 10, [high] * 8 + [1.0] * 2, [0.5] * 10]),
            "spend": np.array([[4.0] * 10, [4.0] * 10, [4.0] * 10]),
        },
    )


CRIT2 = Criteria(
    items=(
        Criterion(outcome="jobs", statistic="percentile", q=10.0, weight=0.5),
        Criterion(outcome="spend", weight=0.5),
    )
)


CRIT3 = Criteria(
    items=(
        Criterion(outcome="jobs", statistic="percentile", q=10.0, weight=0.9),
        Criterion(outcome="spend", weight=0.1),
    )
)


def test_decided_by_score_and_pbest_note_when_the_winner_wins_fewer_futures() -> None:
    toy = _three()
    r = rank(toy, [], CRIT2, method="weighted_sum")
    assert r.order == ("a", "b", "c")  # p10 of jobs: 10, 1, 0.5
    ld = lead(r, toy)
    assert ld.decided_by == "score"
    assert ld.constraints == ()
    # composite: jobs in [0.5, 12], weight 1/2; z_a = 9.5/11.5, mean z_b = (8 + 2 (0.5/11.5))/10
    # so a leads by (1/2)(0.2 / 11.5) = 1/115; spend is constant (0)
    assert ld.composite.total == pytest.approx(1 / 115, abs=1e-12)
    assert ld.wins == pytest.approx(0.2)
    assert ld.p_best == (pytest.approx(0.2), pytest.approx(0.8))
    text = ld.describe(width=None)
    assert "a ranks ahead of b on the weighted_sum score" in text
    assert "b is best in more futures than a (P(best) 0.80 vs 0.20)" in text
    assert "beats b in 20% of futures: its wins are larger than its losses" in text
    # the spend criterion is a dummy here: equal for a and b
    assert ld.score.contributions[1] == 0.0
    assert ld.composite.contributions[1] == 0.0


def test_pbest_note_when_the_composite_favours_the_runner_up() -> None:
    toy = _three(high=13.0)  # mean z_b = (8 + 2 (0.5/12.5))/10 = 0.808 > z_a = 9.5/12.5
    r = rank(toy, [], CRIT2)
    ld = lead(r, toy)
    assert (ld.a, ld.b, ld.decided_by) == ("a", "b", "score")
    assert ld.composite.total < 0
    note = ld.pbest_note()
    assert note is not None
    assert "while P(best) counts futures won on the composite, on which b has the higher mean" in (
        note
    )
    assert "b leads a by" in ld.describe(width=None)


def test_feasibility_violations_and_tie() -> None:
    toy = _three()
    toy.data["spend"] = np.array([[4.0] * 10, [6.0] * 10, [7.0] * 10])
    caps = [
        Constraint(id="cap", outcome="spend", op="<=", target=5.0),
        Constraint(id="cap2", outcome="spend", op="<=", target=6.5),
    ]
    r = rank(toy, caps, CRIT3)
    assert r.order == ("a", "b", "c")
    ld = lead(r, toy)
    assert ld.decided_by == "feasibility"
    # composite: b (0.9 + 0.1/3) beats a (0.9 (9.5/11.5) + 0.1) in its 8 good futures
    assert ld.p_best == (pytest.approx(0.2), pytest.approx(0.8))
    assert ld.violations == (0, 1)
    (c,) = ld.constraints
    assert (c.id, c.status, c.estimate, c.required) == (
        "cap", ("satisfied", "violated"), (4.0, 6.0), 5.0
    )  # fmt: skip
    text = ld.describe(width=None)
    assert text.startswith(
        "a ranks ahead of b because a violates no constraint and b violates cap (mean 6 vs "
        "<= 5; a: met, mean 4)."
    )
    assert "P(best) counts futures won on the composite whatever the constraints" in text
    bc = lead(r, toy, "b", "c")
    assert (bc.decided_by, bc.violations) == ("violations", (1, 2))
    assert [x.id for x in bc.constraints] == ["cap2"]
    assert "because both violate constraints and c violates more (2 vs 1): cap2" in (
        bc.describe(width=None)
    )
    # reversed order: the text still says who is ahead
    cb = lead(r, toy, "c", "b")
    assert cb.describe(width=None).startswith("b ranks ahead of c")
    assert cb.composite.total == pytest.approx(-bc.composite.total, abs=1e-15)
    # a tie: identical strategies
    twin = Toy(("x", "y"), {"jobs": np.ones((2, 3)), "spend": np.ones((2, 3))})
    t = lead(rank(twin, [], CRIT2), twin)
    assert t.decided_by == "tie"
    assert t.describe(width=None) == (
        "x and y tie in the ranking. x and y are level on the mean composite."
    )


def test_lead_rejects_bad_requests() -> None:
    toy = _three()
    r = rank(toy, [], CRIT2)
    with pytest.raises(ModelError, match="unknown strategy 'z'"):
        lead(r, toy, "a", "z")
    with pytest.raises(ModelError, match="itself"):
        lead(r, toy, "a", "a")
    with pytest.raises(ModelError, match="ensemble"):
        lead(r, Toy(("a", "c", "b"), toy.data), "a", "b")
    one = Toy(("a",), {k: v[:1] for k, v in toy.data.items()})
    with pytest.raises(ModelError, match="at least two"):
        lead(rank(one, [], CRIT2), one)
    # default b: the first of the ranking when a is not
    assert lead(r, toy, "c").b == "a"


# --------------------------------------------------------------------------------------------
# design differences and the lever table
# --------------------------------------------------------------------------------------------


def _iv(lever: str, budget: float = 10.0, **kw: object) -> Intervention:
    return Intervention(name=f"{lever} line", lever=lever, budget=budget, duration=2.0, **kw)  # type: ignore[arg-type]


def test_design_differences_generic_over_levers_and_parameters() -> None:
    every = Strategy(id="every", name="E", interventions=tuple(_iv(lv.value) for lv in Lever))
    none = Strategy(id="none", name="N")
    d = design_differences(every, none)
    assert d.only_a == tuple(lv.value for lv in Lever)
    assert d.only_b == ()
    assert d.budget == {lv.value: (20.0, 0.0) for lv in Lever}
    assert d.parameters == ()
    assert all(d.uses("every", lv.value) and not d.uses("none", lv.value) for lv in Lever)
    # every mechanism parameter of every lever is compared, its default included
    for lever, params in LEVER_PARAMETERS.items():
        for name, default in params.items():
            other = default + 0.25 if name != "recovery_rate" else 0.5
            x = Strategy(id="x", name="X", interventions=(_iv(lever.value),))
            y = Strategy(id="y", name="Y", interventions=(_iv(lever.value, params={name: other}),))
            (p,) = design_differences(x, y).parameters
            assert (p.lever, p.name, p.a, p.b) == (lever.value, name, (default,), (other,))


def test_design_differences_hubs_budgets_and_text() -> None:
    x = Strategy(
        id="x",
        name="X",
        interventions=(
            _iv("ties", hub="@anchor", params={"tie_intensity": 0.4}),
            _iv("ties", budget=5.0, hub="coop-1", params={"tie_intensity": 0.4}),
            _iv("social_protection", budget=50.0),
        ),
    )
    y = Strategy(id="y", name="Y", interventions=(_iv("ties", budget=1.0), _iv("financing")))
    d = design_differences(x, y)
    assert (d.only_a, d.only_b) == (("social_protection",), ("financing",))
    assert d.budget["ties"] == (30.0, 2.0)
    assert [(p.name, p.a, p.b) for p in d.parameters] == [
        ("hub", ("@anchor", "coop-1"), ()),
        ("tie_intensity", (0.4,), (0.5,)),
    ]
    assert d.describe() == (
        "only x uses social_protection (100 MAD); only y uses financing (20 MAD); "
        "ties hub @anchor, coop-1 (x) vs - (y); ties tie_intensity 0.4 (x) vs 0.5 (y)"
    )
    assert d.to_dict()["budget"]["ties"] == {"x": 30.0, "y": 2.0}
    with pytest.raises(ModelError, match="strategy"):
        d.uses("z", "ties")
    with pytest.raises(ModelError, match="Strategy"):
        design_differences(x, "y")  # type: ignore[arg-type]


def test_outcome_lever_table_is_complete() -> None:
    """Every outcome has an entry and every lever drives some outcome: extend OUTCOME_LEVERS
    when adding either (docs/explain-methods.md)."""
    assert set(OUTCOME_LEVERS) == set(OUTCOMES), "OUTCOME_LEVERS must list every outcome"
    driving = {lv for levers in OUTCOME_LEVERS.values() for lv in levers}
    assert driving == set(Lever), "every lever must drive some outcome in OUTCOME_LEVERS"
    assert OUTCOME_LEVERS["social_protection_share"] == (Lever.SOCIAL_PROTECTION,)


def test_lead_names_the_lever_only_one_strategy_has() -> None:
    """a covers its members (social protection lever), b does not; the coverage criterion
    carries the lead, and the text says only a has a lever for it."""
    toy = Toy(
        ("a", "b"),
        {
            "jobs": np.array([[10.0, 11.0, 12.0], [10.5, 11.0, 12.5]]),
            "social_protection_share": np.array([[0.8, 0.9, 0.85], [0.1, 0.1, 0.2]]),
        },
    )
    crit = Criteria(
        items=(
            Criterion(outcome="jobs", weight=0.5),
            Criterion(outcome="social_protection_share", weight=0.5),
        )
    )
    a = Strategy(id="a", name="A", interventions=(_iv("innovation"), _iv("social_protection")))
    b = Strategy(id="b", name="B", interventions=(_iv("innovation", budget=20.0),))
    r = rank(toy, [], crit)
    ld = lead(r, toy, strategies=[a, b])
    assert ld.exclusive == (("social_protection_share (mean)", "a", ("social_protection",)),)
    assert ld.design is not None and ld.design.only_a == ("social_protection",)
    text = ld.describe(width=None)
    assert (
        "of it from social_protection_share (mean), which only a has a lever for "
        "(social_protection); the other criteria give -" in text
    )
    d = ld.to_dict()
    assert d["exclusive"] == [
        {
            "criterion": "social_protection_share (mean)",
            "strategy": "a",
            "levers": ["social_protection"],
        }
    ]
    assert d["text"] == text
    # without the strategy objects there is no design comparison and no lever named
    bare = lead(r, toy)
    assert bare.design is None and bare.exclusive == ()
    assert "lever" not in bare.describe(width=None)


# --------------------------------------------------------------------------------------------
# Comparison and the command line
# --------------------------------------------------------------------------------------------


def test_comparison_reports_a_pbest_leader_outside_the_top_two() -> None:
    """c wins most futures but breaks the budget cap, so it ranks third."""
    toy = Toy(
        ("a", "b", "c"),
        {
            "jobs": np.array([[10.0] * 10, [9.0] * 10, [20.0] * 8 + [0.0] * 2]),
            "spend": np.array([[4.0] * 10, [4.0] * 10, [6.0] * 10]),
        },
    )
    cap = Constraint(id="cap", outcome="spend", op="<=", target=5.0)
    r = rank(toy, [cap], CRIT3)
    assert r.order == ("a", "b", "c")
    cmp = Comparison(case=Case(name="toy", territory=Territory(name="t")), ensemble=toy, ranking=r)  # type: ignore[arg-type]
    report = cmp.format_report()
    assert "a ranks ahead of b on the topsis score" in report
    assert "c is best in more futures than a (P(best) 0.80 vs 0.20) because P(best) counts" in (
        " ".join(report.split())
    )
    d = cmp.lead().to_dict()
    assert (d["a"], d["b"]) == ("a", "b")
    assert "<p>a ranks ahead of b on the topsis score" in cmp._repr_html_()


def test_decomposition_helpers() -> None:
    d = Decomposition(
        total=-0.2, contributions=np.array([0.1, -0.3]), criteria=("x", "y"), method="additive"
    )
    assert d.largest() == 1
    n = d.negated()
    assert n.total == 0.2 and n.contributions.tolist() == [-0.1, 0.3] and n.largest() == 1


def test_tiznit_compare_prints_the_lead() -> None:
    """``ssestrategy compare`` prints the lead after the table; ``--json`` has it under
    ``lead`` for the top two, its decompositions exact (no Tiznit figure is asserted)."""
    out = io.StringIO()
    assert main(["compare", "--scenarios", "48", "--seed", "2", "--json"], out=out) == 0
    d = json.loads(out.getvalue())
    top = [row["strategy"] for row in d["ranking"][:2]]
    assert [d["lead"]["a"], d["lead"]["b"]] == top
    for part in ("composite", "score"):
        total = d["lead"][part]["total"]
        assert abs(sum(d["lead"][part]["contributions"].values()) - total) < 1e-12
    out = io.StringIO()
    assert main(["compare", "--scenarios", "48", "--seed", "2"], out=out) == 0
    text = out.getvalue()
    table_end = text.index("\n\n", text.index("rank  strategy"))
    assert text[table_end + 2 :].startswith(f"{top[0]} ranks ahead of {top[1]}")
    assert "on the mean composite" in " ".join(text.split())
