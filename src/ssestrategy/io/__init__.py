"""Case files: load and dump (TOML, JSON), the JSON Schema of the format, content hashes.

Examples
--------
>>> from ssestrategy.io import case_schema
>>> "actors" in case_schema()["properties"]
True
"""

from .files import case_hash, dump, dumps, load, loads
from .schema import case_schema, schema_json
from .structure import case_from_dict, case_to_dict, structure, unstructure

__all__ = [
    "case_from_dict",
    "case_hash",
    "case_schema",
    "case_to_dict",
    "dump",
    "dumps",
    "load",
    "loads",
    "schema_json",
    "structure",
    "unstructure",
]
