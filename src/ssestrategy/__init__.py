"""ssestrategy: model a territory's social and solidarity economy (SSE) strategy.

Describe a territory (actors, partnerships, poles, the four pole-success factors), diagnose
it, simulate candidate strategies over uncertain futures, rank them against the territory's
constraints, and explain the ranking.

Examples
--------
>>> import ssestrategy as sse
>>> case = sse.datasets.tiznit()
>>> case.territory.name
'Tiznit'
"""

from __future__ import annotations

from . import datasets, model
from .errors import CaseFileError, ModelError, SimulationError, SSEError
from .io import dump, load
from .model import Case, Strategy, Territory

__version__ = "0.1.0"

__all__ = [
    "Case",
    "CaseFileError",
    "ModelError",
    "SSEError",
    "SimulationError",
    "Strategy",
    "Territory",
    "__version__",
    "datasets",
    "dump",
    "load",
    "model",
]
