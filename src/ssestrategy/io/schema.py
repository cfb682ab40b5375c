"""JSON Schema (draft 2020-12) of the case-file format, generated from the domain types.

The schema is derived from the same attrs fields the loader uses, so it cannot drift from the
code. Editors use it to validate and complete case files: see ``docs/case-files.md``.

Examples
--------
>>> s = case_schema()
>>> s["required"]
['name', 'territory']
>>> s["$defs"]["Capacities"]["properties"]["financing"]["maximum"]
1.0
"""

from __future__ import annotations

import json
import types
import typing
from enum import Enum
from typing import Any

import attrs

from ..model import Assumption, Case, Parameter, Source, Territory
from ..model._checks import ID_RULE, identifier, number_checks
from .fields import _TERRITORY_LISTS, CSV_SECTIONS, file_fields, file_key

__all__ = ["case_schema", "schema_json"]

_PROVENANCE_REF = {
    "anyOf": [
        {"type": "string", "description": "key of an entry in [sources]"},
        {"$ref": "#/$defs/Source"},
        {"$ref": "#/$defs/Assumption"},
    ]
}


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        non_none = [a for a in args if a is not type(None)]
        if set(non_none) == {Source, Assumption}:
            return dict(_PROVENANCE_REF)
        if len(non_none) == 1:
            return _type_schema(non_none[0], defs)
        return {"anyOf": [_type_schema(a, defs) for a in non_none]}
    if isinstance(tp, type) and issubclass(tp, Enum):
        return {"enum": [m.value for m in tp]}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if isinstance(tp, type) and attrs.has(tp):
        _define(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if origin is tuple and len(args) >= 2 and args[-1] is not Ellipsis:  # (low, high)
        return {
            "type": "array",
            "items": _type_schema(args[0], defs),
            "minItems": len(args),
            "maxItems": len(args),
        }
    if origin is tuple:
        item = args[0] if args else Any
        if typing.get_origin(item) is tuple:
            inner = typing.get_args(item)[0]
            return {"type": "array", "items": {"type": "array", "items": _type_schema(inner, defs)}}
        return {"type": "array", "items": _type_schema(item, defs)}
    if origin is dict:
        value = args[1]
        if value is Parameter:
            _define(Parameter, defs)
            return {
                "type": "object",
                "additionalProperties": {
                    "anyOf": [{"type": "number"}, {"$ref": "#/$defs/Parameter"}]
                },
            }
        return {"type": "object", "additionalProperties": _type_schema(value, defs)}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is str:
        return {"type": "string"}
    return {}


ID_PATTERN = (
    "^[^\\s\\x00-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x9f]"
    "[^\\s\\x00-\\x2c\\x2f\\x3b-\\x40\\x5b-\\x5e\\x60\\x7b-\\x9f]*$"
)
"""The JSON Schema pattern of ids: the model's rule (:data:`ID_RULE`) where a regular
expression portable between JSON Schema validators can state it — no space, control character
or ASCII sign but ``_ . : -`` (and none of those first). Letters of every script pass; so do
other non-ASCII signs (an emoji), which only the loader refuses."""


def _field_schema(f: attrs.Attribute[Any], defs: dict[str, Any]) -> dict[str, Any]:
    s = _type_schema(f.type, defs)
    if f.validator is identifier:
        s["pattern"] = ID_PATTERN
        s["description"] = f"an id: {ID_RULE}"
    for check in number_checks(f):
        if check.lo is not None:
            s["exclusiveMinimum" if check.lo_open else "minimum"] = check.lo
        if check.hi is not None:
            s["maximum"] = check.hi
    return s


def _define(cls: type, defs: dict[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    name = cls.__name__
    if name in defs:
        return dict(defs[name])
    defs[name] = {}  # placeholder against recursion
    props: dict[str, Any] = {}
    required: list[str] = []
    for f in file_fields(cls):
        key = file_key(f)
        if key in skip:
            continue
        props[key] = _field_schema(f, defs)
        if f.default is attrs.NOTHING:
            required.append(key)
    doc = " ".join((cls.__doc__ or "").strip().split("\n\n")[0].split())
    body: dict[str, Any] = {
        "type": "object",
        "description": doc,
        "properties": props,
        "additionalProperties": False,
    }
    if required:
        body["required"] = required
    defs[name] = body
    return body


def case_schema() -> dict[str, Any]:
    """The JSON Schema of a case file, as a dict.

    Returns
    -------
    dict
        A JSON Schema (draft 2020-12); ``$defs`` holds one entry per record type.

    Examples
    --------
    >>> s = case_schema()
    >>> s["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    >>> s["$defs"]["Indicator"]["required"]
    ['name', 'value']
    >>> "partnerships" in s["properties"]
    True
    """
    defs: dict[str, Any] = {}
    _define(Source, defs)  # referenced by every provenance field and by [sources]
    _define(Assumption, defs)
    top = _define(Case, defs, skip=("territory",))
    defs.pop("Case")
    territory = _define(Territory, defs, skip=_TERRITORY_LISTS)
    defs["TerritorySection"] = territory
    defs.pop("Territory")
    tprops = {file_key(f): f for f in file_fields(Territory)}
    props = dict(top["properties"])
    props["territory"] = {"$ref": "#/$defs/TerritorySection"}
    for k in _TERRITORY_LISTS:
        props[k] = _field_schema(tprops[k], defs)
        if k in CSV_SECTIONS:  # or the name of a CSV table (files.load reads it)
            props[k]["type"] = ["array", "string"]
            props[k]["description"] = f"the {k}, or the name of a CSV file holding them"
    props["sources"] = {
        "type": "object",
        "description": "named provenance entries that records refer to by key",
        "additionalProperties": {
            "anyOf": [{"$ref": "#/$defs/Source"}, {"$ref": "#/$defs/Assumption"}]
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://ssestrategy.readthedocs.io/schema/case.json",
        "title": "ssestrategy case file",
        "description": "A territory's SSE and a study of it (ssestrategy).",
        "type": "object",
        "properties": props,
        "required": ["name", "territory"],
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }


def schema_json() -> str:
    """The JSON Schema as indented JSON text.

    Returns
    -------
    str
        :func:`case_schema` as JSON, indented by two spaces, ending with a newline.

    Examples
    --------
    >>> import json
    >>> text = schema_json()
    >>> json.loads(text) == case_schema()
    True
    >>> text.splitlines()[1]
    '  "$schema": "https://json-schema.org/draft/2020-12/schema",'
    """
    return json.dumps(case_schema(), indent=2) + "\n"
