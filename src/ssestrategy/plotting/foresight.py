"""Foresight figures: the MICMAC influence/dependence plane, the MACTOR actor plane and the
convergence map between actors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import NDArray

from ..errors import ModelError
from ..foresight import MactorResult, MicmacResult
from ._common import draw_quadrants, new_axes, padded_limits

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["convergence_map", "plot_convergence", "plot_mactor", "plot_micmac"]

Float = NDArray[np.float64]

_MICMAC_QUADRANTS = ("influent", "relay", "dependent", "autonomous")
_MACTOR_QUADRANTS = ("dominant", "relay", "dominated", "autonomous")


def _label_points(ax: Axes, x: Float, y: Float, labels: tuple[str, ...]) -> None:
    for xi, yi, lab in zip(x, y, labels, strict=True):
        ax.annotate(
            lab,
            (float(xi), float(yi)),
            xytext=(4, 4),
            textcoords="offset points",
            fontsize="small",
        )


def plot_micmac(result: MicmacResult, *, ax: Axes | None = None, indirect: bool = True) -> Axes:
    """The MICMAC plane: dependence (x) against influence (y), split into four quadrants.

    The dashed lines are the thresholds of the result (mean or median of each axis); the
    quadrants are *influent* (top left), *relay* (top right), *dependent* (bottom right) and
    *autonomous* (bottom left). On the indirect plane, variables whose class changed from the
    direct plane are drawn with a red outline.

    Parameters
    ----------
    result : MicmacResult
        From :func:`ssestrategy.foresight.micmac`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    indirect : bool, default True
        Plot the indirect values (shares of the row and column sums of ``M**k``) or, when False,
        the direct ones (row and column sums of ``M``).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from ssestrategy.foresight import micmac
    >>> res = micmac([[0, 3, 1], [1, 0, 2], [0, 1, 0]], labels=["skills", "finance", "law"])
    >>> ax = plot_micmac(res, ax=Figure().subplots())
    >>> len(ax.collections[0].get_offsets()), len(ax.texts)  # 3 points; 3 names + 4 quadrants
    (3, 7)
    """
    if not isinstance(result, MicmacResult):
        raise ModelError.at("result", f"expected a MicmacResult, got {type(result).__name__}")
    ax = new_axes(ax)
    if indirect:
        x, y = result.indirect_dependence, result.indirect_influence
        x_cut, y_cut = result.indirect_dependence_threshold, result.indirect_influence_threshold
        changed = np.array([lab in result.changed for lab in result.labels], dtype=bool)
        what = f"indirect (M^{result.power}, {result.status})"
    else:
        x, y = result.direct_dependence, result.direct_influence
        x_cut, y_cut = result.direct_dependence_threshold, result.direct_influence_threshold
        changed = np.zeros(len(result.labels), dtype=bool)
        what = "direct"
    edge = np.where(changed, "tab:red", "none")
    ax.scatter(x, y, color="tab:blue", edgecolors=list(edge), linewidths=1.5, zorder=3)
    _label_points(ax, x, y, result.labels)
    ax.set_xlim(*padded_limits(np.asarray(x, dtype=np.float64), x_cut))
    ax.set_ylim(*padded_limits(np.asarray(y, dtype=np.float64), y_cut))
    draw_quadrants(ax, x_cut, y_cut, _MICMAC_QUADRANTS)
    unit = " (share)" if indirect else ""
    ax.set_xlabel(f"dependence{unit}")
    ax.set_ylabel(f"influence{unit}")
    ax.set_title(f"MICMAC plane, {what}; split at the {result.threshold}")
    return ax


def plot_mactor(result: MactorResult, *, ax: Axes | None = None) -> Axes:
    """The MACTOR actor plane: dependence (x) against influence (y) from MIDI.

    Quadrants: *dominant* (top left), *relay* (top right), *dominated* (bottom right) and
    *autonomous* (bottom left), split at the mean influence and dependence. The area of each
    point grows with the actor's normalised balance of power ``r*``.

    Parameters
    ----------
    result : MactorResult
        From :func:`ssestrategy.foresight.mactor`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from ssestrategy.foresight import mactor
    >>> res = mactor([[0, 2, 1], [3, 0, 4], [1, 0, 0]], [[2, -1], [3, 2], [-1, 4]],
    ...              actors=["council", "agency", "coop"])
    >>> ax = plot_mactor(res, ax=Figure().subplots())
    >>> sorted(t.get_text() for t in ax.texts)[:3]
    ['agency', 'autonomous', 'coop']
    """
    if not isinstance(result, MactorResult):
        raise ModelError.at("result", f"expected a MactorResult, got {type(result).__name__}")
    ax = new_axes(ax)
    x, y = result.dependence, result.influence
    sizes = 30.0 + 120.0 * np.asarray(result.r_star) / max(float(np.max(result.r_star)), 1e-12)
    ax.scatter(x, y, s=sizes, color="tab:orange", edgecolors="black", linewidths=0.6, zorder=3)
    _label_points(ax, x, y, result.actors)
    ax.set_xlim(*padded_limits(np.asarray(x, dtype=np.float64), result.dependence_threshold))
    ax.set_ylim(*padded_limits(np.asarray(y, dtype=np.float64), result.influence_threshold))
    draw_quadrants(ax, result.dependence_threshold, result.influence_threshold, _MACTOR_QUADRANTS)
    ax.set_xlabel("dependence D (MIDI column sums)")
    ax.set_ylabel("influence I (MIDI row sums)")
    ax.set_title(f"MACTOR actor plane (point area ~ r*, variant {result.variant!r})")
    return ax


def _pick(result: MactorResult, order: int, divergence: bool) -> Float:
    if isinstance(order, bool) or order not in (1, 2, 3):
        raise ModelError.at("order", f"expected 1, 2 or 3, got {order!r}")
    name = f"{'divergence' if divergence else 'convergence'}{order}"
    out: Float = np.asarray(getattr(result, name), dtype=np.float64)
    return out


def convergence_map(result: MactorResult, *, order: int = 2) -> NDArray[np.float64]:
    """Coordinates of the actors on a convergence map (classical multidimensional scaling).

    Two actors are placed the closer the more they agree: their distance is the share of their
    joint engagement on which they disagree, ``D[i, j] / (C[i, j] + D[i, j])``, with ``C`` and
    ``D`` the order-``order`` convergence and divergence matrices (0 when they agree on every
    objective they both take a position on, 1 when they disagree on all; 0.5, neutral, when
    they share no objective). Using the share rather than the raw convergence keeps actors with
    few or weak positions from being pushed to the edge merely for holding little. The map is
    the classical (Torgerson) scaling of those distances on the two leading eigenvectors; the
    signs of the axes are fixed so that the first actor has non-negative coordinates.

    Parameters
    ----------
    result : MactorResult
    order : {1, 2, 3}, default 2
        1CAA/1DAA (signs), 2CAA/2DAA (valued positions) or 3CAA/3DAA (weighted by the balance
        of power).

    Returns
    -------
    ndarray, shape (actors, 2)

    Examples
    --------
    >>> import numpy as np
    >>> from ssestrategy.foresight import mactor
    >>> res = mactor([[0, 2, 1], [3, 0, 4], [1, 0, 0]], [[2, 1], [2, 1], [-1, 4]])
    >>> xy = convergence_map(res, order=1)
    >>> xy.shape, bool(np.allclose(xy[0], xy[1]))  # actors 1 and 2 hold the same positions
    ((3, 2), True)
    """
    if not isinstance(result, MactorResult):
        raise ModelError.at("result", f"expected a MactorResult, got {type(result).__name__}")
    c = _pick(result, order, divergence=False)
    dv = _pick(result, order, divergence=True)
    n = c.shape[0]
    total = c + dv
    d = np.divide(dv, total, out=np.full_like(c, 0.5), where=total > 0)
    np.fill_diagonal(d, 0.0)
    j = np.eye(n) - 1.0 / n
    b = -0.5 * j @ (d**2) @ j
    vals, vecs = np.linalg.eigh(b)
    idx = np.argsort(vals)[::-1][:2]
    coords = vecs[:, idx] * np.sqrt(np.clip(vals[idx], 0.0, None))
    if coords.shape[1] < 2:
        coords = np.column_stack([coords, np.zeros((n, 2 - coords.shape[1]))])
    signs = np.where(coords[0] < 0, -1.0, 1.0)
    out: Float = np.asarray(coords * signs, dtype=np.float64)
    return out


def plot_convergence(
    result: MactorResult,
    *,
    ax: Axes | None = None,
    order: int = 2,
    kind: Literal["heatmap", "map"] = "heatmap",
    divergence: bool = False,
) -> Axes:
    """Convergences (or divergences) between actors: a heatmap, or a map of the actors.

    Parameters
    ----------
    result : MactorResult
        From :func:`ssestrategy.foresight.mactor`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default a new figure.
    order : {1, 2, 3}, default 2
        Which matrix: 1CAA (number of objectives on which two actors share a sign), 2CAA
        (valued positions) or 3CAA (positions weighted by the balance of power).
    kind : {"heatmap", "map"}, default "heatmap"
        ``"heatmap"``: the symmetric matrix with a colour bar and, up to 15 actors, the values.
        ``"map"``: the actors placed by :func:`convergence_map` (close = agree); pairs whose
        convergence is above the mean of the positive off-diagonal values are linked in
        green, pairs whose divergence is above its mean in dashed red, the line width growing
        with the value.
    divergence : bool, default False
        Draw the divergence matrix (DAA) instead (heatmap only).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from ssestrategy.foresight import mactor
    >>> res = mactor([[0, 2, 1], [3, 0, 4], [1, 0, 0]], [[2, -1], [3, 2], [-1, 4]])
    >>> ax = plot_convergence(res, ax=Figure().subplots())
    >>> ax.images[0].get_array().shape, len(ax.texts)  # 3 x 3 matrix, 9 values written
    ((3, 3), 9)
    """
    if not isinstance(result, MactorResult):
        raise ModelError.at("result", f"expected a MactorResult, got {type(result).__name__}")
    if kind not in ("heatmap", "map"):
        raise ModelError.at("kind", f"expected 'heatmap' or 'map', got {kind!r}")
    if kind == "map" and divergence:
        raise ModelError.at("divergence", "the map shows both; divergence=True is for the heatmap")
    c = _pick(result, order, divergence)
    ax = new_axes(ax)
    names = result.actors
    n = len(names)
    what = f"{order}{'DAA' if divergence else 'CAA'}"
    word = "divergence" if divergence else "convergence"
    if kind == "heatmap":
        cmap = "Reds" if divergence else "Greens"
        image = ax.imshow(c, cmap=cmap, vmin=0.0)
        ax.set_xticks(np.arange(n), names, rotation=45, ha="right")
        ax.set_yticks(np.arange(n), names)
        if n <= 15:
            top = float(c.max()) if c.size else 0.0
            for i in range(n):
                for k in range(n):
                    ax.text(
                        k,
                        i,
                        f"{c[i, k]:.3g}",
                        ha="center",
                        va="center",
                        fontsize="x-small",
                        color="white" if top > 0 and c[i, k] > 0.6 * top else "black",
                    )
        ax.figure.colorbar(image, ax=ax, label=word)
        ax.set_title(f"{word.capitalize()} between actors ({what})")
        return ax
    from matplotlib.collections import LineCollection

    xy = convergence_map(result, order=order)
    iu, ju = np.triu_indices(n, 1)
    for matrix, color, style in (
        (c, "tab:green", "solid"),
        (_pick(result, order, True), "tab:red", "dashed"),
    ):
        vals = matrix[iu, ju]
        if not vals.size or vals.max() <= 0:
            continue
        strong = vals > vals[vals > 0].mean()
        segments = np.stack([xy[iu[strong]], xy[ju[strong]]], axis=1)
        ax.add_collection(
            LineCollection(
                list(segments),
                linewidths=0.5 + 3.0 * vals[strong] / vals.max(),
                colors=color,
                linestyles=style,
                alpha=0.6,
                zorder=1,
            )
        )
    ax.scatter(xy[:, 0], xy[:, 1], color="tab:orange", edgecolors="black", zorder=3)
    _label_points(ax, xy[:, 0], xy[:, 1], names)
    ax.margins(0.2)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(
        f"Convergence map (order {order}): close = agree\n"
        "links above the mean: green convergence, dashed red divergence",
        fontsize="medium",
    )
    return ax
