"""Several provinces in one call: :func:`compare_territories` runs the same strategies over
each province's case with the same futures, ranks them per province, pools the rankings and
splits a shared donor budget by a named rule (:mod:`ssestrategy.territories.split`).

Examples
--------
>>> import ssestrategy as sse
>>> tz = sse.datasets.tiznit()
>>> res = sse.compare_territories([tz], n_scenarios=8, rng=0)
>>> res.names, res.comparisons[0].ranking.order == sse.compare(tz, n_scenarios=8).ranking.order
(('Tiznit',), True)
"""

from .compare import compare_territories
from .result import PooledStanding, TerritoryComparison
from .split import scaled_study, split_basis, split_budget, unemployed

__all__ = [
    "PooledStanding",
    "TerritoryComparison",
    "compare_territories",
    "scaled_study",
    "split_basis",
    "split_budget",
    "unemployed",
]
