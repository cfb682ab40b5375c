"""The actor network of a territory, coloured by pole or by actor kind."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from .._deprecation import renamed_arguments
from .._random import RNGLike, generator
from .._validate import check_choice, count
from ..errors import ModelError
from ..model import Case, Territory
from ..model.territory import TARGET_KINDS
from ._common import categorical_colors, new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_network"]

ColorBy = Literal["pole", "kind"]
SizeBy = Literal["degree", "members"]

_NO_POLE = "no pole"
_MIN_SIZE, _MAX_SIZE = 8.0, 120.0


def _subsample(
    degree: NDArray[np.float64],
    priority: NDArray[np.bool_],
    max_nodes: int,
    rng: np.random.Generator,
) -> NDArray[np.int64]:
    """Indices of the actors drawn (sorted): priority actors first, then a uniform sample."""
    n = degree.shape[0]
    if n <= max_nodes:
        return np.arange(n, dtype=np.int64)
    first = np.flatnonzero(priority)
    if first.size >= max_nodes:
        # too many institutions and anchors: keep the best connected (ties by position)
        order = np.lexsort((first, -degree[first]))
        return np.sort(first[order[:max_nodes]]).astype(np.int64)
    rest = np.flatnonzero(~priority)
    drawn = rng.choice(rest, size=max_nodes - first.size, replace=False)
    return np.sort(np.concatenate([first, drawn])).astype(np.int64)


def _layout(graph: Any, n: int, seed: int) -> NDArray[np.float64]:
    """Spring layout of the linked actors; unlinked actors evenly on a ring around them."""
    import networkx as nx

    pos = np.zeros((n, 2), dtype=np.float64)
    linked = np.array([graph.degree(i) > 0 for i in range(n)], dtype=bool)
    idx = np.flatnonzero(linked)
    radius = 1.0
    if idx.size:
        core = graph.subgraph(idx.tolist())
        found = nx.spring_layout(core, seed=seed, weight="weight")
        pos[idx] = np.array([found[i] for i in idx.tolist()], dtype=np.float64)
        radius = float(np.max(np.hypot(pos[idx, 0], pos[idx, 1]), initial=0.0)) or 1.0
    alone = np.flatnonzero(~linked)
    if alone.size:
        angle = 2.0 * np.pi * np.arange(alone.size) / alone.size
        ring = 1.15 * radius if idx.size else radius
        pos[alone] = ring * np.column_stack([np.cos(angle), np.sin(angle)])
    return pos


@renamed_arguments(seed="rng")
def plot_network(
    territory: Territory | Case,
    *,
    ax: Axes | None = None,
    rng: RNGLike = 0,
    color_by: ColorBy = "pole",
    size_by: SizeBy = "degree",
    max_nodes: int = 2000,
    legend: bool = True,
) -> Axes:
    """Draw the partnership network of a territory with its poles.

    Actors are points placed by a seeded spring layout (Fruchterman-Reingold, weighted by tie
    intensity); actors without any partnership are spread on a ring around the others.
    Partnerships are lines whose width grows with their summed intensity. Pole anchors have a
    black outline.

    Parameters
    ----------
    territory : Territory or Case
        A case is drawn through its territory.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        One stream (:mod:`ssestrategy._random`) draws the subsample and the layout's seed: the
        same ``rng`` gives the same picture.
    color_by : {"pole", "kind"}, default "pole"
        Colour actors by pole (an actor in several poles takes the colour of the first one, in
        the order of ``territory.poles``; actors in no pole are grey) or by actor kind.
    size_by : {"degree", "members"}, default "degree"
        Point area grows with the square root of the actor's number of partners (degree in
        the whole network, not in the subsample) or of its members (actors with no members,
        e.g. institutions, get the smallest size).
    max_nodes : int, default 2000
        Largest number of actors drawn. A bigger network is **subsampled**: every pole anchor
        and every actor that is not a cooperative, enterprise or artisan (the institutions) is
        kept, and the remaining places go to a uniform random sample (drawn from ``rng``) of
        the other actors, so each pole keeps its share in expectation; only ties between drawn
        actors are shown. If the kept actors alone exceed ``max_nodes``, the best connected are
        drawn. The title says how many actors are shown.
    legend : bool, default True
        Add a legend of the colours.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ModelError
        If an argument is outside its domain.
    SSEError
        If matplotlib is not installed.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from ssestrategy.model import Actor, Partnership, Pole, Territory
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="Demo",
    ...     actors=[Actor(id=i, name=i, kind="cooperative", capacities=caps) for i in "abcd"],
    ...     partnerships=[Partnership(source="a", target="b", kind="market", intensity=0.5),
    ...                   Partnership(source="b", target="c", kind="market", intensity=1.0)],
    ...     poles=[Pole(id="p", name="Argan pole", value_chain="argan", members=("a", "b"),
    ...                 anchor="a")])
    >>> ax = plot_network(t, ax=Figure().subplots(), rng=1)
    >>> sum(len(c.get_offsets()) for c in ax.collections[1:])  # one point per actor
    4
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['Argan pole', 'no pole']
    """
    from ..network import territory_network

    if isinstance(territory, Case):
        territory = territory.territory
    if not isinstance(territory, Territory):
        raise ModelError.at(
            "territory", f"expected a Territory or a Case, got {type(territory).__name__}"
        )
    check_choice(color_by, "color_by", ColorBy)
    check_choice(size_by, "size_by", SizeBy)
    count(max_nodes, "max_nodes")
    ax = new_axes(ax, figsize=(8.0, 6.0))

    from matplotlib.collections import LineCollection

    net = territory_network(territory)
    n = net.n_actors
    stream = generator(rng)
    adjacency = net.adjacency
    degree = np.asarray((adjacency != 0).sum(axis=1), dtype=np.float64).ravel()
    anchors = np.zeros(n, dtype=bool)
    for pole in territory.poles:
        if pole.anchor is not None:
            anchors[net.index(pole.anchor)] = True
    target = np.array([a.kind in TARGET_KINDS for a in territory.actors], dtype=bool)
    keep = _subsample(degree, anchors | ~target, int(max_nodes), stream)
    sub = adjacency[keep][:, keep]
    pos, rows, cols, weights = _placed(sub, keep.size, int(stream.integers(2**31 - 1)))
    if weights.size:
        segments = np.stack([pos[rows], pos[cols]], axis=1)
        widths = 0.3 + 1.5 * weights / weights.max()
        ax.add_collection(
            LineCollection(list(segments), linewidths=widths, colors="0.55", alpha=0.35, zorder=1)
        )
    else:  # keep collections[0] the edge layer, even when empty
        ax.add_collection(LineCollection([], zorder=1))
    sizes = _sizes(territory, keep, degree, size_by)
    group, group_names, colors = _groups(territory, net, keep, color_by)
    for g, label in enumerate(group_names):
        idx = np.flatnonzero(group == g)
        if idx.size == 0:
            continue
        edge = np.where(anchors[keep][idx], "black", "none")
        kwargs: dict[str, Any] = {"edgecolors": list(edge), "linewidths": 1.0, "zorder": 2}
        ax.scatter(pos[idx, 0], pos[idx, 1], s=sizes[idx], color=colors[g], label=label, **kwargs)
    shown = f"{keep.size} of {n} actors" if keep.size < n else f"{n} actors"
    ax.set_title(f"{territory.name}: {shown}, {rows.size} linked pairs")
    ax.set_aspect("equal")
    ax.autoscale_view()
    ax.set_axis_off()
    if legend:
        _legend(ax)
    return ax


# --- the steps of plot_network --------------------------------------------------------------


def _placed(sub: Any, n: int, layout_seed: int) -> tuple[NDArray[np.float64], Any, Any, Any]:
    """Positions of the drawn actors, and their ties (rows, columns, summed intensities)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    rows, cols = sub.nonzero()
    upper = rows < cols
    weights = np.asarray(sub[rows[upper], cols[upper]], dtype=np.float64).ravel()
    graph.add_weighted_edges_from(
        zip(rows[upper].tolist(), cols[upper].tolist(), weights.tolist(), strict=True)
    )
    return _layout(graph, n, layout_seed), rows[upper], cols[upper], weights


def _sizes(
    territory: Territory, keep: NDArray[np.int64], degree: NDArray[np.float64], size_by: str
) -> NDArray[np.float64]:
    """Point areas: growing with the square root of degree or members."""
    if size_by == "degree":
        size_value = degree[keep]
    else:
        size_value = np.array([territory.actors[i].members for i in keep], dtype=np.float64)
    top = float(size_value.max()) if size_value.size else 0.0
    out: NDArray[np.float64] = _MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * (
        np.sqrt(size_value / top) if top > 0 else np.zeros(keep.size)
    )
    return out


def _groups(
    territory: Territory, net: Any, keep: NDArray[np.int64], color_by: str
) -> tuple[NDArray[np.int64], list[str], list[Any]]:
    """The colour group of each drawn actor (its first pole, or its kind), with the groups'
    names and colours."""
    if color_by == "pole":
        membership = net.membership.toarray() > 0  # (actors, poles)
        group_names = [p.name for p in territory.poles]
        member_k = membership[keep]
        group = np.where(member_k.any(axis=1), np.argmax(member_k, axis=1), len(group_names))
        group_names.append(_NO_POLE)
        colors = [*categorical_colors(len(group_names) - 1), (0.75, 0.75, 0.75, 1.0)]
        return group, group_names, colors
    kinds = sorted({a.kind.value for a in territory.actors})
    code = {k: i for i, k in enumerate(kinds)}
    group = np.array([code[territory.actors[i].kind.value] for i in keep], dtype=np.int64)
    return group, kinds, list(categorical_colors(len(kinds)))


def _legend(ax: Axes) -> None:
    leg = ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize="small", frameon=False)
    for handle in leg.legend_handles:
        handle.set_sizes([30.0])  # type: ignore[union-attr]
        handle.set_edgecolor("none")  # type: ignore[union-attr]
