"""The result of a simulation: an :class:`Ensemble` of outcomes over strategies and scenarios.

An ensemble keeps, for every strategy and scenario, every outcome at yearly checkpoints (year 0 =
the initial state, then each whole year, then the end of the horizon if it is not a whole year),
the full trajectories when asked, the scenario inputs and event draws, and its provenance (case
hash, seed, sampler, version). With ``keep="summary"`` it keeps only streaming summaries (count,
mean, sum of squared deviations, min, max and a fixed-bin histogram per outcome, checkpoint and
strategy), so that a very large ensemble runs in flat memory; quantiles then come from the
histograms.

Examples
--------
>>> from ssestrategy.datasets import tiznit
>>> from ssestrategy.simulation import simulate
>>> ens = simulate(tiznit(), ["status-quo"], n_scenarios=4, rng=1, periods=8)
>>> ens.outcome("survival").shape, ens.years.tolist()
((1, 4), [0.0, 1.0, 2.0])
"""

from __future__ import annotations

import os
from typing import Any, Literal

import attrs
import numpy as np
from numpy.typing import NDArray

from ..errors import ModelError, SSEError
from .summaries import EnsembleSummary, OutcomeStats, StreamingStats

__all__ = ["Ensemble", "EnsembleSummary", "Keep", "OutcomeStats", "StreamingStats"]

Float = NDArray[np.float64]
Int = NDArray[np.int64]

Keep = Literal["all", "summary"]
"""What an ensemble keeps: every scenario's outcomes, or streaming summaries only (the values
of ``simulate(keep=...)``, whose annotation follows with the engine's rewrite, issue 17)."""


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return bool(np.array_equal(a, b)) and np.asarray(a).dtype == np.asarray(b).dtype


@attrs.frozen(eq=False)
class Ensemble:
    """Outcomes of strategies over sampled futures (see the module docstring).

    Use :func:`~ssestrategy.simulation.simulate` to make one; the constructor is internal.

    Attributes
    ----------
    strategies : tuple of str
        Strategy ids, in the order of the first axis of every outcome array.
    strategy_names : tuple of str
    outcome_names : tuple of str
    years : ndarray
        Checkpoint times in years (0 = the initial state).
    periods, periods_per_year, n_scenarios : int
    keep : {"all", "summary"}
    input_names : tuple of str
        Uncertain parameters (columns of :attr:`inputs`).
    event_names : tuple of str
    provenance : dict
        ``case``, ``case_hash``, ``seed`` (entropy), ``spawn_key``, ``sampler``,
        ``n_scenarios``, ``n_periods``, ``periods_per_year``, ``version``, ``keep``.
    """

    strategies: tuple[str, ...]
    strategy_names: tuple[str, ...]
    outcome_names: tuple[str, ...]
    years: Float
    periods: int
    periods_per_year: int
    n_scenarios: int
    keep: str
    input_names: tuple[str, ...]
    event_names: tuple[str, ...]
    provenance: dict[str, Any]
    checkpoints: Float | None = attrs.field(default=None, repr=False)
    """``(outcomes, checkpoints, strategies, scenarios)`` or None (summary only)."""
    trajectories: Float | None = attrs.field(default=None, repr=False)
    """``(outcomes, periods + 1, strategies, scenarios)`` or None."""
    input_values: Float | None = attrs.field(default=None, repr=False)
    event_onset_values: Int | None = attrs.field(default=None, repr=False)
    event_severity_values: Float | None = attrs.field(default=None, repr=False)
    stats: OutcomeStats | None = attrs.field(default=None, repr=False)

    def __attrs_post_init__(self) -> None:
        # frozen-ish: the arrays cannot be modified through the ensemble
        for a in self._ARRAYS:
            v = getattr(self, a)
            if isinstance(v, np.ndarray):
                v.flags.writeable = False

    # --- access ------------------------------------------------------------------------
    def _outcome_index(self, name: str) -> int:
        try:
            return self.outcome_names.index(name)
        except ValueError:
            raise ModelError.at(
                "name", f"unknown outcome {name!r} (known: {', '.join(self.outcome_names)})"
            ) from None

    def _year_index(self, at: float | None) -> int:
        if at is None:
            return len(self.years) - 1
        if isinstance(at, bool) or not isinstance(at, int | float | np.number):
            raise ModelError.at("at", f"expected a year, got {at!r}")
        hits = np.flatnonzero(np.isclose(self.years, float(at), rtol=0.0, atol=1e-9))
        if hits.size == 0:
            known = ", ".join(f"{y:g}" for y in self.years)
            raise ModelError.at("at", f"no checkpoint at year {float(at):g} (checkpoints: {known})")
        return int(hits[0])

    @staticmethod
    def _kept(value: Any, what: str) -> Any:
        if value is None:
            raise ModelError.at(
                what, "this ensemble kept summaries only (keep='summary'); rerun with keep='all'"
            )
        return value

    def outcome(self, name: str, at: float | None = None) -> Float:
        """Outcome ``name`` for every strategy and scenario, ``(strategies, scenarios)``.

        Parameters
        ----------
        name : str
            One of :attr:`outcome_names`.
        at : float, optional
            Year of a checkpoint (:attr:`years`); default the end of the horizon.

        Examples
        --------
        >>> from ssestrategy.datasets import tiznit
        >>> from ssestrategy.simulation import simulate
        >>> ens = simulate(tiznit(), ["status-quo"], n_scenarios=3, rng=1, periods=8)
        >>> bool((ens.outcome("survival", at=0) == 1.0).all())
        True
        """
        checkpoints: Float = self._kept(self.checkpoints, "outcome")
        out: Float = checkpoints[self._outcome_index(name), self._year_index(at)]
        return out

    def trajectory(self, name: str) -> Float:
        """Outcome ``name`` in every period, ``(strategies, scenarios, periods + 1)``.

        Only when simulated with ``trajectories=True``.
        """
        if self.trajectories is None:
            raise ModelError.at(
                "trajectory", "trajectories were not kept; simulate with trajectories=True"
            )
        out: Float = np.moveaxis(self.trajectories[self._outcome_index(name)], 0, -1)
        return out

    @property
    def inputs(self) -> Float:
        """Sampled values of the uncertain parameters, ``(scenarios, len(input_names))``."""
        out: Float = self._kept(self.input_values, "inputs")
        return out

    @property
    def event_onset(self) -> Int:
        """Period in which each event starts, ``(scenarios, events)``; -1 when it does not."""
        out: Int = self._kept(self.event_onset_values, "event_onset")
        return out

    @property
    def event_severity(self) -> Float:
        """Severity drawn for each event, ``(scenarios, events)``."""
        out: Float = self._kept(self.event_severity_values, "event_severity")
        return out

    # --- summaries ---------------------------------------------------------------------
    def summary(
        self, at: float | None = None, *, quantiles: tuple[float, float] = (0.1, 0.9)
    ) -> EnsembleSummary:
        """Median and a central band (default 10-90%) of every outcome for each strategy.

        Examples
        --------
        >>> from ssestrategy.datasets import tiznit
        >>> from ssestrategy.simulation import simulate
        >>> ens = simulate(tiznit(), ["status-quo"], n_scenarios=8, rng=1, periods=4)
        >>> s = ens.summary()
        >>> s.median.shape == (1, len(ens.outcome_names)), s.method
        (True, 'exact')
        """
        try:
            lo_q, hi_q = (float(q) for q in quantiles)
        except (TypeError, ValueError):
            raise ModelError.at("quantiles", f"expected (low, high), got {quantiles!r}") from None
        if not (0.0 <= lo_q <= 0.5 <= hi_q <= 1.0):
            raise ModelError.at("quantiles", "expected (low, high) with low <= 0.5 <= high")
        y = self._year_index(at)
        if self.checkpoints is not None:
            x = self.checkpoints[:, y]  # (O, K, n)
            q = np.quantile(x, [0.5, lo_q, hi_q], axis=-1)
            median, low, high = (np.ascontiguousarray(q[i].T) for i in range(3))
            mean = np.ascontiguousarray(x.mean(axis=-1).T)
            method = "exact"
        else:
            st: OutcomeStats = self._kept(self.stats, "summary")
            median, low, high = (
                np.ascontiguousarray(st.quantile(qq)[:, y].T) for qq in (0.5, lo_q, hi_q)
            )
            mean = np.ascontiguousarray(st.mean[:, y].T)
            method = "histogram"
        return EnsembleSummary(
            strategies=self.strategies,
            outcome_names=self.outcome_names,
            at=float(self.years[y]),
            quantiles=(lo_q, hi_q),
            median=median,
            low=low,
            high=high,
            mean=mean,
            method=method,
            n_scenarios=self.n_scenarios,
        )

    def format_summary(self, at: float | None = None) -> str:
        """The text table of :meth:`summary` (used by ``ssestrategy simulate``)."""
        return self.summary(at).format()

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_()

    def __repr__(self) -> str:
        return (
            f"Ensemble(strategies={list(self.strategies)}, n_scenarios={self.n_scenarios}, "
            f"periods={self.periods}, sampler={self.provenance.get('sampler')!r}, "
            f"keep={self.keep!r})"
        )

    # --- equality ----------------------------------------------------------------------
    _ARRAYS = (
        "years",
        "checkpoints",
        "trajectories",
        "input_values",
        "event_onset_values",
        "event_severity_values",
    )

    def __eq__(self, other: object) -> bool:
        """Bit-identical results and equal metadata."""
        if not isinstance(other, Ensemble):
            return NotImplemented
        from .ensemble_files import header

        if header(self) != header(other):
            return False
        if not all(_same(getattr(self, a), getattr(other, a)) for a in self._ARRAYS):
            return False
        if (self.stats is None) != (other.stats is None):
            return False
        if self.stats is not None and other.stats is not None:
            for f in attrs.fields(OutcomeStats):
                if not _same(getattr(self.stats, f.name), getattr(other.stats, f.name)):
                    return False
        return True

    __hash__ = None  # type: ignore[assignment]

    # --- persistence -------------------------------------------------------------------
    def save(self, path: str | os.PathLike[str]) -> None:
        """Save losslessly to ``path`` (a NumPy ``.npz`` archive with a JSON header; no pickle).

        The header records the format version, every array's shape, dtype and SHA-256, and the
        archive holds the SHA-256 of the header itself, so that :meth:`load` detects any
        truncation, flipped byte or edit. The file is written beside ``path`` and renamed over
        it: a failure never leaves half a file.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from ssestrategy.datasets import tiznit
        >>> from ssestrategy.simulation import simulate
        >>> ens = simulate(tiznit(), ["status-quo"], n_scenarios=2, rng=1, periods=4)
        >>> with tempfile.TemporaryDirectory() as d:
        ...     p = pathlib.Path(d) / "run.npz"
        ...     ens.save(p)
        ...     Ensemble.load(p) == ens
        True
        """
        from .ensemble_files import save_ensemble

        save_ensemble(self, path)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Ensemble:
        """Load an ensemble written by :meth:`save`, verifying it.

        Every array's shape, dtype and SHA-256 and the header's own SHA-256 are checked against
        what :meth:`save` recorded, and the shapes against the header (strategies, outcomes,
        checkpoints, scenarios), so a truncated, corrupted or edited file is refused rather
        than loaded.

        Raises
        ------
        ResultFileError
            Naming what disagrees: ``file`` (not a readable archive), ``meta`` or
            ``meta.<key>`` (the header), or the array (``checkpoints``, ...); and for a file of
            another format version, which version and what to do.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from ssestrategy.datasets import tiznit
        >>> from ssestrategy.simulation import simulate
        >>> ens = simulate(tiznit(), ["status-quo"], n_scenarios=2, rng=1, periods=4)
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "run.npz"
        >>> ens.save(p)
        >>> data = bytearray(p.read_bytes())
        >>> data[len(data) // 2] ^= 1
        >>> _ = p.write_bytes(bytes(data))
        >>> Ensemble.load(p)
        Traceback (most recent call last):
        ...
        ssestrategy.errors.ResultFileError: ...
        """
        from .ensemble_files import load_ensemble

        return load_ensemble(cls, path)

    def to_frame(self, at: float | None = None, *, inputs: bool = True) -> Any:
        """A pandas DataFrame: one row per (strategy, scenario), one column per outcome (at year
        ``at``), then the scenario inputs. Needs the ``pandas`` extra.
        """
        try:
            import pandas as pd
        except ImportError:
            raise SSEError(
                "Ensemble.to_frame() needs pandas: pip install 'ssestrategy[pandas]'"
            ) from None
        checkpoints: Float = self._kept(self.checkpoints, "to_frame")
        y = self._year_index(at)
        n_k, n = len(self.strategies), self.n_scenarios
        index = pd.MultiIndex.from_product(
            [list(self.strategies), range(n)], names=["strategy", "scenario"]
        )
        cols: dict[str, Any] = {
            name: checkpoints[o, y].reshape(n_k * n) for o, name in enumerate(self.outcome_names)
        }
        if inputs and self.input_values is not None:
            for c, name in enumerate(self.input_names):
                cols[name] = np.tile(self.input_values[:, c], n_k)
        return pd.DataFrame(cols, index=index)
