"""From the domain types to plain data (dicts, lists, numbers): what a case file holds, with
defaults left out, provenance shared by several records written once as a source key.

Examples
--------
>>> from ssestrategy.model import Actor
>>> a = Actor(id="c1", name="Coop", kind="cooperative", capacities={"financing": 0.1,
...           "networking": 0.2, "innovation": 0.3, "governance": 0.4})
>>> unstructure(a)["capacities"]["innovation"]
0.3
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from operator import attrgetter
from typing import Any

import attrs

from ..model import Assumption, Case, Source
from .fields import _TERRITORY_LISTS, file_fields, file_key

__all__ = ["case_to_dict", "unstructure"]


_LEAF, _PROVENANCE, _ATTRS, _ENUM, _LIST, _MAP = range(6)
_LEAVES = frozenset({str, int, float, bool})
_NOTHING = attrs.NOTHING
_KINDS: dict[type, int] = {}
_Plan = tuple[Callable[[Any], Any], list[tuple[str, Any]]]
_PLANS: dict[tuple[type, frozenset[str]], _Plan] = {}


def _kind(tp: type) -> int:
    """How values of type ``tp`` become plain data."""
    if issubclass(tp, Source | Assumption):
        return _PROVENANCE
    if attrs.has(tp):
        return _ATTRS
    if issubclass(tp, Enum):
        return _ENUM
    if issubclass(tp, tuple | list):
        return _LIST
    return _MAP if issubclass(tp, Mapping) else _LEAF


def _plan(cls: type, skip: frozenset[str]) -> _Plan:
    """A getter of an attrs class's init fields (but ``skip``), and each one's key and default."""
    fields = [f for f in file_fields(cls) if file_key(f) not in skip]
    names = [f.name for f in fields]
    get = attrgetter(*names) if len(names) > 1 else lambda obj: [getattr(obj, n) for n in names]
    keys = []
    for f in fields:
        default = f.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory()  # type: ignore[union-attr]  # built once: only compared
        keys.append((file_key(f), default))
    return get, keys


class _Unstructurer:
    """One unstructuring pass (the memo of shared provenance and enum members lives that long)."""

    def __init__(self, sources_back: Mapping[Any, str]) -> None:
        self.back = sources_back
        # provenance objects and enum members are immutable and shared by many records: each
        # one's plain form is computed once, keyed by id (`alive` holds them, so no id is reused)
        self.memo: dict[int, Any] = {}
        self.alive: list[Any] = []

    def plain(self, value: Any) -> Any:
        """Plain data for ``value`` (dicts are copied out of the memo: no container is shared)."""
        done = self.memo.get(id(value))
        if done is None:
            tp = type(value)
            kind = _KINDS[tp] if tp in _KINDS else _KINDS.setdefault(tp, _kind(tp))
            if kind == _LEAF:
                return value
            if kind == _ATTRS:
                return self.fields(value)
            if kind == _LIST:
                return [self.plain(v) for v in value]
            if kind == _MAP:
                return {str(k): self.plain(v) for k, v in value.items()}
            if kind == _ENUM:
                done = value.value
            else:
                done = self.back.get(value)
                if done is None:
                    done = self.fields(value)
            self.memo[id(value)] = done
            self.alive.append(value)
        return dict(done) if type(done) is dict else done

    def fields(self, obj: Any, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
        """The init fields of an attrs instance (but ``skip``) that are set and not default."""
        out: dict[str, Any] = {}
        tp = type(obj)
        get, keys = _PLANS.get((tp, skip)) or _PLANS.setdefault((tp, skip), _plan(tp, skip))
        for (key, default), v in zip(keys, get(obj), strict=False):
            if v is None or (default is not _NOTHING and type(v) is type(default) and v == default):
                continue
            out[key] = v if type(v) in _LEAVES else self.plain(v)
        return out


def unstructure(obj: Any, *, sources: Mapping[str, Any] | None = None) -> Any:
    """Plain data (dicts, lists, strings, numbers, booleans) for a domain object.

    Fields equal to their default are left out; provenance equal to a named source is written
    as its key.

    Parameters
    ----------
    obj : object
        A domain object (an attrs class of :mod:`ssestrategy.model`), or plain data holding
        some.
    sources : mapping, optional
        Named provenance entries, written as their key where they occur.

    Returns
    -------
    object
        Plain data, the inverse of :func:`structure`.

    Examples
    --------
    >>> from ssestrategy.model import Indicator, Source
    >>> hcp = Source("HCP, RGPH 2024", label="official")
    >>> ind = Indicator(name="population", value=198542, year=2024, provenance=hcp)
    >>> unstructure(ind, sources={"rgph2024": hcp})
    {'name': 'population', 'value': 198542.0, 'year': 2024, 'provenance': 'rgph2024'}
    >>> from ssestrategy.io import structure
    >>> structure(Indicator, unstructure(ind)) == ind
    True
    """
    back = {v: k for k, v in (sources or {}).items()}
    return _Unstructurer(back).plain(obj)


def case_to_dict(case: Case) -> dict[str, Any]:
    """Plain data of a case in the file layout (actors, partnerships, poles at the top level).

    Parameters
    ----------
    case : Case

    Returns
    -------
    dict
        What :func:`case_from_dict` reads back; parameters and fields left at their defaults
        are left out.

    Examples
    --------
    >>> from ssestrategy.model import Actor, Case, Territory
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> case = Case(name="demo", horizon=5, territory=Territory(
    ...     name="Nowhere",
    ...     actors=[Actor(id="coop-1", name="Argan coop", kind="cooperative", capacities=caps)]))
    >>> data = case_to_dict(case)
    >>> list(data)
    ['name', 'horizon', 'territory', 'actors']
    >>> data["actors"][0]["kind"]
    'cooperative'
    >>> from ssestrategy.io import case_from_dict
    >>> case_from_dict(data) == case
    True
    """
    from ..model.parameters import DEFAULT_PARAMETERS

    back = {v: k for k, v in case.sources.items()}
    conv = _Unstructurer(back)
    out: dict[str, Any] = {"name": case.name}
    body = conv.fields(case, skip=frozenset({"name", "territory", "parameters", "sources"}))
    params = {
        k: conv.plain(v) for k, v in case.parameters.items() if DEFAULT_PARAMETERS.get(k) != v
    }
    territory = conv.fields(case.territory)
    lists = {k: territory.pop(k) for k in _TERRITORY_LISTS if k in territory}
    out.update(
        {k: body.pop(k) for k in ("description", "horizon", "periods_per_year") if k in body}
    )
    if case.sources:
        named = _Unstructurer({})
        out["sources"] = {k: named.fields(v) for k, v in case.sources.items()}
    out["territory"] = territory
    out.update(lists)
    if params:
        out["parameters"] = params
    out.update(body)
    return out
