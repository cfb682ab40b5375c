"""Evaluate the rows of a design in chunks, on any executor, with a progress bar.

The sensitivity analyses run the deterministic core of the model once per design row
(:func:`~ssestrategy.simulation.evaluate.evaluate`). The rows are cut into chunks of a fixed
size, whatever the executor, and each chunk's result is placed by its row range: the output is
bit-identical in this process, on threads, on processes or on Dask
(:func:`~ssestrategy.simulation.dispatch.run_chunks` ships the compiled case once per worker).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from .._progress import Progress
from ..simulation.dispatch import run_chunks
from ..simulation.evaluate import Columns, evaluate

__all__ = ["evaluate_rows"]

Float = NDArray[np.float64]


@attrs.frozen(eq=False)
class _Shared:
    cc: Any
    base: Mapping[str, float]
    record: tuple[int, ...]


@attrs.frozen(eq=False)
class _Rows:
    lo: int
    hi: int
    columns: Columns


def _evaluate_rows(shared: _Shared, job: _Rows) -> Float:
    return evaluate(shared.cc, shared.base, job.columns, shared.record)


def evaluate_rows(
    cc: Any,
    base: Mapping[str, float],
    record: Sequence[int],
    n_rows: int,
    columns: Callable[[int, int], Columns],
    out_shape: tuple[int, ...],
    *,
    chunk: int,
    executor: Any = None,
    progress: bool = False,
) -> Float:
    """``(*out_shape, n_rows)``: :func:`evaluate` over rows ``0..n_rows`` in chunks of
    ``chunk``; ``columns(lo, hi)`` builds the evaluation columns of rows ``lo:hi``.

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> from ssestrategy.simulation.compile import compiled
    >>> from ssestrategy.simulation.evaluate import OUTCOME_NAMES
    >>> case = tiznit()
    >>> cc = compiled(case, case.strategies[:1])
    >>> cols = lambda lo, hi: Columns(n=hi - lo, params={}, designs={})
    >>> out = evaluate_rows(cc, case.parameter_values(), [4], 3, cols,
    ...                     (len(OUTCOME_NAMES), 1, 1), chunk=2)
    >>> out.shape[-1], bool((out[..., 0] == out[..., 2]).all())
    (3, True)
    """
    out = np.empty((*out_shape, n_rows))
    jobs = [
        _Rows(lo, min(n_rows, lo + chunk), columns(lo, min(n_rows, lo + chunk)))
        for lo in range(0, n_rows, chunk)
    ]
    bar = Progress(n_rows, progress and len(jobs) > 1, label="model runs", unit="rows")

    def place(job: _Rows, res: Float) -> None:
        out[..., job.lo : job.hi] = res
        bar.update(job.hi - job.lo)

    run_chunks(
        _evaluate_rows,
        _Shared(cc, base, tuple(int(r) for r in record)),
        jobs,
        place,
        executor=executor,
        describe=lambda j: f"design rows {j.lo}:{j.hi}",
    )
    return out
