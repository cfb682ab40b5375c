"""Embedded cases (:func:`tiznit`), generators of synthetic populations and territories, and
census builders (:mod:`ssestrategy.datasets.census` and :func:`province`, a case for any
Moroccan province: optional extra ``morocco``).

Examples
--------
>>> from ssestrategy.datasets import tiznit
>>> len(tiznit().territory.poles) >= 4
True
"""

from .national import NATIONAL_ENTRY_RATE, national_sector
from .provinces import province
from .synthetic import (
    VALUE_CHAINS,
    Commune,
    PopulationSpec,
    generate_population,
    synthetic_territory,
)
from .tiznit import TIZNIT_COMMUNES, TIZNIT_POPULATION, tiznit, tiznit_with

__all__ = [
    "NATIONAL_ENTRY_RATE",
    "TIZNIT_COMMUNES",
    "TIZNIT_POPULATION",
    "VALUE_CHAINS",
    "Commune",
    "PopulationSpec",
    "generate_population",
    "national_sector",
    "province",
    "synthetic_territory",
    "tiznit",
    "tiznit_with",
]
