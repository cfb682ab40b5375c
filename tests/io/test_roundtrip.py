"""Case files round-trip: ``dump`` then ``load`` gives back an equal case, in JSON and TOML.

The property runs on every case ``ssestrategy.testing.cases()`` generates (>= 1,000 examples in
the CI profile); the examples pin the layout of the file (sections at the top level, defaults
left out, named sources written as keys).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given

from ssestrategy.errors import CaseFileError
from ssestrategy.io import case_from_dict, case_hash, case_to_dict, dump, dumps, load, loads
from ssestrategy.model import (
    Actor,
    Assumption,
    Case,
    Parameter,
    Partnership,
    Source,
    Territory,
)
from ssestrategy.testing import cases

HAVE_TOML_WRITER = importlib.util.find_spec("tomli_w") is not None

# small cases keep 1,000 examples within seconds
SMALL = {
    "max_actors": 5,
    "max_partnerships": 6,
    "max_poles": 2,
    "max_strategies": 2,
    "max_interventions": 2,
    "max_constraints": 2,
    "max_criteria": 3,
}

CAPS = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("roundtrip")


@pytest.mark.ci_property
@given(case=cases(**SMALL))
def test_every_generated_case_round_trips_through_json_and_toml_files(
    case: Case, workdir: Path
) -> None:
    formats = ["json", "toml"] if HAVE_TOML_WRITER else ["json"]
    for fmt in formats:
        path = workdir / f"case.{fmt}"
        dump(case, path)
        back = load(path)
        assert back == case, fmt
        # writing the loaded case again gives the same text: the format is a fixed point
        assert dumps(back, fmt) == path.read_text(encoding="utf-8")


def test_equal_cases_have_equal_hashes(rich_case: Case) -> None:
    back = loads(dumps(rich_case, "json"), "json")
    assert back is not rich_case
    assert case_hash(back) == case_hash(rich_case)
    other = rich_case.with_parameters(learning_rate=0.3)
    assert case_hash(other) != case_hash(rich_case)


def test_empty_case_file_is_minimal() -> None:
    case = Case(name="empty", territory=Territory(name="Nowhere"))
    assert case_to_dict(case) == {"name": "empty", "territory": {"name": "Nowhere"}}
    assert loads(dumps(case), "json") == case


def test_file_layout_puts_lists_at_top_level_and_writes_source_keys() -> None:
    census = Source("HCP census 2024", label="official")
    guess = Assumption("illustrative", low=0.1, high=0.9)
    territory = Territory(
        name="T",
        actors=(
            Actor(id="a", name="A", kind="cooperative", capacities=CAPS, provenance=census),
            Actor(id="b", name="B", kind="association", capacities=CAPS, provenance=guess),
        ),
        partnerships=(Partnership(source="a", target="b", kind="market", intensity=0.5),),
    )
    case = Case(
        name="layout",
        territory=territory,
        parameters={"learning_rate": Parameter(0.3, provenance=guess)},
        sources={"census": census},
    )
    data = case_to_dict(case)
    assert list(data) == ["name", "sources", "territory", "actors", "partnerships", "parameters"]
    assert data["sources"] == {"census": {"citation": "HCP census 2024"}}
    assert data["actors"][0]["provenance"] == "census"
    assert data["actors"][1]["provenance"] == {"note": "illustrative", "low": 0.1, "high": 0.9}
    # default parameters are left out, overridden ones written with their provenance
    assert set(data["parameters"]) == {"learning_rate"}
    assert case_from_dict(json.loads(json.dumps(data))) == case


@pytest.mark.skipif(not HAVE_TOML_WRITER, reason="needs tomli-w")
def test_toml_text_is_readable_and_round_trips() -> None:
    case = Case(
        name='quote " and backslash \\',
        territory=Territory(name="Tiznit\nline two", region="ⵙⵓⵙ ماسة"),
        description="tab\there",
    )
    text = dumps(case, "toml")
    assert text.startswith('name = "quote \\" and backslash \\\\"')
    assert loads(text, "toml") == case


def test_toml_without_writer_is_a_case_file_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tomli_w", None)  # makes `import tomli_w` fail
    case = Case(name="x", territory=Territory(name="t"))
    with pytest.raises(CaseFileError) as info:
        dumps(case, "toml")
    assert "pip install 'ssestrategy[toml]'" in str(info.value)


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    case = Case(name="x", territory=Territory(name="t"))
    with pytest.raises(CaseFileError) as info:
        dump(case, tmp_path / "case.yaml")
    assert str(info.value).startswith("unknown case-file format 'yaml'")
    with pytest.raises(CaseFileError):
        dumps(case, "xml")
    with pytest.raises(CaseFileError):
        loads("{}", "yaml")


def test_format_argument_overrides_the_suffix(tmp_path: Path) -> None:
    case = Case(name="x", territory=Territory(name="t"))
    path = tmp_path / "case.txt"
    dump(case, path, fmt="json")
    assert load(path, fmt="json") == case
