"""The ssestrategy command: info, validate, schema, simulate, compare, explain."""

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
