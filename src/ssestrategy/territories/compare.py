"""Compare the same strategies in several provinces over the same futures:
:func:`compare_territories`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from typing import Any

import numpy as np

from .._deprecation import renamed_arguments
from .._options import Split
from .._progress import Progress
from .._random import RNGLike, seed_sequence
from .._validate import check_choice, number
from ..comparison import Comparison, compare
from ..decision.ranking import Method
from ..errors import ModelError, Problem
from ..model import Case, Strategy
from ..simulation.sampling import Sampler, sample_scenarios
from .result import TerritoryComparison
from .split import scaled_study, split_basis, split_budget

__all__ = ["compare_territories"]


def _named(cases: Sequence[Case] | Mapping[str, Case]) -> tuple[tuple[str, ...], list[Case]]:
    """Province names (the mapping's keys, or the territories' names made unique) and cases."""
    if isinstance(cases, Mapping):
        names, found = [str(k) for k in cases], list(cases.values())
    elif isinstance(cases, Sequence) and not isinstance(cases, str):
        found = list(cases)
        names = []
        for i, case in enumerate(found):
            if not isinstance(case, Case):
                raise ModelError.at(f"cases[{i}]", f"expected a Case, got {type(case).__name__}")
            base = case.territory.name
            name, k = base, 2
            while name in names:
                name, k = f"{base} ({k})", k + 1
            names.append(name)
    else:
        raise ModelError.at("cases", f"expected cases, got {type(cases).__name__}")
    if not found:
        raise ModelError.at("cases", "give at least one case")
    for name, case in zip(names, found, strict=True):
        if not isinstance(case, Case):
            raise ModelError.at(f"cases[{name}]", f"expected a Case, got {type(case).__name__}")
    return tuple(names), found


def _strategies_of(
    cases: Sequence[Case], strategies: Sequence[Strategy | str] | None
) -> list[list[Strategy]]:
    """Per case, the strategies to compare (default: the first case's ids, in every case)."""
    wanted: Sequence[Strategy | str] = (
        [s.id for s in cases[0].strategies] if strategies is None else strategies
    )
    if isinstance(wanted, str | Strategy):
        wanted = [wanted]
    if not wanted:
        raise ModelError.at("strategies", "no strategy to compare (the first case has none)")
    out = []
    for i, case in enumerate(cases):
        mine = []
        for s in wanted:
            if isinstance(s, Strategy):
                mine.append(s)
                continue
            try:
                mine.append(case.strategy(s))
            except ModelError:
                raise ModelError.at(
                    f"cases[{i}].strategies",
                    f"{case.name!r} has no strategy {s!r} (every province needs the same ids)",
                ) from None
        out.append(mine)
    return out


def _inputs(case: Case, n: int, root: np.random.SeedSequence, sampler: Sampler) -> dict[str, Any]:
    """The futures' draws of a case by input name (what its simulation uses)."""
    smp = sample_scenarios(case, n, rng=root, sampler=sampler)
    cols: dict[str, Any] = {name: smp.values[:, c] for c, name in enumerate(smp.names)}
    for e, name in enumerate(smp.event_names):
        cols[f"{name} (onset)"] = smp.event_onset[:, e]
        cols[f"{name} (severity)"] = smp.event_severity[:, e]
    return cols


def _shared(draws: list[dict[str, Any]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Inputs drawn identically in every province, and the others."""
    every = sorted({k for d in draws for k in d})
    shared = tuple(
        k
        for k in every
        if all(k in d for d in draws) and all(np.array_equal(d[k], draws[0][k]) for d in draws[1:])
    )
    return shared, tuple(k for k in every if k not in shared)


# long-function: the arguments are checked, then one loop; the steps are named helpers
@renamed_arguments(seed="rng")
def compare_territories(
    cases: Sequence[Case] | Mapping[str, Case],
    strategies: Sequence[Strategy | str] | None = None,
    *,
    n_scenarios: int = 1000,
    rng: RNGLike = 0,
    budget: float | None = None,
    split: Split = "population",
    method: Method = "topsis",
    sampler: Sampler = "mc",
    executor: Executor | None = None,
    confidence: float = 0.95,
    progress: bool = False,
    force: bool = False,
) -> TerritoryComparison:
    """Compare the same strategies in several provinces, over the same futures, and optionally
    split a shared donor budget across them.

    Each province is compared by :func:`~ssestrategy.compare` with its own case (territory,
    constraints, criteria) and **one root** of randomness for all: future *k* of every
    province draws from the same stream (scenario *k* of the root, see
    :mod:`ssestrategy.simulation.sampling`). An uncertain input is *shared* when its draws
    are identical, future by future, in every province: that holds for a parameter at the
    same place in every case's list of uncertain parameters with the same distribution, and
    for an event after the same number of parameters with the same probability, severity and
    horizon; the result lists the inputs checked shared (``shared``) and the others
    (``not_shared``). Provinces built alike (:func:`~ssestrategy.datasets.province`, whose
    futures are Tiznit's) share every input.

    Parameters
    ----------
    cases : sequence of Case, or mapping of name to Case
        The provinces (named by their territory, or by the mapping's keys).
    strategies : sequence of Strategy or str, optional
        Compared in every province: ids looked up in each case, or Strategy objects used as
        they are. Default: the first case's strategy ids (every case must have them).
    n_scenarios : int
        Futures per province.
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        The one root of every province's futures (a Generator spawns one root, once).
    budget : float, optional
        A shared donor budget in MAD over the programme. Each province gets an envelope by
        ``split`` (:mod:`ssestrategy.territories.split`), and its strategies' budgets and
        ``budget`` constraints are scaled so that its largest strategy spends exactly that
        envelope (:func:`~ssestrategy.territories.split.scaled_study`). None: each case as it
        is.
    split : {'population', 'need', 'equal'}
        ``population``: in proportion to the latest ``population`` indicator; ``need``: to
        the unemployed people, ``employed * unemployment_rate / (1 - unemployment_rate)``
        from the case's indicators; ``equal``: the same envelope everywhere.
    method, sampler, executor, confidence, force
        As for :func:`~ssestrategy.compare`.
    progress : bool
        Name each province and show its simulation's progress bar on standard error.

    Returns
    -------
    TerritoryComparison

    Examples
    --------
    Tiznit against itself under a shared MAD 30 M split by population (halves):

    >>> import ssestrategy as sse
    >>> tz = sse.datasets.tiznit()
    >>> res = sse.compare_territories({"north": tz, "south": tz},
    ...                               ["canadian-agency", "french-agency"], n_scenarios=8,
    ...                               rng=0, budget=30e6)
    >>> res.envelopes, res.factors
    ((15000000.0, 15000000.0), (0.75, 0.75))
    >>> res.ranks()["north"] == res.ranks()["south"]
    True
    """
    names, found = _named(cases)
    check_choice(split, "split", Split, what="split rule")
    per_case = _strategies_of(found, strategies)
    root = seed_sequence(rng)
    basis = envelopes = factors = None
    if budget is not None:
        budget = number(budget, "budget", 0.0, low_open=True)
        basis = split_basis(found, split)
        envelopes = split_budget(budget, basis)
    bar = Progress(len(found), progress)
    results: list[Comparison] = []
    scales: list[float] = []
    warnings: list[Problem] = []
    for k, (name, case) in enumerate(zip(names, found, strict=True)):
        bar.note(f"[{k + 1}/{len(found)}] {name}")
        strats: Sequence[Strategy | str] | None = per_case[k]
        if envelopes is not None:
            case, strats, factor = scaled_study(case, per_case[k], envelopes[k])
            scales.append(factor)
        elif strategies is None and len(found) == 1:
            strats = None  # exactly compare(case)
        cmp = compare(
            case,
            strats,
            n_scenarios=n_scenarios,
            rng=root,
            method=method,
            sampler=sampler,
            executor=executor,
            confidence=confidence,
            progress=progress,
            force=force,
        )
        results.append(cmp)
        warnings.extend(Problem(f"{name}: {p.path}", p.message) for p in cmp.warnings)
    if envelopes is not None:
        factors = tuple(scales)
    shared, not_shared = _shared([_inputs(c, n_scenarios, root, sampler) for c in found])
    if not_shared and len(found) > 1:
        warnings.append(
            Problem(
                "cases",
                "these uncertain inputs are drawn differently across the provinces, so their "
                f"futures differ there: {', '.join(not_shared)}",
            )
        )
    return TerritoryComparison(
        names=names,
        comparisons=tuple(results),
        strategies=tuple(s.id for s in per_case[0]),
        split=split if budget is not None else None,
        budget=budget,
        basis=basis,
        envelopes=envelopes,
        factors=factors,
        shared=shared,
        not_shared=not_shared,
        warnings=tuple(warnings),
    )
