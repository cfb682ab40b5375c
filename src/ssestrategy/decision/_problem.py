"""The checks every multi-criteria method makes of its ``(matrix, weights, benefit)``."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validate import as_bool_array, as_finite_array, as_weights
from ..errors import ModelError

__all__ = ["check_problem"]

FloatArray = NDArray[np.float64]


def check_problem(
    matrix: ArrayLike, weights: ArrayLike, benefit: ArrayLike
) -> tuple[FloatArray, FloatArray, NDArray[np.bool_]]:
    """The matrix (alternatives, criteria), the weights normalised to sum 1 and the benefit
    flags, each checked.

    Examples
    --------
    >>> check_problem([[1, 2]], [1, 3], [True, False])[1]
    array([0.25, 0.75])
    """
    X = as_finite_array(matrix, "matrix", ndim=2)
    if X.shape[0] == 0 or X.shape[1] == 0:
        raise ModelError.at(
            "matrix", f"expected at least one alternative and criterion, got {X.shape}"
        )
    w = as_weights(weights, "weights", X.shape[1])
    b = as_bool_array(benefit, "benefit", X.shape[1])
    return X, w, b
