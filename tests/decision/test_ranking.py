"""rank(): constraints first, then the method; robustness columns; permutation equivariance."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from ssestrategy.decision.ranking import criteria_matrix, rank
from ssestrategy.errors import ModelError
from ssestrategy.model import Constraint, Criteria, Criterion


class Toy:
    """A stand-in ensemble: fixed outcome arrays (strategies, scenarios)."""

    def __init__(self, strategies: tuple[str, ...], data: dict[str, np.ndarray]) -> None:
        self.strategies = strategies
        self.data = data

    def outcome(self, name: str, at: float | None = None) -> np.ndarray:
        return self.data[name]

    def permuted(self, perm: np.ndarray) -> Toy:
        return Toy(
            tuple(self.strategies[i] for i in perm), {k: v[perm] for k, v in self.data.items()}
        )


CRIT = Criteria(
    items=(
        Criterion(outcome="jobs", weight=0.6),
        Criterion(outcome="spend", weight=0.4),
    )
)


def _toy(seed: int = 0, n: int = 200) -> Toy:
    rng = np.random.default_rng(seed)
    jobs = np.vstack([rng.normal(100, 5, n), rng.normal(120, 5, n), rng.normal(90, 5, n)])
    spend = np.vstack([np.full(n, 10.0), np.full(n, 10.5), np.full(n, 9.5)])
    return Toy(("a", "b", "c"), {"jobs": jobs, "spend": spend})


def test_feasible_rank_ahead() -> None:
    toy = _toy()
    cap = Constraint(id="cap", outcome="spend", op="<=", target=10.2, category="budget")
    r = rank(toy, [cap], CRIT)
    # b is the best on the criteria but breaks the budget: it must rank last
    assert r.method_rank[1] == 1
    assert r.feasible.tolist() == [True, False, True]
    assert r.order[-1] == "b"
    assert r.rank[1] == 3
    assert "; violates cap" in r.explanations[1]
    assert r.constraints.binding() == ("cap",)


def test_without_constraints_method_rank_is_final() -> None:
    r = rank(_toy(), [], CRIT)
    assert r.rank.tolist() == r.method_rank.tolist()


def test_robustness_columns() -> None:
    r = rank(_toy(), [], CRIT, method="weighted_sum")
    assert r.p_best.sum() == pytest.approx(1.0)
    assert (r.regret_mean >= 0).all()
    # a strategy best in every scenario has zero regret
    jobs = np.vstack([np.full(5, 10.0), np.full(5, 5.0)])
    toy = Toy(("x", "y"), {"jobs": jobs, "spend": np.ones((2, 5))})
    r2 = rank(toy, [], CRIT)
    assert r2.p_best.tolist() == [1.0, 0.0]
    assert r2.regret_mean[0] == 0.0 and r2.regret_p90[0] == 0.0


def test_equal_strategies_share_p_best() -> None:
    jobs = np.ones((2, 4))
    toy = Toy(("x", "y"), {"jobs": jobs, "spend": np.ones((2, 4))})
    r = rank(toy, [], CRIT)
    assert r.p_best.tolist() == [0.5, 0.5]


def test_cvar_and_percentile() -> None:
    x = np.array([[1.0, 2.0, 3.0, 4.0, 100.0]])
    toy = Toy(("a",), {"jobs": x, "spend": x})
    crits = [
        Criterion(outcome="jobs", statistic="cvar", q=40.0),
        Criterion(outcome="spend", statistic="cvar", q=20.0),  # a cost: worst = highest
        Criterion(outcome="jobs", statistic="percentile", q=50.0),
        Criterion(outcome="jobs", statistic="median"),
    ]
    assert criteria_matrix(toy, crits).tolist() == [[1.5, 100.0, 3.0, 3.0]]


def test_ahp_weights() -> None:
    crit = Criteria(
        items=(Criterion(outcome="jobs"), Criterion(outcome="spend")),
        pairwise=((1.0, 3.0), (1 / 3, 1.0)),
    )
    r = rank(_toy(), [], crit)
    assert r.weights.tolist() == pytest.approx([0.75, 0.25])
    assert r.weights_from.startswith("ahp")


@pytest.mark.parametrize("method", ["topsis", "weighted_sum", "vikor", "promethee_ii"])
def test_methods_and_dict(method: str) -> None:
    r = rank(_toy(), [], CRIT, method=method)  # type: ignore[arg-type]
    d = r.to_dict()
    assert [row["strategy"] for row in d["ranking"]] == list(r.order)
    assert "rank" in r.format_table()
    assert "<table>" in r._repr_html_()


@given(perm=st.permutations([0, 1, 2]), seed=st.integers(0, 1000))
@settings(max_examples=30, deadline=None)
def test_permutation_equivariance(perm: list[int], seed: int) -> None:
    toy = _toy(seed, n=50)
    cap = Constraint(id="cap", outcome="spend", op="<=", target=20.0)
    r = rank(toy, [cap], CRIT)
    p = np.array(perm)
    rp = rank(toy.permuted(p), [cap], CRIT)
    assert rp.rank.tolist() == r.rank[p].tolist()
    assert rp.p_best.tolist() == pytest.approx(r.p_best[p].tolist())
    assert rp.regret_mean.tolist() == pytest.approx(r.regret_mean[p].tolist())


@given(
    x=arrays(np.float64, (3, 20), elements=st.floats(0, 1e6, allow_nan=False)),
)
@settings(max_examples=50, deadline=None)
def test_regret_nonnegative(x: np.ndarray) -> None:
    toy = Toy(("a", "b", "c"), {"jobs": x, "spend": x[::-1].copy()})
    r = rank(toy, [], CRIT)
    assert (r.regret_mean >= 0).all() and (r.regret_p90 >= 0).all()
    assert 0.0 <= r.p_best.min() and r.p_best.sum() == pytest.approx(1.0)


def test_bad_method() -> None:
    with pytest.raises(ModelError, match="unknown method"):
        rank(_toy(), [], CRIT, method="electre")  # type: ignore[arg-type]


def test_composite_terms_sum_to_the_composite() -> None:
    from ssestrategy.decision.ranking import composite, composite_terms

    rng = np.random.default_rng(3)
    crit = [Criterion(outcome="jobs"), Criterion(outcome="spend"), Criterion(outcome="income")]
    vals = [rng.random((3, 50)) * 10 for _ in crit]
    w = np.array([0.5, 0.3, 0.2])
    terms = composite_terms(vals, crit, w)
    assert terms.shape == (3, 3, 50)
    by_name = composite(dict(zip(["jobs", "spend", "income"], vals, strict=True)), crit, w)
    assert (terms.sum(axis=0) == by_name).all()
    # the cost criterion is reversed: its term is largest at the smallest spend
    j = np.unravel_index(np.argmin(vals[1]), vals[1].shape)
    assert terms[1][j] == pytest.approx(0.3)
    # declared bounds, one pair per criterion
    bounded = composite_terms(vals, crit, w, bounds=[(0.0, 20.0)] * 3)
    np.testing.assert_allclose(bounded[0], 0.5 * vals[0] / 20.0)
    with pytest.raises(ModelError, match="criteria"):
        composite_terms([], [], np.zeros(0))


def test_explanations_compare_strategies_not_criteria() -> None:
    """A strategy that leads on every criterion is called best on every criterion, whatever
    the weights (it used to be called "weakest" on its smallest-weighted criterion)."""
    jobs = np.array([[100.0, 110.0], [90.0, 95.0], [95.0, 100.0]])
    spend = np.array([[5.0, 5.0], [6.0, 6.0], [9.0, 9.0]])
    toy = Toy(("a", "b", "c"), {"jobs": jobs, "spend": spend})
    r = rank(toy, [], CRIT)
    assert "best on every criterion" in r.explanations[0]
    assert "last on jobs (mean)" in r.explanations[1] and "best" not in r.explanations[1][:30]
    assert "last on spend (mean)" in r.explanations[2]
    same = Toy(("a", "b"), {"jobs": np.ones((2, 3)), "spend": np.ones((2, 3))})
    assert "best on" not in rank(same, [], CRIT).explanations[0]
