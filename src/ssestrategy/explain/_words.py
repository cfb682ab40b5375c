"""The glossary lines printed under the explanations' tables (``docs/glossary.md`` has the
full entries)."""

from __future__ import annotations

GLOSSARY: dict[str, str] = {
    "sobol": (
        "total: share of the output's variance that involves the input, alone or with others; "
        "first order: share it explains alone (sampling noise can make an estimate near 0 "
        "slightly negative: read it as 0); [low, high]: bootstrap interval. See "
        "docs/glossary.md."
    ),
    "morris": (
        "mu*: mean absolute effect of moving the input one step across its range; mu: mean "
        "signed effect; sigma: spread of the effects (interactions, non-linearity). See "
        "docs/glossary.md."
    ),
    "prim": (
        "coverage: share of the futures where the condition holds that fall inside the box; "
        "density: share of the futures inside the box where it holds (PRIM, the patient rule "
        "induction method). See docs/glossary.md."
    ),
}
