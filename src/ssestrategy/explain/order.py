"""What decides between two strategies, and in which futures their order flips.

:func:`explain_order` is what ``ssestrategy explain`` computes: the global sensitivity of the
difference between two strategies to the case's uncertain inputs
(:func:`~ssestrategy.explain.study.sensitivity`), how often each beats the other over simulated
futures (:func:`~ssestrategy.explain.scenarios.beats`), and where the less frequent order holds
(PRIM scenario discovery, :func:`~ssestrategy.explain.scenarios.discover`).

Examples
--------
>>> from ssestrategy.datasets import tiznit
>>> res = explain_order(tiznit(), "canadian-agency", "french-agency", output="jobs",
...                     method="morris", n_scenarios=32, rng=0)
>>> 0.0 <= res.share_a_beats_b <= 1.0, res.sensitivity.method
(True, 'morris')
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from concurrent.futures import Executor
from typing import Any

import attrs
import numpy as np

from .._deprecation import renamed_arguments
from .._options import SensitivityMethod
from .._random import RNGLike
from .._validate import check_choice
from ..decision.checks import check_ranking
from ..decision.ranking import criteria_weights
from ..errors import ModelError
from ..model import Case
from ..simulation import simulate
from ._words import GLOSSARY
from .inputs import InputKind
from .scenarios import DiscoveryResult, beats, discover
from .study import SensitivityResult, sensitivity

__all__ = ["OrderExplanation", "explain_order"]


@attrs.frozen(eq=False)
class OrderExplanation:
    """Result of :func:`explain_order`.

    Attributes
    ----------
    a, b : str
        The two strategies.
    output : str
        What they are compared on (``"composite"``, an outcome, ``"margin:<constraint id>"``).
    sensitivity : SensitivityResult
        What drives ``output(a) - output(b)``.
    n_scenarios : int
        Simulated futures behind the shares and the discovery.
    share_a_beats_b, share_b_beats_a, share_tied : float
        Shares of those futures.
    flip : DiscoveryResult or None
        Where the less frequent order holds (None when it never does, or every future is tied).

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> res = explain_order(tiznit(), "canadian-agency", "french-agency", output="jobs",
    ...                     method="morris", n_scenarios=16, rng=0)
    >>> res.a, res.b, res.n_scenarios
    ('canadian-agency', 'french-agency', 16)
    """

    a: str
    b: str
    output: str
    sensitivity: SensitivityResult
    n_scenarios: int
    share_a_beats_b: float
    share_b_beats_a: float
    share_tied: float
    flip: DiscoveryResult | None

    @property
    def tied(self) -> bool:
        """Whether the two give the same output in every future."""
        return self.share_tied == 1.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (what ``ssestrategy explain --json`` prints)."""
        sens, disc = self.sensitivity, self.flip
        return {
            "a": self.a,
            "b": self.b,
            "output": sens.output,
            "method": sens.method,
            "mean_difference": sens.mean_output,
            "share_a_ahead_in_design": sens.share_positive,
            "drivers": sens.drivers(),
            "share_a_beats_b": self.share_a_beats_b,
            "share_b_beats_a": self.share_b_beats_a,
            "tied": self.tied,
            "flip": None
            if disc is None
            else {
                "condition": disc.condition,
                "share": disc.share,
                "box": disc.prim.limits.describe(),
                "coverage": float(disc.prim.coverage[disc.prim.selected]),
                "density": float(disc.prim.density[disc.prim.selected]),
            },
        }

    def describe(self, top: int = 8) -> str:
        """The drivers, the shares and the flip in plain words (what ``ssestrategy explain``
        prints)."""
        a, b, n, output = self.a, self.b, self.n_scenarios, self.output
        text = self.sensitivity.describe(top=top) + "\n\n"
        if self.tied:
            return (
                text + f"Over {n} simulated futures, {a} and {b} give the same {output} in "
                "every one: there is no order to explain."
            )
        text += (
            f"Over {n} simulated futures, {a} beats {b} on {output} in "
            f"{self.share_a_beats_b:.0%} of them"
            + (f" (tied in {self.share_tied:.0%})" if self.share_tied > 0 else "")
            + ".\n"
        )
        if self.flip is None:
            return text + "The order never flips in these futures."
        flip = "The order flips: " + self.flip.describe() + ". " + GLOSSARY["prim"]
        return text + textwrap.fill(flip, width=96)


@renamed_arguments(seed="rng")
def explain_order(
    case: Case,
    a: str,
    b: str,
    *,
    output: str = "composite",
    method: SensitivityMethod = "sobol",
    n_samples: int = 256,
    include: Sequence[InputKind] = ("parameters",),
    n_scenarios: int = 2000,
    rng: RNGLike = 0,
    force: bool = False,
    executor: Executor | None = None,
    progress: bool = False,
) -> OrderExplanation:
    """What decides between strategies ``a`` and ``b``, and in which futures their order flips.

    Parameters
    ----------
    case : Case
    a, b : str
        Ids of two different strategies of the case.
    output : str
        ``"composite"`` (the criteria's weighted score), an outcome name, or
        ``"margin:<constraint id>"``; see :func:`~ssestrategy.explain.study.sensitivity`.
    method : {"sobol", "morris"}
        Sensitivity method.
    n_samples : int
        Sobol' base sample size (a power of two).
    include : sequence of {"parameters", "design", "decision"}
        Inputs the sensitivity analysis varies.
    n_scenarios : int
        Simulated futures for the shares and the scenario discovery.
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        Root of the randomness of both the sensitivity design and the futures.
    force : bool
        Simulate even above the bounds on periods and memory.
    executor : concurrent.futures.Executor or distributed.Client, optional
        Run the sensitivity analysis' model rows and the futures' chunks on it; the result is
        bit-identical to a run in this process.
    progress : bool
        Show progress bars (model runs, then futures) on standard error.

    Returns
    -------
    OrderExplanation

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> res = explain_order(tiznit(), "canadian-agency", "status-quo", output="jobs",
    ...                     method="morris", n_scenarios=16, rng=1)
    >>> sorted(res.to_dict())[:3]
    ['a', 'b', 'drivers']
    """
    if a == b:
        raise ModelError.at("b", f"the same strategy as a ({a!r}): give two strategies")
    for i, kind in enumerate(include):
        check_choice(kind, f"include[{i}]", InputKind, what="kind")
    if output == "composite":
        check_ranking(
            case.criteria, (), n_periods=case.n_periods, periods_per_year=case.periods_per_year
        )
    sens = sensitivity(
        case,
        [a, b],
        output=output,
        method=method,
        n_samples=n_samples,
        rng=rng,
        include=tuple(include),
        executor=executor,
        progress=progress,
    )
    ens = simulate(
        case,
        [a, b],
        n_scenarios=n_scenarios,
        rng=rng,
        force=force,
        executor=executor,
        progress=progress,
    )
    weights = criteria_weights(case.criteria)[0] if output == "composite" else None
    kw: dict[str, Any] = {"outcome": output, "criteria": case.criteria.items, "weights": weights}
    wins = beats(ens, a, b, **kw)
    losses = beats(ens, b, a, **kw)
    ties = ~wins & ~losses
    # look for where the less frequent order holds: that is where the ranking flips
    flip, who = (~wins, f"{b} beats {a}") if wins.mean() >= 0.5 else (wins, f"{a} beats {b}")
    disc = None
    if not ties.all() and 0 < flip.sum() < flip.size:
        disc = discover(ens, flip, description=who)
    return OrderExplanation(
        a=a,
        b=b,
        output=output,
        sensitivity=sens,
        n_scenarios=int(ens.n_scenarios),
        share_a_beats_b=float(np.mean(wins)),
        share_b_beats_a=float(np.mean(losses)),
        share_tied=float(np.mean(ties)),
        flip=disc,
    )
