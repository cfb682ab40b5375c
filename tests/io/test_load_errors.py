"""Bad case files give a ModelError naming the field path (or the line), never another error.

The named examples are those of the foundation issue, each loaded with ``ssestrategy.io.load``
from a file; the property breaks generated cases with ``ssestrategy.testing.mutate_case_dict``
(>= 1,000 examples in the CI profile).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssestrategy.errors import CaseFileError, ModelError, Problem
from ssestrategy.io import case_from_dict, case_to_dict, load, loads
from ssestrategy.model import Case
from ssestrategy.testing import MUTATION_KINDS, cases, mutate_case_dict

SMALL = {
    "max_actors": 5,
    "max_partnerships": 6,
    "max_poles": 2,
    "max_strategies": 2,
    "max_interventions": 2,
    "max_constraints": 2,
    "max_criteria": 3,
}


def actor_toml(i: int, *, financing: str = "0.3", extra: str = "") -> str:
    return (
        "[[actors]]\n"
        f'id = "coop-{i}"\n'
        f'name = "Cooperative {i}"\n'
        'kind = "cooperative"\n'
        f"capacities = {{ financing = {financing}, networking = 0.4, innovation = 0.2, "
        "governance = 0.5 }\n"
        f"{extra}\n"
    )


def partnership_toml(source: str, target: str, *, intensity: str = "0.5", extra: str = "") -> str:
    return (
        "[[partnerships]]\n"
        f'source = "{source}"\n'
        f'target = "{target}"\n'
        'kind = "convention"\n'
        f"intensity = {intensity}\n"
        f"{extra}\n"
    )


HEADER = 'name = "Demo"\n\n[territory]\nname = "Tiznit"\nregion = "Souss-Massa"\n\n'


def case_toml(n_actors: int = 13, ties: list[str] | None = None, **actor_kw: dict[int, str]) -> str:
    """A valid TOML case of ``n_actors`` cooperatives ``coop-0``..., with the given ties."""
    financing = actor_kw.get("financing", {})
    extras = actor_kw.get("extra", {})
    parts = [HEADER]
    for i in range(n_actors):
        parts.append(actor_toml(i, financing=financing.get(i, "0.3"), extra=extras.get(i, "")))
    if ties is None:
        ties = [partnership_toml(f"coop-{i}", f"coop-{i + 1}") for i in range(4)]
    parts.extend(ties)
    return "".join(parts)


def write(tmp_path: Path, text: str, name: str = "case.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> tuple[Problem, ...]:
    with pytest.raises(ModelError) as info:
        load(path)
    return info.value.problems


def test_the_valid_base_file_loads(tmp_path: Path) -> None:
    case = load(write(tmp_path, case_toml()))
    assert len(case.territory.actors) == 13
    assert len(case.territory.partnerships) == 4


# --- the named examples ------------------------------------------------------------


def test_unknown_reference(tmp_path: Path) -> None:
    ties = [partnership_toml(f"coop-{i}", f"coop-{i + 1}") for i in range(3)]
    ties.append(partnership_toml("coop-3", "coop-17"))
    path = write(tmp_path, case_toml(ties=ties))
    with pytest.raises(ModelError) as info:
        load(path)
    assert str(info.value) == "partnerships[3].target: unknown actor 'coop-17'"
    assert info.value.problems == (Problem("partnerships[3].target", "unknown actor 'coop-17'"),)


def test_capacity_outside_unit_interval(tmp_path: Path) -> None:
    path = write(tmp_path, case_toml(financing={12: "1.5"}))
    with pytest.raises(ModelError) as info:
        load(path)
    assert str(info.value) == "actors[12].capacities.financing: 1.5 is outside [0, 1]"


def test_duplicate_id(tmp_path: Path) -> None:
    text = case_toml().replace('id = "coop-5"', 'id = "coop-2"')
    with pytest.raises(ModelError) as info:
        load(write(tmp_path, text))
    assert str(info.value) == "actors[5].id: duplicate id 'coop-2' (first at actors[2])"


@pytest.mark.parametrize(
    ("value", "shown"), [("nan", "nan"), ("inf", "inf"), ("-inf", "-inf"), ("+nan", "nan")]
)
def test_non_finite_numbers_in_toml(tmp_path: Path, value: str, shown: str) -> None:
    path = write(tmp_path, case_toml(financing={0: value}))
    with pytest.raises(ModelError) as info:
        load(path)
    assert str(info.value) == f"actors[0].capacities.financing: {shown} is not a finite number"


@pytest.mark.parametrize(
    ("token", "shown"),
    [("NaN", "nan"), ("Infinity", "inf"), ("-Infinity", "-inf"), ("1e999", "inf")],
)
def test_non_finite_numbers_in_json(tmp_path: Path, token: str, shown: str) -> None:
    text = (
        '{"name": "Demo", "territory": {"name": "T"},\n'
        ' "actors": [{"id": "a", "name": "A", "kind": "cooperative", "capacities":\n'
        '   {"financing": 0.1, "networking": 0.1, "innovation": 0.1, "governance": 0.1}}],\n'
        f' "horizon": {token}}}\n'
    )
    with pytest.raises(ModelError) as info:
        load(write(tmp_path, text, "case.json"))
    assert str(info.value) == f"horizon: {shown} is not a finite number"


def test_string_for_a_number(tmp_path: Path) -> None:
    ties = [partnership_toml("coop-0", "coop-1", intensity='"high"')]
    with pytest.raises(ModelError) as info:
        load(write(tmp_path, case_toml(ties=ties)))
    assert str(info.value) == "partnerships[0].intensity: expected a number, got the string 'high'"


def test_toml_syntax_error_reports_its_line(tmp_path: Path) -> None:
    text = case_toml(n_actors=3)
    lines = text.splitlines()
    broken = lines.index('kind = "cooperative"', 10)  # the third actor's kind
    lines[broken] = "kind = cooperative"  # a bare word is not a TOML value
    path = write(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(CaseFileError) as info:
        load(path)
    line = broken + 1
    (problem,) = info.value.problems
    assert problem.line == line
    assert problem.path == ""
    assert str(info.value).startswith(f"line {line}: TOML syntax error: ")
    assert f"line {line}" in problem.message


def test_json_syntax_error_reports_its_line(tmp_path: Path) -> None:
    text = '{\n "name": "Demo",\n "territory": {"name": "T"}\n "actors": []\n}\n'
    with pytest.raises(CaseFileError) as info:
        load(write(tmp_path, text, "case.json"))
    assert str(info.value) == "line 4: JSON syntax error: Expecting ',' delimiter (column 2)"
    assert info.value.problems[0].line == 4


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    with pytest.raises(CaseFileError) as info:
        load(path)
    assert str(info.value) == f"cannot read {path}: No such file or directory"


def test_unknown_section(tmp_path: Path) -> None:
    text = case_toml(n_actors=2, ties=[]) + "[strategy]\nid = 'x'\n"
    (problem,) = problems_of(write(tmp_path, text))
    assert problem.path == "strategy"
    assert problem.message.startswith("unknown section (expected one of: ")
    assert "strategies" in problem.message


def test_unknown_field(tmp_path: Path) -> None:
    text = case_toml(n_actors=2, ties=[], extra={1: 'colour = "red"'})
    with pytest.raises(ModelError) as info:
        load(write(tmp_path, text))
    assert str(info.value) == (
        "actors[1].colour: unknown field (expected one of: id, name, kind, capacities, members, "
        "women_share, commune, rural, value_chain, units, status, provenance)"
    )


# --- more bad files --------------------------------------------------------------------------


def test_missing_required_field(tmp_path: Path) -> None:
    text = case_toml(n_actors=3, ties=[]).replace('name = "Cooperative 1"\n', "")
    with pytest.raises(ModelError) as info:
        load(write(tmp_path, text))
    assert str(info.value) == "actors[1].name: missing required field"


def test_missing_territory_section(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as info:
        load(write(tmp_path, 'name = "x"\n'))
    assert str(info.value) == "territory: missing required section"


def test_bad_enum_value(tmp_path: Path) -> None:
    text = case_toml(n_actors=2, ties=[]).replace('kind = "cooperative"', 'kind = "coop"', 1)
    (problem,) = problems_of(write(tmp_path, text))
    assert problem.path == "actors[0].kind"
    assert problem.message.startswith("unknown value 'coop' (expected one of: cooperative, ")


def test_negative_budget(tmp_path: Path) -> None:
    ties = [partnership_toml("coop-0", "coop-1", extra="budget = -5")]
    with pytest.raises(ModelError) as info:
        load(write(tmp_path, case_toml(n_actors=2, ties=ties)))
    assert str(info.value) == "partnerships[0].budget: -5 is outside [0, inf]"


def test_every_problem_is_reported(tmp_path: Path) -> None:
    """Independent records are all checked: one error does not hide the next."""
    ties = [partnership_toml("coop-0", "coop-1", intensity="2")]
    text = case_toml(n_actors=3, ties=ties, financing={0: "-1", 2: '"a lot"'})
    text = text.replace('name = "Cooperative 1"\n', 'name = "Cooperative 1"\nmembers = 2.5\n')
    paths = [p.path for p in problems_of(write(tmp_path, text))]
    assert paths == [
        "actors[0].capacities.financing",
        "actors[1].members",
        "actors[2].capacities.financing",
        "partnerships[0].intensity",
    ]


def test_territory_problems_are_all_collected(tmp_path: Path) -> None:
    ties = [
        partnership_toml("coop-0", "ghost"),
        partnership_toml("coop-1", "coop-1"),
    ]
    text = case_toml(n_actors=3, ties=ties).replace('id = "coop-2"', 'id = "coop-0"')
    text += '[[poles]]\nid = "p"\nname = "P"\nvalue_chain = "argan"\nmembers = ["coop-1", "x"]\n'
    text += 'anchor = "coop-0"\n'
    paths = [p.path for p in problems_of(write(tmp_path, text))]
    assert paths == [
        "actors[2].id",
        "partnerships[0].target",
        "partnerships[1].target",
        "poles[0].members[1]",
        "poles[0].anchor",
    ]


def test_lists_inside_the_territory_section_are_refused(tmp_path: Path) -> None:
    text = 'name = "x"\n[territory]\nname = "t"\n[[territory.actors]]\nid = "a"\n'
    with pytest.raises(ModelError) as info:
        load(write(tmp_path, text))
    assert str(info.value) == (
        "territory.actors: put actors at the top level of the file, not in [territory]"
    )


def test_unknown_source_key(tmp_path: Path) -> None:
    text = case_toml(n_actors=1, ties=[], extra={0: 'provenance = "census"'})
    with pytest.raises(ModelError) as info:
        load(write(tmp_path, text))
    assert (
        str(info.value) == "actors[0].provenance: unknown source 'census' (sources: none defined)"
    )


def test_a_string_for_a_section_table() -> None:
    """Regression: a non-table ``foresight`` used to escape as a TypeError."""
    with pytest.raises(ModelError) as info:
        case_from_dict({"name": "x", "territory": {"name": "t"}, "foresight": "abc"})
    assert str(info.value) == "foresight: expected a table, got the string 'abc'"


def test_an_integer_too_large_for_a_float() -> None:
    """Regression: JSON allows integers of any size; one used to escape as an OverflowError."""
    text = '{"name": "x", "territory": {"name": "t"}, "horizon": 1' + "0" * 400 + "}"
    with pytest.raises(ModelError) as info:
        loads(text, "json")
    assert str(info.value) == "horizon: integer too large to be a finite number"


def test_a_number_for_a_list_of_values() -> None:
    """Regression: ``values = 0.5`` in a distribution used to escape as a TypeError."""
    data = {
        "name": "x",
        "territory": {"name": "t"},
        "uncertainties": {
            "parameters": [
                {"parameter": "funding_delay", "distribution": {"kind": "discrete", "values": 0.5}}
            ]
        },
    }
    with pytest.raises(ModelError) as info:
        case_from_dict(data)
    assert str(info.value) == (
        "uncertainties.parameters[0].distribution.values: expected a list of numbers"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "a case file must hold a table, got list"),
        ('"case"', "a case file must hold a table, got the string 'case'"),
        ('{"name": "x", "territory": []}', "territory: expected a table, got list"),
        ('{"name": "x", "territory": {"name": "t"}, "actors": {}}', "actors: expected a list"),
        ('{"name": 3, "territory": {"name": "t"}}', "name: expected a string, got int 3"),
        ('{"name": "x", "territory": {"name": "t"}, "sources": []}', "sources: expected a table"),
        ('{"name": "x", "territory": {"name": "t"}, "horizon": true}', "horizon: expected a"),
        ('{"territory": {"name": "t"}}', "name: missing required field"),
    ],
)
def test_structural_errors_in_json(text: str, message: str) -> None:
    with pytest.raises(ModelError) as info:
        loads(text, "json")
    assert str(info.value).startswith(message)


def test_non_utf8_and_directory_are_case_file_errors(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('name = "Coopérative"\n'.encode("latin-1"))
    with pytest.raises(CaseFileError) as info:
        load(path)
    assert str(info.value) == f"{path} is not UTF-8 text (byte 12 cannot be decoded)"
    folder = tmp_path / "folder.json"
    folder.mkdir()
    with pytest.raises(CaseFileError, match="is a directory, not a case file"):
        load(folder)


def test_toml_dates_are_refused_as_numbers(tmp_path: Path) -> None:
    ties = [partnership_toml("coop-0", "coop-1", extra="start = 2021-04-01")]
    with pytest.raises(ModelError) as info:
        load(write(tmp_path, case_toml(n_actors=2, ties=ties)))
    assert str(info.value).startswith("partnerships[0].start: expected an integer, got date")


# --- properties ------------------------------------------------------------------------------


@pytest.mark.ci_property
@given(case=cases(**SMALL), data=st.data())
def test_mutations_give_model_errors_at_their_path(case: Case, data: st.DataObject) -> None:
    broken, path = mutate_case_dict(case_to_dict(case), data.draw)
    with pytest.raises(ModelError) as info:  # any other exception fails the test
        case_from_dict(broken)
    paths = [p.path for p in info.value.problems]
    assert path in paths
    assert all(p.message for p in info.value.problems)
    # the same through a JSON file's text (NaN and infinities as JSON's extensions)
    with pytest.raises(ModelError) as info_json:
        loads(json.dumps(broken), "json")
    assert info_json.value.problems == info.value.problems


@pytest.mark.parametrize("kind", MUTATION_KINDS)
@settings(max_examples=25)
@given(data=st.data())
def test_each_kind_of_mutation_on_a_full_case(
    kind: str, rich_case: Case, data: st.DataObject
) -> None:
    """Every kind applies to a case with every section filled, and is reported at its path."""
    broken, path = mutate_case_dict(case_to_dict(rich_case), data.draw, kinds=[kind])
    with pytest.raises(ModelError) as info:
        case_from_dict(broken)
    assert path in [p.path for p in info.value.problems]
