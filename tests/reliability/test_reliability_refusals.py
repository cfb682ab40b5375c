"""Issue 16: each failure it lists, reproduced, now refused with the right path and exit code.

The command line runs in this process (``badcases.cli``), which also asserts that nothing
escapes it: no exception, no traceback, no NumPy or SciPy warning.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import time
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest
from badcases import cli, edited, small_case, write_case

import ssestrategy as sse
from ssestrategy.cli import EXIT_CODES, main
from ssestrategy.errors import CaseFileError, ModelError, ResourceError, SSEWarning
from ssestrategy.io import case_schema, load, loads
from ssestrategy.model import Case
from ssestrategy.simulation import simulate
from ssestrategy.simulation.checks import MAX_PERIODS, estimate_resources
from ssestrategy.validation import validate_case

BAD_INPUT, BAD_USAGE, RESOURCES = (
    EXIT_CODES["bad input"],
    EXIT_CODES["bad usage"],
    EXIT_CODES["resource limit"],
)


def small() -> Case:
    return loads(json.dumps(small_case()), fmt="json")


def test_exit_codes_are_documented() -> None:
    assert EXIT_CODES == {
        "ok": 0,
        "bad input": 1,
        "bad usage": 2,
        "resource limit": 3,
        "internal error": 4,
        "interrupted": 130,
    }
    for code in EXIT_CODES.values():
        assert f"\n{code} " in sse.cli.__doc__ or code in (0,)


# --- tracebacks ------------------------------------------------------------------------------


def test_deeply_nested_json_is_a_case_file_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"name": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(CaseFileError, match="nesting too deep"):
        load(path)
    r = cli("validate", str(path))
    assert r.code == BAD_INPUT
    assert r.lines == [
        f"{path}: JSON nesting too deep (a case file nests tables a few levels only)"
    ]


@pytest.mark.parametrize("bad_id", [["coop-0"], {"a": 1}])
def test_an_actor_id_that_is_a_list_or_a_dict(tmp_path: Path, bad_id: Any) -> None:
    data = small_case()
    data["actors"][0]["id"] = bad_id
    with pytest.raises(ModelError) as info:
        loads(json.dumps(data), fmt="json")
    assert info.value.problems[0].path == "actors[0].id"
    assert cli("validate", str(write_case(tmp_path, data))).code == BAD_INPUT


def test_a_huge_horizon_is_refused_by_validate_and_compare_alike(tmp_path: Path) -> None:
    path = write_case(tmp_path, edited(horizon=1e9))
    expected = (
        "horizon: 1e+09 years x 4 periods per year = 4,000,000,000 periods, above the limit of "
        f"{MAX_PERIODS:,}"
    )
    v = cli("validate", str(path))
    c = cli("compare", str(path), "--scenarios", "4")
    assert v.code == c.code == BAD_INPUT
    assert expected in v.err and expected in c.err
    assert v.lines[-1] == c.lines[-1]  # the same message


def test_ten_billion_scenarios_are_refused_before_any_work(tmp_path: Path) -> None:
    path = write_case(tmp_path, small_case())
    start = time.perf_counter()
    r = cli("simulate", str(path), "--scenarios", "10000000000")
    assert time.perf_counter() - start < 10
    assert r.code == RESOURCES
    assert len(r.lines) == 1
    assert "TiB of memory" in r.err and "available" in r.err and "--force" in r.err
    with pytest.raises(ResourceError) as info:
        simulate(small(), n_scenarios=10_000_000_000, rng=0)
    assert info.value.estimate.memory > 2**40


@pytest.mark.parametrize("where", ["missing-folder", "directory"])
def test_save_to_a_path_that_cannot_be_written_fails_before_the_work(
    tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ssestrategy.simulation

    def no_simulation(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("simulated before checking --save")

    monkeypatch.setattr(ssestrategy.simulation, "simulate", no_simulation)
    target = tmp_path / "nowhere" / "run.npz" if where == "missing-folder" else tmp_path
    r = cli("simulate", str(write_case(tmp_path, small_case())), "--save", str(target))
    assert r.code == BAD_USAGE
    assert r.lines[0].startswith("ssestrategy simulate: --save: ")


def test_simulate_prints_its_results_before_saving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(self: Any, path: Any) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(sse.Ensemble, "save", full_disk)
    r = cli(
        "simulate",
        str(write_case(tmp_path, small_case())),
        "--scenarios",
        "4",
        "--save",
        str(tmp_path / "run.npz"),
    )
    assert "Outcomes at year 3" in r.out  # the work is not lost
    assert r.code == BAD_INPUT
    assert "No space left on device" in r.err
    assert list(tmp_path.glob("*.npz")) == []


def test_a_bad_export_extension_is_refused_before_diagnose_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ssestrategy.diagnosis

    def no_diagnosis(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("diagnosed before checking --export")

    monkeypatch.setattr(ssestrategy.diagnosis, "diagnose", no_diagnosis)
    r = cli("diagnose", "--export", str(tmp_path / "net.txt"))
    assert r.code == BAD_USAGE
    assert r.lines == [
        "ssestrategy diagnose: --export: use a .graphml or .gexf file name (got 'net.txt')"
    ]


# --- validate says valid, compare fails -------------------------------------------------------


def _weights_zero() -> dict[str, Any]:
    d = small_case()
    for item in d["criteria"]["items"]:
        item["weight"] = 0.0
    return d


def _huge_budget() -> dict[str, Any]:
    d = small_case()
    d["strategies"][0]["interventions"] = [
        {"name": "x", "lever": "financing", "budget": 1e308, "duration": 1.0}
    ]
    return d


CONTRACT = {
    "no-strategies": (edited(strategies=[]), "strategies: no strategy to simulate"),
    "weights-zero": (_weights_zero(), "criteria: weights must not all be zero"),
    "empty-criteria": (edited(criteria={}), "criteria: at least one criterion is needed"),
    "budget-1e308": (
        _huge_budget(),
        "strategies[0].interventions[0].budget: 1e+308 is too large for the simulation",
    ),
    "periods-per-year": (
        edited(periods_per_year=100_000),
        "periods_per_year: 100,000 periods per year, above the limit of 10,000",
    ),
    "constraint-between-checkpoints": (
        edited(constraints=[{"id": "c", "outcome": "jobs", "op": ">=", "target": 1, "at": 2.5}]),
        "constraints[0].at: no outcome is recorded at year 2.5",
    ),
    "undefined-mactor": (
        edited(
            foresight={
                "actors": ["x", "y"],
                "objectives": ["o"],
                "mdi": [[0, 0], [0, 0]],
                "mao": [[1], [2]],
            }
        ),
        "foresight.mdi: no actor influences any other",
    ),
}


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_validate_refuses_what_the_commands_refuse(tmp_path: Path, name: str) -> None:
    data, message = CONTRACT[name]
    path = write_case(tmp_path, data)
    v = cli("validate", str(path))
    assert v.code == BAD_INPUT
    assert message in v.err
    command = "diagnose" if name == "undefined-mactor" else "compare"
    extra = () if command == "diagnose" else ("--scenarios", "4")
    c = cli(command, str(path), *extra)
    assert c.code == BAD_INPUT
    assert message in c.err
    assert "values." not in c.err  # never an internal path such as values.budget-envelope[0, 0]


def test_the_library_refuses_before_simulating_with_the_same_problems() -> None:
    for data, message in CONTRACT.values():
        case = loads(json.dumps(data), fmt="json")
        found = [str(p) for p in validate_case(case).errors]
        assert any(message in f for f in found), (message, found)


# --- silent nonsense ---------------------------------------------------------------------------


def _no_actors() -> dict[str, Any]:
    return edited(
        actors=[],
        partnerships=[],
        poles=[],
        strategies=[
            {"id": "a", "name": "A"},
            {
                "id": "b",
                "name": "B",
                "interventions": [{"name": "x", "lever": "innovation", "budget": 1000.0}],
            },
        ],
    )


def test_no_actor_is_a_warning_in_validate_and_in_the_report(tmp_path: Path) -> None:
    path = write_case(tmp_path, _no_actors())
    v = cli("validate", str(path))
    assert v.code == 0
    assert "warning: actors: the territory has no actor: every outcome is 0" in v.err
    c = cli("compare", str(path), "--scenarios", "8")
    assert c.code == 0
    assert "Warnings:" in c.out and "every strategy ties" in c.out
    assert "the ranking is a tie" in c.out
    cmp = sse.compare(loads(json.dumps(_no_actors()), fmt="json"), n_scenarios=8, rng=0)
    assert {w.path for w in cmp.warnings} >= {"actors", "strategies"}
    assert cmp.to_dict()["warnings"]


def test_explain_says_tied_rather_than_never_flips(tmp_path: Path) -> None:
    path = write_case(tmp_path, _no_actors())
    r = cli(
        "explain",
        str(path),
        "--a",
        "a",
        "--b",
        "b",
        "--method",
        "morris",
        "--n",
        "4",
        "--scenarios",
        "16",
        "--output",
        "jobs",
    )
    assert r.code == 0
    assert "give the same jobs in every one" in r.out
    assert "never flips" not in r.out


def test_one_actor_without_partnership_is_warned(tmp_path: Path) -> None:
    data = small_case()
    data["actors"], data["partnerships"], data["poles"] = data["actors"][:1], [], []
    data["strategies"][1]["interventions"] = data["strategies"][1]["interventions"][:1]
    r = cli("validate", str(write_case(tmp_path, data)))
    assert r.code == 0
    assert "warning: partnerships: no partnership" in r.err


def test_a_repeated_partnership_is_never_silent(tmp_path: Path) -> None:
    data = small_case()
    data["partnerships"].append(copy.deepcopy(data["partnerships"][2]))
    r = cli("validate", str(write_case(tmp_path, data)))
    assert r.code == 0
    assert "warning: partnerships[6]: repeats partnerships[2]" in r.err
    assert "intensities add up" in r.err
    case = loads(json.dumps(data), fmt="json")
    assert case.territory.repeated_partnerships() == ((6, 2),)


@pytest.mark.parametrize("name", ["A\x01B", "\x1b[31mred", "A\x00", "A\x7fB", "A\x85B", "A\ufffe"])
def test_control_characters_in_names_are_refused(name: str) -> None:
    data = small_case()
    data["actors"][0]["name"] = name
    with pytest.raises(ModelError) as info:
        loads(json.dumps(data), fmt="json")
    assert info.value.problems[0].path == "actors[0].name"
    assert "text may hold tabs and line breaks" in info.value.problems[0].message


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_names_with_tabs_and_newlines_export_to_valid_xml(tmp_path: Path, fmt: str) -> None:
    data = small_case()
    data["actors"][0]["name"] = "Coop\tTifawin\nتعاونية"
    case = loads(json.dumps(data), fmt="json")
    path = tmp_path / f"net.{fmt}"
    (sse.network.write_gexf if fmt == "gexf" else sse.network.write_graphml)(case.territory, path)
    g = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
    assert g.number_of_nodes() == 7


# --- the command line -----------------------------------------------------------------------------


@pytest.mark.parametrize("workers", ["0", "-3"])
def test_workers_below_one_are_bad_usage(workers: str) -> None:
    r = cli("simulate", "--scenarios", "4", "--workers", workers)
    assert r.code == BAD_USAGE
    assert "argument --workers: expected a positive integer" in r.err


def test_workers_are_capped_at_the_cpus(tmp_path: Path) -> None:
    from ssestrategy._cli import _cpus, _worker_count

    with pytest.warns(SSEWarning, match="1000 workers asked"):
        assert _worker_count(1000) == _cpus()
    r = cli(
        "simulate",
        str(write_case(tmp_path, small_case())),
        "--scenarios",
        "8",
        "--workers",
        "1000",
        "--json",
    )
    assert r.code == 0
    assert r.lines[0].startswith("warning: --workers: 1000 workers asked")


def test_explain_with_the_same_strategy_twice_names_b() -> None:
    r = cli("explain", "--a", "status-quo", "--b", "status-quo")
    assert r.code == BAD_USAGE
    assert r.lines == [
        "ssestrategy explain: --b: the same strategy as --a ('status-quo'): give two strategies"
    ]


@pytest.mark.parametrize("top", ["-1", "0"])
def test_top_must_be_positive(top: str) -> None:
    r = cli("explain", "--a", "status-quo", "--b", "french-agency", "--top", top)
    assert r.code == BAD_USAGE
    assert "argument --top: expected a positive integer" in r.err


def test_the_sobol_balance_warning_is_the_librarys(tmp_path: Path) -> None:
    with pytest.warns(SSEWarning, match="not a power of two"):
        simulate(small(), n_scenarios=6, rng=0, sampler="sobol")
    r = cli(
        "simulate",
        str(write_case(tmp_path, small_case())),
        "--scenarios",
        "6",
        "--sampler",
        "sobol",
    )
    assert r.code == 0
    assert r.lines == [
        "warning: n_scenarios: the Sobol' sampler draws 6 scenarios, not a power of two: the "
        "sample stays valid but loses the balance that makes Sobol' points more even than "
        "Monte Carlo (use 8)"
    ]


def test_argparse_errors_are_one_line_and_exit_2() -> None:
    for argv in (["bogus"], [], ["compare", "--scenarios", "x"], ["schema", "extra"]):
        r = cli(*argv)
        assert r.code == BAD_USAGE
        assert len(r.lines) == 1 and "usage:" not in r.err


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    path = write_case(tmp_path, edited(strategies=[]))
    assert cli("compare", str(path)).code == BAD_INPUT  # no traceback (cli asserts it)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["compare", str(path), "--debug"], out=io.StringIO())
    assert code == BAD_INPUT
    assert "Traceback (most recent call last)" in err.getvalue()


def test_an_unexpected_exception_is_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import ssestrategy.cli

    def broken(args: Any, out: Any) -> int:
        raise ZeroDivisionError("oops")

    monkeypatch.setitem(ssestrategy.cli._COMMANDS, "info", broken)
    r = cli("info")
    assert r.code == EXIT_CODES["internal error"]
    assert r.lines == [
        "ssestrategy info: internal error: ZeroDivisionError: oops (a bug: please report it "
        "with the output of --debug)"
    ]


# --- inputs people type ---------------------------------------------------------------------------


def test_arabic_and_tifinagh_ids_are_accepted_and_the_schema_agrees(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = small_case()
    data["strategies"][0]["id"] = "ⵜⵉⵣⵏⵉⵜ"
    old = data["actors"][0]["id"]
    new = "تعاونية-1"
    data["actors"][0]["id"] = new
    for tie in data["partnerships"]:
        for end in ("source", "target"):
            if tie[end] == old:
                tie[end] = new
    data["poles"][0]["members"][0] = new
    data["poles"][0]["anchor"] = new
    case = loads(json.dumps(data, ensure_ascii=False), fmt="json")
    assert case.territory.actors[0].id == new
    validator = jsonschema.Draft202012Validator(case_schema())
    assert list(validator.iter_errors(data)) == []
    data["actors"][0]["id"] = "has space"
    assert [list(e.absolute_path) for e in validator.iter_errors(data)] == [["actors", 0, "id"]]
    assert cli("validate", str(write_case(tmp_path, data))).code == BAD_INPUT


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path, fmt: str) -> None:
    text = (
        json.dumps(small_case()) if fmt == "json" else 'name = "small"\n[territory]\nname = "T"\n'
    )
    path = tmp_path / f"notepad.{fmt}"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load(path).name == "small"
    assert loads("\ufeff" + text, fmt=fmt).name == "small"


def test_tiznit_validates_cleanly() -> None:
    v = validate_case(sse.datasets.tiznit())
    assert v.ok and v.warnings == ()
    r = cli("validate")
    assert r.code == 0 and r.err == ""


# --- resources ------------------------------------------------------------------------------------


def test_the_period_bound_is_lifted_by_force() -> None:
    case = small()
    with pytest.raises(ModelError, match="above the limit of 10,000"):
        simulate(case, ["status-quo"], n_scenarios=1, rng=0, periods=MAX_PERIODS + 1)
    ens = simulate(case, ["status-quo"], n_scenarios=1, rng=0, periods=MAX_PERIODS + 1, force=True)
    assert ens.periods == MAX_PERIODS + 1


def test_the_estimate_grows_with_the_work() -> None:
    case = small()
    a = estimate_resources(case, n_scenarios=1000)
    b = estimate_resources(case, n_scenarios=100_000)
    c = estimate_resources(case, n_scenarios=1000, trajectories=True)
    assert b.memory > 10 * a.memory and b.seconds > 10 * a.seconds
    assert c.memory > a.memory
    assert c.n_records == case.n_periods + 1
    summary = estimate_resources(case, n_scenarios=10_000_000, keep="summary")
    assert summary.memory < estimate_resources(case, n_scenarios=10_000_000).memory / 100


def test_the_memory_estimate_bounds_a_real_run() -> None:
    """The estimate is not below what a run of the Tiznit case actually holds."""
    case = sse.datasets.tiznit()
    est = estimate_resources(case, n_scenarios=64)
    ens = simulate(case, n_scenarios=64, rng=0)
    held = sum(
        a.nbytes
        for a in (ens.checkpoints, ens.input_values, ens.event_onset_values, ens.years)
        if isinstance(a, np.ndarray)
    )
    assert est.memory >= held


# --- the library's own arguments -------------------------------------------------------------

MISUSE: dict[str, tuple[Any, str]] = {
    "load(None)": (lambda c: sse.load(None), "path"),
    "dump(case, None)": (lambda c: sse.dump(c, None), "path"),
    "Ensemble.load(None)": (lambda c: sse.Ensemble.load(None), "file"),
    "simulate(strategies=5)": (lambda c: simulate(c, 5, n_scenarios=2, rng=0), "strategies"),
    "simulate(executor='x')": (
        lambda c: simulate(c, n_scenarios=2, rng=0, executor="x"),
        "executor",
    ),
    "simulate(rng=-1)": (lambda c: simulate(c, n_scenarios=2, rng=-1), "rng"),
    "compare(method='x')": (lambda c: sse.compare(c, n_scenarios=2, method="x"), "method"),
    "compare(confidence=2)": (lambda c: sse.compare(c, n_scenarios=2, confidence=2), "confidence"),
    "estimate_resources(n_scenarios='x')": (
        lambda c: estimate_resources(c, n_scenarios="x"),
        "n_scenarios",
    ),
    "summary(quantiles='ab')": (
        lambda c: simulate(c, n_scenarios=2, rng=0).summary(quantiles="ab"),
        "quantiles",
    ),
    "rank(None)": (lambda c: sse.rank(None, [], c.criteria), "ensemble"),
    "validate_case(commands=['x'])": (
        lambda c: validate_case(c, commands=["x"]),
        "commands[0]",
    ),
}


@pytest.mark.parametrize("name", sorted(MISUSE))
def test_bad_arguments_raise_the_librarys_error_naming_them(name: str) -> None:
    call, path = MISUSE[name]
    with pytest.raises(ModelError) as info:
        call(small())
    assert info.value.problems[0].path == path


def test_the_installed_command_exits_with_the_documented_status() -> None:
    import subprocess
    import sys

    def status(*argv: str) -> tuple[int, str]:
        proc = subprocess.run(
            [sys.executable, "-m", "ssestrategy.cli", *argv],
            capture_output=True,
            text=True,
            check=False,
        )
        assert "Traceback" not in proc.stderr
        return proc.returncode, proc.stderr

    assert status("simulate", "--scenarios", "0")[0] == BAD_USAGE
    code, err = status("simulate", "--scenarios", "10000000000")
    assert code == RESOURCES and "of memory" in err


def test_an_intervention_that_reaches_nobody_is_warned() -> None:
    """Found by the notebooks: Tiznit's French model pole (silver jewellery) carried to a
    province without that chain spent nothing, silently, and ranked behind the status quo."""
    import attrs

    case = sse.datasets.tiznit()
    french = case.strategy("french-agency")
    j = next(k for k, iv in enumerate(french.interventions) if iv.budget > 0)
    iv = french.interventions[j]
    lost = attrs.evolve(
        iv, target=attrs.evolve(iv.target, value_chains=("saffron-of-elsewhere",), actors=())
    )
    ivs = french.interventions
    moved = attrs.evolve(french, interventions=(*ivs[:j], lost, *ivs[j + 1 :]))
    k = case.strategies.index(french)
    strategies = (*case.strategies[:k], moved, *case.strategies[k + 1 :])
    v = validate_case(attrs.evolve(case, strategies=strategies))
    assert v.ok
    [w] = [w for w in v.warnings if "reaches no actor" in w.message]
    assert w.path == f"strategies[{k}].interventions[{j}].target"
    assert f"{iv.budget:,.0f}" in w.message
    assert not [w for w in validate_case(case).warnings if "reaches no actor" in w.message]
