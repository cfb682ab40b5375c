"""ssestrategy: model a territory's social and solidarity economy (SSE) strategy.

Describe a territory (actors, partnerships, poles, the four pole-success factors), diagnose
it, simulate candidate strategies over uncertain futures, rank them against the territory's
constraints, and explain the ranking.

The names below are imported on first use (PEP 562), so ``import ssestrategy`` — and the
``ssestrategy`` command — load only what they use. The layers of the package and the rule that
imports go downward are in ``docs/architecture.md``.

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

import importlib
from typing import TYPE_CHECKING, Any

from ._random import RNGLike
from ._version import __version__
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

if TYPE_CHECKING:
    from . import datasets, model
    from .comparison import Comparison, compare
    from .decision.ranking import Ranking, rank
    from .design import DesignResult, DesignSpace, optimize, value_of_information
    from .diagnosis import Diagnosis, diagnose
    from .explain.order import OrderExplanation, explain_order
    from .explain.study import (
        DiscoveryResult,
        SensitivityResult,
        beats,
        discover,
        sensitivity,
    )
    from .io import dump, load
    from .model import Case, Strategy, Territory
    from .simulation import Ensemble, calibrate, estimate_resources, simulate
    from .territories import TerritoryComparison, compare_territories
    from .validation import Validation, validate_case

#: Where each lazily imported name is defined.
_LAZY: dict[str, str] = {
    "Case": ".model",
    "Comparison": ".comparison",
    "DesignResult": ".design",
    "DesignSpace": ".design",
    "Diagnosis": ".diagnosis",
    "DiscoveryResult": ".explain.study",
    "Ensemble": ".simulation",
    "OrderExplanation": ".explain.order",
    "Ranking": ".decision.ranking",
    "SensitivityResult": ".explain.study",
    "Strategy": ".model",
    "Territory": ".model",
    "TerritoryComparison": ".territories",
    "Validation": ".validation",
    "beats": ".explain.study",
    "calibrate": ".simulation",
    "compare": ".comparison",
    "compare_territories": ".territories",
    "diagnose": ".diagnosis",
    "discover": ".explain.study",
    "dump": ".io",
    "estimate_resources": ".simulation",
    "explain_order": ".explain.order",
    "load": ".io",
    "optimize": ".design",
    "rank": ".decision.ranking",
    "sensitivity": ".explain.study",
    "simulate": ".simulation",
    "validate_case": ".validation",
    "value_of_information": ".design",
}
#: Subpackages and modules reachable as attributes of the package.
_SUBMODULES = frozenset(
    {
        "cli",
        "comparison",
        "datasets",
        "decision",
        "design",
        "diagnosis",
        "errors",
        "explain",
        "foresight",
        "io",
        "model",
        "network",
        "plotting",
        "simulation",
        "territories",
        "testing",
        "validation",
    }
)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, *_SUBMODULES})


__all__ = [
    "Case",
    "CaseFileError",
    "Comparison",
    "DesignResult",
    "DesignSpace",
    "Diagnosis",
    "DiscoveryResult",
    "Ensemble",
    "ModelError",
    "OrderExplanation",
    "RNGLike",
    "Ranking",
    "ResourceError",
    "ResultFileError",
    "SSEError",
    "SSEWarning",
    "SensitivityResult",
    "SimulationError",
    "Strategy",
    "Territory",
    "TerritoryComparison",
    "UsageError",
    "Validation",
    "__version__",
    "beats",
    "calibrate",
    "compare",
    "compare_territories",
    "datasets",
    "diagnose",
    "discover",
    "dump",
    "estimate_resources",
    "explain_order",
    "load",
    "model",
    "optimize",
    "rank",
    "sensitivity",
    "simulate",
    "validate_case",
    "value_of_information",
]
