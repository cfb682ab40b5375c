"""ssestrategy: model a territory's social and solidarity economy (SSE) strategy."""

from __future__ import annotations

from .errors import CaseFileError, ModelError, SimulationError, SSEError

__version__ = "0.1.0"

__all__ = [
    "CaseFileError",
    "ModelError",
    "SSEError",
    "SimulationError",
    "__version__",
]
