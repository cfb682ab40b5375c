"""Deprecations: a renamed argument or a moved name keeps working for one release, with a
:class:`DeprecationWarning` that names its replacement (see ``CHANGELOG.md``).

Examples
--------
>>> import warnings
>>> @renamed_arguments(seed="rng")
... def draw(*, rng=0):
...     return rng
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     draw(seed=3)
3
>>> print(caught[0].message)
draw(): the argument 'seed' is deprecated, use 'rng' (it will be removed in the next release)
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from .errors import ModelError

__all__ = ["deprecated_names", "renamed_arguments", "warn_deprecated"]

F = TypeVar("F", bound=Callable[..., Any])

REMOVAL = "it will be removed in the next release"


def warn_deprecated(message: str, stacklevel: int = 3) -> None:
    """Issue a :class:`DeprecationWarning` ending with when the name goes away.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_deprecated("old() is deprecated, use new()")
    >>> str(caught[0].message)
    'old() is deprecated, use new() (it will be removed in the next release)'
    """
    warnings.warn(f"{message} ({REMOVAL})", DeprecationWarning, stacklevel=stacklevel)


def renamed_arguments(**renames: str) -> Callable[[F], F]:
    """Decorate a function whose keyword arguments were renamed (``old="new"``): the old name
    still works, with a :class:`DeprecationWarning`; giving both raises
    :class:`~ssestrategy.errors.ModelError` at the old name.

    Examples
    --------
    >>> @renamed_arguments(seed="rng")
    ... def draw(*, rng=0):
    ...     return rng
    >>> draw(rng=1, seed=2)
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: seed: the deprecated name of 'rng': give only rng
    """

    def decorate(func: F) -> F:
        name = func.__qualname__

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in renames.items():
                if old in kwargs:
                    if new in kwargs:
                        raise ModelError.at(old, f"the deprecated name of {new!r}: give only {new}")
                    warn_deprecated(f"{name}(): the argument {old!r} is deprecated, use {new!r}")
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        wrapper.__renamed_arguments__ = dict(renames)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def deprecated_names(
    module: str, moved: Mapping[str, tuple[str, Callable[[], Any]]]
) -> Callable[[str], Any]:
    """A module ``__getattr__`` for names that moved: ``moved[old] = (new name, getter)``.

    Examples
    --------
    >>> import warnings
    >>> getattr_ = deprecated_names("pkg", {"old": ("pkg.new", lambda: 42)})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     getattr_("old")
    42
    >>> getattr_("other")
    Traceback (most recent call last):
    ...
    AttributeError: module 'pkg' has no attribute 'other'
    """

    def module_getattr(name: str) -> Any:
        if name in moved:
            new, get = moved[name]
            warn_deprecated(f"{module}.{name} is deprecated, use {new}")
            return get()
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return module_getattr
