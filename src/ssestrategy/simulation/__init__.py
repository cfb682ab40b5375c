"""Scenario simulation: compile a case to arrays, run strategies over sampled futures, reduce.

- :func:`compile_case` turns a case and its strategies into flat arrays once;
- :func:`sample_scenarios` draws the uncertain futures (Monte Carlo, Latin hypercube, Sobol');
- :mod:`~ssestrategy.simulation.kernel` advances every scenario of a chunk by one period with
  array operations;
- :func:`simulate` runs chunks of scenarios on any executor and returns an :class:`Ensemble`;
- :func:`calibrate` fits the exit hazards to an observed survival curve.

``docs/model.md`` states every equation and parameter.

Examples
--------
>>> from ssestrategy.datasets import tiznit
>>> ens = simulate(tiznit(), n_scenarios=4, rng=1, periods=4)
>>> ens.strategies
('french-agency', 'canadian-agency', 'national-2010-2020', 'status-quo')
"""

import sys
import types
from typing import Any

from .._deprecation import warn_deprecated
from .calibration import CalibrationResult, calibrate
from .checks import MAX_MAGNITUDE, MAX_PERIODS, ResourceEstimate, estimate_resources
from .compile import CompiledCase, compile_case
from .engine import simulate
from .results import Ensemble, EnsembleSummary
from .sampling import ScenarioSample, sample_scenarios


class _CallableCompileModule(types.ModuleType):
    """``ssestrategy.simulation.compile`` is the module; calling it, as when the package bound
    ``compile = compile_case``, still works with a deprecation warning."""

    def __call__(self, *args: Any, **kwargs: Any) -> CompiledCase:
        warn_deprecated(
            "calling ssestrategy.simulation.compile is deprecated, use "
            "ssestrategy.simulation.compile_case"
        )
        return compile_case(*args, **kwargs)


sys.modules[f"{__name__}.compile"].__class__ = _CallableCompileModule

__all__ = [
    "MAX_MAGNITUDE",
    "MAX_PERIODS",
    "CalibrationResult",
    "CompiledCase",
    "Ensemble",
    "EnsembleSummary",
    "ResourceEstimate",
    "ScenarioSample",
    "calibrate",
    "compile_case",
    "estimate_resources",
    "sample_scenarios",
    "simulate",
]
