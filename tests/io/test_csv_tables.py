"""CSV tables: a TOML or JSON case file may name a CSV file for its actors and partnerships
(the columns of the workbook's sheet). The case reads back exactly, and bad cells are reported
as ``actors.csv!D14``. And the columns of every sheet come from the model's fields. Needs no
optional dependency.
"""

from __future__ import annotations

import enum
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

from ssestrategy.datasets import tiznit
from ssestrategy.errors import CaseFileError, WorkbookError
from ssestrategy.io import case_to_dict, load, write_csv
from ssestrategy.io.cells import encode_record
from ssestrategy.io.columns import _columns
from ssestrategy.model import Assumption, Case, Source
from ssestrategy.model._checks import integer, number
from ssestrategy.testing import cases

HEADER = (
    "id,name,kind,capacities.financing,capacities.networking,capacities.innovation,"
    "capacities.governance,members\n"
)


def skeleton(case: Case, folder: Path) -> Path:
    """``case.json`` with its actors and partnerships in CSV files beside it."""
    data = case_to_dict(case)
    for section in ("actors", "partnerships"):
        write_csv(case, section, folder / f"{section}.csv")
        data[section] = f"{section}.csv"
    path = folder / "case.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def small_case(folder: Path, actors: str, ties: str = "source,target,kind,intensity\n") -> Path:
    (folder / "actors.csv").write_text(actors, encoding="utf-8")
    (folder / "ties.csv").write_text(ties, encoding="utf-8")
    path = folder / "case.toml"
    path.write_text(
        'name = "demo"\nactors = "actors.csv"\npartnerships = "ties.csv"\n'
        '[territory]\nname = "T"\n',
        encoding="utf-8",
    )
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(WorkbookError) as info:
        load(path)
    return [str(p) for p in info.value.problems]


def test_tiznit_reads_back_exactly(tmp_path: Path) -> None:
    case = tiznit()
    assert load(skeleton(case, tmp_path)) == case
    first = (tmp_path / "actors.csv").read_text(encoding="utf-8").splitlines()[1]
    assert first.startswith("provincial-council,Provincial Council of Tiznit,public_authority,")


@settings(max_examples=50)
@given(case=cases(max_actors=6, max_partnerships=8))
def test_generated_cases_read_back_exactly(
    case: Case, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("csv")
    assert load(skeleton(case, folder)) == case


def test_a_capacity_out_of_range_is_told_as_its_cell(tmp_path: Path) -> None:
    rows = "".join(f"coop-{i},Coop {i},cooperative,0.2,0.3,0.4,0.5,10\n" for i in range(12))
    rows += "coop-12,Coop 12,cooperative,1.5,0.3,0.4,0.5,10\n"
    path = small_case(tmp_path, HEADER + rows)
    with pytest.raises(WorkbookError) as info:
        load(path)
    assert str(info.value) == "actors.csv!D14: 1.5 is outside [0, 1]"
    assert info.value.fields == ("actors[12].capacities.financing",)


def test_references_and_several_problems(tmp_path: Path) -> None:
    actors = HEADER + "a,A,cooperative,0.2,0.3,0.4,0.5,2.5\nb,B,coop,0.2,0.3,0.4,0.5,1\n"
    ties = "source,target,kind,intensity,colour\na,coop-17,market,high,red\n"
    path = small_case(tmp_path, actors, ties)
    assert problems(path) == [
        "actors.csv!H2: expected an integer, got float 2.5",
        "actors.csv!C3: unknown value 'coop' (expected one of: cooperative, enterprise, artisan, "
        "association, public_authority, ministry, chamber, development_agency, "
        "financial_institution, research_training)",
        "ties.csv!E1: unknown column 'colour'; columns whose header starts with # are yours "
        "(ignored)",
        "ties.csv!B2: unknown actor 'coop-17'",
        "ties.csv!D2: expected a number, got the string 'high'",
    ]


def test_french_locale_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    actors = (HEADER.replace(",", ";") + "a;Coopérative Tifawin;cooperative;0,2;0,3;0,4;0,5;10\n"
              "b;B;artisan;0;1;0;1;1\n")  # fmt: skip
    ties = "source;target;kind;intensity;directed\na;b;market;0,75;vrai\n"
    path = small_case(tmp_path, "\ufeff" + actors, ties)  # Excel's "CSV UTF-8" starts with a BOM
    case = load(path)
    assert case.territory.actors[0].name == "Coopérative Tifawin"
    assert case.territory.actors[0].capacities.as_tuple() == (0.2, 0.3, 0.4, 0.5)
    tie = case.territory.partnerships[0]
    assert (tie.intensity, tie.directed) == (0.75, True)


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    path = small_case(tmp_path, HEADER)
    (tmp_path / "actors.csv").write_bytes("id,name\nc,Coopérative\n".encode("cp1252"))
    with pytest.raises(
        CaseFileError, match=r"actors\.csv is not UTF-8 text \(save it as CSV UTF-8\)"
    ):
        load(path)
    (tmp_path / "actors.csv").unlink()
    with pytest.raises(CaseFileError, match=r"cannot read .*actors\.csv"):
        load(path)


def test_problems_outside_the_tables_keep_their_field_path(tmp_path: Path) -> None:
    path = small_case(tmp_path, HEADER + "a,A,cooperative,0.2,0.3,0.4,1.5,1\n")
    path.write_text("colour = 7\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert problems(path)[0] == "actors.csv!G2: 1.5 is outside [0, 1]"
    assert problems(path)[1].startswith("colour: unknown section (expected one of: ")


def test_only_actors_and_partnerships_are_csv_tables(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="unknown CSV section 'poles'"):
        write_csv(tiznit(), "poles", tmp_path / "poles.csv")


# --- the columns come from the model's fields -----------------------------------------------


class Mood(enum.StrEnum):
    GOOD = "good"
    BAD = "bad"


@attrs.frozen
class Inner:
    """Inner.

    Parameters
    ----------
    x, y : float
        A coordinate.
    """

    x: float
    y: float = 0.0


@attrs.frozen
class Toy:
    """A toy record with a field of every shape.

    Parameters
    ----------
    units : int
        Production units (``units``), at least 0.
    mood : Mood
    tags : tuple of str
    where : Inner
    notes : tuple of Inner
        Records inside a record.
    provenance : Source or Assumption or None
    """

    units: int = attrs.field(default=0, validator=integer(0))
    mood: Mood = Mood.GOOD
    tags: tuple[str, ...] = ()
    where: Inner = attrs.field(factory=lambda: Inner(0.0))
    notes: tuple[Inner, ...] = ()
    share: float | None = attrs.field(default=None, validator=number(0.0, 1.0, optional=True))
    provenance: Source | Assumption | None = None


def test_columns_are_derived_from_the_fields_of_any_record() -> None:
    """A field added to a model class (an int, an enum, a list, a nested record) gets its
    column, help and allowed values without a change to the workbook code."""
    cols = {c.key: c for c in _columns(Toy)}
    assert list(cols) == [
        "units",
        "mood",
        "tags",
        "where.x",
        "where.y",
        "notes",
        "share",
        "provenance",
        "provenance.low",
        "provenance.high",
    ]
    assert (cols["units"].kind, cols["units"].default, cols["units"].help) == (
        "integer",
        0,
        "Production units (units), at least 0.",
    )
    assert (cols["mood"].kind, cols["mood"].choices, cols["mood"].default) == (
        "choice",
        ("good", "bad"),
        "good",
    )
    assert (cols["tags"].kind, cols["where.x"].help, cols["notes"].kind) == (
        "texts",
        "A coordinate.",
        "json",
    )
    assert (cols["share"].kind, cols["share"].bounds) == ("number", "in [0, 1]")
    assert cols["provenance.low"].group == "provenance"
    row = {"units": 3, "tags": ["a", "b, c"], "notes": [{"x": 1.0}], "provenance": {"note": "n"}}
    cells = encode_record(_columns(Toy), row)
    # (no default under the optional record "where": it would bring one into being)
    assert cells == [3, "good", '["a", "b, c"]', None, None, '[{"x": 1.0}]', None, "assumption: n",
                     None, None]  # fmt: skip
