"""Design strategies: a robust search over mixes of the lever menu (issue 13).

- :class:`DesignSpace`: budget shares, start years and instrument parameters over the case's
  lever menu (every template is a point of it);
- :class:`~ssestrategy.design.evaluation.Evaluator`: designs x shared futures in one batch,
  through the library's one evaluation path;
- :func:`optimize`: NSGA-II over the space, checked out of sample, compared with the templates
  (:class:`DesignResult`);
- :func:`value_of_information`: EVPI and EVPPI per uncertain input.

``docs/designing.md`` states the method, its references and its limits.

Examples
--------
>>> from ssestrategy.datasets import tiznit
>>> DesignSpace.of(tiznit()).n_items
18
"""

from .evaluation import Evaluator, Futures
from .metrics import parse_objective
from .result import DesignResult, Scores, Versus
from .search import optimize
from .space import DesignSpace
from .voi import ValueOfInformation, value_of_information

__all__ = [
    "DesignResult",
    "DesignSpace",
    "Evaluator",
    "Futures",
    "Scores",
    "ValueOfInformation",
    "Versus",
    "optimize",
    "parse_objective",
    "value_of_information",
]
