"""Deprecated location of the pole-success functions, now in :mod:`ssestrategy.model.success`
(beneath both the network analysis and the simulation); ``ssestrategy.network`` re-exports
them. Importing a name from here warns; it will be removed in the next release.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._deprecation import deprecated_names
from ..model import success as _success

__all__: list[str] = []


def _getter(name: str) -> Callable[[], Any]:
    return lambda: getattr(_success, name)


__getattr__ = deprecated_names(
    __name__,
    {name: (f"ssestrategy.model.success.{name}", _getter(name)) for name in _success.__all__},
)
