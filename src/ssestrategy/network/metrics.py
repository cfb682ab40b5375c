"""All actor metrics of a network at once, and the key-actor ranking.

:func:`actor_metrics` gathers the centralities (:mod:`~ssestrategy.network.centrality`) and the
brokerage measures (:mod:`~ssestrategy.network.brokerage`) of every actor and combines four of
them into a key-actor score; :func:`key_actors` lists the highest. The metrics themselves live
by family — ``centrality`` (degree, strength, betweenness, eigenvector, PageRank), ``brokerage``
(Burt's constraint, effective size), ``pole_ties`` (pole density, bridging ties) — and are
re-exported here.

Examples
--------
>>> import networkx as nx
>>> g = nx.path_graph(4)
>>> degree(g), betweenness(g).values
(array([1, 2, 2, 1]), array([0.        , 0.66666667, 0.66666667, 0.        ]))
"""

from __future__ import annotations

import attrs
import numpy as np
from numpy.typing import NDArray
from scipy.stats import rankdata

from .._deprecation import deprecated_names, renamed_arguments, warn_deprecated
from .._random import RNGLike
from .adjacency import adjacency_matrix
from .brokerage import _brokerage, burt_constraint, effective_size
from .centrality import (
    EXACT_MAX_NODES,
    Betweenness,
    betweenness,
    degree,
    eigenvector_centrality,
    pagerank,
    strength,
)
from .graph import TerritoryNetwork
from .pole_ties import BRIDGE_CATEGORIES, BridgingTies, bridging_ties, pole_density

__all__ = [
    "BRIDGE_CATEGORIES",
    "ActorMetrics",
    "Betweenness",
    "BridgingTies",
    "KeyActor",
    "actor_metrics",
    "adjacency_matrix",
    "betweenness",
    "bridging_ties",
    "burt_constraint",
    "degree",
    "effective_size",
    "eigenvector_centrality",
    "key_actors",
    "pagerank",
    "pole_density",
    "strength",
]

Array = NDArray[np.float64]


@attrs.frozen(eq=False)
class ActorMetrics:
    """Every actor metric of a network, with the conventions used.

    Attributes
    ----------
    ids : tuple of str
    degree : ndarray of int
    strength : ndarray
    betweenness : Betweenness
    eigenvector : ndarray
    pagerank : ndarray
    burt_constraint : ndarray
        Burt's constraint (:func:`~ssestrategy.network.burt_constraint`); ``nan`` for
        isolated actors. (``constraint``, its former name, is deprecated.)
    effective_size : ndarray
    score : ndarray
        Key-actor score (see :func:`actor_metrics`).
    weight : str
        ``"intensity"``: what strength, eigenvector, PageRank and brokerage weigh ties by.

    Examples
    --------
    >>> from ssestrategy.model import Actor, Partnership, Territory
    >>> from ssestrategy.network import territory_network
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="T",
    ...     actors=[Actor(id=i, name=i, kind="artisan", capacities=caps) for i in "abc"],
    ...     partnerships=[Partnership(source="a", target="b", kind="market", intensity=0.5)])
    >>> m = actor_metrics(territory_network(t))
    >>> m.degree, m.strength, bool(np.isnan(m.burt_constraint[2]))
    (array([1, 1, 0]), array([0.5, 0.5, 0. ]), True)
    """

    ids: tuple[str, ...]
    degree: NDArray[np.int64]
    strength: Array
    betweenness: Betweenness
    eigenvector: Array
    pagerank: Array
    burt_constraint: Array
    effective_size: Array
    score: Array
    weight: str = "intensity"

    @property
    def constraint(self) -> Array:
        """Deprecated name of :attr:`burt_constraint`."""
        warn_deprecated("ActorMetrics.constraint is deprecated, use ActorMetrics.burt_constraint")
        return self.burt_constraint


def _percentile(x: Array) -> Array:
    out: Array = rankdata(x, method="average") / x.size
    return out


@renamed_arguments(seed="rng")
def actor_metrics(
    network: TerritoryNetwork,
    *,
    betweenness_k: int | None = None,
    rng: RNGLike = 0,
    exact_max_nodes: int = EXACT_MAX_NODES,
) -> ActorMetrics:
    """Degree, strength, betweenness, eigenvector, PageRank, brokerage and a key-actor score.

    The score combines four views of importance: volume of ties (strength), bridging of
    shortest paths (betweenness), recursive prestige (PageRank) and brokerage across
    structural holes (``1 - burt_constraint``, 0 for an actor without tie strength). Each is turned
    into a percentile rank in (0, 1] (average rank of ties divided by ``n``) and the score is
    their mean: robust to the very different scales of the four, and 1 only for an actor first on
    all four.

    Parameters
    ----------
    network : TerritoryNetwork
    betweenness_k : int, optional
        Sources sampled for betweenness (default: exact up to ``exact_max_nodes`` actors,
        64 above); see :func:`betweenness`.
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        Draws the betweenness sources when they are sampled.
    exact_max_nodes : int, default 2000

    Returns
    -------
    ActorMetrics

    Examples
    --------
    >>> from ssestrategy.model import Actor, Partnership, Territory
    >>> from ssestrategy.network import territory_network
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="T",
    ...     actors=[Actor(id=i, name=i, kind="cooperative", capacities=caps) for i in "hxyz"],
    ...     partnerships=[Partnership(source="h", target=o, kind="market", intensity=0.5)
    ...                   for o in "xyz"])
    >>> m = actor_metrics(territory_network(t))
    >>> m.ids[int(np.argmax(m.score))], float(m.score.max())
    ('h', 1.0)
    """
    deg = degree(network)
    st = strength(network)
    bt = betweenness(network, k=betweenness_k, rng=rng, exact_max_nodes=exact_max_nodes)
    ev = eigenvector_centrality(network)
    pr = pagerank(network)
    con, eff = _brokerage(network, "weight", None)
    broker = np.where(st > 0, 1.0 - np.nan_to_num(con, nan=1.0), 0.0)
    if st.size:
        score = (
            _percentile(st) + _percentile(bt.values) + _percentile(pr) + _percentile(broker)
        ) / 4.0
    else:
        score = np.zeros(0)
    return ActorMetrics(
        ids=network.ids,
        degree=deg,
        strength=st,
        betweenness=bt,
        eigenvector=ev,
        pagerank=pr,
        burt_constraint=con,
        effective_size=eff,
        score=score,
    )


@attrs.frozen
class KeyActor:
    """One actor of the key-actor ranking (see :func:`key_actors`).


    Examples
    --------
    See :func:`key_actors`.

    >>> KeyActor(rank=1, id="a", name="A", kind="chamber", score=1.0, degree=3, strength=1.5,
    ...          betweenness=1.0, pagerank=0.4, burt_constraint=0.33, effective_size=3.0).rank
    1
    """

    rank: int
    id: str
    name: str
    kind: str
    score: float
    degree: int
    strength: float
    betweenness: float
    pagerank: float
    burt_constraint: float | None
    effective_size: float | None

    @property
    def constraint(self) -> float | None:
        """Deprecated name of :attr:`burt_constraint`."""
        warn_deprecated("KeyActor.constraint is deprecated, use KeyActor.burt_constraint")
        return self.burt_constraint


def key_actors(
    network: TerritoryNetwork, metrics: ActorMetrics, *, top: int = 10
) -> tuple[KeyActor, ...]:
    """The ``top`` actors by key-actor score (ties broken by strength, then by id).

    Parameters
    ----------
    network : TerritoryNetwork
    metrics : ActorMetrics
        From :func:`actor_metrics` on the same network.
    top : int, default 10

    Returns
    -------
    tuple of KeyActor

    Examples
    --------
    >>> from ssestrategy.model import Actor, Partnership, Territory
    >>> from ssestrategy.network import territory_network
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="T",
    ...     actors=[Actor(id=i, name=i.upper(), kind="chamber" if i == "h" else "artisan",
    ...                   capacities=caps) for i in "hxyz"],
    ...     partnerships=[Partnership(source="h", target=o, kind="training", intensity=0.5)
    ...                   for o in "xyz"])
    >>> net = territory_network(t)
    >>> first = key_actors(net, actor_metrics(net), top=2)[0]
    >>> first.id, first.kind, first.degree
    ('h', 'chamber', 3)
    """
    from .graph import ACTOR_KINDS

    order = np.lexsort((np.array(network.ids), -metrics.strength, -metrics.score))[: max(top, 0)]

    def opt(x: float) -> float | None:
        return None if np.isnan(x) else float(x)

    return tuple(
        KeyActor(
            rank=r + 1,
            id=network.ids[i],
            name=network.names[i],
            kind=ACTOR_KINDS[network.kinds[i]].value,
            score=float(metrics.score[i]),
            degree=int(metrics.degree[i]),
            strength=float(metrics.strength[i]),
            betweenness=float(metrics.betweenness.values[i]),
            pagerank=float(metrics.pagerank[i]),
            burt_constraint=opt(metrics.burt_constraint[i]),
            effective_size=opt(metrics.effective_size[i]),
        )
        for r, i in enumerate(order)
    )


__getattr__ = deprecated_names(
    __name__,
    {
        "constraint": ("ssestrategy.network.burt_constraint", lambda: burt_constraint),
        "Seed": ("ssestrategy.RNGLike", lambda: RNGLike),
    },
)
