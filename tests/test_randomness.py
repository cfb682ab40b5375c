"""One randomness convention (``ssestrategy._random``, SPEC 7) across the public API.

Every public function that consumes randomness takes ``rng`` with a reproducible default and
accepts None, an int, a ``SeedSequence`` and a ``Generator``; equal inputs give equal results
(the same int, the same ``SeedSequence`` object twice — it is not consumed —, two generators
created alike); a bad ``rng`` is refused at the path ``rng``; the former ``seed=`` still works,
with a ``DeprecationWarning``, and gives the same result. A completeness test makes sure every
public function with an ``rng`` argument is listed here.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from functools import cache
from typing import Any

import networkx as nx
import numpy as np
import pytest

import ssestrategy as sse
from ssestrategy.datasets import (
    TIZNIT_POPULATION,
    PopulationSpec,
    generate_population,
    national_sector,
    synthetic_territory,
    tiznit_with,
)
from ssestrategy.decision import smaa
from ssestrategy.diagnosis import diagnose
from ssestrategy.errors import ModelError
from ssestrategy.explain import explain_order, lead, morris, score_decomposition, shapley_values
from ssestrategy.explain import sobol as sobol_indices
from ssestrategy.model import ActorKind
from ssestrategy.network import (
    actor_metrics,
    betweenness,
    connectivity,
    detect_communities,
    remove_actors,
    resilience,
    territory_network,
)
from ssestrategy.simulation import sample_scenarios, simulate
from ssestrategy.simulation.sampling import make_plan


@cache
def _case() -> sse.Case:
    return sse.datasets.tiznit()


@cache
def _net() -> Any:
    return territory_network(synthetic_territory(60, 150, rng=1))


@cache
def _graph() -> nx.Graph:
    return nx.gnm_random_graph(80, 200, seed=2)


@cache
def _comparison() -> sse.Comparison:
    return sse.compare(_case(), ["canadian-agency", "status-quo"], n_scenarios=8, rng=0)


def _territory_key(t: Any) -> Any:
    return [(a.id, a.capacities) for a in t.actors], [(p.source, p.target) for p in t.partnerships]


_SPEC = PopulationSpec(
    counts={(ActorKind.COOPERATIVE, "argan"): 12},
    communes=TIZNIT_POPULATION.communes[:2],
    n_ties=15,
)

#: name -> (call with the rng, what to compare). Every public function with an ``rng``.
CONSUMERS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "simulate": (
        lambda **kw: simulate(_case(), ["status-quo"], n_scenarios=3, periods=4, **kw),
        lambda e: e.outcome("jobs"),
    ),
    "sample_scenarios": (lambda **kw: sample_scenarios(_case(), 4, **kw), lambda s: s.values),
    "make_plan": (
        lambda **kw: make_plan(_case(), 4, **kw, sampler="lhs"),
        lambda p: p.design,
    ),
    "compare": (
        lambda **kw: sse.compare(_case(), ["canadian-agency", "status-quo"], n_scenarios=4, **kw),
        lambda c: c.ranking.score,
    ),
    "compare_territories": (
        lambda **kw: sse.compare_territories(
            [_case()], ["canadian-agency", "status-quo"], n_scenarios=4, **kw
        ),
        lambda t: t.comparisons[0].ranking.score,
    ),
    "sensitivity": (
        lambda **kw: sse.sensitivity(
            _case(),
            ["canadian-agency"],
            output="jobs",
            method="morris",
            trajectories=2,
            parameters=["learning_rate"],
            **kw,
        ),
        lambda r: (r.result.mu_star, r.mean_output),
    ),
    "explain_order": (
        lambda **kw: explain_order(
            _case(),
            "canadian-agency",
            "status-quo",
            output="jobs",
            method="morris",
            n_scenarios=8,
            **kw,
        ),
        lambda r: (r.share_a_beats_b, r.sensitivity.mean_output),
    ),
    "optimize": (
        lambda **kw: sse.optimize(
            _case(),
            objectives=["jobs:mean"],
            n_scenarios=2,
            n_check=2,
            population=4,
            generations=1,
            **kw,
        ),
        lambda r: (r.variables, r.out_of_sample.estimate),
    ),
    "sobol": (
        lambda **kw: sobol_indices(
            lambda x: x[:, 0] + x[:, 1] ** 2, [(0, 1), (0, 1)], n_samples=16, **kw
        ),
        lambda r: (r.first_order, r.first_order_ci.low),
    ),
    "morris": (
        lambda **kw: morris(lambda x: x[:, 0] * x[:, 1], [(0, 1), (0, 1)], **kw),
        lambda r: r.design,
    ),
    "smaa": (
        lambda **kw: smaa([[1.0, 0.0], [0.0, 1.0], [0.5, 0.4]], [True, True], n_samples=64, **kw),
        lambda r: r.rank_acceptability,
    ),
    "shapley_values": (
        lambda **kw: shapley_values(
            lambda s: s.sum(axis=1) ** 2.0, 4, max_exact=1, n_permutations=5, **kw
        ),
        lambda r: r[0],
    ),
    "score_decomposition": (
        lambda **kw: score_decomposition(
            [[1.0, 0.2, 0.5], [0.3, 0.9, 0.1]],
            [0.3, 0.3, 0.4],
            [True] * 3,
            0,
            1,
            max_exact=1,
            n_permutations=4,
            **kw,
        ),
        lambda d: d.contributions,
    ),
    "lead": (
        lambda **kw: lead(_comparison().ranking, _comparison().ensemble, max_exact=1, **kw),
        lambda r: r.score.contributions,
    ),
    "betweenness": (lambda **kw: betweenness(_graph(), k=10, **kw), lambda b: b.values),
    "actor_metrics": (
        lambda **kw: actor_metrics(_net(), betweenness_k=10, exact_max_nodes=10, **kw),
        lambda m: m.betweenness.values,
    ),
    "detect_communities": (
        lambda **kw: detect_communities(_graph(), **kw, max_direct_nodes=10),
        lambda c: c.labels,
    ),
    "connectivity": (
        lambda **kw: connectivity(_graph(), k=5, exact_max_nodes=10, **kw),
        lambda c: (c.efficiency, c.average_shortest_path),
    ),
    "remove_actors": (
        lambda **kw: remove_actors(_net(), [_net().ids[0]], k=5, exact_max_nodes=10, **kw),
        lambda r: r.connectivity.efficiency,
    ),
    "resilience": (
        lambda **kw: resilience(_net(), [_net().ids[0]], k=5, exact_max_nodes=10, **kw),
        lambda r: r.baseline.efficiency,
    ),
    "diagnose": (
        lambda **kw: diagnose(synthetic_territory(40, 90, rng=3), **kw, betweenness_k=5),
        lambda d: (d.metrics.betweenness.values, d.communities.labels),
    ),
    "generate_population": (
        lambda **kw: generate_population(_SPEC, **kw),
        lambda r: [(a.id, a.capacities) for a in r[0]],
    ),
    "synthetic_territory": (lambda **kw: synthetic_territory(30, 60, **kw), _territory_key),
    "tiznit": (lambda **kw: sse.datasets.tiznit(**kw), lambda c: _territory_key(c.territory)),
    "tiznit_with": (
        lambda **kw: tiznit_with(TIZNIT_POPULATION, **kw),
        lambda c: _territory_key(c.territory),
    ),
    "province": (
        lambda **kw: sse.datasets.province("Tata", **kw),
        lambda c: _territory_key(c.territory),
    ),
    "national_sector": (
        lambda **kw: national_sector(n_cooperatives=50, **kw),
        lambda c: _territory_key(c.territory),
    ),
}


def _plot_network() -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    def call(**kw: Any) -> Any:
        from matplotlib.figure import Figure

        from ssestrategy.plotting import plot_network

        return plot_network(_case(), ax=Figure().subplots(), max_nodes=40, **kw)

    return call, lambda ax: [c.get_offsets() for c in ax.collections]


CONSUMERS["plot_network"] = _plot_network()


def _same(x: Any, y: Any) -> bool:
    if isinstance(x, tuple | list) and isinstance(y, tuple | list):
        return len(x) == len(y) and all(_same(a, b) for a, b in zip(x, y, strict=True))
    if x is None or y is None:
        return x is y
    if isinstance(x, np.ndarray | np.generic | float | int):
        return bool(np.array_equal(np.asarray(x), np.asarray(y), equal_nan=True))
    return bool(x == y)


def _public_functions_with(name: str) -> dict[str, Any]:
    modules = [
        "ssestrategy",
        "ssestrategy.datasets",
        "ssestrategy.decision",
        "ssestrategy.diagnosis",
        "ssestrategy.explain",
        "ssestrategy.foresight",
        "ssestrategy.io",
        "ssestrategy.model",
        "ssestrategy.network",
        "ssestrategy.plotting",
        "ssestrategy.simulation",
        "ssestrategy.simulation.sampling",
        "ssestrategy.testing",
    ]
    found: dict[str, Any] = {}
    for modname in modules:
        mod = importlib.import_module(modname)
        for attr in getattr(mod, "__all__", ()):
            obj = getattr(mod, attr)
            if callable(obj) and not inspect.isclass(obj):
                try:
                    params = inspect.signature(obj).parameters
                except (TypeError, ValueError):  # pragma: no cover - builtins
                    continue
                if name in params:
                    found[attr] = obj
    return found


def test_every_public_consumer_of_randomness_is_listed() -> None:
    # seed_sequence is the convention's own helper (re-exported by the sampling module)
    assert set(_public_functions_with("rng")) - {"seed_sequence"} == set(CONSUMERS)


def test_no_public_function_takes_seed() -> None:
    """``seed`` was renamed ``rng`` everywhere (it still works through the deprecation)."""
    assert _public_functions_with("seed") == {}


@pytest.mark.parametrize("name", sorted(CONSUMERS))
def test_default_is_reproducible(name: str) -> None:
    fn = _public_functions_with("rng")[name]
    default = inspect.signature(fn).parameters["rng"].default
    assert fn.__renamed_arguments__["seed"] == "rng"  # seed= kept one release
    assert isinstance(default, int) and not isinstance(default, bool), default


@pytest.mark.parametrize("name", sorted(CONSUMERS))
def test_one_convention_and_equal_inputs_give_equal_results(name: str) -> None:
    call, key = CONSUMERS[name]
    # the same int
    by_int = key(call(rng=7))
    assert _same(by_int, key(call(rng=7)))
    # the same SeedSequence twice (not consumed), equal to its int (except where an int goes
    # to networkx unchanged, so that the communities equal networkx's for the same seed)
    ss = np.random.SeedSequence(7)
    by_ss = key(call(rng=ss))
    assert _same(by_ss, key(call(rng=ss)))
    assert ss.n_children_spawned == 0
    if name != "detect_communities":
        assert _same(by_ss, by_int)
    # two generators created alike
    assert _same(key(call(rng=np.random.default_rng(11))), key(call(rng=np.random.default_rng(11))))
    # None: fresh entropy, accepted
    call(rng=None)


@pytest.mark.parametrize("name", sorted(CONSUMERS))
@pytest.mark.parametrize("bad", [-1, "seven", 1.5, True])
def test_a_bad_rng_is_refused_at_its_path(name: str, bad: Any) -> None:
    call, _ = CONSUMERS[name]
    with pytest.raises(ModelError) as err:
        call(rng=bad)
    assert err.value.path == "rng"


@pytest.mark.parametrize("name", sorted(CONSUMERS))
def test_seed_still_works_with_a_deprecation_warning(name: str) -> None:
    call, key = CONSUMERS[name]
    with pytest.warns(DeprecationWarning, match="'seed' is deprecated, use 'rng'"):
        old = call(seed=5)
    assert _same(key(old), key(call(rng=5)))
