"""Plain-text tables for the text reports (``format_report``, ``format_summary``, ...).

Examples
--------
>>> print("\\n".join(text_table(["strategy", "jobs"], [["a", "12"], ["bb", "3"]],
...                             align="<>")))
strategy  jobs
--------  ----
a           12
bb           3
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["text_table"]


def text_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    align: Sequence[str] | str | None = None,
    sep: str = "  ",
) -> list[str]:
    """The lines of a table: a header, a rule of dashes, one line per row.

    Parameters
    ----------
    headers : sequence of str
    rows : sequence of sequences of str
        Cells already formatted, one per header.
    align : sequence of {"<", ">"}, optional
        Per column, left (default) or right.
    sep : str
        Between columns.

    Returns
    -------
    list of str
        Without trailing spaces.

    Examples
    --------
    >>> text_table(["a", "b"], [["x", "yy"]])
    ['a  b', '-  --', 'x  yy']
    """
    widths = [max([len(h)] + [len(r[j]) for r in rows]) for j, h in enumerate(headers)]
    sides = list(align) if align is not None else ["<"] * len(headers)

    def line(cells: Sequence[str]) -> str:
        return sep.join(
            c.rjust(w) if a == ">" else c.ljust(w)
            for c, w, a in zip(cells, widths, sides, strict=True)
        ).rstrip()

    return [line(headers), sep.join("-" * w for w in widths), *(line(r) for r in rows)]
