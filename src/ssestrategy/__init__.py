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
>>> cmp = sse.compare(case, n_scenarios=32, rng=0)
>>> len(cmp.ranking.order)
4
"""

from __future__ import annotations

from . import datasets, model
from .comparison import Comparison, compare
from .decision.ranking import Ranking, rank
from .diagnosis import Diagnosis, diagnose
from .errors import (
    CaseFileError,
    ModelError,
    ResourceError,
    ResultFileError,
    SimulationError,
    SSEError,
    SSEWarning,
    UsageError,
)
from .explain.study import DiscoveryResult, SensitivityResult, beats, discover, sensitivity
from .io import dump, load
from .model import Case, Strategy, Territory
from .simulation import Ensemble, calibrate, estimate_resources, simulate
from .validation import Validation, validate_case

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
    "ResourceError",
    "ResultFileError",
    "SSEError",
    "SSEWarning",
    "SensitivityResult",
    "SimulationError",
    "Strategy",
    "Territory",
    "UsageError",
    "Validation",
    "__version__",
    "beats",
    "calibrate",
    "compare",
    "datasets",
    "diagnose",
    "discover",
    "dump",
    "estimate_resources",
    "load",
    "model",
    "rank",
    "sensitivity",
    "simulate",
    "validate_case",
]
