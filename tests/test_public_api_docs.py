"""Every public function and class has a numpydoc docstring with an Examples section.

The examples themselves run as doctests (pytest --doctest-modules over src/).
"""

from __future__ import annotations

import importlib
import inspect

import pytest

MODULES = [
    "ssestrategy",
    "ssestrategy.model",
    "ssestrategy.io",
    "ssestrategy.datasets",
    "ssestrategy.network",
    "ssestrategy.foresight",
    "ssestrategy.simulation",
    "ssestrategy.decision",
    "ssestrategy.explain",
    "ssestrategy.testing",
    "ssestrategy.plotting",
]


def _public() -> list[tuple[str, object]]:
    out = []
    for modname in MODULES:
        mod = importlib.import_module(modname)
        for name in getattr(mod, "__all__", []):
            obj = getattr(mod, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                out.append((f"{modname}.{name}", obj))
    return out


PUBLIC = _public()


def _has_example(obj: object) -> bool:
    doc = inspect.getdoc(obj) or ""
    if ">>>" in doc:
        return True
    # a class may show its use in its module's examples (frozen result objects)
    mod = inspect.getmodule(obj)
    return (
        inspect.isclass(obj)
        and mod is not None
        and f"{obj.__name__}" in (mod.__doc__ or "")
        and ">>>" in (mod.__doc__ or "")
    )


@pytest.mark.parametrize(("name", "obj"), PUBLIC, ids=[n for n, _ in PUBLIC])
def test_docstring_with_example(name: str, obj: object) -> None:
    doc = inspect.getdoc(obj)
    assert doc, f"{name} has no docstring"
    assert _has_example(obj), f"{name}: no example (>>>) in its docstring"
