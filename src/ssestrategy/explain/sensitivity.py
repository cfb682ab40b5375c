"""Deprecated location of Sobol' indices and Morris elementary effects, now
:mod:`ssestrategy.explain.sobol` and :mod:`ssestrategy.explain.morris` (``ssestrategy.sensitivity``
is the sensitivity of a case's model, :func:`ssestrategy.explain.study.sensitivity`). Importing
a name from here warns; this module will be removed in the next release.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from .._deprecation import deprecated_names

__all__: list[str] = []

# (the package's attributes ``sobol`` and ``morris`` are the functions, hence the module names)
_MOVED = {
    "ConfidenceInterval": "ssestrategy.explain.sobol",
    "SobolResult": "ssestrategy.explain.sobol",
    "sobol": "ssestrategy.explain.sobol",
    "MorrisResult": "ssestrategy.explain.morris",
    "morris": "ssestrategy.explain.morris",
    "ModelFunc": "ssestrategy.explain._gsa",
    "SeedLike": "ssestrategy",
}


def _getter(name: str) -> Callable[[], Any]:
    attr = "RNGLike" if name == "SeedLike" else name
    return lambda: getattr(importlib.import_module(_MOVED[name]), attr)


__getattr__ = deprecated_names(
    __name__,
    {
        name: (f"{module}.{'RNGLike' if name == 'SeedLike' else name}", _getter(name))
        for name, module in _MOVED.items()
    },
)
