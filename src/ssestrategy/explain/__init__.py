"""Explain results: global sensitivity analysis and scenario discovery.

* :func:`sobol` — Sobol' first- and total-order indices (via :func:`scipy.stats.sobol_indices`)
  with seeded bootstrap confidence intervals.
* :func:`morris` — Morris elementary effects (``mu``, ``mu*``, ``sigma``) on trajectories.
* :func:`prim` — PRIM scenario discovery: a box of the inputs where a condition holds.

Examples
--------
>>> import numpy as np
>>> from ssestrategy.explain import morris
>>> res = morris(lambda x: x[:, 0] + 10 * x[:, 1], [(0, 1), (0, 1)], trajectories=4, seed=1)
>>> np.round(res.mu_star, 6)
array([ 1., 10.])
"""

from __future__ import annotations

from .discovery import PrimBox, PrimResult, prim
from .sensitivity import ConfidenceInterval, MorrisResult, SobolResult, morris, sobol

__all__ = [
    "ConfidenceInterval",
    "MorrisResult",
    "PrimBox",
    "PrimResult",
    "SobolResult",
    "morris",
    "prim",
    "sobol",
]
