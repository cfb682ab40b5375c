"""The documentation site builds with warnings as errors (``sphinx-build -W``).

Skipped when Sphinx (the ``docs`` extra) is not installed. Builds into a temporary directory,
so the source tree is left untouched.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sphinx")
pytest.importorskip("myst_nb")
pytest.importorskip("pydata_sphinx_theme")

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.slow
def test_docs_build_without_warnings(tmp_path: Path) -> None:
    out = tmp_path / "html"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-d",
            str(tmp_path / "doctrees"),
            str(DOCS),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]

    # the generated pages hold what they are generated from
    from ssestrategy.io import case_schema

    reference = (out / "case-file-reference.html").read_text(encoding="utf-8")
    for name in case_schema()["$defs"]:
        assert f'id="schema-{name.lower()}"' in reference, name
    from ssestrategy.io import workbook_layout

    # the generated workbook page: a section per sheet, a row per column
    workbooks = (out / "workbooks.html").read_text(encoding="utf-8")
    for sheet in workbook_layout():
        assert f'id="sheet-{sheet["sheet"].replace("_", "-")}"' in workbooks, sheet["sheet"]
        for col in sheet["columns"]:
            assert f'<span class="pre">{col["column"]}</span>' in workbooks, col["column"]
    api = (out / "api.html").read_text(encoding="utf-8")
    for target in (
        "ssestrategy.plotting.plot_network",
        "ssestrategy.foresight.micmac",
        "ssestrategy.model.Case",
    ):
        assert f'id="{target}"' in api, target
    for page in (
        "index",
        "getting-started",
        "concepts",
        "limits",
        "tiznit",
        "strategies",
        "workbooks",
    ):
        assert (out / f"{page}.html").exists(), page
