"""The parameter table of ``docs/model.md``, generated from
:data:`~ssestrategy.model.DEFAULT_PARAMETERS` (a test checks the page holds it verbatim).

Examples
--------
>>> parameter_table().splitlines()[0]
'| parameter | default | unit | range | provenance |'
"""

from __future__ import annotations

from ..model import DEFAULT_PARAMETERS, Assumption, Source

__all__ = ["parameter_table"]


def parameter_table() -> str:
    """Markdown table: name, default, unit, plausible range and provenance of every parameter."""
    rows = [
        "| parameter | default | unit | range | provenance |",
        "|---|---|---|---|---|",
    ]
    for name, p in DEFAULT_PARAMETERS.items():
        prov = p.provenance
        if isinstance(prov, Assumption):
            rng = f"{prov.low:g} - {prov.high:g}" if prov.has_range else ""
            text = "assumption: " + prov.note
        elif isinstance(prov, Source):
            rng = ""
            text = f"{prov.label.value}: {prov.citation}"
        else:
            rng, text = "", "unlabelled"
        text = text.replace("|", "/")
        rows.append(f"| `{name}` | {p.value:g} | {p.unit} | {rng} | {text} |")
    return "\n".join(rows)
