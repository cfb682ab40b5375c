"""Ties at the level of poles: the density within and between poles, and each pole's ties to
financing, market and institutional actors.

Examples
--------
>>> BRIDGE_CATEGORIES
('financing', 'market', 'institutional')
"""

from __future__ import annotations

from typing import Final

import attrs
import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from .adjacency import adjacency_matrix
from .graph import (
    FINANCING_KINDS,
    INSTITUTIONAL_KINDS,
    MARKET_KINDS,
    MARKET_TIE_KINDS,
    TerritoryNetwork,
)

__all__ = ["BRIDGE_CATEGORIES", "BridgingTies", "bridging_ties", "pole_density"]

Array = NDArray[np.float64]

BRIDGE_CATEGORIES: Final = ("financing", "market", "institutional")
"""Categories of :func:`bridging_ties`, in column order."""


def pole_density(network: TerritoryNetwork, weight: str | None = None) -> Array:
    """Density [1]_ of ties within each pole (diagonal) and between each pair of poles.

    ``D[p, q] = sum_{u in p, v in q, u != v} a_uv / (|p| |q| - |p & q|)``: the share of pairs of
    distinct actors, one in each pole, that are tied (``a`` is 0/1 for ``weight=None``, else the
    summed intensity: the mean intensity per pair). On the diagonal this is the usual density
    ``2 L / (m (m - 1))`` of the pole's subgraph; 0 where no pair exists.

    Parameters
    ----------
    network : TerritoryNetwork
    weight : str or None, default None

    Returns
    -------
    ndarray, shape (p, p)
        Symmetric.

    References
    ----------
    .. [1] Wasserman, S., Faust, K. (1994). *Social Network Analysis: Methods and
       Applications*. Cambridge University Press.

    Examples
    --------
    >>> from ssestrategy.model import Actor, Partnership, Pole, Territory
    >>> from ssestrategy.network import territory_network
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="T",
    ...     actors=[Actor(id=i, name=i, kind="cooperative", capacities=caps) for i in "abcd"],
    ...     partnerships=[Partnership(source="a", target="b", kind="market", intensity=1.0),
    ...                   Partnership(source="b", target="c", kind="market", intensity=1.0)],
    ...     poles=[Pole(id="p", name="P", value_chain="x", members=("a", "b", "c")),
    ...            Pole(id="q", name="Q", value_chain="y", members=("d",))])
    >>> np.round(pole_density(territory_network(t)), 3)
    array([[0.667, 0.   ],
           [0.   , 0.   ]])
    """
    a = adjacency_matrix(network, weight=weight)
    mem = network.membership
    links = np.asarray((mem.T @ a @ mem).toarray(), dtype=np.float64)
    size = np.asarray(mem.sum(axis=0)).ravel()
    overlap = np.asarray((mem.T @ mem).toarray(), dtype=np.float64)
    pairs = np.outer(size, size) - overlap
    out = np.zeros_like(links)
    np.divide(links, pairs, out=out, where=pairs > 0)
    return out


@attrs.frozen(eq=False)
class BridgingTies:
    """Ties from each pole to financing, market and institutional actors.

    Attributes
    ----------
    pole_ids : tuple of str
    categories : tuple of str
        ``("financing", "market", "institutional")``: the columns.
    ties : ndarray of int, shape (p, 3)
        Partnerships with one end a member of the pole and the other end in the category.
    partners : ndarray of int, shape (p, 3)
        Distinct actors of the category tied to at least one member.
    intensity : ndarray, shape (p, 3)
        Summed intensity of those ties.
    available : ndarray of int, shape (3,)
        Actors of each category in the territory (for market: enterprises).

    Examples
    --------
    See :func:`bridging_ties`.

    >>> BRIDGE_CATEGORIES
    ('financing', 'market', 'institutional')
    """

    pole_ids: tuple[str, ...]
    categories: tuple[str, ...]
    ties: NDArray[np.int64]
    partners: NDArray[np.int64]
    intensity: Array
    available: NDArray[np.int64]


def bridging_ties(network: TerritoryNetwork) -> BridgingTies:
    """Count each pole's ties to financing, market and institutional actors.

    A tie counts for pole ``p`` and a category when one end is a member of ``p`` and the other
    end qualifies: *financing* — a financial institution or a development agency; *market* — an
    enterprise, or any partner when the partnership's kind is ``market``; *institutional* — a
    public authority, a ministry or a chamber. The other end may itself be a member (a pole
    that includes its bank has access to financing); each partnership counts once per pole and
    category.

    Parameters
    ----------
    network : TerritoryNetwork

    Returns
    -------
    BridgingTies

    Examples
    --------
    >>> from ssestrategy.model import Actor, Partnership, Pole, Territory
    >>> from ssestrategy.network import territory_network
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="T",
    ...     actors=[Actor(id="c1", name="c1", kind="cooperative", capacities=caps),
    ...             Actor(id="c2", name="c2", kind="cooperative", capacities=caps),
    ...             Actor(id="bank", name="Bank", kind="financial_institution", capacities=caps),
    ...             Actor(id="ch", name="Chamber", kind="chamber", capacities=caps)],
    ...     partnerships=[Partnership(source="bank", target="c1", kind="financing",
    ...                               intensity=0.5),
    ...                   Partnership(source="bank", target="c2", kind="financing",
    ...                               intensity=0.5),
    ...                   Partnership(source="c1", target="c2", kind="market", intensity=0.5)],
    ...     poles=[Pole(id="p", name="P", value_chain="x", members=("c1", "c2"))])
    >>> b = bridging_ties(territory_network(t))
    >>> b.ties, b.partners
    (array([[2, 1, 0]]), array([[1, 2, 0]]))
    """
    mem = network.membership
    n, n_poles = mem.shape
    src, dst = network.sources, network.targets
    fin = network.kind_mask(FINANCING_KINDS)
    inst = network.kind_mask(INSTITUTIONAL_KINDS)
    mkt = network.kind_mask(MARKET_KINDS)
    market_tie = network.tie_kind_mask(MARKET_TIE_KINDS)
    # q_fwd[e, c]: the target qualifies as a partner of the source (member) in category c
    q_fwd = np.column_stack([fin[dst], mkt[dst] | market_tie, inst[dst]]).astype(np.float64)
    q_bwd = np.column_stack([fin[src], mkt[src] | market_tie, inst[src]]).astype(np.float64)
    ms = sparse.csr_array(mem[src])
    md = sparse.csr_array(mem[dst])
    both = sparse.csr_array(ms.multiply(md))
    w = network.intensity[:, None]
    ties = ms.T @ q_fwd + md.T @ q_bwd - both.T @ (q_fwd * q_bwd)
    inten = ms.T @ (q_fwd * w) + md.T @ (q_bwd * w) - both.T @ (q_fwd * q_bwd * w)
    partners = np.zeros((n_poles, 3), dtype=np.int64)
    for c in range(3):
        f = q_fwd[:, c] > 0
        b = q_bwd[:, c] > 0
        rows = np.concatenate([np.flatnonzero(f), np.flatnonzero(b)])
        other = np.concatenate([dst[f], src[b]])
        member = np.concatenate([src[f], dst[b]])
        if rows.size == 0:
            continue
        onehot = sparse.csr_array(
            (np.ones(rows.size), (np.arange(rows.size), other)), shape=(rows.size, n)
        )
        reach = sparse.csr_array(mem[member].T @ onehot)
        reach.eliminate_zeros()
        partners[:, c] = np.diff(reach.indptr)
    return BridgingTies(
        pole_ids=network.pole_ids,
        categories=BRIDGE_CATEGORIES,
        ties=np.rint(ties).astype(np.int64).reshape(n_poles, 3),
        partners=partners,
        intensity=np.asarray(inten, dtype=np.float64).reshape(n_poles, 3),
        available=np.array([fin.sum(), mkt.sum(), inst.sum()], dtype=np.int64),
    )
