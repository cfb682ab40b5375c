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

import hashlib
import json
import math
import os
import zipfile
from pathlib import Path
from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from .._files import atomic_write, check_writable
from .._html import table_html
from ..errors import ModelError, Problem, ResultFileError, SSEError
from ..model import OUTCOMES

__all__ = ["Ensemble", "EnsembleSummary", "OutcomeStats", "StreamingStats"]

Float = NDArray[np.float64]
Int = NDArray[np.int64]

FORMAT_VERSION = 2
"""Version of the ensemble file format: 2 records every array's shape, dtype and SHA-256."""
HISTOGRAM_BINS = 1024
"""Bins of the streaming histograms (``keep="summary"``): quantiles to 0.1% of the range."""


def _fmt_value(name: str, v: float) -> str:
    unit = OUTCOMES[name].unit if name in OUTCOMES else ""
    if not math.isfinite(v):
        return str(v)
    if unit == "share":
        return f"{100.0 * v:.1f}%"
    if unit == "index":
        return f"{v:.3f}"
    if unit.startswith("MAD") or unit == "people":
        return f"{v:,.0f}"
    return f"{v:,.1f}"


@attrs.frozen(eq=False)
class EnsembleSummary:
    """Per strategy and outcome: median and a central band over scenarios at one time.

    Attributes
    ----------
    strategies : tuple of str
    outcome_names : tuple of str
    at : float
        Year of the summary.
    quantiles : tuple of float
        ``(low, high)`` levels of the band (default 10% and 90%).
    median, low, high, mean : ndarray
        ``(strategies, outcomes)``.
    method : str
        ``"exact"`` (quantiles of the kept scenarios) or ``"histogram"`` (streaming summaries).
    n_scenarios : int

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> from ssestrategy.simulation import simulate
    >>> s = simulate(tiznit(), ["status-quo"], n_scenarios=8, rng=1, periods=4).summary()
    >>> sorted(s.to_dict()["strategies"])
    ['status-quo']
    """

    strategies: tuple[str, ...]
    outcome_names: tuple[str, ...]
    at: float
    quantiles: tuple[float, float]
    median: Float
    low: Float
    high: Float
    mean: Float
    method: str
    n_scenarios: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{strategy: {outcome: {median, low, high, mean}}}`` plus metadata."""
        return {
            "at": self.at,
            "quantiles": list(self.quantiles),
            "method": self.method,
            "n_scenarios": self.n_scenarios,
            "strategies": {
                s: {
                    o: {
                        "median": float(self.median[i, j]),
                        "low": float(self.low[i, j]),
                        "high": float(self.high[i, j]),
                        "mean": float(self.mean[i, j]),
                    }
                    for j, o in enumerate(self.outcome_names)
                }
                for i, s in enumerate(self.strategies)
            },
        }

    def _cell(self, i: int, j: int) -> str:
        name = self.outcome_names[j]
        return (
            f"{_fmt_value(name, float(self.median[i, j]))} "
            f"[{_fmt_value(name, float(self.low[i, j]))}, "
            f"{_fmt_value(name, float(self.high[i, j]))}]"
        )

    def format(self) -> str:
        """A plain-text table: one row per outcome, one column per strategy."""
        lo, hi = (round(100 * q) for q in self.quantiles)
        header = ["outcome", *self.strategies]
        rows = [
            [name, *(self._cell(i, j) for i in range(len(self.strategies)))]
            for j, name in enumerate(self.outcome_names)
        ]
        widths = [max(len(r[c]) for r in [header, *rows]) for c in range(len(header))]
        lines = [
            f"Outcomes at year {self.at:g} over {self.n_scenarios} scenarios: "
            f"median [{lo}%, {hi}%]",
            "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)),
            "  ".join("-" * w for w in widths),
        ]
        lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
        return "\n".join(line.rstrip() for line in lines)

    def __str__(self) -> str:
        return self.format()

    def _repr_html_(self) -> str:
        rows = [
            [name, *(self._cell(i, j) for i in range(len(self.strategies)))]
            for j, name in enumerate(self.outcome_names)
        ]
        lo, hi = (round(100 * q) for q in self.quantiles)
        return table_html(
            ["outcome", *self.strategies],
            rows,
            caption=f"year {self.at:g}, {self.n_scenarios} scenarios: median [{lo}%, {hi}%]",
        )


@attrs.frozen(eq=False)
class OutcomeStats:
    """Streaming summaries of every outcome, checkpoint and strategy.

    Attributes
    ----------
    count : int
    mean, m2, minimum, maximum : ndarray
        ``(outcomes, checkpoints, strategies)``; ``m2`` is the sum of squared deviations.
    histogram : ndarray of int
        ``(outcomes, checkpoints, strategies, bins)`` counts over ``bounds``.
    bounds : ndarray
        ``(outcomes, strategies, 2)`` range of the histogram bins (values outside fall in the
        end bins).
    """

    count: int
    mean: Float
    m2: Float
    minimum: Float
    maximum: Float
    histogram: Int
    bounds: Float

    def quantile(self, q: float) -> Float:
        """Quantile ``q`` of every cell, interpolated within its histogram bin.

        Examples
        --------
        >>> acc = StreamingStats(np.array([[[0.0, 1.0]]]), 1, 1, bins=10)
        >>> acc.add(np.linspace(0, 1, 101).reshape(1, 1, 1, 101))
        >>> float(np.round(acc.result().quantile(0.5)[0, 0, 0], 3))
        0.5
        """
        h = self.histogram.astype(np.float64)
        n_bins = h.shape[-1]
        cum = np.cumsum(h, axis=-1)
        target = q * self.count
        b = np.minimum((cum < target).sum(axis=-1), n_bins - 1)
        before = (
            np.take_along_axis(cum, b[..., None], axis=-1)[..., 0]
            - np.take_along_axis(h, b[..., None], axis=-1)[..., 0]
        )
        inbin = np.take_along_axis(h, b[..., None], axis=-1)[..., 0]
        frac = np.where(inbin > 0, (target - before) / np.where(inbin > 0, inbin, 1.0), 0.0)
        lo = self.bounds[..., 0][:, None, :]
        width = (self.bounds[..., 1] - self.bounds[..., 0])[:, None, :] / n_bins
        out: Float = np.clip(lo + (b + np.clip(frac, 0.0, 1.0)) * width, self.minimum, self.maximum)
        return out


class StreamingStats:
    """Accumulate :class:`OutcomeStats` from chunks of scenarios given in scenario order.

    Sums are accumulated strictly sequentially over scenarios (a cumulative sum continuing the
    running total), shifted by the first scenario's values for accuracy, so the result is
    bit-identical however the scenarios are split into chunks.

    Parameters
    ----------
    bounds : ndarray
        ``(outcomes, strategies, 2)`` histogram ranges.
    n_checkpoints, n_strategies : int
    bins : int
    """

    def __init__(
        self, bounds: Float, n_checkpoints: int, n_strategies: int, *, bins: int = HISTOGRAM_BINS
    ) -> None:
        n_o = bounds.shape[0]
        shape = (n_o, n_checkpoints, n_strategies)
        self.bounds = np.asarray(bounds, dtype=np.float64)
        self.bins = bins
        self.count = 0
        self.shift = np.zeros(shape)
        self.s1 = np.zeros(shape)
        self.s2 = np.zeros(shape)
        self.minimum = np.full(shape, np.inf)
        self.maximum = np.full(shape, -np.inf)
        self.histogram = np.zeros((*shape, bins), dtype=np.int64)

    def add(self, values: Float) -> None:
        """Fold ``values`` ``(outcomes, checkpoints, strategies, scenarios)`` (the next scenarios
        in order)."""
        if values.shape[-1] == 0:
            return
        if self.count == 0:
            self.shift = values[..., 0].copy()
        d = values - self.shift[..., None]
        self.s1 = np.cumsum(np.concatenate([self.s1[..., None], d], axis=-1), axis=-1)[..., -1]
        self.s2 = np.cumsum(np.concatenate([self.s2[..., None], d * d], axis=-1), axis=-1)[..., -1]
        np.minimum(self.minimum, values.min(axis=-1), out=self.minimum)
        np.maximum(self.maximum, values.max(axis=-1), out=self.maximum)
        lo = self.bounds[..., 0][:, None, :, None]
        hi = self.bounds[..., 1][:, None, :, None]
        b = np.floor((values - lo) / (hi - lo) * self.bins)
        b = np.clip(np.nan_to_num(b, nan=0.0), 0, self.bins - 1).astype(np.int64)
        cells = np.arange(int(np.prod(self.s1.shape)), dtype=np.int64).reshape(self.s1.shape)
        flat = cells[..., None] * self.bins + b
        self.histogram += np.bincount(flat.ravel(), minlength=self.histogram.size).reshape(
            self.histogram.shape
        )
        self.count += values.shape[-1]

    def result(self) -> OutcomeStats:
        """The summaries so far."""
        n = max(self.count, 1)
        return OutcomeStats(
            count=self.count,
            mean=self.shift + self.s1 / n,
            m2=np.maximum(self.s2 - self.s1 * self.s1 / n, 0.0),
            minimum=self.minimum.copy(),
            maximum=self.maximum.copy(),
            histogram=self.histogram.copy(),
            bounds=self.bounds.copy(),
        )


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
    keep : str
        ``"all"`` or ``"summary"``.
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
        if self._meta() != other._meta():
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
    def _meta(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "strategies": list(self.strategies),
            "strategy_names": list(self.strategy_names),
            "outcome_names": list(self.outcome_names),
            "periods": self.periods,
            "periods_per_year": self.periods_per_year,
            "n_scenarios": self.n_scenarios,
            "keep": self.keep,
            "input_names": list(self.input_names),
            "event_names": list(self.event_names),
            "provenance": self.provenance,
            "stats_count": None if self.stats is None else self.stats.count,
        }

    def _arrays(self) -> dict[str, Any]:
        arrays: dict[str, Any] = {}
        for a in self._ARRAYS:
            v = getattr(self, a)
            if v is not None:
                arrays[a] = v
        if self.stats is not None:
            for f in attrs.fields(OutcomeStats):
                if f.name != "count":
                    arrays[f"stats_{f.name}"] = getattr(self.stats, f.name)
        return arrays

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
        target = check_writable(path, "path")
        arrays = {k: np.ascontiguousarray(v) for k, v in self._arrays().items()}
        meta = self._meta()
        meta["arrays"] = {
            k: {"shape": list(v.shape), "dtype": v.dtype.str, "sha256": _digest(v)}
            for k, v in arrays.items()
        }
        text = json.dumps(meta, sort_keys=True)
        members: dict[str, Any] = {
            "meta": np.array(text),
            "meta_sha256": np.array(hashlib.sha256(text.encode("utf-8")).hexdigest()),
            **arrays,
        }
        try:
            atomic_write(target, lambda f: np.savez(f, **members))
        except OSError as exc:
            raise ModelError.at("path", f"cannot write {target}: {exc.strerror or exc}") from None

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
        return _load(cls, path)

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


# --- verified loading ---------------------------------------------------------------------------

_MAX_HEADER = 10_000  # bytes of an array's .npy header
_META_KEYS: dict[str, Any] = {
    "format": int,
    "strategies": list,
    "strategy_names": list,
    "outcome_names": list,
    "periods": int,
    "periods_per_year": int,
    "n_scenarios": int,
    "keep": str,
    "input_names": list,
    "event_names": list,
    "provenance": dict,
    "stats_count": (int, type(None)),
    "arrays": dict,
}


def _digest(a: NDArray[Any]) -> str:
    """SHA-256 of an array's bytes (C order)."""
    flat = np.ascontiguousarray(a).reshape(-1).view(np.uint8)
    return hashlib.sha256(flat.data).hexdigest()


def _fail(where: str, message: str) -> ResultFileError:
    return ResultFileError([Problem(where, message)])


# Reading a damaged archive can fail in many ways (zipfile, zlib, struct, NumPy's header parser,
# the tokenizer behind it...): each becomes a ResultFileError naming the member.
_READ_ERRORS = (Exception,)


def _read_array(zf: zipfile.ZipFile, name: str, limit: int) -> NDArray[Any]:
    """Read member ``name`` + ``.npy`` without pickle, refusing a header that claims more data
    than the member holds (or than the file could hold)."""
    member = f"{name}.npy"
    try:
        info = zf.getinfo(member)
        if info.file_size > limit:
            raise _fail(
                name, f"the array claims {info.file_size:,} bytes, more than the file holds"
            )
        with zf.open(info) as f:
            version = np.lib.format.read_magic(f)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(
                    f, max_header_size=_MAX_HEADER
                )
            elif version in ((2, 0), (3, 0)):
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(
                    f, max_header_size=_MAX_HEADER
                )
            else:
                raise _fail(name, f"unknown .npy version {version}")
            if dtype.hasobject:
                raise _fail(name, "holds Python objects (pickled data): refused")
            count = math.prod(shape)
            data = f.read()  # to the end: zipfile checks the member's CRC-32
    except ResultFileError:
        raise
    except _READ_ERRORS as exc:
        raise _fail(name, f"cannot read the array: {exc}") from None
    if len(data) != count * dtype.itemsize:
        raise _fail(
            name,
            f"holds {len(data):,} bytes, but its header announces {count:,} values of "
            f"{dtype.itemsize} bytes (the file is truncated or corrupted)",
        )
    arr = np.frombuffer(data, dtype=dtype)
    return arr.reshape(shape, order="F" if fortran else "C").copy()


def _meta_problems(meta: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    for key, tp in _META_KEYS.items():
        if key not in meta:
            problems.append(Problem(f"meta.{key}", "missing"))
        elif not isinstance(meta[key], tp) or isinstance(meta[key], bool):
            problems.append(Problem(f"meta.{key}", f"unexpected {type(meta[key]).__name__}"))
    if problems:
        return problems
    for key in ("strategies", "strategy_names", "outcome_names", "input_names", "event_names"):
        if not all(isinstance(v, str) for v in meta[key]):
            problems.append(Problem(f"meta.{key}", "expected a list of strings"))
    for key in ("periods", "periods_per_year", "n_scenarios"):
        if meta[key] < 1:
            problems.append(Problem(f"meta.{key}", f"expected a positive integer, got {meta[key]}"))
    if len(meta["strategy_names"]) != len(meta["strategies"]):
        problems.append(Problem("meta.strategy_names", "not one per strategy"))
    if meta["keep"] not in ("all", "summary"):
        problems.append(Problem("meta.keep", f"expected 'all' or 'summary', got {meta['keep']!r}"))
    elif (meta["keep"] == "summary") != (meta["stats_count"] is not None):
        problems.append(
            Problem(
                "meta.keep",
                f"{meta['keep']!r} disagrees with meta.stats_count ({meta['stats_count']!r}): "
                "summaries are recorded exactly when keep is 'summary'",
            )
        )
    for key in ("strategies", "outcome_names"):
        if len(set(meta[key])) != len(meta[key]) or not meta[key]:
            problems.append(Problem(f"meta.{key}", "expected distinct names, at least one"))
    known = list(OUTCOMES)
    unknown = [n for n in meta["outcome_names"] if n not in OUTCOMES]
    if unknown:
        problems.append(
            Problem(
                "meta.outcome_names",
                f"outcomes unknown to this version: {', '.join(map(repr, unknown[:3]))} "
                "(written by a newer ssestrategy?)",
            )
        )
    elif [known.index(n) for n in meta["outcome_names"]] != sorted(
        known.index(n) for n in meta["outcome_names"]
    ):
        problems.append(
            Problem(
                "meta.outcome_names",
                "not in the order the simulation writes them: the header was edited",
            )
        )
    return problems


def _expected_shapes(meta: dict[str, Any], n_chk: int) -> dict[str, tuple[int, ...]]:
    n_o, n_k = len(meta["outcome_names"]), len(meta["strategies"])
    n, n_u, n_e = meta["n_scenarios"], len(meta["input_names"]), len(meta["event_names"])
    shapes: dict[str, tuple[int, ...]] = {"years": (n_chk,)}
    if meta["keep"] == "all":
        shapes.update(
            checkpoints=(n_o, n_chk, n_k, n),
            input_values=(n, n_u),
            event_onset_values=(n, n_e),
            event_severity_values=(n, n_e),
        )
    if meta["stats_count"] is not None:
        cell = (n_o, n_chk, n_k)
        shapes.update(
            stats_mean=cell,
            stats_m2=cell,
            stats_minimum=cell,
            stats_maximum=cell,
            stats_bounds=(n_o, n_k, 2),
        )
    return shapes


def _load(cls: type[Ensemble], path: str | os.PathLike[str]) -> Ensemble:
    from .engine import record_periods

    try:
        p = Path(path)
        size = p.stat().st_size
        if p.is_dir():
            raise _fail("file", f"{p} is a directory, not an ensemble file")
    except ResultFileError:
        raise
    except (OSError, TypeError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise _fail("file", f"cannot read {path}: {reason}") from None
    try:
        with open(p, "rb") as f:
            magic = f.read(4)
    except OSError as exc:
        raise _fail("file", f"cannot read {p}: {exc.strerror or exc}") from None
    if magic[:2] != b"PK":
        kind = "a NumPy .npy array" if magic.startswith(b"\x93NUM") else "not a zip archive"
        raise _fail(
            "file", f"{p} is not an ensemble file ({kind}; Ensemble.save writes .npz archives)"
        )
    try:
        zf = zipfile.ZipFile(p)
    except _READ_ERRORS as exc:
        raise _fail("file", f"{p} is not a readable ensemble file (truncated?): {exc}") from None
    with zf:
        try:
            names = {n.removesuffix(".npy") for n in zf.namelist() if n.endswith(".npy")}
            others = [n for n in zf.namelist() if not n.endswith(".npy")]
        except _READ_ERRORS as exc:  # pragma: no cover - namelist reads the loaded directory
            raise _fail("file", f"cannot list the archive: {exc}") from None
        if others:
            raise _fail("file", f"unexpected members {others[:3]} (not an ensemble file)")
        if "meta" not in names:
            raise _fail("meta", f"{p} has no header (not an ensemble file)")
        limit = size + 1024
        meta_arr = _read_array(zf, "meta", limit)
        if meta_arr.dtype.kind != "U" or meta_arr.shape != ():
            raise _fail("meta", "the header is not a JSON text")
        text = str(meta_arr[()])
        try:
            meta = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise _fail("meta", f"the header is not valid JSON: {exc}") from None
        if not isinstance(meta, dict):
            raise _fail("meta", f"the header is a JSON {type(meta).__name__}, not an object")
        version = meta.get("format")
        if version != FORMAT_VERSION:
            if version == 1:
                msg = (
                    "written by ssestrategy 0.1 (format 1), which recorded no checksums, so its "
                    f"content cannot be verified; this version reads format {FORMAT_VERSION}: "
                    "simulate again and save"
                )
            elif isinstance(version, int) and not isinstance(version, bool) and version > 1:
                msg = (
                    f"written by a newer ssestrategy (format {version}); this version reads "
                    f"format {FORMAT_VERSION}: upgrade ssestrategy to load it"
                )
            else:
                msg = f"unknown ensemble format {version!r} (this version reads {FORMAT_VERSION})"
            raise _fail("meta.format", msg)
        if "meta_sha256" not in names:
            raise _fail("meta_sha256", "missing: the header's checksum is not in the file")
        recorded = _read_array(zf, "meta_sha256", limit)
        if (
            str(recorded[()] if recorded.shape == () else "")
            != hashlib.sha256(text.encode("utf-8")).hexdigest()
        ):
            raise _fail(
                "meta",
                "the header does not match its recorded SHA-256: it was modified after saving",
            )
        problems = _meta_problems(meta)
        if problems:
            raise ResultFileError(problems)
        manifest: dict[str, Any] = meta["arrays"]
        data_names = names - {"meta", "meta_sha256"}
        extra = sorted(data_names - set(manifest))
        if extra:
            raise _fail(extra[0], "an array the header does not record (added after saving)")
        if meta["periods"] > 10**9:
            raise _fail("meta.periods", f"{meta['periods']:,} periods: not a saved simulation")
        record = record_periods(meta["periods"], meta["periods_per_year"])
        expected = _expected_shapes(meta, int(record.shape[0]))
        if meta["keep"] == "all" and "trajectories" in manifest:
            n_o, n_k = len(meta["outcome_names"]), len(meta["strategies"])
            expected["trajectories"] = (n_o, meta["periods"] + 1, n_k, meta["n_scenarios"])
        for name in expected:
            if name not in manifest:
                raise _fail(name, "missing from the file (the header does not record it)")
        if meta["keep"] == "summary":
            for name in manifest:
                if name in Ensemble._ARRAYS and name != "years":
                    raise _fail(name, "present, but the header says keep='summary'")
        data: dict[str, NDArray[Any]] = {}
        for name, entry in manifest.items():
            if not (
                isinstance(entry, dict)
                and isinstance(entry.get("shape"), list)
                and isinstance(entry.get("dtype"), str)
                and isinstance(entry.get("sha256"), str)
            ):
                raise _fail(f"meta.arrays.{name}", "expected {shape, dtype, sha256}")
            if name not in data_names:
                raise _fail(name, "recorded in the header but missing from the file")
            arr = _read_array(zf, name, limit)
            if list(arr.shape) != entry["shape"] or arr.dtype.str != entry["dtype"]:
                raise _fail(
                    name,
                    f"shape {arr.shape} and dtype {arr.dtype.str} disagree with the header "
                    f"({tuple(entry['shape'])}, {entry['dtype']})",
                )
            if _digest(arr) != entry["sha256"]:
                raise _fail(
                    name, "its SHA-256 disagrees with the header: the data changed after saving"
                )
            want = expected.get(name)
            if want is not None and arr.shape != want:
                raise _fail(
                    name,
                    f"shape {arr.shape} disagrees with the header's sizes {want} (outcomes, "
                    "checkpoints, strategies, scenarios)",
                )
            data[name] = arr
    years = data["years"]
    if years.dtype != np.float64 or not np.array_equal(years, record / meta["periods_per_year"]):
        raise _fail("years", "the checkpoint years disagree with the header's periods")
    stats = None
    if meta["stats_count"] is not None:
        if meta["stats_count"] != meta["n_scenarios"]:
            raise _fail("meta.stats_count", "disagrees with meta.n_scenarios")
        hist = data.get("stats_histogram")
        if hist is None:
            raise _fail("stats_histogram", "missing from the file")
        if hist.ndim != 4 or hist.shape[:3] != data["stats_mean"].shape or hist.shape[3] < 1:
            raise _fail("stats_histogram", f"shape {hist.shape} disagrees with the summaries")
        stats = OutcomeStats(
            count=int(meta["stats_count"]),
            **{
                f.name: data[f"stats_{f.name}"]
                for f in attrs.fields(OutcomeStats)
                if f.name != "count"
            },
        )
    return cls(
        strategies=tuple(meta["strategies"]),
        strategy_names=tuple(meta["strategy_names"]),
        outcome_names=tuple(meta["outcome_names"]),
        years=years,
        periods=int(meta["periods"]),
        periods_per_year=int(meta["periods_per_year"]),
        n_scenarios=int(meta["n_scenarios"]),
        keep=str(meta["keep"]),
        input_names=tuple(meta["input_names"]),
        event_names=tuple(meta["event_names"]),
        provenance=dict(meta["provenance"]),
        checkpoints=data.get("checkpoints"),
        trajectories=data.get("trajectories"),
        input_values=data.get("input_values"),
        event_onset_values=data.get("event_onset_values"),
        event_severity_values=data.get("event_severity_values"),
        stats=stats,
    )
