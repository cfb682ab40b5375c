"""What MICMAC and MACTOR share: names, the checks of an influence matrix, tolerant ranks and
the quadrants of the influence x dependence plane."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from .._validate import as_finite_array, check_square
from ..errors import ModelError

__all__ = ["RELATIVE_TOLERANCE"]

RELATIVE_TOLERANCE: Final = 1e-9
"""Relative tolerance under which two influence or dependence values count as equal."""


def _labels(value: Sequence[str] | None, n: int, name: str, prefix: str) -> tuple[str, ...]:
    """Validate names (``n`` distinct strings) or make ``prefix1 .. prefixn``."""
    if value is None:
        return tuple(f"{prefix}{i + 1}" for i in range(n))
    if isinstance(value, str):
        raise ModelError.at(name, "expected a sequence of names, got a single string")
    labels = tuple(value)
    if len(labels) != n:
        raise ModelError.at(name, f"expected {n} names, got {len(labels)}")
    for i, lab in enumerate(labels):
        if not isinstance(lab, str):
            raise ModelError.at(f"{name}[{i}]", f"expected a string, got {type(lab).__name__}")
    seen: dict[str, int] = {}
    for i, lab in enumerate(labels):
        if lab in seen:
            raise ModelError.at(f"{name}[{i}]", f"duplicate name {lab!r} (also at {seen[lab]})")
        seen[lab] = i
    return labels


def _first_bad(mask: NDArray[np.bool_]) -> str:
    idx = np.argwhere(mask)[0]
    return "[" + ", ".join(str(int(i)) for i in idx) + "]"


def _square_nonnegative(value: Any, name: str) -> NDArray[np.float64]:
    """A finite, non-negative square matrix with a zero diagonal."""
    arr = as_finite_array(value, name, ndim=2)
    check_square(arr, name)
    if (arr < 0).any():
        where = _first_bad(arr < 0)
        raise ModelError.at(f"{name}{where}", "influences must be non-negative")
    diag = np.diagonal(arr)
    if (diag != 0).any():
        i = int(np.argmax(diag != 0))
        raise ModelError.at(
            f"{name}[{i}, {i}]", f"the diagonal must be 0 (no self-influence), got {diag[i]:g}"
        )
    return arr


def _ranks(values: NDArray[np.float64]) -> NDArray[np.int64]:
    """Competition ranks, 1 = largest; values within the tolerance count as tied."""
    scale = float(np.max(np.abs(values))) if values.size else 0.0
    tol = RELATIVE_TOLERANCE * scale
    greater = np.asarray(values[None, :] > values[:, None] + tol)
    ranks: NDArray[np.int64] = 1 + greater.sum(axis=1, dtype=np.int64)
    return ranks


def _split(values: NDArray[np.float64], threshold: str) -> float:
    return float(np.mean(values) if threshold == "mean" else np.median(values))


def _high(values: NDArray[np.float64], cut: float) -> NDArray[np.bool_]:
    scale = float(np.max(np.abs(values))) if values.size else 0.0
    return np.asarray(values - cut > RELATIVE_TOLERANCE * scale, dtype=np.bool_)


def _classify(
    influence: NDArray[np.float64],
    dependence: NDArray[np.float64],
    influence_cut: float,
    dependence_cut: float,
    names: tuple[str, str, str, str],
) -> tuple[str, ...]:
    """Quadrants of the influence (y) x dependence (x) plane.

    ``names`` = (high influence & low dependence, high & high, low & high, low & low).
    """
    hi = _high(influence, influence_cut)
    hd = _high(dependence, dependence_cut)
    out = []
    for i_high, d_high in zip(hi.tolist(), hd.tolist(), strict=True):
        if i_high:
            out.append(names[1] if d_high else names[0])
        else:
            out.append(names[2] if d_high else names[3])
    return tuple(out)
