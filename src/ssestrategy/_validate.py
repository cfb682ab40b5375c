"""Array and argument checks shared by the numerical modules (foresight, decision, explain).

Each check raises :class:`~ssestrategy.errors.ModelError` naming the argument, never a bare
``ValueError``/``IndexError`` and never lets a NaN through.

Examples
--------
>>> import numpy as np
>>> as_finite_array([[1, 2], [3, 4]], "matrix", ndim=2).shape
(2, 2)
>>> as_finite_array([1.0, float("nan")], "weights")
Traceback (most recent call last):
...
ssestrategy.errors.ModelError: weights[1]: nan is not a finite number
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from .errors import ModelError

__all__ = ["as_bool_array", "as_finite_array", "as_weights", "check_square"]


def as_finite_array(
    value: Any, name: str, *, ndim: int | tuple[int, ...] | None = None
) -> NDArray[np.float64]:
    """Convert ``value`` to a float64 array, refusing non-numbers, NaN and infinities."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ModelError.at(name, f"expected an array of numbers ({exc})") from None
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else ndim
        if arr.ndim not in allowed:
            raise ModelError.at(
                name, f"expected {' or '.join(f'{d}-D' for d in allowed)} array, got {arr.ndim}-D"
            )
    bad = ~np.isfinite(arr)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        where = "[" + ", ".join(str(i) for i in idx) + "]" if idx else ""
        raise ModelError.at(f"{name}{where}", f"{arr[bad].flat[0]} is not a finite number")
    return arr


def as_bool_array(value: Any, name: str, size: int) -> NDArray[np.bool_]:
    """Convert ``value`` to a 1-D boolean array of length ``size``."""
    arr = np.asarray(value)
    if arr.ndim == 0:
        arr = np.full(size, bool(arr))
    if arr.ndim != 1 or arr.shape[0] != size:
        raise ModelError.at(name, f"expected {size} booleans, got shape {arr.shape}")
    if arr.dtype != np.bool_:
        if not np.all((arr == 0) | (arr == 1)):
            raise ModelError.at(name, "expected booleans (True = benefit, False = cost)")
        arr = arr.astype(bool)
    return arr


def as_weights(value: Any, name: str, size: int, *, normalize: bool = True) -> NDArray[np.float64]:
    """Validate criterion weights: finite, non-negative, not all zero; normalised to sum 1."""
    w = as_finite_array(value, name, ndim=1)
    if w.shape[0] != size:
        raise ModelError.at(name, f"expected {size} weights, got {w.shape[0]}")
    if (w < 0).any():
        raise ModelError.at(f"{name}[{int(np.argmax(w < 0))}]", "weights must be non-negative")
    total = w.sum()
    if total <= 0:
        raise ModelError.at(name, "weights must not all be zero")
    return w / total if normalize else w


def check_square(arr: NDArray[Any], name: str) -> None:
    """Raise unless ``arr`` is a non-empty square matrix."""
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.shape[0] == 0:
        raise ModelError.at(name, f"expected a non-empty square matrix, got shape {arr.shape}")
