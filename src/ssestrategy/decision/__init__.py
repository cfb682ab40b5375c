"""Decision analysis: multi-criteria ranking, AHP weights, robustness metrics and SMAA.

Every method is a pure function; results are frozen objects recording the conventions used
(normalisation, tie policy, random-index table, preference functions, ...). See
``docs/decision-methods.md`` for formulas, defaults and references.

Examples
--------
>>> from ssestrategy.decision import vikor
>>> vikor([[1, 3000], [2, 3750], [5, 4500]], [0.5, 0.5], [False, True]).compromise
(1,)
"""

from .ahp import RANDOM_INDEX_TABLES, AHPResult, ahp
from .mcda import (
    NORMALIZATIONS,
    PREFERENCE_FUNCTIONS,
    TIE_POLICIES,
    PrometheeResult,
    TopsisResult,
    VikorResult,
    WeightedSumResult,
    normalize,
    promethee_ii,
    rank_scores,
    topsis,
    vikor,
    weighted_sum,
)
from .robustness import (
    RobustnessResult,
    hurwicz,
    laplace,
    maximin,
    mean_minus_std,
    minimax_regret,
    percentile,
    percentile_regret,
    rank_acceptability,
    regret,
    satisficing,
)
from .smaa import META_WEIGHTS, SMAAResult, smaa

__all__ = [
    "META_WEIGHTS",
    "NORMALIZATIONS",
    "PREFERENCE_FUNCTIONS",
    "RANDOM_INDEX_TABLES",
    "TIE_POLICIES",
    "AHPResult",
    "PrometheeResult",
    "RobustnessResult",
    "SMAAResult",
    "TopsisResult",
    "VikorResult",
    "WeightedSumResult",
    "ahp",
    "hurwicz",
    "laplace",
    "maximin",
    "mean_minus_std",
    "minimax_regret",
    "normalize",
    "percentile",
    "percentile_regret",
    "promethee_ii",
    "rank_acceptability",
    "rank_scores",
    "regret",
    "satisficing",
    "smaa",
    "topsis",
    "vikor",
    "weighted_sum",
]
