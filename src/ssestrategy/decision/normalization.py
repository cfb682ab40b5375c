"""Normalisation of a decision matrix, and the one min-max scaling of the library.

The conventions that peer libraries choose silently are arguments here: ``"vector"`` (Hwang &
Yoon's TOPSIS default), ``"minmax"``, ``"sum"``, ``"max"``; optional fixed, declared ``bounds``
per criterion so that the score of an alternative does not depend on which other alternatives
are present (use this across scenario ensembles; see the rank-reversal note in
``docs/decision-methods.md``). :func:`minmax` is the min-max scaling every module uses (the
ranking's composite score, its explanations, :func:`normalize`).

Examples
--------
>>> normalize([[1.0, 10.0], [3.0, 30.0]], [True, False], "minmax").tolist()
[[0.0, 1.0], [1.0, 0.0]]
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._deprecation import renamed_arguments
from .._validate import as_bool_array, as_finite_array, check_choice, choices
from ..errors import ModelError

__all__ = [
    "NORMALIZATIONS",
    "Normalization",
    "as_bounds",
    "minmax",
    "normalize",
    "reference_points",
]

FloatArray = NDArray[np.float64]

Normalization = Literal["vector", "minmax", "sum", "max"]
"""The normalisations of :func:`normalize`."""
#: Normalisation methods accepted by :func:`normalize`.
NORMALIZATIONS: tuple[str, ...] = choices(Normalization)


def _index_path(name: str, idx: tuple[int, ...]) -> str:
    return f"{name}[{', '.join(str(int(i)) for i in idx)}]"


def minmax(
    x: ArrayLike,
    lo: ArrayLike,
    hi: ArrayLike,
    benefit: ArrayLike = True,
    *,
    constant: float = 1.0,
) -> FloatArray:
    """Min-max scaling to [0, 1]: ``(x - lo) / (hi - lo)`` for a benefit, ``(hi - x) / (hi -
    lo)`` for a cost, and ``constant`` where ``hi == lo``.

    Parameters
    ----------
    x : array_like
    lo, hi : array_like
        Bounds, broadcast against ``x`` (observed or declared).
    benefit : bool or array_like of bool
        Direction, broadcast against ``x`` (e.g. one per criterion, the last axis).
    constant : float
        Value where the bounds coincide (a criterion that does not vary).

    Returns
    -------
    ndarray

    Examples
    --------
    >>> minmax([0.0, 5.0, 10.0], 0.0, 10.0).tolist()
    [0.0, 0.5, 1.0]
    >>> minmax([[1.0, 4.0]], [1.0, 4.0], [1.0, 4.0], [True, False], constant=0.0).tolist()
    [[0.0, 0.0]]
    """
    X = np.asarray(x, dtype=np.float64)
    low = np.asarray(lo, dtype=np.float64)
    high = np.asarray(hi, dtype=np.float64)
    span = high - low
    const = span == 0
    safe = np.where(const, 1.0, span)
    out = np.where(benefit, (X - low) / safe, (high - X) / safe)
    return np.where(const, constant, out)


def as_bounds(bounds: ArrayLike, n_criteria: int) -> tuple[FloatArray, FloatArray]:
    """Validate declared criterion bounds, shape (criteria, 2) with lower < upper; return the
    lower and upper bounds.

    Examples
    --------
    >>> as_bounds([[0, 1], [2, 4]], 2)
    (array([0., 2.]), array([1., 4.]))
    """
    arr = as_finite_array(bounds, "bounds", ndim=2)
    if arr.shape != (n_criteria, 2):
        raise ModelError.at(
            "bounds",
            f"expected shape ({n_criteria}, 2) as (lower, upper) per criterion, got {arr.shape}",
        )
    lo, hi = arr[:, 0], arr[:, 1]
    bad = lo >= hi
    if bad.any():
        j = int(np.argmax(bad))
        raise ModelError.at(f"bounds[{j}]", f"lower bound {lo[j]} must be below upper {hi[j]}")
    return lo, hi


@renamed_arguments(method="normalization")
def normalize(
    matrix: ArrayLike,
    benefit: ArrayLike,
    normalization: Normalization = "vector",
    bounds: ArrayLike | None = None,
) -> FloatArray:
    """Normalise a decision matrix column by column so that higher is better on every criterion.

    Parameters
    ----------
    matrix : array_like, shape (alternatives, criteria) or (scenarios, alternatives, criteria)
        Raw criterion values. A 3-D input is normalised scenario by scenario (statistics over
        the alternatives axis, ``-2``), unless ``bounds`` are given.
    benefit : array_like of bool, shape (criteria,)
        ``True`` for a benefit criterion, ``False`` for a cost.
    normalization : {"vector", "minmax", "sum", "max"}
        - ``"vector"``: ``x / ||x||`` (benefit), ``1 - x / ||x||`` (cost); a column of zeros
          gives 0 (benefit) / 1 (cost).
        - ``"minmax"``: ``(x - lo) / (hi - lo)`` (benefit), ``(hi - x) / (hi - lo)`` (cost); a
          constant column gives 1.
        - ``"sum"``: ``x / sum(x)`` (benefit), ``(1/x) / sum(1/x)`` (cost); needs x > 0.
        - ``"max"``: ``x / hi`` (benefit), ``1 - x / hi`` (cost); needs x >= 0 and hi > 0.

        The cost forms are those of ``pymcdm``. Vector and min-max are invariant to a positive
        rescaling of a criterion; only min-max is also invariant to a shift.
    bounds : array_like, shape (criteria, 2), optional
        Fixed, declared ``(lower, upper)`` per criterion (``"minmax"`` and ``"max"`` only). With
        bounds, ``lo``/``hi`` are the declared values instead of the observed ones, so an
        alternative's normalised value does not depend on the other alternatives (no rank
        reversal when alternatives or scenarios are added). Values outside the bounds are an
        error.

    Returns
    -------
    numpy.ndarray
        Normalised values, same shape as ``matrix``.

    Raises
    ------
    ModelError
        Bad shapes, NaN, values outside declared bounds, or data the method cannot take.

    Examples
    --------
    >>> import numpy as np
    >>> x = [[1.0, 10.0], [3.0, 30.0], [2.0, 20.0]]
    >>> normalize(x, [True, False], "minmax")
    array([[0. , 1. ],
           [1. , 0. ],
           [0.5, 0.5]])
    >>> normalize(x, [True, True], "minmax", bounds=[[0, 4], [0, 40]])
    array([[0.25, 0.25],
           [0.75, 0.75],
           [0.5 , 0.5 ]])
    """
    X = as_finite_array(matrix, "matrix", ndim=(2, 3))
    n = X.shape[-1]
    if X.shape[-2] == 0 or n == 0:
        raise ModelError.at(
            "matrix", f"expected at least one alternative and criterion, got {X.shape}"
        )
    b = as_bool_array(benefit, "benefit", n)
    check_choice(normalization, "normalization", Normalization, what="normalisation")
    method = normalization
    if bounds is not None:
        if method not in ("minmax", "max"):
            raise ModelError.at(
                "bounds", f"declared bounds apply to 'minmax' and 'max', not {method!r}"
            )
        lo_v, hi_v = as_bounds(bounds, n)
        outside = (lo_v > X) | (hi_v < X)
        if outside.any():
            idx = tuple(int(i) for i in np.argwhere(outside)[0])
            j = idx[-1]
            raise ModelError.at(
                _index_path("matrix", idx),
                f"{X[idx]} lies outside the declared bounds [{lo_v[j]}, {hi_v[j]}]",
            )
        lo: FloatArray = np.broadcast_to(lo_v, X.shape)
        hi: FloatArray = np.broadcast_to(hi_v, X.shape)
    else:
        lo = np.broadcast_to(X.min(axis=-2, keepdims=True), X.shape)
        hi = np.broadcast_to(X.max(axis=-2, keepdims=True), X.shape)

    if method == "minmax":
        return minmax(X, lo, hi, b, constant=1.0)
    if method == "max":
        if (X < 0).any():
            idx = tuple(int(i) for i in np.argwhere(X < 0)[0])
            raise ModelError.at(_index_path("matrix", idx), "'max' normalisation needs values >= 0")
        if (hi <= 0).any():
            j = int(np.argwhere(hi <= 0)[0][-1])
            raise ModelError.at(f"matrix[..., {j}]", "'max' normalisation needs a positive maximum")
        return np.where(b, X / hi, 1.0 - X / hi)
    if method == "sum":
        if (X <= 0).any():
            idx = tuple(int(i) for i in np.argwhere(X <= 0)[0])
            raise ModelError.at(_index_path("matrix", idx), "'sum' normalisation needs values > 0")
        inv = 1.0 / X
        summed: FloatArray = np.where(
            b, X / X.sum(axis=-2, keepdims=True), inv / inv.sum(axis=-2, keepdims=True)
        )
        return summed
    # vector
    norm = np.sqrt((X**2).sum(axis=-2, keepdims=True))
    unit = X / np.where(norm == 0, 1.0, norm)
    return np.where(b, unit, 1.0 - unit)


def reference_points(
    benefit: NDArray[np.bool_], method: Normalization, bounds: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Normalised values of the declared bounds: (best, worst) per criterion.

    Examples
    --------
    >>> reference_points(np.array([True, False]), "minmax", [[0, 10], [0, 5]])
    (array([1., 1.]), array([0., 0.]))
    """
    lo, hi = as_bounds(bounds, benefit.shape[0])
    ends = normalize(np.vstack([lo, hi]), benefit, method, bounds=bounds)
    return ends.max(axis=0), ends.min(axis=0)
