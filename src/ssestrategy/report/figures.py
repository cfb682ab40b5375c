"""The report's figures: small matplotlib charts returned as inline SVG (no network, no files).

Text in the figures is limited to names from the case and numbers (matplotlib does not shape
Arabic script): the translated titles are the HTML captions around them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import SSEError

__all__ = ["bars", "grouped_bars"]


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SSEError(
            "the report needs matplotlib and jinja2: pip install 'ssestrategy[report]'"
        ) from exc
    return plt


def _svg(fig: Any) -> str:
    """The figure as an inline ``<svg>`` element (its XML prologue and DOCTYPE dropped)."""
    plt = _pyplot()
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    start = text.index("<svg")
    svg = text[start:]
    # matplotlib writes sizes in pt; keep them, and let the page scale the figure down
    return re.sub(r"<svg ", '<svg class="figure" role="img" ', svg, count=1)


def bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    xlabel: str = "",
    highlight: int | None = None,
) -> str:
    """A horizontal bar chart, first label on top, as inline SVG.

    Examples
    --------
    >>> svg = bars(["a", "b"], [0.2, 0.5])
    >>> svg.startswith("<svg"), "</svg>" in svg
    (True, True)
    """
    plt = _pyplot()
    n = len(labels)
    fig, ax = plt.subplots(figsize=(6.0, 0.45 * n + 0.8))
    colors = ["#b05d1e" if i == highlight else "#3b6ea5" for i in range(n)]
    y = np.arange(n)[::-1]
    ax.barh(y, values, color=colors)
    ax.set_yticks(y, labels)
    ax.set_xlabel(xlabel)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


def grouped_bars(
    groups: Sequence[str],
    series: Sequence[str],
    values: Any,
    *,
    threshold: float | None = None,
) -> str:
    """Grouped vertical bars: ``values[g, s]`` for group ``g`` and series ``s``, as inline SVG.

    Examples
    --------
    >>> svg = grouped_bars(["p1", "p2"], ["financing", "networking"], [[0.2, 0.6], [0.1, 0.5]])
    >>> svg.count("<svg")
    1
    """
    plt = _pyplot()
    v = np.asarray(values, dtype=float)
    fig, ax = plt.subplots(figsize=(7.0, 3.2))
    width = 0.8 / max(len(series), 1)
    x = np.arange(len(groups))
    for s, name in enumerate(series):
        ax.bar(x + (s - (len(series) - 1) / 2) * width, v[:, s], width, label=name)
    if threshold is not None:
        ax.axhline(threshold, color="#555555", linestyle="--", linewidth=1)
    ax.set_xticks(x, groups, rotation=20, ha="right")
    ax.set_ylim(0, 1)
    ax.legend(ncols=len(series), fontsize=8, loc="upper left", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)
