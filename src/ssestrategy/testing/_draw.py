"""Shared pieces of the hypothesis strategies: size checks, cached base strategies, drawing
helpers, ids and names."""

from __future__ import annotations

import functools
import math
import operator
import string
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any, TypeVar

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from .._validate import count
from ..datasets.synthetic import VALUE_CHAINS
from ..errors import ModelError
from ..model import (
    ActorKind,
    Provenance,
)

__all__ = ["VALUE_CHAINS", "identifiers", "names"]


E = TypeVar("E", bound=Enum)

ProvenanceStrategy = SearchStrategy[Provenance | None]


# ids may hold letters of any script (a few French, Arabic and Tifinagh ones are drawn)
_ID_FIRST = string.ascii_letters + string.digits + "éتⵜ"
_ID_REST = _ID_FIRST + "_.:-"
# letters of the languages of the field (French accents, Arabic, Tifinagh) and characters that
# need escaping in TOML and JSON (quotes, backslash, newline, tab)
_LETTERS = string.ascii_letters + "éèàçôïÉ" + "تيزن" + "ⵜⵉⵣⵏ"
_TEXT = _LETTERS + string.digits + " -_'\".,()/&\\#\n\t"
_BIG = 1e9
_INSTITUTIONS = frozenset(ActorKind) - {
    ActorKind.COOPERATIVE,
    ActorKind.ENTERPRISE,
    ActorKind.ARTISAN,
    ActorKind.ASSOCIATION,
}
# plausible ranges of the lever mechanism parameters (LEVER_PARAMETERS gives only defaults)
_LEVER_PARAM_RANGES: dict[str, tuple[float, float]] = {
    "recovery_rate": (0.0, 0.95),
    "repayment_years": (0.25, 10.0),
    "tie_intensity": (0.0, 1.0),
    "ramp_years": (0.0, 5.0),
}


def _check_size(name: str, value: int, lo: int = 0) -> None:
    count(value, name, lo)


def _check_sizes(min_name: str, lo: int, max_name: str, hi: int) -> None:
    _check_size(min_name, lo)
    _check_size(max_name, hi)
    if hi < lo:
        raise ModelError.at(max_name, f"{max_name} {hi} is below {min_name} {lo}")


def _check_bounds(low: float, high: float) -> None:
    for name, v in (("low", low), ("high", high)):
        if not isinstance(v, int | float) or isinstance(v, bool) or not math.isfinite(v):
            raise ModelError.at(name, f"expected a finite number, got {v!r}")
    if low > high:
        raise ModelError.at("high", f"high {high:g} is below low {low:g}")


# Strategies are built once and reused: building (and validating) fresh strategy objects inside
# every draw made case generation several times slower.


@functools.lru_cache(maxsize=512)
def _finite(lo: float = -_BIG, hi: float = _BIG) -> SearchStrategy[float]:
    return st.floats(min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False)


@functools.lru_cache(maxsize=512)
def _ints(lo: int, hi: int) -> SearchStrategy[int]:
    return st.integers(lo, hi)


@functools.lru_cache(maxsize=512)
def _maybe(strategy: SearchStrategy[Any]) -> SearchStrategy[Any]:
    return st.none() | strategy


@functools.lru_cache(maxsize=512)
def _one_of(values: tuple[Any, ...]) -> SearchStrategy[Any]:
    return st.sampled_from(values)


_BOOL = st.booleans()
_MAYBE_BOOL = _maybe(_BOOL)


def _pick(draw: DrawFn, values: Sequence[Any]) -> Any:
    """One of ``values`` (shrinks towards the first)."""
    return values[draw(_ints(0, len(values) - 1))] if len(values) > 1 else values[0]


def _subset(draw: DrawFn, values: Sequence[Any], max_size: int, min_size: int = 0) -> list[Any]:
    """Up to ``max_size`` distinct items of ``values``, in the order drawn."""
    pool = list(values)
    n = draw(_ints(min(min_size, len(pool)), min(max_size, len(pool))))
    out = []
    for _ in range(n):
        out.append(pool.pop(draw(_ints(0, len(pool) - 1))))
    return out


def _count(draw: DrawFn, lo: int, hi: int) -> int:
    return draw(_ints(lo, hi)) if hi > lo else lo


def _unique_draws(
    draw: DrawFn, fn: Callable[[], Any], key: Callable[[Any], Any], hi: int
) -> list[Any]:
    """Up to ``hi`` items ``fn()`` with distinct keys (an item whose key is taken is dropped)."""
    out: list[Any] = []
    seen: set[Any] = set()
    for _ in range(_count(draw, 0, hi)):
        item = fn()
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


# --- text and ids ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _identifiers(max_size: int) -> SearchStrategy[str]:
    return st.builds(
        operator.add,
        st.sampled_from(_ID_FIRST),
        st.text(alphabet=_ID_REST, max_size=max_size - 1),
    )


def identifiers(max_size: int = 12) -> SearchStrategy[str]:
    """Ids as the model accepts them: letters (of any script: a few accented, Arabic and
    Tifinagh letters are drawn), digits and ``_.:-``, starting with a letter or digit.

    Parameters
    ----------
    max_size : int
        Longest id (at least 1).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from ssestrategy.model._checks import is_identifier
    >>> @settings(max_examples=30, database=None)
    ... @given(identifiers())
    ... def test(i):
    ...     assert is_identifier(i)
    >>> test()
    """
    _check_size("max_size", max_size, 1)
    return _identifiers(max_size)


@functools.lru_cache(maxsize=64)
def _names(max_size: int) -> SearchStrategy[str]:
    return st.builds(
        operator.add, st.sampled_from(_LETTERS), st.text(alphabet=_TEXT, max_size=max_size)
    )


def names(max_size: int = 24) -> SearchStrategy[str]:
    """Non-blank display names, with accents, Arabic and Tifinagh letters, quotes, backslashes,
    newlines and tabs (to exercise escaping in TOML and JSON).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=30, database=None)
    ... @given(names())
    ... def test(n):
    ...     assert n.strip()
    >>> test()
    """
    _check_size("max_size", max_size, 1)
    return _names(max_size)


# Generated names are mostly taken from a pool of awkward ones (quotes, backslashes, newlines,
# tabs, Arabic and Tifinagh letters) and otherwise drawn at random: each drawn character costs a
# draw, and short names keep case generation fast.
_NAME_POOL = (
    "Coopérative Tifawin",
    'Argan "Tizargane"',
    "تعاونية أركان",
    "ⵜⵉⵣⵏⵉⵜ",
    "back\\slash",
    "line\nbreak",
    "tab\there",
    "O'Brien & Co. (Tiznit)",
    "x",
)
_ID = _identifiers(8)
_NAME = _one_of(_NAME_POOL) | _names(10)
_DESCRIPTION = _one_of(("", *_NAME_POOL)) | st.text(alphabet=_TEXT, max_size=12)


def _unique_ids(draw: DrawFn, lo: int, hi: int, ids: SearchStrategy[str] = _ID) -> list[str]:
    """``lo`` to ``hi`` distinct ids (a drawn id already taken gets a suffix)."""
    out: list[str] = []
    seen: set[str] = set()
    for i in range(_count(draw, lo, hi)):
        x = draw(ids)
        while x in seen:
            x = f"{x}-{i}"
        seen.add(x)
        out.append(x)
    return out
