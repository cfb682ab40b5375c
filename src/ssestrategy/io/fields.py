"""The one rule of the file format: which fields of a model class a case file holds and under
which key — used by the loader, the writer, the JSON Schema, the workbook layout and the
case-file mutations of :mod:`ssestrategy.testing`.

Examples
--------
>>> from ssestrategy.model import Actor
>>> [file_key(f) for f in file_fields(Actor)][:3]
['id', 'name', 'kind']
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["CSV_SECTIONS", "file_fields", "file_key"]

_TERRITORY_LISTS = ("actors", "partnerships", "poles")
"""The territory's record lists, given at the top level of a case file."""
CSV_SECTIONS = ("actors", "partnerships")
"""Sections a case file may give as the name of a CSV table (read by ``files.load``)."""


_FIELDS: dict[type, tuple[attrs.Attribute[Any], ...]] = {}


def file_fields(cls: type) -> tuple[attrs.Attribute[Any], ...]:
    """The fields of a model class that a case file holds: its init fields, with their
    annotations resolved (cached).

    Examples
    --------
    >>> from ssestrategy.model import Pole
    >>> [file_key(f) for f in file_fields(Pole)][:3]
    ['id', 'name', 'value_chain']
    """
    if cls not in _FIELDS:
        attrs.resolve_types(cls)
        _FIELDS[cls] = tuple(f for f in attrs.fields(cls) if f.init)
    return _FIELDS[cls]


def file_key(f: attrs.Attribute[Any]) -> str:
    """The key of a field in a case file (and a column of a workbook): its alias, else its
    name without leading underscores — the one rule of the file format.

    Examples
    --------
    >>> from ssestrategy.model import Actor
    >>> file_key(attrs.fields(Actor).id)
    'id'
    """
    return f.alias or f.name.lstrip("_")
