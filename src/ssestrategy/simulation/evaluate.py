"""The one evaluation path: many columns — futures, or designs x futures — in one vectorised
kernel run.

Every study of the library runs the model through :func:`evaluate`: :func:`~ssestrategy.
simulation.simulate` (columns = sampled futures), :func:`~ssestrategy.simulation.calibrate`
(columns = trial parameter values), :func:`ssestrategy.sensitivity` (columns = design points
over assumptions, design choices and decision settings) and the design search (columns =
candidate designs x shared futures). Nothing else imports the kernel or builds its inputs, so
every one of them gets the same parameter-domain checks and the same numbers.

A column is a set of per-column values (:class:`Columns`): parameter values overriding the
case's, event draws, and, per strategy, a design (:class:`~ssestrategy.simulation.kernel.
DesignInputs`: budget, timing and mechanism parameters of each intervention). The result of a
column depends on its values only — never on which other columns share its batch — so results
are bit-identical whatever the batch size, chunking or executor.

Examples
--------
>>> import numpy as np
>>> from ssestrategy.datasets import tiznit
>>> from ssestrategy.simulation.compile import compile_case
>>> case = tiznit()
>>> cc = compile_case(case, ["status-quo"], periods=8)
>>> cols = Columns(n=3, params={"learning_rate": np.array([0.1, 0.2, 0.3])})
>>> out = evaluate(cc, case.parameter_values(), cols, [8])
>>> out.shape == (len(OUTCOME_NAMES), 1, 1, 3)  # (outcomes, records, strategies, columns)
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

from ..errors import ModelError
from ..model.parameters import PARAMETER_DOMAINS, parameter_problem
from ..model.strategy import LEVER_PARAMETER_DOMAINS, lever_parameter_ok
from .compile import CompiledCase
from .kernel import OUTCOME_NAMES, DesignInputs, funds_ties, run, scenario_inputs

__all__ = [
    "OUTCOME_NAMES",
    "Columns",
    "DesignInputs",
    "check_columns",
    "evaluate",
    "funds_ties",
]

Float = NDArray[np.float64]
Int = NDArray[np.int64]


@attrs.frozen(eq=False)
class Columns:
    """What varies across the columns of one evaluation.

    Attributes
    ----------
    n : int
        Number of columns.
    params : mapping of str to ndarray
        ``(n,)`` values of the parameters that vary (the others keep the case's value).
    event_onset, event_severity : ndarray or None
        ``(n, events)`` event draws (None: no event happens).
    designs : mapping of str to DesignInputs
        Per-column design of a strategy, by strategy id (the others run as written).
    shared_rho : bool or None
        Whether every column has the same ``ces_rho`` (it selects the CES code path: decide it
        once per study, so that a column's result never depends on its batch). Default:
        ``ces_rho`` does not vary.

    Examples
    --------
    >>> Columns(n=2, params={"learning_rate": np.array([0.1, 0.3])}).n
    2
    """

    n: int
    params: Mapping[str, Float] = attrs.field(factory=dict)
    event_onset: Int | None = None
    event_severity: Float | None = None
    designs: Mapping[str, DesignInputs] = attrs.field(factory=dict)
    shared_rho: bool | None = None

    def settled(self, cc: CompiledCase) -> Columns:
        """These columns with every design's code-path choice (``funds_ties``) made from all
        of them: call it before splitting a study into chunks (:meth:`slice`), so that no
        chunk decides alone.

        Examples
        --------
        >>> from ssestrategy.datasets import tiznit
        >>> from ssestrategy.simulation.compile import compile_case
        >>> cc = compile_case(tiznit(), ["canadian-agency"])
        >>> d = DesignInputs.default(cc.strategies[0], 2)
        >>> Columns(n=2, designs={"canadian-agency": d}).settled(cc).designs[
        ...     "canadian-agency"].funds_ties
        False
        """
        by_id = {s.id: s for s in cc.strategies}
        return attrs.evolve(
            self,
            designs={
                k: attrs.evolve(d, funds_ties=funds_ties(by_id[k], d)) if k in by_id else d
                for k, d in self.designs.items()
            },
        )

    def slice(self, lo: int, hi: int) -> Columns:
        """Columns ``lo:hi`` (call :meth:`settled` on the whole first).

        Examples
        --------
        >>> Columns(n=4, params={"learning_rate": np.arange(4.0)}).slice(1, 3).params[
        ...     "learning_rate"].tolist()
        [1.0, 2.0]
        """

        def cut(a: Float) -> Float:
            return np.ascontiguousarray(a[..., lo:hi])

        return Columns(
            n=hi - lo,
            params={k: np.ascontiguousarray(v[lo:hi]) for k, v in self.params.items()},
            event_onset=None if self.event_onset is None else self.event_onset[lo:hi],
            event_severity=None if self.event_severity is None else self.event_severity[lo:hi],
            designs={
                k: DesignInputs(
                    budget=cut(d.budget),
                    start=cut(d.start),
                    duration=cut(d.duration),
                    params={p: cut(v) for p, v in d.params.items()},
                    funds_ties=d.funds_ties,
                )
                for k, d in self.designs.items()
            },
            shared_rho=self.shared_rho,
        )


def check_columns(columns: Columns, *, path: str = "columns") -> None:
    """Raise :class:`~ssestrategy.errors.ModelError` if a per-column value leaves its domain:
    the same rule as :func:`~ssestrategy.simulation.engine.check_parameters` for parameters
    and as :class:`~ssestrategy.model.Intervention` for mechanism parameters.

    Examples
    --------
    >>> check_columns(Columns(n=2, params={"pole_weight": np.array([0.5, 1.5])}))
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: columns.params.pole_weight: pole_weight must be <= 1 (got 1.5)
    """
    for name, values in columns.params.items():
        if name not in PARAMETER_DOMAINS:
            raise ModelError.at(f"{path}.params.{name}", "unknown parameter")
        v = np.asarray(values, dtype=np.float64)
        if v.shape != (columns.n,):
            raise ModelError.at(f"{path}.params.{name}", f"expected {columns.n} values")
        if v.size:
            problem = parameter_problem(name, float(np.min(v)), float(np.max(v)))
            if problem is not None or not np.all(np.isfinite(v)):
                raise ModelError.at(f"{path}.params.{name}", problem or f"{name} must be finite")
    for sid, d in columns.designs.items():
        for key, arr in (("budget", d.budget), ("start", d.start), ("duration", d.duration)):
            a = np.asarray(arr, dtype=np.float64)
            if not np.all(np.isfinite(a)) or np.any(a < 0.0):
                raise ModelError.at(
                    f"{path}.designs.{sid}.{key}", f"{key} must be finite and non-negative"
                )
        for key, arr in d.params.items():
            if key not in LEVER_PARAMETER_DOMAINS:
                raise ModelError.at(f"{path}.designs.{sid}.params.{key}", "unknown parameter")
            if not bool(np.all(lever_parameter_ok(key, arr))):
                lo, hi, _ = LEVER_PARAMETER_DOMAINS[key]
                raise ModelError.at(
                    f"{path}.designs.{sid}.params.{key}",
                    f"{key} must stay in its domain [{lo:g}, {hi:g}]",
                )


def evaluate(
    cc: CompiledCase,
    base: Mapping[str, float],
    columns: Columns,
    record: Sequence[int] | NDArray[np.intp],
    *,
    check: bool = True,
) -> Float:
    """Run every compiled strategy over the columns.

    Parameters
    ----------
    cc : CompiledCase
    base : mapping of str to float
        Every parameter's value (``case.parameter_values()``); columns override some.
    columns : Columns
    record : sequence of int
        Periods to record (0 = the initial state), increasing.
    check : bool
        Check the per-column values against their domains first (:func:`check_columns`).

    Returns
    -------
    ndarray
        ``(outcomes, records, strategies, columns)``, outcomes in
        :data:`~ssestrategy.simulation.kernel.OUTCOME_NAMES` order.

    Examples
    --------
    Two designs of the Canadian template, side by side over the same future: as written, and
    with no revolving fund:

    >>> from ssestrategy.datasets import tiznit
    >>> from ssestrategy.simulation.compile import compile_case
    >>> from ssestrategy.simulation.kernel import DesignInputs
    >>> case = tiznit()
    >>> cc = compile_case(case, ["canadian-agency"])
    >>> d = DesignInputs.default(cc.strategies[0], 2)
    >>> fund = [iv.instrument for iv in case.strategy("canadian-agency").interventions].index(
    ...     "revolving-fund")
    >>> d.budget[fund, 1] = 0.0  # no fund, in the second column
    >>> out = evaluate(cc, case.parameter_values(),
    ...                Columns(n=2, designs={"canadian-agency": d}), [cc.n_periods])
    >>> lev = OUTCOME_NAMES.index("leverage")
    >>> bool(out[lev, 0, 0, 0] > 1.0), float(out[lev, 0, 0, 1])  # re-lent repayments
    (True, 1.0)
    """
    if check:
        check_columns(columns)
    n = columns.n
    x = scenario_inputs(
        base,
        n,
        cc,
        sampled=columns.params,
        event_onset=columns.event_onset,
        event_severity=columns.event_severity,
        shared_rho=columns.shared_rho,
    )
    rec = np.asarray(record, dtype=np.intp)
    out = np.empty((len(OUTCOME_NAMES), rec.shape[0], len(cc.strategies), n))
    for k, strat in enumerate(cc.strategies):
        design = columns.designs.get(strat.id)
        out[:, :, k, :] = run(cc, strat, x, rec, design)
    return out
