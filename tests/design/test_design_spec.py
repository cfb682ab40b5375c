"""A case file declares its design space (issue 13): the ``design`` section, its checks with
field paths, its round trips (JSON, TOML, workbook, JSON Schema) and its use by
``DesignSpace.of``, ``optimize`` and ``ssestrategy design``."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssestrategy.cli import main
from ssestrategy.datasets import tiznit
from ssestrategy.design import DesignSpace
from ssestrategy.errors import ModelError
from ssestrategy.io import case_from_dict, case_to_dict, dump, dumps, load, loads
from ssestrategy.model import Case, DesignSpec, Strategy
from ssestrategy.model.strategy import LEVER_PARAMETERS
from ssestrategy.testing import cases

HAVE_TOML_WRITER = importlib.util.find_spec("tomli_w") is not None
HAVE_OPENPYXL = importlib.util.find_spec("openpyxl") is not None

FUND = "revolving-fund.recovery_rate"


@cache
def _tiznit() -> Case:
    return tiznit()


def _spec(**kw: Any) -> DesignSpec:
    base: dict[str, Any] = {
        "strategies": ("canadian-agency",),
        "budget": 1.5e7,
        "start": (0.0, 2.0),
        "parameters": {FUND: (0.5, 0.9)},
        "slack": False,
    }
    return DesignSpec(**(base | kw))


def _with(spec: DesignSpec | None) -> Case:
    return attrs.evolve(_tiznit(), design=spec)


def _error(data: dict[str, Any]) -> list[str]:
    with pytest.raises(ModelError) as info:
        case_from_dict(data)
    return [str(p) for p in info.value.problems]


# --- round trips ---------------------------------------------------------------------------

SPECS = [
    _spec(),
    _spec(strategies=(), budget=None, start=(0.5, 1.0), parameters={}, slack=True),
    _spec(vary_start=False, strategies=("canadian-agency", "french-agency")),
    DesignSpec(),
]


@pytest.mark.parametrize("spec", SPECS)
def test_json_round_trip_is_exact(spec: DesignSpec) -> None:
    case = _with(spec)
    back = loads(dumps(case, "json"), "json")
    assert back == case and back.design == spec
    assert json.loads(dumps(case, "json"))["design"] == case_to_dict(case)["design"]


@pytest.mark.skipif(not HAVE_TOML_WRITER, reason="tomli-w not installed")
@pytest.mark.parametrize("spec", SPECS)
def test_toml_round_trip_is_exact(spec: DesignSpec, tmp_path: Path) -> None:
    case = _with(spec)
    dump(case, tmp_path / "case.toml")
    back = load(tmp_path / "case.toml")
    assert back == case and back.design == spec


def test_the_file_holds_what_differs_from_the_defaults() -> None:
    data = case_to_dict(_with(_spec()))["design"]
    assert data == {
        "strategies": ["canadian-agency"],
        "budget": 1.5e7,
        "start": [0.0, 2.0],
        "parameters": {FUND: [0.5, 0.9]},
        "slack": False,
    }
    assert "design" not in case_to_dict(_tiznit())
    assert case_to_dict(_with(DesignSpec()))["design"] == {}


@pytest.mark.skipif(not HAVE_OPENPYXL, reason="openpyxl not installed")
@pytest.mark.parametrize("spec", [*SPECS, None])
def test_workbook_round_trip_is_exact(spec: DesignSpec | None, tmp_path: Path) -> None:
    from ssestrategy.io import read_workbook, write_workbook

    case = _with(spec)
    write_workbook(case, tmp_path / "case.xlsx")
    back = read_workbook(tmp_path / "case.xlsx")
    assert back.design == spec and back == case


@st.composite
def _cases_with_designs(draw: st.DrawFn) -> Case:
    """A generated case with a design section valid for it (only when it has lines)."""
    case = draw(cases(max_actors=4, max_strategies=3, max_interventions=3, foresight=False))
    spending = [s for s in case.strategies if s.interventions]
    if not spending:
        return case
    chosen = draw(st.lists(st.sampled_from([s.id for s in spending]), unique=True, max_size=2))
    spanned = [case.strategy(i) for i in chosen] or list(case.strategies)
    lines = [iv for s in spanned for iv in s.interventions]
    years = max(iv.start + iv.duration for iv in lines)
    if years <= 0:  # lines of no duration: no programme to design (refused, a test below)
        return case
    lo = draw(st.floats(0.0, years, exclude_max=True))
    hi = draw(st.floats(lo, years, exclude_max=True))
    params = {}
    for iv in lines:
        for p in LEVER_PARAMETERS[iv.lever]:
            if p == "recovery_rate" and iv.instrument and draw(st.booleans()):
                a = draw(st.floats(0.0, 0.99))
                params[f"{iv.instrument}.{p}"] = (a, draw(st.floats(a, 0.99)))
    budget = draw(st.none() | st.floats(1.0, 1e9))
    if budget is None and max(s.total_budget() for s in spanned) <= 0:
        budget = 1e6
    spec = DesignSpec(
        strategies=tuple(chosen),
        budget=budget,
        start=(lo, hi),
        vary_start=draw(st.booleans()),
        parameters=params,
        slack=draw(st.booleans()),
    )
    return attrs.evolve(case, design=spec)


@settings(max_examples=60, deadline=None)
@given(_cases_with_designs())
def test_generated_designs_round_trip_and_build_their_space(case: Case) -> None:
    assert case_from_dict(json.loads(json.dumps(case_to_dict(case)))) == case
    if case.design is not None:  # what validates, the search accepts
        space = DesignSpace.of(case)
        assert space.slack == case.design.slack
        assert set(space.parameters) == set(case.design.parameters)


# --- the checks, at their paths ------------------------------------------------------------


def _data(design: Any) -> dict[str, Any]:
    data = case_to_dict(_tiznit())
    data["design"] = design
    return data


@pytest.mark.parametrize(
    ("design", "problem"),
    [
        (
            {"strategies": ["canadian-agency", "x"]},
            "design.strategies[1]: unknown strategy 'x'",
        ),
        ({"strategies": "canadian-agency"}, "design.strategies: expected a list of strategy ids"),
        ({"strategies": ["a b"]}, "design.strategies[0]: expected a strategy id, got 'a b'"),
        ({"budget": 0}, "design.budget: 0 is outside (0, inf]"),
        ({"budget": "many"}, "design.budget: expected a number, got the string 'many'"),
        ({"start": [1]}, "design.start: expected (low, high), got [1]"),
        (
            {"start": [2, 1]},
            "design.start: expected finite bounds 0 <= low <= high, got (2.0, 1.0)",
        ),
        ({"start": [0, 5]}, "design.start: start years must lie in [0, years) = [0, 5)"),
        ({"vary_start": "yes"}, "design.vary_start: expected true or false, got the string 'yes'"),
        (
            {"parameters": {FUND: [0.5, 1.0]}},
            f"design.parameters.{FUND}: bounds must satisfy low <= high within [0, 1)",
        ),
        (
            {"parameters": {FUND: [0.9, 0.5]}},
            f"design.parameters.{FUND}: bounds must satisfy low <= high within [0, 1)",
        ),
        (
            {"parameters": {FUND: "wide"}},
            f"design.parameters.{FUND}: expected (low, high), got 'wide'",
        ),
        (
            {"parameters": {"cluster.recovery_rate": [0.1, 0.2]}},
            "design.parameters.cluster.recovery_rate: no item buys instrument 'cluster'",
        ),
        (
            {"parameters": {"revolving-fund.tie_cost": [1, 2]}},
            "design.parameters.revolving-fund.tie_cost: 'revolving-fund' has no parameter "
            "'tie_cost'",
        ),
        ({"slack": 1}, "design.slack: expected true or false, got int"),
        ({"size": 3}, "design.size: unknown field"),
    ],
)
def test_a_bad_design_section_is_refused_at_its_path(design: Any, problem: str) -> None:
    problems = _error(_data(design))
    assert len(problems) == 1
    assert problems[0].startswith(problem), problems


def test_a_parameter_of_a_line_outside_the_spanned_strategies_is_refused() -> None:
    """status-quo buys no revolving fund: the fund's parameter has no item in that space."""
    spanned = {iv.instrument for iv in _tiznit().strategy("status-quo").interventions}
    assert "revolving-fund" not in spanned
    design = {"strategies": ["status-quo"], "parameters": {FUND: [0.5, 0.9]}}
    assert _error(_data(design)) == [
        f"design.parameters.{FUND}: no item buys instrument 'revolving-fund'"
    ]


def test_a_space_of_strategies_that_spend_nothing_needs_a_budget() -> None:
    idle = Strategy(id="idle", name="idle", interventions=(_zero_line(),))
    data = _data({"strategies": ["idle"]})
    data["strategies"] = [*data["strategies"], case_to_dict(_tiznit_with(idle))["strategies"][-1]]
    assert _error(data) == [
        "design.budget: must be a positive number, got 0.0 (the strategies' largest total)"
    ]
    data["design"]["budget"] = 1e6  # then the search can fund them
    assert DesignSpace.of(case_from_dict(data)).budget == 1e6


def test_a_space_of_lines_of_no_duration_is_refused() -> None:
    instant = attrs.evolve(_zero_line(), start=0.0, duration=0.0)
    case = _tiznit_with(Strategy(id="instant", name="instant", interventions=(instant,)))
    with pytest.raises(ModelError) as info:
        attrs.evolve(case, design=DesignSpec(strategies=("instant",), budget=1e6))
    assert [str(p) for p in info.value.problems] == [
        "design.strategies: their lines end at year 0: no programme"
    ]
    with pytest.raises(ModelError, match="years: must be a positive number"):
        DesignSpace.of(case, [case.strategy("instant")], budget=1e6)


def _zero_line() -> Any:
    iv = _tiznit().strategy("canadian-agency").interventions[0]
    return attrs.evolve(iv, budget=0.0)


def _tiznit_with(s: Strategy) -> Case:
    return attrs.evolve(_tiznit(), strategies=(*_tiznit().strategies, s))


@pytest.mark.parametrize(
    "design",
    [
        {"strategies": ["x"]},
        {"start": [0, 5]},
        {"parameters": {FUND: [0.5, 1.0]}},
        {"parameters": {"cluster.recovery_rate": [0.1, 0.2]}},
    ],
)
def test_what_the_space_refuses_validate_refuses_first_with_the_same_words(
    design: dict[str, Any], tmp_path: Path
) -> None:
    """Built in Python without the section, the space refuses the same settings with the same
    message (under its own path): the case's checks are the space's."""
    (tmp_path / "case.json").write_text(json.dumps(_data(design)), encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["validate", str(tmp_path / "case.json")], out=io.StringIO()) != 0
    (message,) = _error(_data(design))
    assert message in err.getvalue()
    if "strategies" in design:  # the space is not built: DesignSpace.of asks case.strategy
        with pytest.raises(ModelError, match="unknown strategy 'x'"):
            _tiznit().strategy("x")
        return
    spec = DesignSpec(**design)
    with pytest.raises(ModelError) as info:
        DesignSpace.of(_tiznit(), start=spec.start, parameters=spec.parameters)
    (space_problem,) = info.value.problems
    assert message == f"design.{space_problem}"


# --- the space the case declares is the space searched -------------------------------------


def test_the_space_of_a_case_follows_its_design_section() -> None:
    case = _with(_spec())
    space = DesignSpace.of(case)
    canadian = case.strategy("canadian-agency")
    assert space == DesignSpace.of(
        _tiznit(),
        [canadian],
        budget=1.5e7,
        start=(0.0, 2.0),
        parameters={FUND: (0.5, 0.9)},
        slack=False,
    )
    assert len(space.items) == len({(iv.instrument, iv.hub) for iv in canadian.interventions})
    fixed = DesignSpace.of(_with(_spec(vary_start=False)))
    assert fixed.start is None and fixed.n_variables == space.n_variables - space.n_items
    # without a section, the defaults of before
    assert DesignSpace.of(_with(None)) == DesignSpace.of(_with(DesignSpec()))


def test_explicit_arguments_win_over_the_case() -> None:
    case = _with(_spec())
    space = DesignSpace.of(case, budget=2e7, start=None, parameters={}, slack=True)
    assert (space.budget, space.start, space.parameters, space.slack) == (2e7, None, {}, True)
    every = DesignSpace.of(case, case.strategies)
    assert every.n_items == DesignSpace.of(_tiznit()).n_items


def test_the_command_searches_the_space_the_file_declares(tmp_path: Path) -> None:
    case = _with(_spec(vary_start=False))
    (tmp_path / "case.json").write_text(dumps(case, "json"), encoding="utf-8")
    out = io.StringIO()
    args = ["design", str(tmp_path / "case.json"), "--scenarios", "2", "--check", "2"]
    assert main([*args, "--population", "4", "--generations", "1", "--json"], out=out) == 0
    result = json.loads(out.getvalue())
    space = DesignSpace.of(case)
    assert FUND in space.names and not any(n.startswith("start:") for n in space.names)
    for d in result["designs"]:
        assert sorted(d["variables"]) == sorted(space.names)
        assert 0.5 <= d["variables"][FUND] <= 0.9
        assert sum(v for n, v in d["variables"].items() if n.startswith("share:")) == (
            pytest.approx(1.0)  # slack = false: the whole budget is spent
        )
    assert set(result["templates"]) <= {"canadian-agency"}
