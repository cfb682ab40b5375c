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
>>> cmp = sse.compare(case, n_scenarios=32, seed=0)
>>> len(cmp.ranking.order)
4
"""

from __future__ import annotations

from . import datasets, model
from .comparison import Comparison, compare
from .decision.ranking import Ranking, rank
from .diagnosis import Diagnosis, diagnose
from .errors import CaseFileError, ModelError, SimulationError, SSEError
from .explain.study import DiscoveryResult, SensitivityResult, beats, discover, sensitivity
from .io import dump, load
from .model import Case, Strategy, Territory
from .simulation import Ensemble, calibrate, simulate

__version__ = "0.1.0"

__all__ = [
    "Case",
    "CaseFileError",
    "Comparison",
    "Diagnosis",
    "DiscoveryResult",
    "Ensemble",
    "ModelError",
    "Ranking",
    "SSEError",
    "SensitivityResult",
    "SimulationError",
    "Strategy",
    "Territory",
    "__version__",
    "beats",
    "calibrate",
    "compare",
    "datasets",
    "diagnose",
    "discover",
    "dump",
    "load",
    "model",
    "rank",
    "sensitivity",
    "simulate",
]
