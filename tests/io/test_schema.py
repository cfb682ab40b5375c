"""The JSON Schema of case files accepts what the loader accepts (the Tiznit dump, generated
cases) and rejects out-of-range values and unknown fields. Needs ``jsonschema`` (test-only)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings

from ssestrategy.datasets import tiznit
from ssestrategy.io import case_schema, case_to_dict, dumps, schema_json
from ssestrategy.model import Case
from ssestrategy.testing import cases

jsonschema = pytest.importorskip("jsonschema")


@pytest.fixture(scope="module")
def validator() -> Any:
    schema = case_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def tiznit_data() -> dict[str, Any]:
    return json.loads(dumps(tiznit(), "json"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def rich_data(rich_case: Case) -> dict[str, Any]:
    return json.loads(dumps(rich_case, "json"))  # type: ignore[no-any-return]


def error_paths(validator: Any, data: Any) -> list[list[Any]]:
    return [list(e.absolute_path) for e in validator.iter_errors(data)]


def test_schema_text_is_the_schema() -> None:
    assert json.loads(schema_json()) == case_schema()


def test_tiznit_dump_is_valid(validator: Any, tiznit_data: dict[str, Any]) -> None:
    assert error_paths(validator, tiznit_data) == []


def test_capacity_of_1_5_is_rejected(validator: Any, tiznit_data: dict[str, Any]) -> None:
    data = copy.deepcopy(tiznit_data)
    data["actors"][12]["capacities"]["financing"] = 1.5
    assert error_paths(validator, data) == [["actors", 12, "capacities", "financing"]]


@pytest.mark.parametrize(
    ("edit", "path"),
    [
        (lambda d: d.__setitem__("bogus", 1), []),
        (lambda d: d["actors"][0].__setitem__("colour", "red"), ["actors", 0]),
        (lambda d: d["actors"][0].__setitem__("kind", "coop"), ["actors", 0, "kind"]),
        (lambda d: d["actors"][0].pop("capacities"), ["actors", 0]),
        (
            lambda d: d["partnerships"][0].__setitem__("intensity", "high"),
            ["partnerships", 0, "intensity"],
        ),
        (lambda d: d["partnerships"][0].__setitem__("budget", -1), ["partnerships", 0, "budget"]),
        (lambda d: d.__setitem__("horizon", 0), ["horizon"]),
        (lambda d: d["actors"][0].__setitem__("members", 2.5), ["actors", 0, "members"]),
    ],
)
def test_schema_rejects(
    validator: Any, rich_data: dict[str, Any], edit: Any, path: list[Any]
) -> None:
    assert error_paths(validator, rich_data) == []
    data = copy.deepcopy(rich_data)
    edit(data)
    assert path in error_paths(validator, data)


@settings(max_examples=30)
@given(case=cases(max_actors=5))
def test_every_generated_case_is_valid_against_the_schema(validator: Any, case: Case) -> None:
    assert error_paths(validator, case_to_dict(case)) == []


def test_a_design_section_is_valid_and_its_bounds_are_pairs(
    validator: Any, tiznit_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(tiznit_data)
    fund = "revolving-fund.recovery_rate"
    data["design"] = {
        "strategies": ["canadian-agency"],
        "budget": 1.5e7,
        "start": [0.0, 2.0],
        "vary_start": False,
        "parameters": {fund: [0.5, 0.9]},
        "slack": False,
    }
    assert error_paths(validator, data) == []
    data["design"]["start"] = [0.0, 1.0, 2.0]
    data["design"]["parameters"][fund] = [0.5]
    data["design"]["budget"] = 0
    assert sorted(error_paths(validator, data), key=str) == sorted(
        [["design", "start"], ["design", "parameters", fund], ["design", "budget"]], key=str
    )
