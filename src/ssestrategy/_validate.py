"""The argument checks of the library, in one place: arrays, counts, numbers in a range, a
choice among the values of a ``Literal`` type, and options passed on to another function.

Each check raises :class:`~ssestrategy.errors.ModelError` naming the argument, never a bare
``ValueError``/``IndexError``/``TypeError``, and never lets a NaN through.

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

import inspect
import math
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .errors import ModelError

__all__ = [
    "as_bool_array",
    "as_finite_array",
    "as_weights",
    "check_choice",
    "check_options",
    "check_square",
    "choices",
    "count",
    "is_integer",
    "number",
]


def is_integer(value: Any) -> bool:
    """Whether ``value`` is an int (a NumPy integer too), not a bool.

    Examples
    --------
    >>> is_integer(3), is_integer(np.int64(3)), is_integer(True), is_integer(3.0)
    (True, True, False, False)
    """
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def count(value: Any, name: str, minimum: int = 1) -> int:
    """``value`` as an int, refused unless it is an integer of at least ``minimum``.

    Examples
    --------
    >>> count(4, "n_scenarios")
    4
    >>> count(0, "n_scenarios")
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: n_scenarios: expected a positive integer, got 0
    >>> count(1, "trajectories", 2)
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: trajectories: expected an integer of at least 2, got 1
    """
    if not is_integer(value) or value < minimum:
        what = {0: "a non-negative integer", 1: "a positive integer"}.get(
            minimum, f"an integer of at least {minimum}"
        )
        raise ModelError.at(name, f"expected {what}, got {value!r}")
    return int(value)


def number(
    value: Any,
    name: str,
    low: float = -math.inf,
    high: float = math.inf,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """``value`` as a float, refused unless it is a finite real number in the interval from
    ``low`` to ``high`` (closed unless ``low_open``/``high_open``).

    Examples
    --------
    >>> number(0.5, "threshold", 0.0, 1.0)
    0.5
    >>> number(0.0, "confidence", 0.0, 1.0, low_open=True, high_open=True)
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: confidence: expected a number in (0, 1), got 0.0
    """
    ok = isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)
    v = float(value) if ok else math.nan
    ok = ok and math.isfinite(v)
    ok = ok and (v > low if low_open else v >= low) and (v < high if high_open else v <= high)
    if not ok:
        interval = (
            f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
            if math.isfinite(low) or math.isfinite(high)
            else ""
        )
        what = f"a number in {interval}" if interval else "a finite number"
        raise ModelError.at(name, f"expected {what}, got {value!r}")
    return v


def choices(literal: Any) -> tuple[str, ...]:
    """The values of a ``Literal`` type (the one source of an option's choice list).

    Examples
    --------
    >>> choices(typing.Literal["mc", "lhs", "sobol"])
    ('mc', 'lhs', 'sobol')
    """
    return tuple(typing.get_args(literal))


def check_choice(
    value: Any, name: str, allowed: Sequence[str] | Any, *, what: str = "value"
) -> None:
    """Raise unless ``value`` is one of ``allowed`` (a sequence, or a ``Literal`` type);
    ``what`` names the kind of value in the message.

    Examples
    --------
    >>> check_choice("halton", "sampler", typing.Literal["mc", "lhs", "sobol"])
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: sampler: unknown value 'halton' (expected one of: mc, lhs, sobol)
    """
    options = allowed if isinstance(allowed, Sequence) else choices(allowed)
    if not isinstance(value, str) or value not in options:
        raise ModelError.at(
            name, f"unknown {what} {value!r} (expected one of: {', '.join(options)})"
        )


def check_options(
    options: Mapping[str, Any] | None,
    name: str,
    function: Callable[..., Any],
    *,
    exclude: Sequence[str] = (),
) -> dict[str, Any]:
    """Options to pass on to ``function`` as keywords, refused (at ``name.key``) when ``function``
    takes no keyword of that name or when the key is one the caller sets itself (``exclude``).

    Examples
    --------
    >>> def topsis(matrix, *, normalization="vector", ties="min"):
    ...     pass
    >>> check_options({"normalization": "minmax"}, "method_options", topsis, exclude=["ties"])
    {'normalization': 'minmax'}
    >>> check_options({"bogus": 1}, "method_options", topsis, exclude=["ties"])
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: method_options.bogus: unknown option of topsis ...
    """
    if options is None:
        return {}
    if not isinstance(options, Mapping):
        raise ModelError.at(name, f"expected a mapping of options, got {type(options).__name__}")
    params = inspect.signature(function).parameters
    known = [
        p
        for p, spec in params.items()
        if spec.kind in (spec.KEYWORD_ONLY, spec.POSITIONAL_OR_KEYWORD)
        and spec.default is not spec.empty
        and p not in exclude
    ]
    for key in options:
        if key not in known:
            raise ModelError.at(
                f"{name}.{key}",
                f"unknown option of {function.__name__} (known: {', '.join(known) or 'none'})",
            )
    return dict(options)


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
