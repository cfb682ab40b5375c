"""Multi-criteria ranking: weighted sum, TOPSIS, VIKOR and PROMETHEE II.

Every method is a pure function of ``(matrix, weights, benefit)``:

- ``matrix`` has shape ``(alternatives, criteria)``;
- ``weights`` is 1-D, finite, non-negative, not all zero; it is normalised to sum 1 *explicitly*
  (the normalised vector is recorded in the result);
- ``benefit`` is 1-D booleans, ``True`` for a criterion to maximise, ``False`` for a cost.

Results are frozen :mod:`attrs` objects with the method's native ``scores``, integer ``ranks``
(1 = best) and every convention that was used (normalisation, tie policy, parameters).

The conventions that peer libraries choose silently are arguments here:

- **normalisation** (:func:`normalize`): ``"vector"`` (Hwang & Yoon's TOPSIS default),
  ``"minmax"``, ``"sum"``, ``"max"``; optional fixed, declared ``bounds`` per criterion so that
  the score of an alternative does not depend on which other alternatives are present (use this
  across scenario ensembles; see the rank-reversal note in ``docs/decision-methods.md``);
- **ties** (:func:`rank_scores`): ``"min"`` (competition ranking, the default), ``"average"``,
  ``"dense"``, ``"ordinal"``.

Examples
--------
>>> import numpy as np
>>> from ssestrategy.decision import topsis
>>> res = topsis([[1, 3000], [2, 3750], [5, 4500]], [0.5, 0.5], [False, True])
>>> np.round(res.scores, 3)
array([0.762, 0.722, 0.238])
>>> res.ranks
array([1, 2, 3])
"""

from __future__ import annotations

from .normalization import NORMALIZATIONS, Normalization, normalize
from .promethee import PREFERENCE_FUNCTIONS, PrometheeResult, promethee_ii
from .ties import TIE_POLICIES, TIE_TOLERANCE, Ranks, TiePolicy, rank_scores
from .topsis import TopsisResult, topsis
from .vikor import VikorResult, vikor
from .weighted_sum import WeightedSumResult, weighted_sum

__all__ = [
    "NORMALIZATIONS",
    "PREFERENCE_FUNCTIONS",
    "TIE_POLICIES",
    "TIE_TOLERANCE",
    "Normalization",
    "PrometheeResult",
    "Ranks",
    "TiePolicy",
    "TopsisResult",
    "VikorResult",
    "WeightedSumResult",
    "normalize",
    "promethee_ii",
    "rank_scores",
    "topsis",
    "vikor",
    "weighted_sum",
]
