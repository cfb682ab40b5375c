"""The ssestrategy command: info, validate, schema, simulate, compare, explain, template, dump."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ssestrategy.cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_info_json_tiznit() -> None:
    code, text = run("info", "--json")
    assert code == 0
    d = json.loads(text)
    assert d["unlabelled_values"] == 0
    assert d["sourced_values"] > 0
    assert d["assumed_values"] > 0
    for key in ("actors", "partnerships", "poles", "sourced_values", "assumed_values"):
        assert key in d
    assert d["actors"] > 300
    assert d["actors_by_kind"]["cooperative"] == 300


def test_info_text() -> None:
    code, text = run("info")
    assert code == 0
    assert "Tiznit" in text
    assert "0 unlabelled" in text


BAD = {
    "unknown-reference.toml": (
        """name = "x"
[territory]
name = "t"
[[actors]]
id = "a"
name = "A"
kind = "cooperative"
capacities = {financing = 0.1, networking = 0.1, innovation = 0.1, governance = 0.1}
[[partnerships]]
source = "a"
target = "coop-17"
kind = "market"
intensity = 0.5
""",
        "partnerships[0].target: unknown actor 'coop-17'",
    ),
    "capacity.toml": (
        """name = "x"
[territory]
name = "t"
[[actors]]
id = "a"
name = "A"
kind = "cooperative"
capacities = {financing = 1.5, networking = 0.1, innovation = 0.1, governance = 0.1}
""",
        "actors[0].capacities.financing: 1.5 is outside [0, 1]",
    ),
    "duplicate.toml": (
        """name = "x"
[territory]
name = "t"
[[actors]]
id = "a"
name = "A"
kind = "cooperative"
capacities = {financing = 0.1, networking = 0.1, innovation = 0.1, governance = 0.1}
[[actors]]
id = "a"
name = "B"
kind = "artisan"
capacities = {financing = 0.1, networking = 0.1, innovation = 0.1, governance = 0.1}
""",
        "actors[1].id: duplicate id 'a' (first at actors[0])",
    ),
    "nan.toml": (
        """name = "x"
[territory]
name = "t"
[[actors]]
id = "a"
name = "A"
kind = "cooperative"
members = 3
capacities = {financing = nan, networking = 0.1, innovation = 0.1, governance = 0.1}
""",
        "actors[0].capacities.financing: nan is not a finite number",
    ),
    "string.toml": (
        """name = "x"
[territory]
name = "t"
[[actors]]
id = "a"
name = "A"
kind = "cooperative"
capacities = {financing = "high", networking = 0.1, innovation = 0.1, governance = 0.1}
""",
        "actors[0].capacities.financing: expected a number, got the string 'high'",
    ),
    "syntax.toml": (
        """name = "x"
[territory
name = "t"
""",
        "line 2: TOML syntax error",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_validate_bad_files(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, expected = BAD[name]
    path = tmp_path / name
    path.write_text(text)
    code, _ = run("validate", str(path))
    err = capsys.readouterr().err
    assert code == 1
    assert expected in err
    assert "Traceback" not in err


def test_validate_subprocess_no_traceback(tmp_path: Path) -> None:
    """The installed entry point exits 1 with the path and no traceback."""
    path = tmp_path / "bad.toml"
    path.write_text(BAD["unknown-reference.toml"][0])
    proc = subprocess.run(
        [sys.executable, "-m", "ssestrategy.cli", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "partnerships[0].target: unknown actor 'coop-17'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_validate_good_file(tmp_path: Path) -> None:
    from ssestrategy import datasets, dump

    path = tmp_path / "tiznit.json"
    dump(datasets.tiznit(), path)
    code, text = run("validate", str(path), "--strict")
    assert code == 0
    assert "valid" in text


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("validate", "/nonexistent/case.toml")
    assert code == 1
    assert "cannot read" in capsys.readouterr().err


def test_schema_is_json() -> None:
    code, text = run("schema")
    assert code == 0
    schema = json.loads(text)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "actors" in schema["properties"]


def test_diagnose_json_lists_every_pole_with_weakest_factor() -> None:
    from ssestrategy import datasets

    code, text = run("diagnose", "--json")
    assert code == 0
    d = json.loads(text)
    poles = {p.id for p in datasets.tiznit().territory.poles}
    assert {p["id"] for p in d["poles"]} == poles
    for p in d["poles"]:
        assert p["weakest_factor"] in ("financing", "networking", "innovation", "governance")
        assert p["levels"][p["weakest_factor"]] == min(p["levels"].values())
    assert d["micmac"] is not None
    assert d["mactor"] is not None


def test_diagnose_text_and_export(tmp_path: Path) -> None:
    import networkx as nx

    path = tmp_path / "net.graphml"
    code, text = run("diagnose", "--export", str(path))
    assert code == 0
    assert "Poles" in text
    g = nx.read_graphml(path)
    assert g.number_of_nodes() > 300


def test_compare_reproducible_and_states_binding_constraints() -> None:
    args = ("compare", "--scenarios", "64", "--seed", "3", "--json")
    code, first = run(*args)
    assert code == 0
    _, second = run(*args)
    assert first == second
    d = json.loads(first)
    from ssestrategy import datasets

    ids = {s.id for s in datasets.tiznit().strategies}
    assert {r["strategy"] for r in d["ranking"]} == ids
    assert sorted(r["rank"] for r in d["ranking"])[0] == 1
    assert isinstance(d["binding_constraints"], list)
    statuses = {v["status"] for c in d["constraints"] for v in c["by_strategy"].values()}
    assert statuses <= {"satisfied", "violated", "undecided"}
    code, text = run("compare", "--scenarios", "64", "--seed", "3")
    assert "Binding constraints" in text


def test_simulate_json() -> None:
    code, text = run("simulate", "--scenarios", "32", "--seed", "1", "--json")
    assert code == 0
    d = json.loads(text)
    assert d["provenance"]["seed"] == 1
    assert "outcomes" in d


def test_explain_names_drivers_and_flips() -> None:
    code, text = run(
        "explain",
        "--a",
        "canadian-agency",
        "--b",
        "french-agency",
        "--method",
        "morris",
        "--scenarios",
        "200",
        "--json",
    )
    assert code == 0
    d = json.loads(text)
    assert d["a"] == "canadian-agency"
    assert len(d["drivers"]) >= 5
    assert d["drivers"][0]["mu_star"] >= d["drivers"][-1]["mu_star"]
    assert 0.0 <= d["share_a_beats_b"] <= 1.0


def test_unknown_strategy_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("explain", "--a", "nope", "--b", "french-agency", "--method", "morris")
    assert code == 2  # bad usage: the option names a strategy the case does not have
    assert "explain: --a: unknown strategy 'nope'" in capsys.readouterr().err


def test_simulate_workers_equal_serial() -> None:
    """A process pool gives the same numbers as one process (seeded per scenario)."""
    args = ("simulate", "--scenarios", "24", "--seed", "2", "--strategies", "status-quo", "--json")
    _, serial = run(*args)
    code, pooled = run(*args, "--workers", "2")
    assert code == 0
    assert json.loads(pooled)["outcomes"] == json.loads(serial)["outcomes"]


# --- template and dump (issue 15: workbooks and CSV tables) ---------------------------------


def test_dump_json_and_csv_tables_load_back(tmp_path: Path) -> None:
    from ssestrategy import datasets, load

    code, text = run("dump", "tiznit", "--json", str(tmp_path / "t.json"))
    assert (code, text) == (0, f"wrote {tmp_path / 't.json'}\n")
    assert load(tmp_path / "t.json") == datasets.tiznit()
    code, text = run("dump", "--csv", str(tmp_path / "csv"))
    assert code == 0 and "actors.csv and partnerships.csv" in text
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "actors.csv",
        "case.json",
        "partnerships.csv",
    ]
    code, text = run("validate", str(tmp_path / "csv" / "case.json"))
    assert code == 0 and "437 actors, 2285 partnerships" in text


def test_dump_needs_one_target(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("dump", "tiznit")
    assert code == 2  # bad usage
    assert "one of the arguments --xlsx --json --toml --csv is required" in capsys.readouterr().err


def test_template_and_dump_workbooks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    template = tmp_path / "template.xlsx"
    code, text = run("template", "--xlsx", str(template))
    assert code == 0 and "instructions sheet" in text
    code, _ = run("validate", str(template))
    assert code == 1
    assert capsys.readouterr().err.splitlines()[1:] == [
        "  case!B2: missing required field",
        "  territory!B2: missing required field",
    ]
    path = tmp_path / "tiznit.xlsx"
    assert run("dump", "--xlsx", str(path))[0] == 0
    code, text = run("info", str(path), "--json")
    assert code == 0 and json.loads(text)["actors"] == 437
    wb = openpyxl.load_workbook(path)
    wb["actors"]["D14"] = 1.5
    wb.save(path)
    code, _ = run("validate", str(path))
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [f"{path}: actors!D14: 1.5 is outside [0, 1]"]


def test_help_of_the_new_commands(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("template", "dump"):
        code, _ = run(command, "--help")
        assert code == 0
        assert "--xlsx" in capsys.readouterr().out
