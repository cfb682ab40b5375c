"""The layout of a case's tables: one sheet per section of a case file, with its columns.

Examples
--------
>>> sheets = {s.name: s for s in layout()}
>>> [c.key for c in sheets["actors"].columns][:3]
['id', 'name', 'kind']
>>> sheets["interventions"].link, sheets["interventions"].parent
('strategy', 'strategies')
"""

from __future__ import annotations

import functools
from typing import Any

import attrs

from ..model import (
    Actor,
    Assumption,
    Case,
    Constraint,
    Criteria,
    Criterion,
    DesignSpec,
    Event,
    Foresight,
    Indicator,
    Intervention,
    Parameter,
    Partnership,
    Pole,
    ScenarioSpace,
    Source,
    Strategy,
    Territory,
    Uncertainty,
)
from .columns import Column, Sheet, _columns, _field_columns, _field_docs, _scalar_columns
from .fields import file_fields, file_key

__all__ = ["layout", "workbook_layout"]


_NESTED_SECTIONS: tuple[tuple[str, type], ...] = (
    ("uncertainties", ScenarioSpace),
    ("criteria", Criteria),
    ("foresight", Foresight),
    ("design", DesignSpec),
)
"""Sections of a case held by one record: their fields are rows of the case sheet (only the
scalar ones, but every field of the design section: its lists and bounds fit a cell)."""


def _section_columns(name: str, cls: type) -> list[Column]:
    if cls is not DesignSpec:
        return _scalar_columns(cls, f"{name}.")
    return [  # no default written: a blank design sheet is no design section
        c
        for f in file_fields(cls)
        for c in _field_columns(cls, f, f"{name}.{file_key(f)}", False, defaults=False)
    ]


@functools.cache
def layout() -> tuple[Sheet, ...]:
    """The sheets of a case workbook, in order, with their columns.

    Returns
    -------
    tuple of Sheet

    Examples
    --------
    >>> [s.name for s in layout()][:4]
    ['case', 'territory', 'indicators', 'actors']
    >>> [c.key for c in layout()[0].columns][:4]
    ['name', 'description', 'horizon', 'periods_per_year']
    """
    case_cols = _scalar_columns(Case)
    for name, cls in _NESTED_SECTIONS:
        case_cols += _section_columns(name, cls)
    source_cols = []
    seen = set()
    docs = _field_docs(Source) | _field_docs(Assumption)
    for cls in (Source, Assumption):
        for f in file_fields(cls):
            if file_key(f) not in seen:
                seen.add(file_key(f))
                (col,) = _field_columns(cls, f, file_key(f), False)
                source_cols.append(attrs.evolve(col, default=None, help=docs.get(file_key(f), "")))
    text = "text"
    return (
        Sheet("case", "fields", "", "The study: its name, horizon and the settings of the "
              "criteria, foresight and design sections.", tuple(case_cols)),
        Sheet("territory", "fields", "territory", "The territory described.",
              tuple(_scalar_columns(Territory))),
        Sheet("indicators", "records", "territory.indicators",
              "Baseline indicators of the territory (population, unemployment, ...).",
              tuple(_columns(Indicator))),
        Sheet("actors", "records", "actors", "One actor per row, with its capacities on the "
              "four factors.", tuple(_columns(Actor))),
        Sheet("partnerships", "records", "partnerships", "One tie between two actors per row "
              "(source and target are actor ids).", tuple(_columns(Partnership))),
        Sheet("poles", "records", "poles", "Candidate poles; their members are listed on the "
              "pole_members sheet.", tuple(_columns(Pole, skip=("members",)))),
        Sheet("pole_members", "records", "poles", "One member of a pole per row: the pole's "
              "id and the member's actor id, in order.",
              (Column("pole", text, True, help="id of the pole (poles sheet)"),
               Column("member", text, True, help="actor id of the member")),
              parent="poles", link="pole", field="members"),
        Sheet("strategies", "records", "strategies", "Candidate strategies; their "
              "interventions are on the interventions sheet.",
              tuple(_columns(Strategy, skip=("interventions",)))),
        Sheet("interventions", "records", "strategies", "One intervention per row, under the "
              "strategy named in the first column, in order.",
              (Column("strategy", text, True, help="id of the strategy (strategies sheet)"),
               *_columns(Intervention)),
              parent="strategies", link="strategy", field="interventions"),
        Sheet("parameters", "keyed", "parameters", "Simulation parameters, with their "
              "provenance; edit a value to override its default.",
              (Column("name", text, True, help="parameter name"), *_columns(Parameter)),
              key="name"),
        Sheet("uncertainties", "records", "uncertainties.parameters", "Uncertain parameters "
              "and their distributions.", tuple(_columns(Uncertainty))),
        Sheet("events", "records", "uncertainties.events", "Shocks that may hit a future "
              "(a drought, a tourism collapse).", tuple(_columns(Event))),
        Sheet("constraints", "records", "constraints", "Limits the strategies must respect.",
              tuple(_columns(Constraint))),
        Sheet("criteria", "records", "criteria.items", "Ranking criteria with their weights "
              "(or the rows of an AHP pairwise matrix).",
              (*_columns(Criterion),
               Column("pairwise", "numbers", help="this criterion's row of the AHP pairwise "
                      "comparison matrix (one number per criterion; fractions such as 1/3 "
                      "allowed); leave the column empty to use the weights")),
              matrix="criteria.pairwise"),
        Sheet("micmac", "grid", "foresight", "MICMAC: direct influence (0-3) of the variable "
              "of each row on the variable of each column; blank cells count as 0.",
              (Column("variable", text, help="MICMAC variable"),),
              blocks=(("influence", "variables"),)),
        Sheet("mactor", "grid", "foresight", "MACTOR: influence (0-4) of the actor of each row "
              "on the actor of each column, then its position (-4..+4) on each objective; "
              "blank cells count as 0.",
              (Column("actor", text, help="MACTOR actor"),),
              blocks=(("mdi", "actors"), ("mao", "objectives"))),
        Sheet("sources", "keyed", "sources", "Named sources and assumptions that provenance "
              "cells refer to by key.",
              (Column("key", text, True, help="the key provenance cells use"), *source_cols),
              key="key"),
    )  # fmt: skip


def workbook_layout() -> list[dict[str, Any]]:
    """Every sheet of a case workbook and every column, described (for docs and instructions).

    Returns
    -------
    list of dict
        One dict per sheet: ``sheet``, ``about`` and ``columns``, a list of dicts with
        ``column``, ``type``, ``required``, ``default``, ``allowed`` and ``help``.

    Examples
    --------
    >>> sheets = {s["sheet"]: s for s in workbook_layout()}
    >>> cap = sheets["actors"]["columns"][3]
    >>> cap["column"], cap["type"], cap["required"]
    ('capacities.financing', 'number in [0, 1]', True)
    >>> "cooperative" in sheets["actors"]["columns"][2]["allowed"]
    True
    """
    out = []
    for s in layout():
        cols = []
        for c in s.columns:
            allowed = ", ".join(_show(x) for x in c.choices)
            default = "" if c.default is None else _show(c.default)
            cols.append(
                {
                    "column": c.key,
                    "type": c.describe_type(),
                    "required": c.required,
                    "default": default,
                    "allowed": allowed,
                    "help": c.help,
                }
            )
        out.append({"sheet": s.name, "about": s.about, "columns": cols})
    return out


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
