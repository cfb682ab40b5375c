"""Why one strategy leads another: :func:`lead`.

A ranking says *which* strategy comes first; a planner also needs to know *why*. For two
strategies ``a`` and ``b`` of a ranking, :func:`lead` returns a :class:`Lead` with

1. **how the rank was decided** between them, mirroring :func:`~ssestrategy.decision.rank`:
   feasibility first, then the number of violated constraints, then the method's rank; and the
   constraint verdicts that differ (:class:`ConstraintDifference`);
2. the **composite difference decomposed by criterion** (:func:`composite_decomposition`): the
   mean over futures of the ranking's fixed-bound composite (the score behind ``P(best)`` and
   regret) is a weighted sum, so its difference splits additively, exactly;
3. the **method's score difference decomposed by criterion** (:func:`score_decomposition`):
   TOPSIS closeness and VIKOR ``Q`` are not additive, so the difference is split by Shapley
   values (:func:`shapley_values`) of the game in which a criterion "switched on" gives ``a``
   its own value on that criterion instead of ``b``'s, every other strategy held fixed; by the
   efficiency axiom the contributions sum to the difference exactly;
4. the **design differences** (:func:`design_differences`): levers one strategy uses and the
   other does not, budget by lever, and per lever the hubs and mechanism parameters that
   differ; and the criteria whose outcome is driven (:data:`OUTCOME_LEVERS`) by a lever only
   one of the two strategies has.

:meth:`Lead.describe` says it in one or two sentences. ``docs/explain-methods.md`` gives the
formulas and references.

Examples
--------
Two strategies, three futures, two criteria; ``b`` breaks a budget cap:

>>> import numpy as np
>>> from ssestrategy.decision.ranking import rank
>>> from ssestrategy.model import Constraint, Criteria, Criterion
>>> class Toy:  # anything with .strategies and .outcome(name, at=None)
...     strategies = ("a", "b")
...     def outcome(self, name, at=None):
...         return {"jobs": np.array([[11., 13, 12], [9., 9, 9]]),
...                 "spend": np.array([[2., 2, 2], [5., 5, 5]])}[name]
>>> crit = Criteria(items=(Criterion(outcome="jobs", weight=0.5),
...                        Criterion(outcome="spend", weight=0.5)))
>>> r = rank(Toy(), [Constraint(id="cap", outcome="spend", op="<=", target=4.0)], crit)
>>> ld = lead(r, Toy())
>>> ld.a, ld.b, ld.decided_by
('a', 'b', 'feasibility')
>>> ld.composite.contributions.round(3), round(ld.composite.total, 3)
(array([0.375, 0.5  ]), 0.875)
>>> print(ld.describe())
a ranks ahead of b because b is infeasible: it violates cap (mean 5 vs <= 4; a: satisfied, mean
2). a leads b by 0.875 on the mean composite; 0.500 of it from spend (mean); the other criteria
give 0.375.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._deprecation import renamed_arguments
from .._random import RNGLike, describe, seed_sequence
from .._validate import check_choice, check_options
from ..decision.ranking import _SCORERS, Method, OutcomeSource, Ranking, composite_terms
from ..errors import ModelError
from ..model import FACTORS, LEVER_PARAMETERS, OUTCOMES, Criterion, Lever, Strategy

__all__ = [
    "MATERIAL_SHARE",
    "MAX_EXACT_CRITERIA",
    "OUTCOME_LEVERS",
    "ConstraintDifference",
    "Decomposition",
    "DesignDifference",
    "Lead",
    "ParameterDifference",
    "composite_decomposition",
    "design_differences",
    "lead",
    "score_decomposition",
    "shapley_values",
]

Float = NDArray[np.float64]
DecidedBy = Literal["feasibility", "violations", "score", "tie"]

MAX_EXACT_CRITERIA = 12
"""Up to this many criteria, Shapley values are exact: ``2**n`` evaluations of the method
(4,096 at 12 criteria, under half a second). Above it they are estimated from sampled
permutations, which keeps their sum exactly equal to the difference."""

MATERIAL_SHARE = 0.25
"""A criterion's contribution is *material* when its absolute value is at least this share of
the sum of the absolute contributions; :meth:`Lead.describe` names a lever only one strategy
has only for a material criterion."""

_CAPACITY = tuple(lever for lever in Lever if lever.factor is not None)
_GROWTH = (*_CAPACITY, Lever.TIES)


def _outcome_levers() -> dict[str, tuple[Lever, ...]]:
    growth_and_entry = (*_GROWTH, Lever.INCUBATION)
    table: dict[str, tuple[Lever, ...]] = {
        # capacities raise success, which lowers the hazard of closing (and, through pole
        # success, raises creation); incubation creates actors: the counts follow both
        **{
            name: growth_and_entry
            for name in (
                "active_actors",
                "jobs",
                "entrants",
                "jobs_created",
                "income",
                "women_share",
                "rural_share",
            )
        },
        # the initial actors' survival and the poles follow the capacity levers and ties
        **{name: _GROWTH for name in ("survival", "pole_success", "capacity")},
        # one capacity: its own lever(s), and ties (peer learning over the tie matrix)
        **{
            f"capacity_{factor.value}": (
                *(lever for lever in _CAPACITY if lever.factor is factor),
                Lever.TIES,
            )
            for factor in FACTORS
        },
        "social_protection": (Lever.SOCIAL_PROTECTION,),
        "social_protection_share": (Lever.SOCIAL_PROTECTION,),
        # re-lent repayments: only a revolving fund (a financing lever) lends more than it got
        "leverage": (Lever.FINANCING,),
        # every lever spends
        **{
            name: tuple(Lever)
            for name in (
                "spend",
                "money_to_actors",
                "peak_annual_spend",
                "women_spend_share",
                "rural_spend_share",
            )
        },
    }
    return {name: table[name] for name in OUTCOMES if name in table}


OUTCOME_LEVERS: Mapping[str, tuple[Lever, ...]] = _outcome_levers()
"""Outcome -> the levers that move it in the simulation model (``docs/model.md``).

- ``social_protection``, ``social_protection_share`` <- ``social_protection`` (enrolment is
  paid by that lever only; the trend enrolment is the same for every strategy);
- ``capacity_<factor>`` <- that factor's capacity levers (``pooling`` raises networking) and
  ``ties`` (peer learning);
- ``survival``, ``pole_success``, ``capacity`` <- the capacity levers and ``ties``;
- the counts and what follows them (``active_actors``, ``jobs``, ``entrants``,
  ``jobs_created``, ``income``, ``women_share``, ``rural_share``) <- the same and
  ``incubation``;
- ``leverage`` <- ``financing`` (a revolving fund re-lends repayments);
- spend outcomes (``spend``, ``money_to_actors``, ``peak_annual_spend``,
  ``women_spend_share``, ``rural_spend_share``) <- every lever.

:func:`lead` names a criterion "which only A has a lever for" when A uses one of its outcome's
levers and B uses none. **Extend this table when a lever or an outcome is added** (a test
checks that every outcome has an entry and every lever drives some outcome).
"""


# --------------------------------------------------------------------------------------------
# decompositions
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# design differences
# --------------------------------------------------------------------------------------------


@attrs.frozen
class ParameterDifference:
    """A lever setting (a hub or a mechanism parameter) that two strategies set differently.

    Attributes
    ----------
    lever : str
    name : str
        ``"hub"`` or a mechanism parameter (:data:`~ssestrategy.model.LEVER_PARAMETERS`).
    a, b : tuple
        The distinct values each strategy uses on that lever (defaults included), sorted.

    Examples
    --------
    >>> p = ParameterDifference(lever="financing", name="recovery_rate", a=(0.85,), b=(0.0,))
    >>> p.describe("canadian-agency", "french-agency")
    'financing recovery_rate 0.85 (canadian-agency) vs 0 (french-agency)'
    """

    lever: str
    name: str
    a: tuple[Any, ...]
    b: tuple[Any, ...]

    def describe(self, a: str, b: str) -> str:
        """Plain words, e.g. ``financing recovery_rate 0.85 (A) vs 0 (B)``."""

        def fmt(vals: tuple[Any, ...]) -> str:
            return ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in vals) or "-"

        return f"{self.lever} {self.name} {fmt(self.a)} ({a}) vs {fmt(self.b)} ({b})"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"lever": self.lever, "name": self.name, "a": list(self.a), "b": list(self.b)}


@attrs.frozen(eq=False)
class DesignDifference:
    """How two strategies' designs differ: levers, budget by lever, lever settings.

    Attributes
    ----------
    a, b : str
        Strategy ids.
    only_a, only_b : tuple of str
        Levers one strategy uses and the other does not (in :class:`~ssestrategy.model.Lever`
        order).
    budget : dict of str to (float, float)
        Lever -> total budget (MAD, budget x duration summed over its interventions) of ``a``
        and of ``b``, for every lever either uses.
    parameters : tuple of ParameterDifference
        Hubs and mechanism parameters set differently on a lever both use.
    instruments : dict of str to (float, float)
        Lever-menu instrument (:data:`~ssestrategy.model.MENU`; the lever for an intervention
        bought outside the menu) -> total budget of ``a`` and of ``b``, for every instrument
        either uses.

    Examples
    --------
    >>> from ssestrategy.model import Intervention, Strategy
    >>> x = Strategy(id="x", name="X", interventions=(
    ...     Intervention(name="fund", lever="financing", budget=100.0, duration=2.0,
    ...                  params={"recovery_rate": 0.5}),
    ...     Intervention(name="cover", lever="social_protection", budget=50.0)))
    >>> y = Strategy(id="y", name="Y", interventions=(
    ...     Intervention(name="grants", lever="financing", budget=250.0),))
    >>> d = design_differences(x, y)
    >>> d.only_a, d.only_b, d.budget["financing"]
    (('social_protection',), (), (200.0, 250.0))
    >>> print(d.describe())
    only x uses social_protection (50 MAD); financing recovery_rate 0.5 (x) vs 0 (y)
    """

    a: str
    b: str
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    budget: dict[str, tuple[float, float]]
    parameters: tuple[ParameterDifference, ...]
    instruments: dict[str, tuple[float, float]] = attrs.field(factory=dict)

    def only(self, strategy: str) -> tuple[str, ...]:
        """The instruments only ``strategy`` (``a`` or ``b``) buys.

        Examples
        --------
        >>> from ssestrategy.model.templates import canadian_agency, french_agency
        >>> design_differences(canadian_agency(), french_agency()).only("french-agency")
        ('institutional-support', 'pole-platform', 'grants')
        """
        k = 0 if strategy == self.a else 1
        if strategy not in (self.a, self.b):
            raise ModelError.at("strategy", f"expected {self.a!r} or {self.b!r}, got {strategy!r}")
        return tuple(name for name, v in self.instruments.items() if v[k] > 0 and v[1 - k] == 0)

    def summary(self) -> str:
        """One sentence: the instruments only one strategy buys, with their budgets.

        Examples
        --------
        >>> from ssestrategy.model.templates import canadian_agency, national_2010_2020
        >>> import textwrap
        >>> text = design_differences(canadian_agency(), national_2010_2020()).summary()
        >>> print(textwrap.fill(text, 90))
        only canadian-agency buys federation (MAD 3.0M), revolving-fund (MAD 4.0M), social-
        protection (MAD 2.0M); only national-2010-2020 buys institutional-support (MAD 5.0M),
        pole-platform (MAD 2.0M)
        """
        parts = []
        for sid in (self.a, self.b):
            k = 0 if sid == self.a else 1
            names = self.only(sid)
            if names:
                items = ", ".join(f"{n} (MAD {self.instruments[n][k] / 1e6:.1f}M)" for n in names)
                parts.append(f"only {sid} buys {items}")
        return "; ".join(parts) or "they buy the same instruments"

    def uses(self, strategy: str, lever: str) -> bool:
        """Whether ``strategy`` (``a`` or ``b``) uses ``lever``."""
        if strategy not in (self.a, self.b):
            raise ModelError.at("strategy", f"expected {self.a!r} or {self.b!r}, got {strategy!r}")
        spent = self.budget.get(lever)
        if spent is None:
            return False
        return lever not in (self.only_b if strategy == self.a else self.only_a)

    def describe(self) -> str:
        """Plain words: levers only one strategy uses, then differing settings."""
        parts = [
            f"only {s} uses {lever} ({self.budget[lever][k]:,.0f} MAD)"
            for s, k, levers in ((self.a, 0, self.only_a), (self.b, 1, self.only_b))
            for lever in levers
        ]
        parts += [p.describe(self.a, self.b) for p in self.parameters]
        return "; ".join(parts) or "the same levers and settings"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "only_a": list(self.only_a),
            "only_b": list(self.only_b),
            "instruments": {k: {self.a: v[0], self.b: v[1]} for k, v in self.instruments.items()},
            "budget": {k: {self.a: v[0], self.b: v[1]} for k, v in self.budget.items()},
            "parameters": [p.to_dict() for p in self.parameters],
        }


def _lever_settings(strategy: Strategy) -> dict[Lever, dict[str, set[Any]]]:
    """Per lever used: its hubs and every mechanism parameter's distinct values."""
    out: dict[Lever, dict[str, set[Any]]] = {}
    for iv in strategy.interventions:
        s = out.setdefault(iv.lever, {"hub": set()})
        if iv.hub is not None:
            s["hub"].add(iv.hub)
        for name in (*LEVER_PARAMETERS.get(iv.lever, {}), *iv.params):
            s.setdefault(name, set()).add(float(iv.param(name)))
    return out


def _budget_by_lever(strategy: Strategy) -> dict[Lever, float]:
    out: dict[Lever, float] = {}
    for iv in strategy.interventions:
        out[iv.lever] = out.get(iv.lever, 0.0) + iv.budget * iv.duration
    return out


def _budget_by_instrument(strategy: Strategy) -> dict[str, float]:
    out: dict[str, float] = {}
    for iv in strategy.interventions:
        key = iv.instrument or iv.lever.value
        out[key] = out.get(key, 0.0) + iv.budget * iv.duration
    return out


def design_differences(a: Strategy, b: Strategy) -> DesignDifference:
    """Compare two strategies' designs lever by lever.

    Generic over :class:`~ssestrategy.model.Lever` members and each intervention's hub and
    mechanism parameters (:data:`~ssestrategy.model.LEVER_PARAMETERS`, defaults included), so a
    new lever or parameter is covered without change here.

    Parameters
    ----------
    a, b : Strategy

    Returns
    -------
    DesignDifference

    Examples
    --------
    >>> from ssestrategy.model.templates import canadian_agency, french_agency
    >>> d = design_differences(canadian_agency(), french_agency())
    >>> d.only_a, d.only_b
    (('networking', 'social_protection', 'incubation'), ('ties',))
    >>> [(p.lever, p.name) for p in d.parameters]
    [('financing', 'recovery_rate')]
    >>> d.only("canadian-agency")  # by lever-menu instrument
    ('revolving-fund', 'incubation', 'social-protection', 'market-access')
    """
    for name, s in (("a", a), ("b", b)):
        if not isinstance(s, Strategy):
            raise ModelError.at(name, f"expected a Strategy, got {type(s).__name__}")
    sa, sb = _lever_settings(a), _lever_settings(b)
    ba, bb = _budget_by_lever(a), _budget_by_lever(b)
    ia, ib = _budget_by_instrument(a), _budget_by_instrument(b)
    used = [lever for lever in Lever if lever in sa or lever in sb]
    params: list[ParameterDifference] = []
    for lever in used:
        if lever not in sa or lever not in sb:
            continue
        names = sorted(set(sa[lever]) | set(sb[lever]), key=_setting_order)
        for name in names:
            va, vb = sa[lever].get(name, set()), sb[lever].get(name, set())
            if va != vb:
                params.append(
                    ParameterDifference(
                        lever=lever.value,
                        name=name,
                        a=tuple(sorted(va)),
                        b=tuple(sorted(vb)),
                    )
                )
    return DesignDifference(
        a=a.id,
        b=b.id,
        only_a=tuple(lever.value for lever in used if lever not in sb),
        only_b=tuple(lever.value for lever in used if lever not in sa),
        budget={lever.value: (ba.get(lever, 0.0), bb.get(lever, 0.0)) for lever in used},
        parameters=tuple(params),
        instruments={
            k: (ia.get(k, 0.0), ib.get(k, 0.0)) for k in (*ia, *(k for k in ib if k not in ia))
        },
    )


def _setting_order(name: str) -> tuple[int, str]:
    return (0 if name == "hub" else 1, name)


# --------------------------------------------------------------------------------------------
# the lead
# --------------------------------------------------------------------------------------------


@attrs.frozen
class ConstraintDifference:
    """A constraint on which two strategies get different verdicts.

    Attributes
    ----------
    id, description : str
    chance : bool
        A chance constraint (the estimate is a probability) or an expectation (a mean).
    status : (str, str)
        ``satisfied``, ``violated`` or ``undecided``, for ``a`` and ``b``.
    estimate, low, high : (float, float)
        The estimate and its confidence interval, for ``a`` and ``b``.
    required : float
        The required probability (chance) or the target (expectation).
    op : str
        ``>=`` or ``<=``.

    Examples
    --------
    >>> c = ConstraintDifference(id="cap", description="E[spend] <= 4", chance=False,
    ...     status=("satisfied", "violated"), estimate=(2.0, 5.0), low=(2.0, 5.0),
    ...     high=(2.0, 5.0), required=4.0, op="<=")
    >>> c.verdict(1)
    'mean 5 vs <= 4'
    """

    id: str
    description: str
    chance: bool
    status: tuple[str, str]
    estimate: tuple[float, float]
    low: tuple[float, float]
    high: tuple[float, float]
    required: float
    op: str

    def estimate_text(self, k: int) -> str:
        """The estimate of ``a`` (``k = 0``) or ``b`` (``k = 1``): ``P = 0.80`` or ``mean 2``."""
        if self.chance:
            return f"P = {self.estimate[k]:.2f}"
        return f"mean {self.estimate[k]:,.3g}"

    def verdict(self, k: int) -> str:
        """The estimate against the requirement, for ``a`` (``k = 0``) or ``b`` (``k = 1``)."""
        if self.chance:
            return f"{self.estimate_text(k)} vs required {self.required:g}"
        return f"{self.estimate_text(k)} vs {self.op} {self.required:,.3g}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "id": self.id,
            "description": self.description,
            "status": list(self.status),
            "estimate": list(self.estimate),
            "low": list(self.low),
            "high": list(self.high),
            "required": self.required,
        }


@attrs.frozen(eq=False)
class Lead:
    """Why strategy ``a`` ranks where it does relative to ``b`` (see :func:`lead`).

    Attributes
    ----------
    a, b : str
    rank : (int, int)
        Final ranks of ``a`` and ``b``.
    decided_by : str
        What orders them in the ranking: ``"feasibility"`` (one is feasible, the other not),
        ``"violations"`` (both infeasible, one violates fewer constraints), ``"score"`` (the
        method's rank) or ``"tie"``.
    method : str
        The ranking's multi-criteria method.
    scores : (float, float)
        The method's native scores of ``a`` and ``b`` (VIKOR ``Q``: lower is better).
    score : Decomposition
        ``a``'s lead on the method's score, split by Shapley values.
    composite : Decomposition
        ``a``'s lead on the mean composite (the score behind ``P(best)``), split additively.
    violations : (int, int)
        Number of constraints ``a`` and ``b`` violate.
    p_best : (float, float)
        Share of futures in which ``a`` (``b``) has the best composite of all strategies.
    wins : float
        Share of futures in which ``a``'s composite beats ``b``'s.
    constraints : tuple of ConstraintDifference
        Constraints with different verdicts for ``a`` and ``b``.
    design : DesignDifference or None
        None when the strategies were not given.
    exclusive : tuple of (str, str, tuple of str)
        ``(criterion, strategy, levers)``: criteria whose outcome is driven
        (:data:`OUTCOME_LEVERS`) by levers only ``strategy`` of the two uses.

    Examples
    --------
    See the module's example and :func:`lead`.

    >>> Lead.__name__
    'Lead'
    """

    a: str
    b: str
    rank: tuple[int, int]
    decided_by: DecidedBy
    method: str
    scores: tuple[float, float]
    score: Decomposition
    composite: Decomposition
    violations: tuple[int, int]
    p_best: tuple[float, float]
    wins: float
    constraints: tuple[ConstraintDifference, ...]
    design: DesignDifference | None
    exclusive: tuple[tuple[str, str, tuple[str, ...]], ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with the :meth:`describe` text under ``"text"``."""
        return {
            "a": self.a,
            "b": self.b,
            "rank": list(self.rank),
            "decided_by": self.decided_by,
            "method": self.method,
            "scores": list(self.scores),
            "score": self.score.to_dict(),
            "composite": self.composite.to_dict(),
            "violations": list(self.violations),
            "p_best": list(self.p_best),
            "wins": self.wins,
            "constraints": [c.to_dict() for c in self.constraints],
            "design": None if self.design is None else self.design.to_dict(),
            "exclusive": [
                {"criterion": c, "strategy": s, "levers": list(lv)} for c, s, lv in self.exclusive
            ],
            "text": self.describe(width=None),
        }

    # -- text ---------------------------------------------------------------------------------

    def _ahead(self) -> tuple[str, str, int]:
        """(ahead, behind, index of ahead in (a, b)) in the ranking; ``a`` first on a tie."""
        return (self.b, self.a, 1) if self.rank[1] < self.rank[0] else (self.a, self.b, 0)

    def _rank_sentence(self) -> str:
        hi, lo, k = self._ahead()
        if self.decided_by == "tie":
            return f"{self.a} and {self.b} tie in the ranking."
        if self.decided_by in ("feasibility", "violations"):
            worse = [c for c in self.constraints if c.status[1 - k] == "violated"]
            fails = ", ".join(
                f"{c.id} ({c.verdict(1 - k)}; {hi}: {c.status[k]}, {c.estimate_text(k)})"
                for c in worse
            )
            if self.decided_by == "feasibility":
                return f"{hi} ranks ahead of {lo} because {lo} is infeasible: it violates {fails}."
            return (
                f"{hi} ranks ahead of {lo} because both are infeasible and {lo} violates more "
                f"constraints ({self.violations[1 - k]} vs {self.violations[k]}): {fails}."
            )
        d = self.score if k == 0 else self.score.negated()
        s_hi, s_lo = self.scores[k], self.scores[1 - k]
        j = d.largest()
        better = ", lower is better" if self.method == "vikor" else ""
        return (
            f"{hi} ranks ahead of {lo} on the {self.method} score ({s_hi:.3f} vs {s_lo:.3f}"
            f"{better}); {d.contributions[j]:+.3f} of its {d.total:.3f} lead comes from "
            f"{d.criteria[j]}."
        )

    def _composite_sentence(self) -> str:
        d = self.composite
        lead_, trail = (self.a, self.b) if d.total >= 0 else (self.b, self.a)
        if d.total < 0:
            d = d.negated()
        if abs(d.total) < 5e-4 and np.abs(d.contributions).max(initial=0.0) < 5e-4:
            return f"{self.a} and {self.b} are level on the mean composite."
        j = d.largest()
        rest = d.total - d.contributions[j]
        name = d.criteria[j]
        why = ""
        for crit, owner, levers in self.exclusive:
            if crit == name and self._material(j):
                why = (
                    f", which only {owner} has a lever for ({', '.join(levers)})"
                    if owner == lead_
                    else f", although only {owner} has a lever for it ({', '.join(levers)})"
                )
        return (
            f"{lead_} leads {trail} by {d.total:.3f} on the mean composite; "
            f"{d.contributions[j]:.3f} of it from {name}{why}; the other criteria give "
            f"{rest:.3f}."
        )

    def _material(self, j: int) -> bool:
        c = np.abs(self.composite.contributions)
        return bool(c[j] >= MATERIAL_SHARE * c.sum() and c[j] > 0)

    def pbest_note(self) -> str | None:
        """Why the strategy ranked ahead is best in fewer futures, when it is (else None)."""
        hi, lo, k = self._ahead()
        if self.decided_by == "tie" or not self.p_best[1 - k] > self.p_best[k] + 1e-12:
            return None
        head = (
            f"{lo} is best in more futures than {hi} (P(best) {self.p_best[1 - k]:.2f} vs "
            f"{self.p_best[k]:.2f}) because"
        )
        if self.decided_by in ("feasibility", "violations"):
            return (
                f"{head} P(best) counts futures won on the composite whatever the constraints, "
                f"while the ranking puts {hi} first on the constraints."
            )
        comp = self.composite.total if k == 0 else -self.composite.total
        wins = self.wins if k == 0 else 1.0 - self.wins
        if comp < 0:
            return (
                f"{head} the rank follows the {self.method} score of the criteria summarised "
                f"over futures, while P(best) counts futures won on the composite, on which "
                f"{lo} has the higher mean."
            )
        why = (
            "its wins are larger than its losses"
            if wins < 0.5
            else "other strategies take more of its best futures"
        )
        return (
            f"{head} {hi} has the higher mean composite (by {comp:.3f}) but beats {lo} in "
            f"{wins:.0%} of futures: {why}."
        )

    def describe(self, width: int | None = 96) -> str:
        """One or two sentences (three when ``P(best)`` disagrees with the rank).

        Parameters
        ----------
        width : int or None
            Wrap lines at this width (None: one line).
        """
        parts = [self._rank_sentence(), self._composite_sentence()]
        if self.design is not None:
            summary = self.design.summary()
            parts.append("Design: " + summary[0].lower() + summary[1:] + ".")
        note = self.pbest_note()
        if note:
            parts.append(note)
        text = " ".join(parts)
        return text if width is None else textwrap.fill(text, width=width)


def _method_options(result: Any, method: str) -> dict[str, Any]:
    """The options a ranking's method ran with, read back from its result object."""
    if method in ("topsis", "weighted_sum"):
        return {"normalization": result.normalization, "bounds": result.bounds}
    if method == "vikor":
        return {"v": result.v}
    return {"preference": result.preference, "q": result.q, "p": result.p, "s": result.s}


@renamed_arguments(seed="rng")
def lead(
    ranking: Ranking,
    ensemble: OutcomeSource,
    a: str | None = None,
    b: str | None = None,
    *,
    strategies: Sequence[Strategy] | Mapping[str, Strategy] = (),
    max_exact: int = MAX_EXACT_CRITERIA,
    n_permutations: int = 500,
    rng: RNGLike = 0,
) -> Lead:
    """Why ``a`` ranks where it does relative to ``b``: constraints, criteria, design.

    Parameters
    ----------
    ranking : Ranking
        From :func:`~ssestrategy.decision.rank` on ``ensemble``.
    ensemble : Ensemble or OutcomeSource
        The outcomes ranked (the composite decomposition reads them).
    a, b : str, optional
        Strategy ids; default the first and second of the ranking.
    strategies : sequence or mapping of Strategy, optional
        The strategy objects, for the design comparison (skipped when ``a`` or ``b`` is
        missing).
    max_exact, n_permutations, rng
        Shapley computation of the score decomposition (:func:`shapley_values`).

    Returns
    -------
    Lead

    Examples
    --------
    >>> import ssestrategy as sse
    >>> cmp = sse.compare(sse.datasets.tiznit(), n_scenarios=64, rng=0)
    >>> ld = lead(cmp.ranking, cmp.ensemble, strategies=cmp.case.strategies)
    >>> ld.a == cmp.ranking.order[0], ld.b == cmp.ranking.order[1]
    (True, True)
    >>> bool(abs(ld.composite.contributions.sum() - ld.composite.total) < 1e-12)
    True
    """
    sids = ranking.strategies
    if tuple(ensemble.strategies) != sids:
        raise ModelError.at("ensemble", "its strategies differ from the ranking's")
    if len(sids) < 2:
        raise ModelError.at("ranking", "a lead needs at least two strategies")
    a = ranking.order[0] if a is None else a
    b = (ranking.order[1] if ranking.order[0] == a else ranking.order[0]) if b is None else b
    ia, ib = _index(sids, a, "a"), _index(sids, b, "b")
    if ia == ib:
        raise ModelError.at("b", "a strategy's lead over itself is not defined")

    ev = ranking.constraints
    n_violated = (ev.status == "violated").sum(axis=0)
    decided_by: DecidedBy
    if ranking.feasible[ia] != ranking.feasible[ib]:
        decided_by = "feasibility"
    elif n_violated[ia] != n_violated[ib]:
        decided_by = "violations"
    elif ranking.method_rank[ia] != ranking.method_rank[ib]:
        decided_by = "score"
    else:
        decided_by = "tie"
    differ = tuple(
        ConstraintDifference(
            id=c.id,
            description=c.describe(),
            chance=c.is_chance,
            status=(str(ev.status[i, ia]), str(ev.status[i, ib])),
            estimate=(float(ev.estimate[i, ia]), float(ev.estimate[i, ib])),
            low=(float(ev.low[i, ia]), float(ev.low[i, ib])),
            high=(float(ev.high[i, ia]), float(ev.high[i, ib])),
            required=float(c.probability if c.is_chance else c.target),  # type: ignore[arg-type]
            op=c.op,
        )
        for i, c in enumerate(ev.constraints)
        if ev.status[i, ia] != ev.status[i, ib]
    )

    labels = _labels(ranking.criteria)
    score = score_decomposition(
        ranking.matrix,
        ranking.weights,
        [c.is_benefit for c in ranking.criteria],
        ia,
        ib,
        method=ranking.method,
        method_options=_method_options(ranking.method_result, ranking.method),
        criteria=labels,
        max_exact=max_exact,
        n_permutations=n_permutations,
        rng=rng,
    )
    composite, wins = _composite(ensemble, ranking.criteria, ranking.weights, ia, ib)

    by_id = dict(strategies) if isinstance(strategies, Mapping) else {s.id: s for s in strategies}
    design = design_differences(by_id[a], by_id[b]) if a in by_id and b in by_id else None
    exclusive: list[tuple[str, str, tuple[str, ...]]] = []
    if design is not None:
        for c in ranking.criteria:
            drivers = [lever.value for lever in OUTCOME_LEVERS.get(c.outcome, ())]
            in_a = tuple(lv for lv in drivers if design.uses(a, lv))
            in_b = tuple(lv for lv in drivers if design.uses(b, lv))
            if in_a and not in_b:
                exclusive.append((c.label, a, in_a))
            elif in_b and not in_a:
                exclusive.append((c.label, b, in_b))
    return Lead(
        a=a,
        b=b,
        rank=(int(ranking.rank[ia]), int(ranking.rank[ib])),
        decided_by=decided_by,
        method=ranking.method,
        scores=(float(ranking.score[ia]), float(ranking.score[ib])),
        score=score,
        composite=composite,
        violations=(int(n_violated[ia]), int(n_violated[ib])),
        p_best=(float(ranking.p_best[ia]), float(ranking.p_best[ib])),
        wins=wins,
        constraints=differ,
        design=design,
        exclusive=tuple(exclusive),
    )
