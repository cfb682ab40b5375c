"""Deprecated location of Sobol' indices and Morris elementary effects, now
:mod:`ssestrategy.explain.global_sensitivity` (``ssestrategy.sensitivity`` is the sensitivity of
a case's model, :func:`ssestrategy.explain.study.sensitivity`). Importing a name from here warns;
this module will be removed in the next release.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._deprecation import deprecated_names
from . import global_sensitivity as _moved

__all__: list[str] = []


def _getter(name: str) -> Callable[[], Any]:
    return lambda: getattr(_moved, name)


__getattr__ = deprecated_names(
    __name__,
    {
        name: (f"ssestrategy.explain.global_sensitivity.{name}", _getter(name))
        for name in _moved.__all__
    },
)
