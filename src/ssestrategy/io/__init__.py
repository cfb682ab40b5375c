"""Case files: load and dump (TOML, JSON, ``.xlsx`` workbooks, CSV tables), the JSON Schema of
the format, content hashes.

Examples
--------
>>> from ssestrategy.io import case_schema
>>> "actors" in case_schema()["properties"]
True
"""

from .files import case_hash, dump, dumps, load, loads
from .schema import case_schema, schema_json
from .structure import case_from_dict, case_to_dict, structure, unstructure
from .tables import workbook_layout, write_csv
from .workbook import read_workbook, write_template, write_workbook

__all__ = [
    "case_from_dict",
    "case_hash",
    "case_schema",
    "case_to_dict",
    "dump",
    "dumps",
    "load",
    "loads",
    "read_workbook",
    "schema_json",
    "structure",
    "unstructure",
    "workbook_layout",
    "write_csv",
    "write_template",
    "write_workbook",
]
