"""Case workbooks (``.xlsx``): ``case -> workbook -> case`` is exact, an edit made with openpyxl
is read back, and every kind of bad cell is reported at its ``sheet!cell``, never as a
half-built case. Needs openpyxl (the ``excel`` extra); skipped without it.
"""

from __future__ import annotations

import re
import shutil
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssestrategy.datasets import tiznit
from ssestrategy.errors import CaseFileError, ModelError, WorkbookError
from ssestrategy.io import (
    case_to_dict,
    dump,
    load,
    read_workbook,
    workbook_layout,
    write_template,
    write_workbook,
)
from ssestrategy.io.cells import to_tables
from ssestrategy.io.csv_tables import full_parameters
from ssestrategy.io.layout import layout
from ssestrategy.io.workbook import _write
from ssestrategy.model import ActorKind, Assumption, Case, Parameter, Source, Territory
from ssestrategy.testing import cases, mutate_case_dict

openpyxl = pytest.importorskip("openpyxl")

SMALL = {
    "max_actors": 5,
    "max_partnerships": 6,
    "max_poles": 2,
    "max_strategies": 2,
    "max_interventions": 2,
    "max_constraints": 2,
    "max_criteria": 3,
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("workbooks")


@pytest.fixture(scope="module")
def tiznit_xlsx(folder: Path) -> Path:
    path = folder / "tiznit.xlsx"
    dump(tiznit(), path)
    return path


@pytest.fixture(scope="module")
def rich_xlsx(folder: Path, rich_case: Case) -> Path:
    path = folder / "rich.xlsx"
    write_workbook(rich_case, path)
    return path


def edited(source: Path, tmp_path: Path, edit: Callable[[Any], None]) -> Path:
    """A copy of ``source`` changed by ``edit(workbook)`` with openpyxl."""
    wb = openpyxl.load_workbook(source)
    edit(wb)
    path = tmp_path / source.name
    wb.save(path)
    return path


def messages(path: Path) -> list[str]:
    with pytest.raises(WorkbookError) as info:
        load(path)
    assert len(info.value.fields) == len(info.value.problems)
    return [str(p) for p in info.value.problems]


def column(ws: Any, header: str) -> str:
    """The column letter of ``header`` in a sheet's header row."""
    from openpyxl.utils import get_column_letter

    for cell in ws[1]:
        if cell.value == header:
            return str(get_column_letter(cell.column))
    raise KeyError(header)


def _actors_provenance_column() -> str:
    from openpyxl.utils import get_column_letter

    headers = [c.key for c in layout()[[s.name for s in layout()].index("actors")].columns]
    return str(get_column_letter(headers.index("provenance") + 1))


PROV = _actors_provenance_column()
LOW = chr(ord(PROV) + 1)  # provenance.low is beside it


def set_cell(sheet: str, cell: str, value: Any) -> Callable[[Any], None]:
    def edit(wb: Any) -> None:
        wb[sheet][cell] = value

    return edit


# --- round trip -----------------------------------------------------------------------------


@settings(max_examples=30)
@given(case=cases(**SMALL))
def test_every_generated_case_round_trips_through_a_workbook(case: Case, folder: Path) -> None:
    path = folder / "generated.xlsx"
    write_workbook(case, path)
    assert read_workbook(path) == case


@settings(max_examples=10)
@given(case=cases(**SMALL, labelled=True, foresight=True))
def test_labelled_cases_with_foresight_round_trip(case: Case, folder: Path) -> None:
    path = folder / "labelled.xlsx"
    dump(case, path)
    assert load(path) == case


def test_tiznit_round_trips(tiznit_xlsx: Path) -> None:
    assert load(tiznit_xlsx) == tiznit()


def test_rich_case_round_trips(rich_xlsx: Path, rich_case: Case) -> None:
    assert read_workbook(rich_xlsx) == rich_case


def test_numbers_keep_every_digit_and_text_is_never_a_formula(tmp_path: Path) -> None:
    # 0.1 + 0.2 needs 17 significant digits (openpyxl writes 16); "=1+1" and "#N/A" are names
    case = Case(
        name="=1+1",
        territory=Territory(name="#N/A", provenance=Assumption("x", low=0.1 + 0.2, high=2.0**60)),
        horizon=0.1 + 0.2,
    )
    path = tmp_path / "digits.xlsx"
    write_workbook(case, path)
    assert read_workbook(path) == case
    cells = openpyxl.load_workbook(path)["case"]
    assert (cells["B2"].value, cells["B2"].data_type) == ("=1+1", "s")


def test_a_missing_foresight_section_has_no_sheets(tmp_path: Path) -> None:
    case = Case(name="demo", territory=Territory(name="T"))
    path = tmp_path / "demo.xlsx"
    write_workbook(case, path)
    names = openpyxl.load_workbook(path).sheetnames
    assert "micmac" not in names and "mactor" not in names
    assert read_workbook(path).foresight is None


def test_text_a_cell_cannot_hold_is_refused_when_writing(tmp_path: Path) -> None:
    case = Case(name="demo", territory=Territory(name="line\r\nbreak"))
    with pytest.raises(CaseFileError, match=r"^territory\.name: text with a carriage return"):
        write_workbook(case, tmp_path / "cr.xlsx")


# --- edits made with openpyxl ---------------------------------------------------------------


def test_a_changed_cell_is_read_back(tiznit_xlsx: Path, tmp_path: Path) -> None:
    """The issue's test: dump Tiznit, change a cell with openpyxl, load: the change is there."""
    assert (
        wb_value(tiznit_xlsx, "actors", "D2") == tiznit().territory.actors[0].capacities.financing
    )
    path = edited(tiznit_xlsx, tmp_path, set_cell("actors", "D2", 0.55))
    case = load(path)
    assert case.territory.actors[0].capacities.financing == 0.55
    expected = tiznit()
    actor = expected.territory.actors[0]
    changed = attrs.evolve(actor, capacities=attrs.evolve(actor.capacities, financing=0.55))
    actors = (changed, *expected.territory.actors[1:])
    assert case == attrs.evolve(expected, territory=attrs.evolve(expected.territory, actors=actors))


def test_rows_added_by_hand_are_read(rich_xlsx: Path, rich_case: Case, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        ws = wb["actors"]
        ws.append(["coop-new", "New coop", "cooperative", 0.1, 0.2, "0.3", "0.4", 12.0])
        wb["partnerships"].append(["coop-new", rich_case.territory.actors[0].id, "market", 0.5])
        wb["interventions"].append(
            ["explicit", "new fund", "financing", "cooperative, artisan", None, None, "TRUE"]
        )
        wb["sources"].append(["new-source", "Survey 2025", "approximate"])
        ws[f"{column(ws, 'provenance')}2"] = "new-source"

    case = read_workbook(edited(rich_xlsx, tmp_path, edit))
    new = case.territory.actor("coop-new")
    assert (new.capacities.as_tuple(), new.members) == ((0.1, 0.2, 0.3, 0.4), 12)
    assert case.territory.partnerships[-1].source == "coop-new"
    iv = case.strategy("explicit").interventions[-1]
    assert (iv.name, iv.target.describe()) == (
        "new fund",
        "cooperative or artisan actors, women-led",
    )
    assert case.territory.actors[0].provenance == Source("Survey 2025", label="approximate")


def test_formula_cells_give_their_saved_value(rich_xlsx: Path, tmp_path: Path) -> None:
    path = edited(rich_xlsx, tmp_path, set_cell("actors", "D2", "=0.1*2"))
    # openpyxl saves no computed value; a spreadsheet program would: put one in the file
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/") and b"<f>0.1*2</f>" in parts[n])
    parts[sheet] = parts[sheet].replace(b"<f>0.1*2</f><v />", b"<f>0.1*2</f><v>0.2</v>")
    assert b"<v>0.2</v>" in parts[sheet]
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    assert read_workbook(path).territory.actors[0].capacities.financing == 0.2


def test_template_lists_every_column_and_parameter(folder: Path) -> None:
    path = folder / "template.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "instructions" and wb.sheetnames[-1] == "lists"
    for sheet in layout():
        if sheet.kind not in ("fields", "grid"):
            header = [c.value for c in wb[sheet.name][1]]
            assert header == [c.key for c in sheet.columns], sheet.name
    params = [r[0].value for r in wb["parameters"].iter_rows(min_row=2)]
    assert params == list(Case(name="x", territory=Territory(name="t")).parameters)
    guide = [c.value for c in wb["instructions"]["B"]]
    for sheet in workbook_layout():
        for col in sheet["columns"]:
            assert col["column"] in guide
    lists = {str(dv.sqref): dv.formula1 for dv in wb["actors"].data_validations.dataValidation}
    # drop-down lists: kind, rural (true/false), status; the lists sheet holds each list once,
    # in order of first use (true/false first: the case sheet's design.vary_start)
    assert lists == {
        "C2:C1048576": "lists!$B$2:$B$11",
        "K2:K1048576": "lists!$A$2:$A$3",
        "N2:N1048576": "lists!$C$2:$C$3",
    }
    assert [c.value for c in wb["lists"]["A"]][1:3] == [True, False]
    kinds = [c.value for c in wb["lists"]["B"]][1:]
    assert [k for k in kinds if k is not None] == [k.value for k in ActorKind]
    assert wb["actors"].freeze_panes == "B2"
    # filled in, it is a case
    wb["case"]["B2"] = "demo"
    wb["territory"]["B2"] = "Nowhere"
    wb.save(folder / "filled.xlsx")
    case = read_workbook(folder / "filled.xlsx")
    assert case == Case(name="demo", territory=Territory(name="Nowhere"), foresight=case.foresight)
    assert not case.foresight.has_micmac and not case.foresight.has_mactor


# --- errors, each at its cell ---------------------------------------------------------------


def test_the_issue_example_capacity_out_of_range(rich_xlsx: Path, tmp_path: Path) -> None:
    path = edited(rich_xlsx, tmp_path, set_cell("actors", "D14", 1.5))
    with pytest.raises(WorkbookError) as info:
        load(path)
    assert str(info.value) == "actors!D14: 1.5 is outside [0, 1]"
    assert info.value.fields == ("actors[12].capacities.financing",)
    assert isinstance(info.value, CaseFileError) and isinstance(info.value, ModelError)


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "message"),
    [
        ("actors", "D3", "high", "actors!D3: expected a number, got the string 'high'"),
        ("actors", "H3", 2.5, "actors!H3: expected an integer, got float 2.5"),
        ("actors", "B3", None, "actors!B3: missing required field"),
        (
            "actors",
            "A3",
            "a b",
            "actors!A3: invalid id 'a b': use letters (of any script), digits and _ . : -, "
            "starting with a letter or digit (no spaces or other signs)",
        ),
        ("actors", "K3", "maybe", "actors!K3: expected true or false, got the string 'maybe'"),
        (
            "actors",
            "C3",
            "coop",
            "actors!C3: unknown value 'coop' (expected one of: cooperative, enterprise, artisan, "
            "association, public_authority, ministry, chamber, development_agency, "
            "financial_institution, research_training)",
        ),
        ("partnerships", "B2", "coop-17", "partnerships!B2: unknown actor 'coop-17'"),
        ("micmac", "C2", 5, "micmac!C2: 5 is outside [0, 3]"),
        ("micmac", "B2", 1, "micmac!B2: diagonal must be 0"),
        ("criteria", "F2", -1, "criteria!F2: -1 is outside [0, inf]"),
        ("case", "B4", 0, "case!B4: 0 is outside (0, inf]"),
        ("territory", "B2", None, "territory!B2: missing required field"),
    ],
)
def test_bad_cells_are_reported_at_their_cell(
    rich_xlsx: Path, tmp_path: Path, sheet: str, cell: str, value: Any, message: str
) -> None:
    # the first problem (a bad id also leaves the partnerships naming the actor dangling)
    assert messages(edited(rich_xlsx, tmp_path, set_cell(sheet, cell, value)))[0] == message


def test_a_duplicate_id_names_the_first_cell(rich_xlsx: Path, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        wb["actors"]["A4"] = wb["actors"]["A3"].value

    first = wb_value(rich_xlsx, "actors", "A3")
    assert messages(edited(rich_xlsx, tmp_path, edit))[0] == (
        f"actors!A4: duplicate id {first!r} (first at actors!A3)"
    )


def test_every_problem_is_reported_in_sheet_order(rich_xlsx: Path, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        wb["partnerships"]["D3"] = 7
        wb["actors"]["E5"] = -1
        wb["actors"]["D2"] = "x"

    assert messages(edited(rich_xlsx, tmp_path, edit)) == [
        "actors!D2: expected a number, got the string 'x'",
        "actors!E5: -1 is outside [0, 1]",
        "partnerships!D3: 7 is outside [0, 1]",
    ]


def test_layout_problems(rich_xlsx: Path, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        wb["actors"]["D1"] = "capacity.financing"
        wb["actors"]["Q1"] = "# my notes"
        wb["actors"]["Q2"] = "ignored"
        wb["actors"]["S3"] = "stray"
        wb["case"]["A7"] = "horizn"

    assert messages(edited(rich_xlsx, tmp_path, edit)) == [
        "case!A7: unknown field 'horizn' (did you mean 'horizon'?)",
        "actors!D1: unknown column 'capacity.financing' (did you mean 'capacities.financing'?); "
        "columns whose header starts with # are yours (ignored)",
        "actors!R1: missing column 'capacities.financing'",
        "actors!S3: a value in a column without a header (give it one; a header starting with #"
        " is yours)",
    ]


def test_provenance_cells(rich_xlsx: Path, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        ws = wb["actors"]
        prov, low, high = (
            column(ws, h) for h in ("provenance", "provenance.low", "provenance.high")
        )
        ws[f"{prov}2"], ws[f"{low}2"] = "nowhere", None
        ws[f"{prov}3"], ws[f"{low}3"] = wb["sources"]["A2"].value, 0.1
        ws[f"{prov}4"], ws[f"{low}4"], ws[f"{high}4"] = "assumption: a guess", 0.3, 0.1
        ws[f"{prov}5"] = "hearsay source: my neighbour"

    problems = messages(edited(rich_xlsx, tmp_path, edit))
    keys = ", ".join(sorted(r[0].value for r in load_rows(rich_xlsx, "sources")))
    assert problems == [
        f"actors!{PROV}2: unknown source 'nowhere' (sources: {keys}); an inline provenance reads "
        "'assumption: why' or 'source: citation'",
        f"actors!{LOW}3: a low belongs to an inline assumption: write 'assumption: why' in the "
        f"provenance column, or give it to source {wb_value(rich_xlsx, 'sources', 'A2')!r} on "
        "the sources sheet",
        f"actors!{LOW}4: low 0.3 exceeds high 0.1",
        f"actors!{PROV}5: unknown label 'hearsay' of an inline source (expected one of: official, "
        "approximate, derived)",
    ]


def load_rows(path: Path, sheet: str) -> list[Any]:
    return list(openpyxl.load_workbook(path)[sheet].iter_rows(min_row=2))


def wb_value(path: Path, sheet: str, cell: str) -> Any:
    return openpyxl.load_workbook(path)[sheet][cell].value


def test_child_rows_name_their_parent(rich_xlsx: Path, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        wb["interventions"]["A2"] = "no-such-strategy"
        wb["pole_members"]["A3"] = None

    problems = messages(edited(rich_xlsx, tmp_path, edit))
    assert "pole_members!A3: which pole? give the id of a row of the poles sheet" in problems
    assert problems[-1].startswith(
        "interventions!A2: unknown strategy 'no-such-strategy' (strategies: french-agency, "
    )


def test_lists_in_a_cell(rich_xlsx: Path, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        wb["interventions"]["D2"] = '["cooperative", '
        wb["interventions"]["D3"] = "cooperative, coop"

    problems = messages(edited(rich_xlsx, tmp_path, edit))
    assert problems[0] == (
        'interventions!D2: a list in brackets must be JSON, e.g. ["a, b", "c"] (Expecting value)'
    )
    assert problems[1].startswith("interventions!D3: unknown value 'coop'") or problems[
        1
    ].startswith("interventions!D3: expected an actor kind")


def test_formula_without_a_saved_value_and_error_cells(rich_xlsx: Path, tmp_path: Path) -> None:
    def edit(wb: Any) -> None:
        wb["actors"]["D2"] = "=0.1*2"
        wb["actors"]["E2"] = "#DIV/0!"

    assert messages(edited(rich_xlsx, tmp_path, edit)) == [
        "actors!D2: a formula (=0.1*2) without a computed value: open and save the file in a "
        "spreadsheet program, or type the value",
        "actors!E2: the cell holds the error #DIV/0!",
    ]


def test_foresight_headers_follow_the_rows(rich_xlsx: Path, tmp_path: Path) -> None:
    first = wb_value(rich_xlsx, "micmac", "A2")
    path = edited(rich_xlsx, tmp_path, set_cell("micmac", "B1", "other"))
    assert messages(path) == [
        f"micmac!B1: this column is for variable {first!r} (row 2), found 'other': one column "
        "per row, in the order of the rows"
    ]


def test_sources_sheet_rows(rich_xlsx: Path, tmp_path: Path) -> None:
    dup = wb_value(rich_xlsx, "sources", "A3")

    def edit(wb: Any) -> None:
        wb["sources"]["D2"] = "and a note"
        wb["sources"].append([dup, "another citation"])

    path = edited(rich_xlsx, tmp_path, edit)
    last = openpyxl.load_workbook(path)["sources"].max_row
    assert messages(path) == [
        "sources!D2: unknown field (expected one of: citation, label)",
        f"sources!A{last}: {dup!r} given twice (first in row 3)",
    ]


def test_not_a_workbook_and_missing_sheets(tmp_path: Path) -> None:
    bad = tmp_path / "text.xlsx"
    bad.write_text("name,value\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"is not an \.xlsx workbook"):
        load(bad)
    with pytest.raises(CaseFileError, match="cannot read"):
        load(tmp_path / "absent.xlsx")
    wb = openpyxl.Workbook()
    wb.active.title = "notes"
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(WorkbookError, match="not a case workbook: no sheet named case, "):
        load(tmp_path / "other.xlsx")
    wb.create_sheet("actors")
    wb.save(tmp_path / "partial.xlsx")
    assert messages(tmp_path / "partial.xlsx") == [
        "case!A1: missing sheet 'case'",
        "territory!A1: missing sheet 'territory'",
    ]


def test_a_clear_error_without_the_excel_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(CaseFileError, match=re.escape("pip install 'ssestrategy[excel]'")):
        dump(Case(name="x", territory=Territory(name="t")), tmp_path / "x.xlsx")
    with pytest.raises(CaseFileError, match="needs the 'excel' extra"):
        load(tmp_path / "x.xlsx")


# --- the loader's field paths, told as cells ------------------------------------------------

# mutations a sheet represents as they are (a string in a number column is read as a number
# when it reads as one, and an empty cell is a default: those kinds are tested above by hand)
KINDS = [
    "out-of-range",
    "float-for-integer",
    "duplicate-id",
    "invalid-id",
    "unknown-reference",
    "missing-field",
    "bad-enum",
    "blank-text",
]


@settings(max_examples=40)
@given(case=cases(**SMALL), data=st.data())
def test_mutations_are_reported_at_the_cell_of_their_path(
    case: Case, data: st.DataObject, folder: Path
) -> None:
    broken, path = mutate_case_dict(case_to_dict(case), data.draw, kinds=KINDS)
    broken["parameters"] = {**full_parameters(case), **broken.get("parameters", {})}
    target = folder / "broken.xlsx"
    refused = _raised(CaseFileError, lambda: _write(to_tables(broken), target, template=False))
    if refused is not None:  # a field no column holds (an unknown lever parameter)
        assert refused.path == path
        return
    err = _raised(WorkbookError, lambda: read_workbook(target))
    if err is None:
        # only what a sheet cannot tell apart: a blank value (read as the default), or a
        # pole's member list deleted (a pole without rows on pole_members has no members)
        assert path.endswith(".members") or _at(broken, path) == "", path
        return
    # the path itself, or (a section or table deleted) a field under it
    assert any(f == path or f.startswith((path + ".", path + "[")) for f in err.fields), (
        path,
        err.fields,
    )
    assert all(re.match(r"^[a-z_]+!([A-Z]+\d+)$", p.path) for p in err.problems if p.path)


E = TypeVar("E", bound=Exception)


def _raised(kind: type[E], run: Callable[[], object]) -> E | None:
    try:
        run()
    except kind as err:
        return err
    return None


def _at(data: Any, path: str) -> Any:
    node = data
    for part in re.findall(r"[^.\[\]]+", path):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def test_parameters_sheet_overrides_a_default(tmp_path: Path) -> None:
    case = Case(name="demo", territory=Territory(name="T"))
    path = tmp_path / "demo.xlsx"
    write_workbook(case, path)
    wb = openpyxl.load_workbook(path)
    rows = {r[0].value: r[0].row for r in wb["parameters"].iter_rows(min_row=2)}
    wb["parameters"][f"B{rows['learning_rate']}"] = 0.3
    wb["parameters"][f"D{rows['learning_rate']}"] = "assumption: workshop estimate"
    wb["parameters"][f"E{rows['learning_rate']}"] = None
    wb["parameters"][f"F{rows['learning_rate']}"] = None
    wb.save(path)
    back = read_workbook(path)
    assert back.parameters["learning_rate"] == Parameter(
        0.3, unit="1/year", provenance=Assumption("workshop estimate")
    )
    assert back.parameters["max_gain"] == case.parameters["max_gain"]


def test_the_dump_and_template_are_left_alone_by_copying(tiznit_xlsx: Path, tmp_path: Path) -> None:
    # reading does not change the file (read-only mode)
    copy = tmp_path / "copy.xlsx"
    shutil.copy(tiznit_xlsx, copy)
    before = copy.read_bytes()
    load(copy)
    assert copy.read_bytes() == before
