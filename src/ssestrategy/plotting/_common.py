"""Helpers shared by the plotting modules: lazy matplotlib import, axes creation, quadrants."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from ..errors import ModelError, SSEError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "categorical_colors",
    "draw_quadrants",
    "labels_for",
    "new_axes",
    "padded_limits",
    "require_matplotlib",
]

_INSTALL_HINT = "plotting needs matplotlib: pip install 'ssestrategy[plot]'"


def require_matplotlib() -> Any:
    """Import matplotlib or raise an :class:`~ssestrategy.errors.SSEError` saying how to get it."""
    try:
        import matplotlib
    except ImportError:
        raise SSEError(_INSTALL_HINT) from None
    return matplotlib


def new_axes(ax: Axes | None, figsize: tuple[float, float] = (6.4, 4.8)) -> Axes:
    """Return ``ax``, or the axes of a new pyplot figure (constrained layout) when None."""
    require_matplotlib()
    if ax is not None:
        from matplotlib.axes import Axes as _Axes

        if not isinstance(ax, _Axes):
            raise ModelError.at("ax", f"expected a matplotlib Axes, got {type(ax).__name__}")
        return ax
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=figsize, layout="constrained")
    new: Axes = fig.add_subplot()
    return new


def categorical_colors(n: int) -> list[tuple[float, float, float, float]]:
    """``n`` distinct colours: ``tab10`` up to 10, ``tab20`` up to 20, then a cycle of ``tab20``."""
    from matplotlib import colormaps

    cmap = colormaps["tab10" if n <= 10 else "tab20"]
    size = 10 if n <= 10 else 20
    return [tuple(float(c) for c in cmap(i % size)) for i in range(n)]  # type: ignore[misc]


def labels_for(labels: Sequence[str] | None, n: int, prefix: str) -> tuple[str, ...]:
    """Validate ``n`` labels, or make ``prefix1 .. prefixn``."""
    if labels is None:
        return tuple(f"{prefix}{i + 1}" for i in range(n))
    if isinstance(labels, str):
        raise ModelError.at("labels", "expected a sequence of names, got a single string")
    out = tuple(str(x) for x in labels)
    if len(out) != n:
        raise ModelError.at("labels", f"expected {n} labels, got {len(out)}")
    return out


def draw_quadrants(
    ax: Axes,
    x_cut: float,
    y_cut: float,
    names: tuple[str, str, str, str],
) -> None:
    """Draw the two threshold lines and name the four quadrants.

    ``names`` are (top-left, top-right, bottom-right, bottom-left): high *y* with low *x*, high
    both, low *y* with high *x*, low both. The labels sit in the corners of the current view.
    """
    ax.axvline(x_cut, color="0.5", linestyle="--", linewidth=0.8)
    ax.axhline(y_cut, color="0.5", linestyle="--", linewidth=0.8)
    style: dict[str, Any] = {
        "transform": ax.transAxes,
        "fontsize": "small",
        "color": "0.35",
        "style": "italic",
    }
    ax.text(0.02, 0.98, names[0], ha="left", va="top", **style)
    ax.text(0.98, 0.98, names[1], ha="right", va="top", **style)
    ax.text(0.98, 0.02, names[2], ha="right", va="bottom", **style)
    ax.text(0.02, 0.02, names[3], ha="left", va="bottom", **style)


def padded_limits(
    values: NDArray[np.float64], cut: float, pad: float = 0.12
) -> tuple[float, float]:
    """Axis limits covering ``values`` and ``cut``, with a margin for labels."""
    lo = float(min(values.min(), cut)) if values.size else cut
    hi = float(max(values.max(), cut)) if values.size else cut
    span = hi - lo if hi > lo else max(abs(hi), 1.0)
    return lo - pad * span, hi + pad * span
