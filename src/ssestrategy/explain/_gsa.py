"""What Sobol' indices and Morris elementary effects share: the model function, its input
space (frozen distributions or ``(low, high)`` pairs), input names, the checked evaluation, and
the confidence intervals of the results. See :mod:`~ssestrategy.explain.sobol` and
:mod:`~ssestrategy.explain.morris`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import attrs
import numpy as np
import scipy.stats
from numpy.typing import ArrayLike, NDArray

from .._validate import as_finite_array
from ..errors import ModelError

__all__ = ["ConfidenceInterval", "ModelFunc"]

#: A model: input rows ``(samples, inputs)`` -> outputs ``(samples,)`` or ``(samples, outputs)``.
ModelFunc = Callable[[NDArray[np.float64]], ArrayLike]


def _rng_keyword(function: Callable[..., Any]) -> str:
    """Name of SciPy's random-generator argument: ``rng`` (SciPy >= 1.15) or ``random_state``."""
    parameters = inspect.signature(function).parameters
    return "rng" if "rng" in parameters else "random_state"


_SOBOL_RNG: Final = _rng_keyword(scipy.stats.sobol_indices)
_BOOTSTRAP_RNG: Final = _rng_keyword(scipy.stats.bootstrap)


def _parse_space(space: Any, names: Sequence[str] | None) -> tuple[list[Any], tuple[str, ...]]:
    """Validate a space: frozen distributions (``.ppf``) or ``(low, high)`` uniform pairs."""
    if isinstance(space, Mapping):
        keys = [str(k) for k in space]
        if names is not None and list(names) != keys:
            raise ModelError.at("names", "give names either as the keys of space or as names=")
        names = keys
        entries = list(space.values())
    elif isinstance(space, Sequence) and not isinstance(space, str | bytes):
        entries = list(space)
    else:
        raise ModelError.at(
            "space", f"expected a sequence of distributions or (low, high) pairs, got {space!r}"
        )
    if not entries:
        raise ModelError.at("space", "at least one input is needed")
    dists: list[Any] = []
    for i, entry in enumerate(entries):
        ppf = getattr(entry, "ppf", None)
        if callable(ppf):
            dists.append(entry)
            continue
        if isinstance(entry, Sequence) and not isinstance(entry, str | bytes) and len(entry) == 2:
            low, high = as_finite_array(entry, f"space[{i}]", ndim=1)
            if not low < high:
                raise ModelError.at(f"space[{i}]", f"need low < high, got ({low}, {high})")
            dists.append(scipy.stats.uniform(loc=low, scale=high - low))
            continue
        raise ModelError.at(
            f"space[{i}]", f"expected a distribution with .ppf or a (low, high) pair, got {entry!r}"
        )
    return dists, _names(names, len(dists))


def _names(names: Sequence[str] | None, d: int) -> tuple[str, ...]:
    """Input names: ``x1 .. xd`` by default; otherwise ``d`` distinct strings."""
    if names is None:
        return tuple(f"x{i + 1}" for i in range(d))
    if isinstance(names, str):
        raise ModelError.at("names", "expected a sequence of names, got a single string")
    out = tuple(str(n) for n in names)
    if len(out) != d:
        raise ModelError.at("names", f"expected {d} names, got {len(out)}")
    if len(set(out)) != d:
        raise ModelError.at("names", "names must be distinct")
    return out


def _evaluate(func: ModelFunc, x: NDArray[np.float64]) -> tuple[NDArray[np.float64], bool]:
    """Call ``func`` on the rows of ``x``.

    Returns the finite outputs as an array of shape (samples, outputs) and whether ``func``
    returned a 1-D array.
    """
    m = x.shape[0]
    result = func(x)
    try:
        raw = np.asarray(result, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ModelError.at("func", f"did not return an array of numbers ({exc})") from None
    if raw.ndim == 1 and raw.shape[0] == m:
        out = raw[:, None]
    elif raw.ndim == 2 and raw.shape[0] == m and raw.shape[1] >= 1:
        out = raw
    else:
        raise ModelError.at(
            "func",
            f"given {m} input rows, expected an output of shape ({m},) or ({m}, outputs), "
            f"got {raw.shape}",
        )
    bad = ~np.isfinite(out)
    if bad.any():
        row, col = (int(v) for v in np.argwhere(bad)[0])
        where = f"output {col} " if out.shape[1] > 1 else ""
        raise ModelError.at(
            "func",
            f"returned a non-finite value ({out[row, col]}) as {where}for the input row "
            f"{np.array2string(x[row], precision=6)}",
        )
    return out, raw.ndim == 1


@attrs.frozen(eq=False)
class ConfidenceInterval:
    """Lower and upper bounds of a confidence interval, elementwise.

    Attributes
    ----------
    low, high : ndarray
        Same shape as the estimate they bound.

    Examples
    --------
    >>> import numpy as np
    >>> ci = ConfidenceInterval(low=np.array([0.1, 0.2]), high=np.array([0.3, 0.5]))
    >>> ci.contains(np.array([0.2, 0.6])).tolist()
    [True, False]
    """

    low: NDArray[np.float64]
    high: NDArray[np.float64]

    def contains(self, value: ArrayLike) -> NDArray[np.bool_]:
        """Elementwise ``low <= value <= high``."""
        v = np.asarray(value, dtype=np.float64)
        return np.asarray((self.low <= v) & (v <= self.high))
