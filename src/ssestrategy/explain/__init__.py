"""Explain results: global sensitivity analysis, scenario discovery and lead attribution.

* :func:`sobol` — Sobol' first- and total-order indices (via :func:`scipy.stats.sobol_indices`)
  with seeded bootstrap confidence intervals.
* :func:`morris` — Morris elementary effects (``mu``, ``mu*``, ``sigma``) on trajectories.
* :func:`prim` — PRIM scenario discovery: a box of the inputs where a condition holds.
* :func:`lead` — why one strategy leads another: constraint verdicts, the composite and the
  method's score split by criterion (exactly; Shapley values for non-additive methods), and
  the levers one strategy has and the other has not.

Examples
--------
>>> import numpy as np
>>> from ssestrategy.explain import morris
>>> res = morris(lambda x: x[:, 0] + 10 * x[:, 1], [(0, 1), (0, 1)], trajectories=4, rng=1)
>>> np.round(res.mu_star, 6)
array([ 1., 10.])
"""

from __future__ import annotations

from .attribution import (
    OUTCOME_LEVERS,
    ConstraintDifference,
    Decomposition,
    DesignDifference,
    Lead,
    ParameterDifference,
    composite_decomposition,
    design_differences,
    lead,
    score_decomposition,
    shapley_values,
)
from .discovery import PrimBox, PrimResult, prim
from .morris import MorrisResult, morris
from .order import OrderExplanation, explain_order
from .sobol import ConfidenceInterval, SobolResult, sobol

__all__ = [
    "OUTCOME_LEVERS",
    "ConfidenceInterval",
    "ConstraintDifference",
    "Decomposition",
    "DesignDifference",
    "Lead",
    "MorrisResult",
    "OrderExplanation",
    "ParameterDifference",
    "PrimBox",
    "PrimResult",
    "SobolResult",
    "composite_decomposition",
    "design_differences",
    "explain_order",
    "lead",
    "morris",
    "prim",
    "score_decomposition",
    "shapley_values",
    "sobol",
]
