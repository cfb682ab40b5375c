"""Compact HTML tables for Jupyter (the ``_repr_html_`` of the main objects)."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Case

__all__ = ["case_html", "table_html"]


def table_html(headers: Sequence[str], rows: Sequence[Sequence[Any]], caption: str = "") -> str:
    """A small HTML table; values are escaped."""
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_fmt(v))}</td>" for v in row) + "</tr>" for row in rows
    )
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.4g}"
    return str(v)


def case_html(case: Case) -> str:
    """Summary of a case: actors by kind, poles, strategies, provenance counts."""
    t = case.territory
    kinds = Counter(a.kind.value for a in t.actors)
    counts = case.count_values()
    rows = [
        ("territory", f"{t.name} ({t.region or ''})"),
        ("actors", ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items()))),
        ("partnerships", len(t.partnerships)),
        ("poles", ", ".join(p.name for p in t.poles)),
        ("strategies", ", ".join(s.name for s in case.strategies)),
        ("constraints", len(case.constraints)),
        (
            "values",
            f"{counts['sourced']} sourced, {counts['assumed']} assumed, "
            f"{counts['unlabelled']} unlabelled",
        ),
    ]
    return table_html(("", ""), rows, caption=f"Case: {case.name}")
