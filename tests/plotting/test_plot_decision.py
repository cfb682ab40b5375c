"""Tests of ssestrategy.plotting.plot_rank_acceptability and acceptability_matrix."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from ssestrategy.decision import rank_acceptability, smaa
from ssestrategy.errors import ModelError
from ssestrategy.plotting import acceptability_matrix, plot_rank_acceptability


def _widths(ax: object) -> np.ndarray:
    patches = ax.patches  # type: ignore[attr-defined]
    return np.array([p.get_width() for p in patches])


def test_smaa_segments_are_the_acceptabilities() -> None:
    res = smaa([[1.0, 0.0], [0.0, 1.0], [0.4, 0.4]], [True, True], n_samples=2000, rng=1)
    ax = plot_rank_acceptability(res, ax=Figure().subplots(), labels=["a", "b", "c"])
    assert len(ax.patches) == 9
    # barh draws rank by rank: patches [r * 3 + i] is strategy i, rank r + 1
    assert np.allclose(_widths(ax).reshape(3, 3).T, res.rank_acceptability)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["rank 1", "rank 2", "rank 3"]
    assert ax.get_xlabel() == "share of weight samples"
    # segments start where the previous rank ended
    lefts = np.array([p.get_x() for p in ax.patches]).reshape(3, 3).T
    assert np.allclose(lefts[:, 1:], np.cumsum(res.rank_acceptability, axis=1)[:, :-1])


def test_robustness_result_and_default_labels() -> None:
    res = rank_acceptability([[10, 2, 6, 8], [7, 5, 5, 7], [4, 4, 9, 3]])
    ax = plot_rank_acceptability(res, ax=Figure().subplots(), annotate=False)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A1", "A2", "A3"]
    assert np.allclose(_widths(ax).reshape(3, 3).T, res.acceptability)
    assert len(ax.texts) == 0


def test_annotations_only_on_segments_of_eight_percent_or_more() -> None:
    acc = [[0.05, 0.95], [0.5, 0.5]]
    ax = plot_rank_acceptability(acc, ax=Figure().subplots())
    assert sorted(t.get_text() for t in ax.texts) == ["50%", "50%", "95%"]


class FakeRanking:
    """What a Ranking offers: strategies, order (best first) and P(best)."""

    strategies = ("x", "y", "z")
    order = ("z", "x", "y")
    p_best = np.array([0.2, 0.1, 0.7])
    rank_acceptability = None


def test_ranking_without_matrix_shows_p_best_in_ranking_order() -> None:
    ax = plot_rank_acceptability(FakeRanking(), ax=Figure().subplots())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["z", "x", "y"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["rank 1", "other ranks"]
    assert np.allclose(_widths(ax)[:3], [0.7, 0.2, 0.1])
    assert np.allclose(_widths(ax)[3:], [0.3, 0.8, 0.9])


def test_comparison_uses_the_composite_score() -> None:
    comparison = pytest.importorskip("ssestrategy.comparison")
    from ssestrategy.datasets import tiznit

    cmp = comparison.compare(tiznit(), n_scenarios=16, rng=1)
    acc, names, what = acceptability_matrix(cmp)
    assert what == "scenarios (composite score)"
    assert names == cmp.ranking.strategies
    assert acc.shape == (4, 4)
    assert np.allclose(acc.sum(axis=1), 1.0)
    # first-rank acceptability is P(best) when no scenario has a tie for first
    assert np.allclose(acc[:, 0], cmp.ranking.p_best)
    ax = plot_rank_acceptability(cmp, ax=Figure().subplots())
    assert [t.get_text() for t in ax.get_yticklabels()] == list(cmp.ranking.order)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([[0.5, 1.5]], "in \\[0, 1\\]"),
        ([0.5, 0.5], "2-D"),
        ([[np.nan, 1.0]], "finite"),
    ],
)
def test_bad_matrices(value: object, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        plot_rank_acceptability(value)


def test_wrong_number_of_labels() -> None:
    with pytest.raises(ModelError) as err:
        plot_rank_acceptability([[1.0, 0.0], [0.0, 1.0]], labels=["a"])
    assert err.value.path == "labels"


def test_a_result_without_acceptability() -> None:
    from ssestrategy.decision import maximin

    with pytest.raises(ModelError, match="no rank-acceptability"):
        plot_rank_acceptability(maximin([[1, 2], [2, 1]]))
