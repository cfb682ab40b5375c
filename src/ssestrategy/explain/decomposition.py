"""Splitting a difference between two strategies by criterion.

- :func:`composite_decomposition`: the mean over futures of the ranking's fixed-bound composite
  (the score behind ``P(best)`` and regret) is a weighted sum, so its difference splits
  additively, exactly;
- :func:`score_decomposition`: the method's score difference. The weighted sum and PROMETHEE
  II are additive; TOPSIS closeness and VIKOR ``Q`` are not, so the difference is split by
  Shapley values (:func:`shapley_values`) of the game in which a criterion "switched on" gives
  ``a`` its own value on that criterion instead of ``b``'s, every other strategy held fixed; by
  the efficiency axiom the contributions sum to the difference exactly.

Examples
--------
>>> def gloves(S):
...     return (S[:, 0] & (S[:, 1] | S[:, 2])).astype(float)
>>> shapley_values(gloves, 3)[0].round(4)
array([0.6667, 0.1667, 0.1667])
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._deprecation import renamed_arguments
from .._random import RNGLike, describe, seed_sequence
from .._validate import check_choice, check_options
from ..decision.ranking import _SCORERS, Method, OutcomeSource, composite_terms
from ..errors import ModelError
from ..model import Criterion

__all__ = [
    "MAX_EXACT_CRITERIA",
    "Decomposition",
    "composite_decomposition",
    "score_decomposition",
    "shapley_values",
]

Float = NDArray[np.float64]

MAX_EXACT_CRITERIA = 12
"""Up to this many criteria, Shapley values are exact: ``2**n`` evaluations of the method
(4,096 at 12 criteria, under half a second). Above it they are estimated from sampled
permutations, which keeps their sum exactly equal to the difference."""


@attrs.frozen(eq=False)
class Decomposition:
    """A difference between two strategies, split by criterion.

    Attributes
    ----------
    total : float
        The difference, signed so that positive means ``a`` is better (for VIKOR, where a
        lower ``Q`` is better, ``Q(b) - Q(a)``).
    contributions : ndarray
        One per criterion; they sum to ``total`` (to rounding).
    criteria : tuple of str
        Criterion labels.
    method : str
        ``"additive"``, ``"shapley, exact (2^n coalitions)"`` or
        ``"shapley, sampled (k permutations, seed s)"`` (``s``: the entropy of the ``rng`` root).

    Examples
    --------
    >>> d = Decomposition(total=0.3, contributions=np.array([0.4, -0.1]),
    ...                   criteria=("jobs (mean)", "spend (mean)"), method="additive")
    >>> d.largest(), d.to_dict()["contributions"]
    (0, {'jobs (mean)': 0.4, 'spend (mean)': -0.1})
    """

    total: float
    contributions: Float
    criteria: tuple[str, ...]
    method: str

    def largest(self) -> int:
        """Index of the largest contribution in the direction of ``total`` (toward ``a``'s
        lead when ``total >= 0``, toward ``b``'s otherwise)."""
        c = self.contributions
        return int(np.argmax(c) if self.total >= 0 else np.argmin(c))

    def negated(self) -> Decomposition:
        """The same decomposition read from the other strategy's side (signs flipped)."""
        return attrs.evolve(self, total=-self.total, contributions=-self.contributions)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: total, contributions by criterion label, method."""
        return {
            "total": float(self.total),
            "contributions": {
                k: float(v) for k, v in zip(self.criteria, self.contributions, strict=True)
            },
            "method": self.method,
        }


@renamed_arguments(seed="rng")
def shapley_values(
    game: Callable[[NDArray[np.bool_]], ArrayLike],
    n_players: int,
    *,
    max_exact: int = MAX_EXACT_CRITERIA,
    n_permutations: int = 500,
    rng: RNGLike = 0,
) -> tuple[Float, str]:
    """Shapley values of a cooperative game, exact or from sampled permutations.

    ``phi_j = sum over S not containing j of |S|! (n - |S| - 1)! / n! * (v(S + j) - v(S))``
    (Shapley 1953). They satisfy efficiency: ``sum_j phi_j = v(N) - v(empty)``.

    Parameters
    ----------
    game : callable
        Takes a boolean array ``(coalitions, n_players)`` (``True`` = player in the
        coalition) and returns the coalitions' values ``(coalitions,)``.
    n_players : int
        At least 1.
    max_exact : int
        Up to this many players, enumerate the ``2**n`` coalitions. Above it, average the
        marginal contributions over ``n_permutations`` random orders (Castro, Gómez & Tejada
        2009): each order's marginals telescope to ``v(N) - v(empty)``, so the estimates keep
        efficiency exactly; their standard error falls as ``1 / sqrt(n_permutations)``.
    n_permutations : int
        Orders sampled above ``max_exact``.
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        Draws the sampled orders (one stream, :mod:`ssestrategy._random`).

    Returns
    -------
    values : ndarray
        ``(n_players,)``.
    method : str
        How they were computed.

    References
    ----------
    Shapley, L. S. (1953). A value for n-person games. In Kuhn, H. W., Tucker, A. W. (eds.),
    *Contributions to the Theory of Games II*, Annals of Mathematics Studies 28, Princeton
    University Press, 307-317.
    Castro, J., Gómez, D., Tejada, J. (2009). Polynomial calculation of the Shapley value
    based on sampling. *Computers & Operations Research* 36(5), 1726-1730.

    Examples
    --------
    The glove game: player 0 holds a left glove, players 1 and 2 a right one; a pair is worth 1.

    >>> def gloves(S):
    ...     return (S[:, 0] & (S[:, 1] | S[:, 2])).astype(float)
    >>> phi, how = shapley_values(gloves, 3)
    >>> phi.round(4), how
    (array([0.6667, 0.1667, 0.1667]), 'shapley, exact (2^3 coalitions)')
    >>> phi, how = shapley_values(gloves, 3, max_exact=2, n_permutations=600, rng=1)
    >>> float(phi.sum()), how
    (1.0, 'shapley, sampled (600 permutations, seed 1)')
    """
    n = int(n_players)
    if n < 1:
        raise ModelError.at("n_players", f"expected at least one player, got {n_players}")
    if n <= max_exact:
        codes = np.arange(2**n, dtype=np.int64)
        bits = np.int64(1) << np.arange(n, dtype=np.int64)
        masks = (codes[:, None] & bits[None, :]) != 0
        v = _game_values(game, masks)
        size = masks.sum(axis=1)
        # weight of a coalition of size s not containing j: s! (n - s - 1)! / n!
        weight = np.array(
            [math.factorial(s) * math.factorial(n - s - 1) / math.factorial(n) for s in range(n)]
        )
        phi = np.empty(n)
        for j in range(n):
            without = codes[~masks[:, j]]
            phi[j] = float(np.sum(weight[size[without]] * (v[without | bits[j]] - v[without])))
        return phi, f"shapley, exact (2^{n} coalitions)"
    if n_permutations < 1:
        raise ModelError.at("n_permutations", f"expected at least 1, got {n_permutations}")
    if isinstance(rng, np.random.Generator):
        stream, label = rng, "a Generator"
    else:
        root = seed_sequence(rng)
        stream, label = np.random.default_rng(root), describe(root)
    order = np.argsort(stream.random((n_permutations, n)), axis=1)  # uniform random orders
    position = np.argsort(order, axis=1)  # position[p, j]: where player j comes in order p
    # coalition k of order p holds the players placed before position k (k = 0 .. n)
    prefix = position[:, None, :] < np.arange(n + 1)[None, :, None]
    flat = prefix.reshape(-1, n)
    uniq, inverse = np.unique(flat, axis=0, return_inverse=True)
    v = _game_values(game, uniq)[inverse.ravel()].reshape(n_permutations, n + 1)
    marginal = np.diff(v, axis=1)  # marginal[p, k]: value added by the player at position k
    phi = np.take_along_axis(marginal, position, axis=1).mean(axis=0)
    return phi, f"shapley, sampled ({n_permutations} permutations, {label})"


def _game_values(game: Callable[[NDArray[np.bool_]], ArrayLike], masks: NDArray[np.bool_]) -> Float:
    v = np.asarray(game(masks), dtype=np.float64)
    if v.shape != (masks.shape[0],):
        raise ModelError.at("game", f"expected {masks.shape[0]} values, got shape {v.shape}")
    if not np.isfinite(v).all():
        raise ModelError.at("game", "returned a value that is not finite")
    return v


@renamed_arguments(seed="rng")
def score_decomposition(
    matrix: ArrayLike,
    weights: ArrayLike,
    benefit: ArrayLike,
    a: int,
    b: int,
    *,
    method: Method = "topsis",
    method_options: Mapping[str, Any] | None = None,
    criteria: Sequence[str] | None = None,
    max_exact: int = MAX_EXACT_CRITERIA,
    n_permutations: int = 500,
    rng: RNGLike = 0,
) -> Decomposition:
    """Split the method's score difference between alternatives ``a`` and ``b`` by criterion.

    The game: for a coalition ``S`` of criteria, row ``a`` of the matrix takes ``a``'s own
    values on ``S`` and ``b``'s values elsewhere; every other row is held fixed; the value is
    ``a``'s score lead over ``b`` in that matrix (``score_a - score_b``, or ``Q_b - Q_a`` for
    VIKOR). With ``S`` empty the two rows are equal, so the value is 0; with every criterion
    it is the actual lead. The Shapley values of this game (:func:`shapley_values`) sum to
    the lead. A criterion on which ``a`` and ``b`` have the same value gets 0.

    The weighted sum and PROMETHEE II net flow are additive over criteria (each criterion's
    column is normalised, or compared, on its own), so there the contributions are simply each
    criterion's term of the difference; TOPSIS and VIKOR are not (distances to the ideal, the
    ``max`` in ``R`` and the rescaling of ``S`` and ``R`` mix criteria).

    Parameters
    ----------
    matrix : array_like, shape (alternatives, criteria)
    weights : array_like, shape (criteria,)
    benefit : array_like of bool, shape (criteria,)
    a, b : int
        Rows of the two alternatives (different).
    method : {'topsis', 'weighted_sum', 'vikor', 'promethee_ii'}
    method_options : mapping, optional
        Keyword options of the method (normalisation, bounds, ``v``, preference functions).
    criteria : sequence of str, optional
        Labels (default ``c1 ... cn``).
    max_exact, n_permutations, rng
        See :func:`shapley_values`.

    Returns
    -------
    Decomposition

    Examples
    --------
    Two alternatives, ``a`` better on both criteria: TOPSIS closeness is 1 against 0 whichever
    criterion alone separates them, so each criterion gets half the lead whatever the weights.

    >>> d = score_decomposition([[1.0, 1.0], [0.0, 0.0]], [0.9, 0.1], [True, True], 0, 1,
    ...                         method_options={"normalization": "minmax"})
    >>> d.total, d.contributions
    (1.0, array([0.5, 0.5]))
    >>> score_decomposition([[1.0, 1.0], [0.0, 0.0]], [0.9, 0.1], [True, True], 0, 1,
    ...                     method="weighted_sum").contributions
    array([0.9, 0.1])
    """
    check_choice(method, "method", Method, what="method")
    scorer = _SCORERS[method]
    opts = check_options(method_options, "method_options", scorer, exclude=("ties",))
    X = np.asarray(matrix, dtype=np.float64)
    if X.ndim != 2:
        raise ModelError.at("matrix", f"expected a 2-D matrix, got shape {X.shape}")
    m, n = X.shape
    for name, idx in (("a", a), ("b", b)):
        if not (isinstance(idx, int | np.integer) and 0 <= idx < m):
            raise ModelError.at(name, f"expected a row index in [0, {m}), got {idx!r}")
    if a == b:
        raise ModelError.at("b", "a strategy's lead over itself is not defined")
    labels = tuple(criteria) if criteria is not None else tuple(f"c{j + 1}" for j in range(n))
    if len(labels) != n:
        raise ModelError.at("criteria", f"expected {n} labels, got {len(labels)}")
    sign = -1.0 if method == "vikor" else 1.0

    def scores(M: Float) -> Float:
        return np.asarray(scorer(M, weights, benefit, **opts).scores, dtype=np.float64)

    def game(S: NDArray[np.bool_]) -> Float:
        out = np.empty(S.shape[0])
        M = X.copy()
        for k, mask in enumerate(S):
            M[a] = np.where(mask, X[a], X[b])
            s = scores(M)
            out[k] = sign * (s[a] - s[b])
        return out

    full = scores(X)
    total = float(sign * (full[a] - full[b]))
    phi, how = shapley_values(game, n, max_exact=max_exact, n_permutations=n_permutations, rng=rng)
    return Decomposition(total=total, contributions=phi, criteria=labels, method=how)


def composite_decomposition(
    ensemble: OutcomeSource,
    criteria: Sequence[Criterion],
    weights: ArrayLike,
    a: str,
    b: str,
) -> Decomposition:
    """Split the mean composite difference between strategies ``a`` and ``b`` by criterion.

    The composite (:func:`~ssestrategy.decision.ranking.composite`) of strategy ``s`` in
    future ``k`` is ``sum_j w_j z_j[s, k]``, with ``z_j`` criterion ``j``'s outcome normalised
    by fixed bounds (its minimum and maximum over the whole ensemble). Its mean difference is

    ``mean_k (C[a, k] - C[b, k]) = sum_j w_j mean_k (z_j[a, k] - z_j[b, k])``,

    and the ``j``-th term is criterion ``j``'s contribution: additive and exact.

    Parameters
    ----------
    ensemble : Ensemble or OutcomeSource
    criteria : sequence of Criterion
    weights : array_like
        Normalised weights (a ranking's ``weights``).
    a, b : str
        Strategy ids.

    Returns
    -------
    Decomposition

    Examples
    --------
    >>> class Toy:
    ...     strategies = ("a", "b")
    ...     def outcome(self, name, at=None):
    ...         return {"jobs": np.array([[4.0, 2.0], [0.0, 2.0]]),
    ...                 "income": np.array([[1.0, 1.0], [3.0, 1.0]])}[name]
    >>> d = composite_decomposition(
    ...     Toy(), [Criterion(outcome="jobs"), Criterion(outcome="income")], [0.5, 0.5], "a", "b")
    >>> d.contributions, d.total
    (array([ 0.25, -0.25]), 0.0)
    """
    sids = tuple(ensemble.strategies)
    ia, ib = _index(sids, a, "a"), _index(sids, b, "b")
    if ia == ib:
        raise ModelError.at("b", "a strategy's lead over itself is not defined")
    return _composite(ensemble, criteria, np.asarray(weights, dtype=np.float64), ia, ib)[0]


def _composite(
    ensemble: OutcomeSource, criteria: Sequence[Criterion], weights: Float, ia: int, ib: int
) -> tuple[Decomposition, float]:
    """The composite decomposition of rows ``ia`` and ``ib``, and the share of futures in which
    ``ia``'s composite beats ``ib``'s."""
    values = [np.asarray(ensemble.outcome(c.outcome, at=c.at)) for c in criteria]
    terms = composite_terms(values, criteria, weights)  # (criteria, strategies, scenarios)
    comp = terms.sum(axis=0)
    d = Decomposition(
        total=float((comp[ia] - comp[ib]).mean()),
        contributions=(terms[:, ia, :] - terms[:, ib, :]).mean(axis=1),
        criteria=_labels(criteria),
        method="additive",
    )
    return d, float((comp[ia] > comp[ib]).mean())


def _labels(criteria: Sequence[Criterion]) -> tuple[str, ...]:
    """Criterion labels, with the date added where two would otherwise be equal."""
    plain = [c.label for c in criteria]
    return tuple(
        f"{p} at year {c.at:g}" if plain.count(p) > 1 and c.at is not None else p
        for p, c in zip(plain, criteria, strict=True)
    )


def _index(sids: Sequence[str], sid: str, name: str) -> int:
    if sid not in sids:
        raise ModelError.at(name, f"unknown strategy {sid!r} (known: {', '.join(sids)})")
    return list(sids).index(sid)
