"""Sample the uncertain futures of a case: parameter values and events, drawn up front.

Every scenario's randomness comes from its own stream of the run's root (``rng``, see
:mod:`ssestrategy._random`): scenario *k* uses ``numpy.random.default_rng(SeedSequence(rng,
spawn_key=(k,)))`` for an int ``rng`` and draws, in this order,

1. one uniform per uncertain parameter (used by the ``"mc"`` sampler; drawn and set aside by the
   quasi-random samplers, so that a scenario's events do not depend on the sampler);
2. for each event, one uniform per simulated year (the event starts in the first year whose draw
   is below its annual probability — at most once per future), one uniform placing the onset
   within that year, and one uniform for its severity.

The ``"lhs"`` (Latin hypercube) and ``"sobol"`` (scrambled Sobol') samplers replace the parameter
uniforms by a joint design over all scenarios from :mod:`scipy.stats.qmc`, seeded from
the root. Uniforms become values through each distribution's quantile function, so a scenario's
values depend on ``(case, rng, n_scenarios, sampler)`` only — never on how the scenarios are
split into chunks.

Examples
--------
>>> from ssestrategy.model import (Case, Distribution, ScenarioSpace, Territory,
...                                Uncertainty)
>>> space = ScenarioSpace(parameters=(Uncertainty(
...     parameter="learning_rate", distribution=Distribution(kind="uniform", low=0.1, high=0.3)),))
>>> case = Case(name="c", territory=Territory(name="t"), uncertainties=space)
>>> s = sample_scenarios(case, 4, rng=1)
>>> s.names, s.values.shape
(('learning_rate',), (4, 1))
>>> bool(((s.values >= 0.1) & (s.values <= 0.3)).all())
True
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import attrs
import numpy as np
import scipy.stats
from numpy.typing import NDArray

from .._deprecation import renamed_arguments
from .._options import Sampler
from .._random import RNGLike, child, seed_sequence, unconsumed
from .._validate import check_choice, choices, count
from ..errors import SSEWarning
from ..model import Case, Distribution, DistributionKind

__all__ = [
    "SAMPLERS",
    "Sampler",
    "SamplingPlan",
    "ScenarioSample",
    "make_plan",
    "sample_scenarios",
    "seed_sequence",
]

Float = NDArray[np.float64]
Int = NDArray[np.int64]

SAMPLERS: tuple[str, ...] = choices(Sampler)
"""The samplers: Monte Carlo, Latin hypercube, scrambled Sobol'."""


def ppf(dist: Distribution, u: Float) -> Float:
    """Values of ``dist`` at the unit draws ``u`` (its quantile function).

    Examples
    --------
    >>> d = Distribution(kind="triangular", low=0.0, mode=0.5, high=1.0)
    >>> ppf(d, np.array([0.5])).round(6).tolist()
    [0.5]
    >>> ppf(Distribution(kind="discrete", values=(1, 2), weights=(3, 1)),
    ...     np.array([0.1, 0.8])).tolist()
    [1.0, 2.0]
    """
    u = np.asarray(u, dtype=np.float64)
    k = dist.kind
    if k is DistributionKind.UNIFORM:
        lo, hi = float(dist.low), float(dist.high)  # type: ignore[arg-type]
        out: Float = lo + u * (hi - lo)
        return out
    if k is DistributionKind.TRIANGULAR:
        lo, mode, hi = float(dist.low), float(dist.mode), float(dist.high)  # type: ignore[arg-type]
        if hi <= lo:
            return np.full_like(u, lo)
        c = (mode - lo) / (hi - lo)
        return np.asarray(scipy.stats.triang.ppf(u, c, loc=lo, scale=hi - lo), dtype=np.float64)
    if k is DistributionKind.TRUNCNORM:
        mean, sd = float(dist.mean), float(dist.sd)  # type: ignore[arg-type]
        a = -math.inf if dist.low is None else (dist.low - mean) / sd
        b = math.inf if dist.high is None else (dist.high - mean) / sd
        if dist.low is not None and dist.high is not None and dist.high <= dist.low:
            return np.full_like(u, float(dist.low))
        uu = np.clip(u, 1e-12, 1.0 - 1e-12)
        return np.asarray(scipy.stats.truncnorm.ppf(uu, a, b, loc=mean, scale=sd), dtype=np.float64)
    if k is DistributionKind.BETA:
        lo, hi = dist.support()
        q = np.asarray(scipy.stats.beta.ppf(u, dist.a, dist.b), dtype=np.float64)
        out = lo + q * (hi - lo)
        return out
    # discrete
    values = np.asarray(dist.values, dtype=np.float64)
    w = np.asarray(dist.weights or (1.0,) * len(values), dtype=np.float64)
    cum = np.cumsum(w) / w.sum()
    idx = np.minimum(np.searchsorted(cum, u, side="right"), len(values) - 1)
    out = values[idx]
    return out


@attrs.frozen(eq=False)
class SamplingPlan:
    """What the samplers need, picklable for worker processes.

    Attributes
    ----------
    root : numpy.random.SeedSequence
    sampler : str
    n_scenarios : int
    names : tuple of str
        Uncertain parameters.
    distributions : tuple of Distribution
    event_names : tuple of str
    event_probability : ndarray
        (events,) annual probability.
    event_severity : tuple of Distribution
    n_years : int
        Simulated years (events may start in any of them).
    periods_per_year, n_periods : int
    design : ndarray or None
        (n_scenarios, parameters) unit design of the quasi-random samplers.
    """

    root: np.random.SeedSequence
    sampler: str
    n_scenarios: int
    names: tuple[str, ...]
    distributions: tuple[Distribution, ...]
    event_names: tuple[str, ...]
    event_probability: Float
    event_severity: tuple[Distribution, ...]
    n_years: int
    periods_per_year: int
    n_periods: int
    design: Float | None

    @property
    def n_draws(self) -> int:
        """Uniforms drawn per scenario from its stream."""
        return len(self.names) + len(self.event_names) * (self.n_years + 2)

    def chunk(self, lo: int, hi: int) -> SamplingPlan:
        """The plan restricted to scenarios ``lo:hi`` (the design sliced; indices kept)."""
        design = None if self.design is None else self.design[lo:hi].copy()
        return attrs.evolve(self, design=design)


@attrs.frozen(eq=False)
class ScenarioSample:
    """Drawn futures.

    Attributes
    ----------
    start : int
        Index of the first scenario.
    names : tuple of str
        Uncertain parameters.
    values : ndarray
        (scenarios, parameters) sampled values.
    event_names : tuple of str
    event_onset : ndarray of int
        (scenarios, events) period in which each event starts, -1 if it does not.
    event_severity : ndarray
        (scenarios, events) severity drawn (also where the event does not happen).
    sampler : str

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> smp = sample_scenarios(tiznit(), 5, rng=0)
    >>> smp.values.shape == (5, len(smp.names)), smp.event_names
    (True, ('drought', 'tourism-shock'))
    """

    start: int
    names: tuple[str, ...]
    values: Float
    event_names: tuple[str, ...]
    event_onset: Int
    event_severity: Float
    sampler: str

    @property
    def n_scenarios(self) -> int:
        """Number of scenarios."""
        return int(self.values.shape[0])


@renamed_arguments(seed="rng")
def make_plan(
    case: Case,
    n_scenarios: int,
    *,
    rng: RNGLike = 0,
    sampler: Sampler = "mc",
    periods: int | None = None,
) -> SamplingPlan:
    """Prepare the sampling of ``n_scenarios`` futures (builds the quasi-random design).

    Examples
    --------
    >>> from ssestrategy.model import Case, Territory
    >>> make_plan(Case(name="c", territory=Territory(name="t")), 8, rng=0).n_draws
    0
    """
    n_scenarios = count(n_scenarios, "n_scenarios")
    check_choice(sampler, "sampler", Sampler, what="sampler")
    root = seed_sequence(rng)
    n_periods = case.n_periods if periods is None else periods
    ppy = case.periods_per_year
    space = case.uncertainties
    names = space.names()
    dists = tuple(u.distribution for u in space.parameters)
    design: Float | None = None
    if sampler != "mc" and names:
        rng = np.random.default_rng(unconsumed(root))  # SciPy spawns from it
        engine: Any
        if sampler == "lhs":
            engine = scipy.stats.qmc.LatinHypercube(d=len(names), rng=rng)
        else:
            engine = scipy.stats.qmc.Sobol(d=len(names), scramble=True, rng=rng)
        with warnings.catch_warnings():  # SciPy's warning, reworded below
            warnings.filterwarnings("ignore", "The balance properties", UserWarning)
            design = np.asarray(engine.random(n_scenarios), dtype=np.float64)
        if sampler == "sobol" and n_scenarios & (n_scenarios - 1):
            warnings.warn(
                SSEWarning(
                    f"the Sobol' sampler draws {n_scenarios} scenarios, not a power of two: "
                    "the sample stays valid but loses the balance that makes Sobol' points "
                    f"more even than Monte Carlo (use {1 << (n_scenarios - 1).bit_length()})",
                    "n_scenarios",
                ),
                stacklevel=2,
            )
    return SamplingPlan(
        root=root,
        sampler=sampler,
        n_scenarios=n_scenarios,
        names=names,
        distributions=dists,
        event_names=tuple(e.name for e in space.events),
        event_probability=np.asarray(
            [e.annual_probability for e in space.events], dtype=np.float64
        ),
        event_severity=tuple(e.severity for e in space.events),
        n_years=math.ceil(n_periods / ppy),
        periods_per_year=ppy,
        n_periods=n_periods,
        design=design,
    )


def draw(plan: SamplingPlan, lo: int, hi: int) -> ScenarioSample:
    """Draw scenarios ``lo:hi`` of ``plan`` (``plan.design`` holds all scenarios, or only
    ``lo:hi`` after :meth:`SamplingPlan.chunk`).

    Examples
    --------
    >>> from ssestrategy.model import Case, Territory
    >>> plan = make_plan(Case(name="c", territory=Territory(name="t")), 8, rng=0)
    >>> draw(plan, 2, 5).n_scenarios
    3
    """
    n = hi - lo
    n_u = len(plan.names)
    n_e = len(plan.event_names)
    uni = np.empty((n, plan.n_draws))
    if plan.n_draws:
        for r, k in enumerate(range(lo, hi)):
            rng = np.random.default_rng(child(plan.root, k))
            uni[r] = rng.random(plan.n_draws)
    if plan.design is not None:
        design = plan.design if plan.design.shape[0] == n else plan.design[lo:hi]
        u_params = design
    else:
        u_params = uni[:, :n_u]
    values = np.empty((n, n_u))
    for c, dist in enumerate(plan.distributions):
        values[:, c] = ppf(dist, u_params[:, c])
    onset = np.full((n, n_e), -1, dtype=np.int64)
    severity = np.zeros((n, n_e))
    ppy = plan.periods_per_year
    block = plan.n_years + 2
    for e in range(n_e):
        base = n_u + e * block
        years = uni[:, base : base + plan.n_years]
        occurs = years < plan.event_probability[e]
        first = np.where(occurs.any(axis=1), occurs.argmax(axis=1), -1)
        within = np.minimum((uni[:, base + plan.n_years] * ppy).astype(np.int64), ppy - 1)
        period = first * ppy + within
        onset[:, e] = np.where((first >= 0) & (period < plan.n_periods), period, -1)
        severity[:, e] = ppf(plan.event_severity[e], uni[:, base + plan.n_years + 1])
    return ScenarioSample(
        start=lo,
        names=plan.names,
        values=values,
        event_names=plan.event_names,
        event_onset=onset,
        event_severity=severity,
        sampler=plan.sampler,
    )


@renamed_arguments(seed="rng")
def sample_scenarios(
    case: Case,
    n_scenarios: int,
    *,
    rng: RNGLike = 0,
    sampler: Sampler = "mc",
    periods: int | None = None,
) -> ScenarioSample:
    """Sample ``n_scenarios`` futures of a case: its uncertain parameters and events.

    Parameters
    ----------
    case : Case
    n_scenarios : int
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        Root of the randomness (:mod:`ssestrategy._random`): scenario *k* draws from its stream
        *k*.
    sampler : {"mc", "lhs", "sobol"}
        Monte Carlo, Latin hypercube or scrambled Sobol' (a power of two keeps Sobol's balance;
        an :class:`~ssestrategy.errors.SSEWarning` says so otherwise).
    periods : int, optional
        Simulated periods (default ``case.n_periods``): events start within them or never.

    Returns
    -------
    ScenarioSample
        The same values :func:`~ssestrategy.simulation.simulate` uses for these arguments.

    Examples
    --------
    >>> from ssestrategy.model import Case, Distribution, Event, ScenarioSpace, Territory
    >>> space = ScenarioSpace(events=(Event(name="drought", annual_probability=1.0,
    ...     severity=Distribution(kind="uniform", low=0.1, high=0.2)),))
    >>> case = Case(name="c", territory=Territory(name="t"), uncertainties=space)
    >>> s = sample_scenarios(case, 3, rng=7)
    >>> s.event_onset.ravel().tolist()  # certain in year 1: a period of the first year
    [2, 0, 0]
    """
    plan = make_plan(case, n_scenarios, rng=rng, sampler=sampler, periods=periods)
    return draw(plan, 0, n_scenarios)
