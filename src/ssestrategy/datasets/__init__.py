"""Embedded cases (:func:`tiznit`), generators of synthetic populations and territories, and
census builders (:mod:`ssestrategy.datasets.census`, optional extra ``morocco``).

Examples
--------
>>> from ssestrategy.datasets import tiznit
>>> len(tiznit().territory.poles) >= 4
True
"""

from .synthetic import Commune, PopulationSpec, generate_population, synthetic_territory
from .tiznit import TIZNIT_COMMUNES, TIZNIT_POPULATION, tiznit

__all__ = [
    "TIZNIT_COMMUNES",
    "TIZNIT_POPULATION",
    "Commune",
    "PopulationSpec",
    "generate_population",
    "synthetic_territory",
    "tiznit",
]
