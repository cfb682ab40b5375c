"""Case files round-trip: ``dump`` then ``load`` gives back an equal case, in JSON and TOML.

The property runs on every case ``ssestrategy.testing.cases()`` generates (>= 1,000 examples in
the CI profile); the examples pin the layout of the file (sections at the top level, defaults
left out, named sources written as keys). ``case_to_dict`` and ``unstructure`` are checked
against a deliberately plain reference unstructurer (the fast one caches per class and per pass).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Mapping
from enum import Enum, IntEnum
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from ssestrategy.datasets import synthetic_territory, tiznit
from ssestrategy.errors import CaseFileError
from ssestrategy.io import (
    case_from_dict,
    case_hash,
    case_to_dict,
    dump,
    dumps,
    load,
    loads,
    unstructure,
)
from ssestrategy.model import (
    DEFAULT_PARAMETERS,
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


# --- equivalence with a plain reference unstructurer ----------------------------------------


def _ref_plain(value: Any, back: Mapping[Any, str]) -> Any:
    if isinstance(value, Source | Assumption):
        key = back.get(value)
        return key if key is not None else _ref_fields(value, back)
    if attrs.has(type(value)):
        return _ref_fields(value, back)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_ref_plain(v, back) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _ref_plain(v, back) for k, v in value.items()}
    return value


def _ref_fields(obj: Any, back: Mapping[Any, str]) -> dict[str, Any]:
    out = {}
    for f in attrs.fields(type(obj)):
        if not f.init:
            continue
        v = getattr(obj, f.name)
        default = f.default.factory() if isinstance(f.default, attrs.Factory) else f.default
        if v is None or (
            default is not attrs.NOTHING and type(v) is type(default) and v == default
        ):
            continue
        out[f.alias or f.name.lstrip("_")] = _ref_plain(v, back)
    return out


def _ref_case_to_dict(case: Case) -> dict[str, Any]:
    back = {v: k for k, v in case.sources.items()}
    body = _ref_fields(case, back)
    territory = _ref_fields(case.territory, back)
    lists = ("actors", "partnerships", "poles")
    head = ("description", "horizon", "periods_per_year")
    out = {"name": case.name, **{k: body[k] for k in head if k in body}}
    if case.sources:
        out["sources"] = {k: _ref_fields(v, {}) for k, v in case.sources.items()}
    out["territory"] = {k: v for k, v in territory.items() if k not in lists}
    out.update({k: territory[k] for k in lists if k in territory})
    params = {
        k: _ref_plain(v, back) for k, v in case.parameters.items() if DEFAULT_PARAMETERS.get(k) != v
    }
    if params:
        out["parameters"] = params
    skip = {"name", "territory", "parameters", "sources", *head}
    out.update({k: v for k, v in body.items() if k not in skip})
    return out


def _assert_identical(got: Any, want: Any, path: str = "") -> None:
    """Equal, with the same types and key order throughout (so 1 is not 1.0, nor a StrEnum
    member its string)."""
    assert type(got) is type(want), path
    if isinstance(got, dict):
        assert list(got) == list(want), path
        for k in got:
            _assert_identical(got[k], want[k], f"{path}.{k}")
    elif isinstance(got, list):
        assert len(got) == len(want), path
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            _assert_identical(g, w, f"{path}[{i}]")
    else:
        assert got == want, path


def _containers(data: Any) -> list[int]:
    """Ids of every dict and list in plain data."""
    if isinstance(data, dict):
        return [id(data)] + [i for v in data.values() for i in _containers(v)]
    if isinstance(data, list):
        return [id(data)] + [i for v in data for i in _containers(v)]
    return []


def _assert_same_as_reference(case: Case) -> None:
    got = case_to_dict(case)
    _assert_identical(got, _ref_case_to_dict(case))
    ids = _containers(got)
    assert len(ids) == len(set(ids)), "the output shares a dict or list between two places"
    back = {v: k for k, v in case.sources.items()}
    for obj in (case, case.territory, case.strategies, case.parameters):
        _assert_identical(unstructure(obj, sources=case.sources), _ref_plain(obj, back))
        _assert_identical(unstructure(obj), _ref_plain(obj, {}))


@settings(max_examples=200)
@given(case=cases(**SMALL))
def test_case_to_dict_equals_a_plain_reference_on_generated_cases(case: Case) -> None:
    _assert_same_as_reference(case)


@settings(max_examples=100)
@given(case=cases(max_actors=8, max_sources=5, labelled=True, foresight=True))
def test_case_to_dict_equals_a_plain_reference_on_labelled_cases(case: Case) -> None:
    _assert_same_as_reference(case)


class _Zero(IntEnum):
    ZERO = 0


class _Text(str):
    pass


def test_case_to_dict_equals_a_plain_reference_on_tiznit_and_edge_cases(rich_case: Case) -> None:
    _assert_same_as_reference(tiznit())
    _assert_same_as_reference(rich_case)
    # one unnamed assumption shared by every record: written out in full each time, unshared
    synthetic = attrs.evolve(tiznit(), territory=synthetic_territory(40, 80, rng=1))
    _assert_same_as_reference(synthetic)
    # equal to the default but of another type: written (a default is left out only when
    # `type(value) is type(default) and value == default`)
    actor = Actor(id="a", name="A", kind="cooperative", capacities=CAPS, members=_Zero.ZERO)
    odd = Case(name="odd", territory=Territory(name="T", actors=(actor,)), description=_Text(""))
    data = case_to_dict(odd)
    assert data["description"] == "" and data["actors"][0]["members"] == 0
    _assert_same_as_reference(odd)
