"""Stochastic multicriteria acceptability analysis (SMAA-2, Lahdelma & Salminen 2001).

Instead of asking for criterion weights, SMAA samples them uniformly from the weight simplex
(optionally within bounds) and, optionally, samples criterion values from a scenario ensemble;
it then reports how often each alternative takes each rank.

Examples
--------
>>> import numpy as np
>>> res = smaa([[1.0, 0.0], [0.0, 1.0]], [True, True], n_samples=20000, rng=1)
>>> np.round(res.rank_acceptability, 2)
array([[0.5, 0.5],
       [0.5, 0.5]])
>>> np.round(res.central_weights, 2)
array([[0.75, 0.25],
       [0.25, 0.75]])
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._deprecation import renamed_arguments
from .._random import RNGLike, check_rng, generators, streams_provenance
from .._validate import as_bool_array, as_finite_array, check_choice, choices, count, number
from ..errors import ModelError
from .normalization import Normalization, as_bounds, normalize, reference_points
from .ties import Ranks, TiePolicy, rank_scores

__all__ = ["META_WEIGHTS", "SMAAResult", "smaa"]

FloatArray = NDArray[np.float64]

MetaWeights = Literal["linear", "inverse", "centroid"]
"""Holistic-acceptability meta-weight schemes (alpha_1 = 1 >= alpha_2 >= ... >= 0)."""
#: The meta-weight schemes accepted by :func:`smaa`.
META_WEIGHTS: tuple[str, ...] = choices(MetaWeights)
SMAAMethod = Literal["weighted_sum", "topsis"]
"""The value models of :func:`smaa`."""

_RAW_BLOCK = 4096  # weights are drawn in fixed blocks so results do not depend on chunk_size
_PILOT = 100_000  # draws after which a tiny acceptance rate is reported as an error


@attrs.frozen(eq=False)
class SMAAResult:
    """Result of :func:`smaa`.

    Attributes
    ----------
    rank_acceptability : numpy.ndarray, shape (alternatives, alternatives)
        ``b[i, r]``: share of samples in which alternative ``i`` has rank ``r + 1``; rows sum
        to 1. Within a sample, ties share the better rank (competition ranking).
    central_weights : numpy.ndarray, shape (alternatives, criteria)
        Mean weight vector over the samples in which the alternative ranks first; rows of zeros
        for alternatives that never rank first (the central weight vector is undefined there:
        see ``has_central_weights``).
    confidence : numpy.ndarray, shape (alternatives,)
        Confidence factor: share of criterion realisations (every scenario of the ensemble,
        each counted once; for a 2-D matrix, 0 or 1) in which the alternative ranks first when
        its central weights are used; 0 where the central weights are undefined.
    has_central_weights : numpy.ndarray of bool, shape (alternatives,)
        Whether the alternative ranks first in some sample (so its central weights and
        confidence factor are defined). No NaN is ever returned.
    holistic : numpy.ndarray, shape (alternatives,)
        Holistic acceptability ``sum_r alpha_r b[i, r]`` with the SMAA-2 meta-weights named in
        ``meta_weights``.
    pairwise_winning : numpy.ndarray, shape (alternatives, alternatives)
        ``c[i, k]``: share of samples in which ``i`` scores strictly higher than ``k``.
    scores : numpy.ndarray
        Same as ``holistic``.
    ranks : numpy.ndarray
        Ranks by holistic acceptability, 1 = best.
    meta_weights : str
        Meta-weight scheme; ``meta_weight_values`` holds ``alpha_1 ... alpha_m``.
    meta_weight_values : numpy.ndarray
    n_samples : int
    n_scenarios : int
        1 for a 2-D matrix.
    method : str
        Value model: ``"weighted_sum"`` or ``"topsis"``.
    normalization : str
    bounds : numpy.ndarray or None
        ``(lower, upper)`` per criterion used for normalisation (declared or pooled).
    bounds_source : str
        ``"declared"``, ``"pooled"`` (min/max over the whole ensemble, the default for a 3-D
        matrix with min-max/max normalisation, so that scenarios share one scale),
        ``"per-scenario"`` (each scenario normalised on its own) or ``"observed"`` (2-D).
    weight_bounds : numpy.ndarray or None
        Declared ``(lower, upper)`` weight bounds.
    acceptance_rate : float
        Share of uniform weight draws inside ``weight_bounds`` (1.0 without bounds).
    weight_sampling : str
        ``"uniform simplex (sorted uniforms)"``, with ``"+ rejection"`` under bounds.
    tie_policy : str
        Tie policy of ``ranks``.
    rng : dict
        Entropy and spawn keys of the two streams of the run (weights, scenarios).

    Examples
    --------
    The balanced alternative ``(2, 2)`` is second whatever the weights:

    >>> res = smaa([[3, 1], [1, 3], [2, 2]], [True, True], n_samples=2000, rng=0)
    >>> res.rank_acceptability.sum(axis=1)
    array([1., 1., 1.])
    >>> res.rank_acceptability[2]
    array([0., 1., 0.])
    >>> res.n_samples, res.n_scenarios, res.method, res.meta_weights
    (2000, 1, 'weighted_sum', 'linear')
    """

    rank_acceptability: FloatArray
    central_weights: FloatArray
    confidence: FloatArray
    has_central_weights: NDArray[np.bool_]
    holistic: FloatArray
    pairwise_winning: FloatArray
    scores: FloatArray
    ranks: Ranks
    meta_weights: str
    meta_weight_values: FloatArray
    n_samples: int
    n_scenarios: int
    method: str
    normalization: str
    bounds: FloatArray | None
    bounds_source: str
    weight_bounds: FloatArray | None
    acceptance_rate: float
    weight_sampling: str
    tie_policy: str
    rng: dict[str, Any] = attrs.field(factory=dict)


def _meta_weights(name: str, m: int) -> FloatArray:
    r = np.arange(1, m + 1, dtype=np.float64)
    if name == "linear":
        return np.ones(1) if m == 1 else (m - r) / (m - 1)
    if name == "inverse":
        return 1.0 / r
    inv = 1.0 / r
    tail = np.cumsum(inv[::-1])[::-1]
    centroid: FloatArray = tail / tail[0]
    return centroid


def _uniform_simplex(rng: np.random.Generator, size: int, n: int) -> FloatArray:
    """Uniform draws on the simplex: spacings of sorted uniforms (= Dirichlet(1, ..., 1))."""
    u = np.sort(rng.random((size, n - 1)), axis=1)
    edges = np.concatenate([np.zeros((size, 1)), u, np.ones((size, 1))], axis=1)
    return np.diff(edges, axis=1)


class _WeightBlocks:
    """Accepted weight blocks of at most ``chunk`` rows, ``n_samples`` rows in total; the raw
    draws are made in fixed blocks, so the samples do not depend on ``chunk``.
    ``counters`` holds (draws, accepted draws)."""

    def __init__(
        self,
        rng: np.random.Generator,
        n_samples: int,
        n: int,
        chunk: int,
        lo: FloatArray | None,
        hi: FloatArray | None,
        min_acceptance: float,
    ) -> None:
        self.rng, self.n_samples, self.n, self.chunk = rng, n_samples, n, chunk
        self.lo, self.hi, self.min_acceptance = lo, hi, min_acceptance
        self.counters = [0, 0]

    def _raw(self) -> FloatArray:
        raw = _uniform_simplex(self.rng, _RAW_BLOCK, self.n)
        counters = self.counters
        counters[0] += _RAW_BLOCK
        if self.lo is not None and self.hi is not None:
            raw = raw[((raw >= self.lo) & (raw <= self.hi)).all(axis=1)]
            counters[1] += raw.shape[0]
            if counters[0] >= _PILOT and counters[1] < self.min_acceptance * counters[0]:
                rate = counters[1] / counters[0]
                raise ModelError.at(
                    "weight_bounds",
                    f"the bounds leave a tiny feasible set (acceptance {rate:.2g} after "
                    f"{counters[0]} draws, below min_acceptance={self.min_acceptance}); "
                    "widen them",
                )
        else:
            counters[1] += raw.shape[0]
        return raw

    def __iter__(self) -> Iterator[FloatArray]:
        pending: list[FloatArray] = []
        n_pending = 0
        produced = 0
        n_samples, chunk = self.n_samples, self.chunk
        while produced < n_samples:
            raw = self._raw()
            pending.append(raw)
            n_pending += raw.shape[0]
            while n_pending >= chunk or (n_pending > 0 and produced + n_pending >= n_samples):
                block = np.concatenate(pending) if len(pending) > 1 else pending[0]
                take = min(chunk, n_samples - produced, block.shape[0])
                yield block[:take]
                produced += take
                rest = block[take:]
                pending = [rest] if rest.shape[0] else []
                n_pending = rest.shape[0]
                if produced >= n_samples:
                    return


def _values(
    N: FloatArray,
    W: FloatArray,
    method: str,
    best: FloatArray | None,
    worst: FloatArray | None,
) -> FloatArray:
    """Scores of every alternative: N (c, m, n) normalised values, W (c, n) weights -> (c, m)."""
    if method == "weighted_sum":
        sums: FloatArray = np.einsum("cmn,cn->cm", N, W)
        return sums
    V = N * W[:, None, :]
    if best is None or worst is None:
        ideal, anti = V.max(axis=1, keepdims=True), V.min(axis=1, keepdims=True)
    else:
        ideal, anti = (best * W)[:, None, :], (worst * W)[:, None, :]
    d_best = np.sqrt(((V - ideal) ** 2).sum(axis=2))
    d_worst = np.sqrt(((V - anti) ** 2).sum(axis=2))
    denom = d_best + d_worst
    return np.where(denom > 0, d_worst / np.where(denom > 0, denom, 1.0), 0.5)


@renamed_arguments(seed="rng")
def smaa(
    matrix: ArrayLike,
    benefit: ArrayLike,
    *,
    n_samples: int = 10_000,
    rng: RNGLike = 0,
    weight_bounds: ArrayLike | None = None,
    normalization: Normalization = "minmax",
    bounds: ArrayLike | None = None,
    method: SMAAMethod = "weighted_sum",
    meta_weights: MetaWeights = "linear",
    ties: TiePolicy = "min",
    chunk_size: int = 8192,
    min_acceptance: float = 1e-4,
) -> SMAAResult:
    """SMAA-2: rank acceptability, central weights, confidence and holistic acceptability.

    Weights are sampled uniformly on the simplex (spacings of sorted uniforms, i.e.
    Dirichlet(1, ..., 1)); with ``weight_bounds`` the uniform draws outside the box are
    rejected, which samples uniformly on the feasible polytope. With a 3-D ``matrix``
    (scenarios, alternatives, criteria) each weight sample is paired with one scenario drawn
    uniformly (criterion values sampled from the ensemble rows). Computation is vectorised in
    chunks of ``chunk_size`` samples, so memory stays bounded; results depend only on
    ``(inputs, rng, n_samples)``, not on ``chunk_size``.

    Parameters
    ----------
    matrix : array_like, shape (alternatives, criteria) or (scenarios, alternatives, criteria)
        Criterion values.
    benefit : array_like of bool, shape (criteria,)
        ``True`` = benefit, ``False`` = cost.
    n_samples : int
        Number of weight samples.
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        Root of the randomness (:mod:`ssestrategy._random`): its stream 0 draws the weights,
        stream 1 the scenarios; recorded in ``result.rng``.
    weight_bounds : array_like, shape (criteria, 2), optional
        ``(lower, upper)`` bounds on each (normalised) weight.
    normalization : {"minmax", "vector", "sum", "max"}
        See :func:`~ssestrategy.decision.normalize`.
    bounds : array_like, shape (criteria, 2), optional
        Declared criterion bounds. Without them a 3-D ensemble with ``"minmax"``/``"max"`` is
        normalised with the pooled min/max over all scenarios and alternatives (one scale for
        the whole ensemble); other normalisations are applied scenario by scenario.
    method : {"weighted_sum", "topsis"}
        Value model evaluated for each sample.
    meta_weights : {"linear", "inverse", "centroid"}
        SMAA-2 meta-weights for the holistic acceptability: ``(m - r)/(m - 1)``, ``1/r``, or
        centroid ``sum_{k>=r} 1/k / sum_k 1/k``. Default linear.
    ties : {"min", "average", "dense", "ordinal"}
        Tie policy of the final ranking by holistic acceptability.
    chunk_size : int
        Samples evaluated per vectorised block.
    min_acceptance : float
        Smallest acceptable rejection-sampling acceptance rate (checked after 100,000 draws).

    Returns
    -------
    SMAAResult

    References
    ----------
    Lahdelma, R., Hokkanen, J., Salminen, P. (1998). SMAA - stochastic multiobjective
    acceptability analysis. EJOR 106(1), 137-143.
    Lahdelma, R., Salminen, P. (2001). SMAA-2: stochastic multicriteria acceptability analysis
    for group decision making. Operations Research 49(3), 444-454.

    Examples
    --------
    >>> import numpy as np
    >>> res = smaa([[3, 1], [1, 3], [2, 2]], [True, True], n_samples=4000, rng=7)
    >>> res.rank_acceptability.sum(axis=1)
    array([1., 1., 1.])
    >>> np.round(res.rank_acceptability, 1)
    array([[0.5, 0. , 0.5],
           [0.5, 0. , 0.5],
           [0. , 1. , 0. ]])

    The compromise ``[2, 2]`` is always second, never best, so its central weights and confidence
    factor are undefined (reported as 0, and flagged):

    >>> res.has_central_weights.tolist(), res.confidence.tolist()
    ([True, True, False], [1.0, 1.0, 0.0])
    """
    X = as_finite_array(matrix, "matrix", ndim=(2, 3))
    X3 = X[None] if X.ndim == 2 else X
    K, m, n = X3.shape
    if K == 0 or m == 0 or n == 0:
        raise ModelError.at("matrix", f"expected a non-empty matrix, got shape {X.shape}")
    b = as_bool_array(benefit, "benefit", n)
    n_samples = count(n_samples, "n_samples")
    chunk_size = count(chunk_size, "chunk_size")
    check_choice(method, "method", SMAAMethod)
    check_choice(meta_weights, "meta_weights", MetaWeights)
    check_choice(ties, "ties", TiePolicy)
    number(min_acceptance, "min_acceptance", 0.0, 1.0, low_open=True)
    check_rng(rng)
    scale = _normalised(X, b, normalization, bounds)
    w_lo, w_hi, declared_wb = _weight_bounds(weight_bounds, n)
    streams = generators(rng, 2)
    chunk = int(max(1, min(chunk_size, (1 << 22) // max(1, m * m))))
    blocks = _WeightBlocks(streams[0], n_samples, n, chunk, w_lo, w_hi, min_acceptance)
    tally = _sample(scale, method, blocks, streams[1])
    acc = tally.counts.reshape(m, m) / n_samples
    has_central = tally.first_count > 0
    central = np.zeros((m, n))
    central[has_central] = tally.central_sum[has_central] / tally.first_count[has_central, None]
    confidence = _confidence(scale, method, central, has_central, chunk)
    alpha = _meta_weights(meta_weights, m)
    holistic = acc @ alpha
    drawn, kept = blocks.counters
    return SMAAResult(
        rank_acceptability=acc,
        central_weights=central,
        confidence=confidence,
        has_central_weights=has_central,
        holistic=holistic,
        pairwise_winning=tally.wins / n_samples,
        scores=holistic,
        ranks=rank_scores(holistic, higher_is_better=True, ties=ties),
        meta_weights=meta_weights,
        meta_weight_values=alpha,
        n_samples=int(n_samples),
        n_scenarios=K,
        method=method,
        normalization=normalization,
        bounds=scale.bounds,
        bounds_source=scale.source,
        weight_bounds=declared_wb,
        acceptance_rate=float(kept / drawn if drawn else 1.0) if weight_bounds is not None else 1.0,
        weight_sampling="uniform simplex (sorted uniforms)"
        + (" + rejection" if weight_bounds is not None else ""),
        tie_policy=ties,
        rng=streams_provenance(streams),
    )


# --- the steps of smaa ------------------------------------------------------------------------


@attrs.frozen(eq=False)
class _Scale:
    """The normalised ensemble ``N`` (scenarios, alternatives, criteria) and its bounds."""

    N: FloatArray
    bounds: FloatArray | None
    source: str
    best: FloatArray | None
    worst: FloatArray | None


def _normalised(
    X: FloatArray, b: NDArray[np.bool_], normalization: Normalization, bounds: ArrayLike | None
) -> _Scale:
    """Normalise with declared bounds, the pooled min/max of an ensemble, or as observed."""
    K, n = (1 if X.ndim == 2 else X.shape[0]), X.shape[-1]
    X3 = X[None] if X.ndim == 2 else X
    if bounds is not None:
        N = normalize(X, b, normalization, bounds)  # 2-D or 3-D: error paths match the input
        used = np.column_stack(as_bounds(bounds, n))
        best, worst = reference_points(b, normalization, used)
        return _Scale(N[None] if X.ndim == 2 else N, used, "declared", best, worst)
    if K > 1 and normalization in ("minmax", "max"):
        lo = X3.min(axis=(0, 1))
        hi = X3.max(axis=(0, 1))
        hi = np.where(hi > lo, hi, lo + 1.0)  # constant criterion: any span gives a constant
        used = np.column_stack([lo, hi])
        return _Scale(normalize(X3, b, normalization, used), used, "pooled", None, None)
    source = "observed" if K == 1 else "per-scenario"
    return _Scale(normalize(X3, b, normalization), None, source, None, None)


def _weight_bounds(
    weight_bounds: ArrayLike | None, n: int
) -> tuple[FloatArray | None, FloatArray | None, FloatArray | None]:
    """Lower and upper weight bounds, checked to leave a weight vector summing to 1."""
    if weight_bounds is None:
        return None, None, None
    wb = as_finite_array(weight_bounds, "weight_bounds", ndim=2)
    if wb.shape != (n, 2):
        raise ModelError.at("weight_bounds", f"expected shape ({n}, 2), got {wb.shape}")
    w_lo, w_hi = wb[:, 0], wb[:, 1]
    bad = (w_lo < 0) | (w_hi > 1) | (w_lo > w_hi)
    if bad.any():
        j = int(np.argmax(bad))
        raise ModelError.at(
            f"weight_bounds[{j}]", f"need 0 <= lower <= upper <= 1, got ({w_lo[j]}, {w_hi[j]})"
        )
    if w_lo.sum() > 1 or w_hi.sum() < 1:
        raise ModelError.at(
            "weight_bounds",
            f"no weight vector summing to 1 fits the bounds (sum of lower = {w_lo.sum():.4g}, "
            f"sum of upper = {w_hi.sum():.4g})",
        )
    return w_lo, w_hi, wb.copy()


@attrs.define
class _Tally:
    """Running sums over the weight samples."""

    counts: FloatArray  # (m * m,) rank counts, alternative-major
    wins: FloatArray  # (m, m)
    central_sum: FloatArray  # (m, n)
    first_count: FloatArray  # (m,)


def _sample(
    scale: _Scale, method: str, blocks: _WeightBlocks, rng_s: np.random.Generator
) -> _Tally:
    """Rank the alternatives for every weight sample, each paired with a drawn scenario."""
    N = scale.N
    K, m, n = N.shape
    tally = _Tally(np.zeros(m * m), np.zeros((m, m)), np.zeros((m, n)), np.zeros(m))
    alt_index = np.arange(m)
    for W in blocks:
        c = W.shape[0]
        if K == 1:
            Nc = np.broadcast_to(N[0], (c, m, n))
        else:
            k_idx = np.minimum((rng_s.random(c) * K).astype(np.int64), K - 1)
            Nc = N[k_idx]
        V = _values(Nc, W, method, scale.best, scale.worst)
        greater = V[:, None, :] > V[:, :, None]  # greater[c, i, k]: v_k > v_i
        rank = 1 + greater.sum(axis=2)  # (c, m), competition ranking
        tally.counts += np.bincount((alt_index * m + rank - 1).ravel(), minlength=m * m)
        tally.wins += greater.sum(axis=0).T
        first = rank == 1
        tally.central_sum += first.T.astype(np.float64) @ W
        tally.first_count += first.sum(axis=0)
    return tally


def _confidence(
    scale: _Scale,
    method: str,
    central: FloatArray,
    has_central: NDArray[np.bool_],
    chunk: int,
) -> FloatArray:
    """Confidence factors, exact over the ensemble rows."""
    N = scale.N
    K, m, n = N.shape
    confidence = np.zeros(m)
    for i in np.flatnonzero(has_central):
        wc = central[i]
        hits = 0
        for start in range(0, K, chunk):
            Nk = N[start : start + chunk]
            Vk = _values(Nk, np.broadcast_to(wc, (Nk.shape[0], n)), method, scale.best, scale.worst)
            hits += int((Vk[:, i] >= Vk.max(axis=1)).sum())
        confidence[i] = hits / K
    return confidence
