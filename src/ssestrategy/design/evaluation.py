"""Designs x futures in one batch, through the library's one evaluation path.

Every design of a search is a column group of :func:`ssestrategy.simulation.evaluate.evaluate`:
the space's items are compiled once as one strategy (:meth:`DesignSpace.superset`), each
design's budgets, timing and instrument parameters become per-column arrays, and every design
meets the **same futures** (common random numbers: differences between designs are differences
of design, not of luck). Futures are drawn as :func:`~ssestrategy.simulate` draws them (future
*k* from stream *k* of the root), so a template evaluated here gives exactly what ``simulate``
gives for it.

A column's result depends only on its own design and future: the batches (``chunk_size``) and
the executor change nothing (the kernel's code path for tie-building is chosen per design, from
the design alone).

Examples
--------
>>> from ssestrategy.datasets import tiznit
>>> from ssestrategy.design.space import DesignSpace
>>> case = tiznit()
>>> space = DesignSpace.of(case)
>>> ev = Evaluator(case, space)
>>> fut = ev.futures(3, rng=0)
>>> out = ev.run(space.rows_of(case.strategies[:2]), fut)
>>> out.shape[2:]  # (outcomes, records, designs, futures)
(2, 3)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from .._random import RNGLike, seed_sequence
from ..model import Case
from ..simulation.compile import CompiledCase, compile_case
from ..simulation.dispatch import run_chunks, worker_count
from ..simulation.engine import check_parameters, record_periods
from ..simulation.evaluate import OUTCOME_NAMES, Columns, DesignInputs, evaluate
from ..simulation.sampling import draw, make_plan
from .space import DesignSpace, Rows

__all__ = ["DEFAULT_CHUNK", "Evaluator", "Futures"]

Float = NDArray[np.float64]

DEFAULT_CHUNK = 256
"""Columns per job (designs x futures): a few hundred keep the kernel's arrays in cache
(measured on Tiznit: 370 columns/s at 200, 250 at 1,000 on one core)."""


@attrs.frozen(eq=False)
class Futures:
    """Sampled futures shared by every design.

    Attributes
    ----------
    names : tuple of str
        Uncertain parameters.
    values : ndarray
        ``(futures, parameters)``.
    event_names : tuple of str
    onset, severity : ndarray
        ``(futures, events)``.
    root : numpy.random.SeedSequence
        The root they were drawn from (future *k* from its stream *k*).
    """

    names: tuple[str, ...]
    values: Float
    event_names: tuple[str, ...]
    onset: NDArray[np.int64]
    severity: Float
    root: np.random.SeedSequence

    @property
    def n(self) -> int:
        """Number of futures."""
        return int(self.values.shape[0])


@attrs.frozen(eq=False)
class _Shared:
    cc: CompiledCase
    base: dict[str, float]
    record: NDArray[np.intp]
    futures: Futures
    shared_rho: bool


@attrs.frozen(eq=False)
class _Job:
    index: NDArray[np.intp]  # designs (positions in the batch)
    rows: Rows
    lo: int
    hi: int
    funds_ties: bool


def _run_job(shared: _Shared, job: _Job) -> Float:
    """(outcomes, records, designs, futures lo:hi) of one job (runs in a worker)."""
    f = shared.futures
    nd, nf = job.rows.n, job.hi - job.lo
    cc = shared.cc

    def cols(a: Float) -> Float:  # (designs, items) -> (items, designs * futures)
        return np.ascontiguousarray(np.repeat(a.T, nf, axis=1))

    design = DesignInputs(
        budget=cols(job.rows.budget),
        start=cols(job.rows.start),
        duration=cols(job.rows.duration),
        params={k: cols(v) for k, v in job.rows.params.items()},
        funds_ties=job.funds_ties,
    )
    columns = Columns(
        n=nd * nf,
        params={name: np.tile(f.values[job.lo : job.hi, c], nd) for c, name in enumerate(f.names)},
        event_onset=np.tile(f.onset[job.lo : job.hi], (nd, 1)),
        event_severity=np.tile(f.severity[job.lo : job.hi], (nd, 1)),
        designs={cc.strategies[0].id: design},
        shared_rho=shared.shared_rho,
    )
    with np.errstate(all="ignore"):
        out = evaluate(cc, shared.base, columns, shared.record)
    return out[:, :, 0, :].reshape(out.shape[0], out.shape[1], nd, nf)


class Evaluator:
    """Evaluate batches of designs of a space over shared futures (see the module docstring).

    Parameters
    ----------
    case : Case
    space : DesignSpace
    periods : int, optional
        Periods to simulate (default the case's).
    """

    def __init__(self, case: Case, space: DesignSpace, *, periods: int | None = None) -> None:
        check_parameters(case)
        self.case, self.space = case, space
        self.cc = compile_case(case, [space.superset()], periods=periods)
        self.base = case.parameter_values()
        self.record = record_periods(self.cc.n_periods, self.cc.periods_per_year)
        self.years = self.record.astype(np.float64) / self.cc.periods_per_year
        self.shared_rho = "ces_rho" not in case.uncertainties.names()
        self.columns = 0  # designs x futures evaluated so far

    def futures(self, n: int, rng: RNGLike) -> Futures:
        """``n`` futures drawn as :func:`~ssestrategy.simulate` draws them with ``rng``."""
        plan = make_plan(self.case, n, rng=rng, periods=self.cc.n_periods)
        s = draw(plan, 0, n)
        return Futures(
            names=s.names,
            values=s.values,
            event_names=s.event_names,
            onset=s.event_onset,
            severity=s.event_severity,
            root=seed_sequence(plan.root),
        )

    def funds_ties(self, rows: Rows) -> NDArray[np.bool_]:
        """Per design: whether it funds a tie-building item (decided from the design alone)."""
        sid = self.cc.strategies[0].id
        out = np.zeros(rows.n, dtype=bool)
        for i in range(rows.n):
            one = rows.take([i])
            d = DesignInputs(
                budget=one.budget.T.copy(),
                start=one.start.T.copy(),
                duration=one.duration.T.copy(),
                params={k: v.T.copy() for k, v in one.params.items()},
            )
            settled = Columns(n=1, designs={sid: d}).settled(self.cc).designs[sid]
            out[i] = bool(settled.funds_ties)
        return out

    def run(
        self,
        rows: Rows,
        futures: Futures,
        *,
        executor: Any = None,
        chunk_size: int | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> Float:
        """Every design over every future: ``(outcomes, records, designs, futures)``.

        Parameters
        ----------
        rows : Rows
            The designs (:meth:`DesignSpace.rows`, :meth:`DesignSpace.rows_of`).
        futures : Futures
        executor : concurrent.futures.Executor or distributed.Client, optional
        chunk_size : int, optional
            Columns per job (default :data:`DEFAULT_CHUNK`); changes the speed, never a number.
        on_progress : callable, optional
            Called with the number of columns of each finished job.
        """
        nd, nf = rows.n, futures.n
        self.columns += nd * nf
        size = max(1, chunk_size or DEFAULT_CHUNK)
        per_job_f = min(nf, size)
        per_job_d = max(1, size // max(nf, 1))
        if executor is not None:  # enough jobs for the workers
            per_job_d = max(1, min(per_job_d, -(-nd // (2 * worker_count(executor)))))
        ties = self.funds_ties(rows)
        jobs = []
        for flag in (False, True):
            idx = np.flatnonzero(ties == flag).astype(np.intp)
            for a in range(0, idx.size, per_job_d):
                block = idx[a : a + per_job_d]
                for lo in range(0, nf, per_job_f):
                    hi = min(nf, lo + per_job_f)
                    jobs.append(_Job(block, rows.take(block), lo, hi, bool(flag)))
        out = np.empty((len(OUTCOME_NAMES), self.record.shape[0], nd, nf))
        shared = _Shared(self.cc, self.base, self.record, futures, self.shared_rho)

        def place(job: _Job, values: Float) -> None:
            out[:, :, job.index, job.lo : job.hi] = values
            if on_progress is not None:
                on_progress(job.index.size * (job.hi - job.lo))

        run_chunks(
            _run_job,
            shared,
            jobs,
            place,
            executor=executor,
            describe=lambda j: f"designs {j.index.tolist()} x futures {j.lo}:{j.hi}",
        )
        return out
