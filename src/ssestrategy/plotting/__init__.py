"""Figures with matplotlib (the optional ``plot`` extra: ``pip install 'ssestrategy[plot]'``).

Every function draws on the ``ax`` it is given (a new figure when None) and returns the
:class:`~matplotlib.axes.Axes`; none calls ``plt.show()``. Matplotlib is imported only when a
function is called, so importing this module never needs it; without matplotlib a call raises
:class:`~ssestrategy.errors.SSEError`.

* :func:`plot_network` — the actor network, coloured by pole or kind;
* :func:`plot_fan` — an outcome's fan chart per strategy over time;
* :func:`plot_rank_acceptability` — stacked rank-acceptability bars;
* :func:`plot_micmac`, :func:`plot_mactor`, :func:`plot_convergence` — foresight planes and
  the convergence map;
* :func:`plot_sobol`, :func:`plot_prim` — Sobol' bars with intervals, the PRIM trade-off.

Examples
--------
>>> from matplotlib.figure import Figure
>>> from ssestrategy.foresight import micmac
>>> from ssestrategy.plotting import plot_micmac
>>> ax = plot_micmac(micmac([[0, 2], [1, 0]], labels=["a", "b"]), ax=Figure().subplots())
>>> ax.get_xlabel(), ax.get_ylabel()
('dependence (share)', 'influence (share)')

In a notebook, ``plot_micmac(result)`` draws a new figure and shows it inline.
"""

from __future__ import annotations

from .decision import acceptability_matrix, plot_rank_acceptability
from .explain import plot_prim, plot_sobol
from .foresight import convergence_map, plot_convergence, plot_mactor, plot_micmac
from .network import plot_network
from .outcomes import fan_quantiles, plot_fan

__all__ = [
    "acceptability_matrix",
    "convergence_map",
    "fan_quantiles",
    "plot_convergence",
    "plot_fan",
    "plot_mactor",
    "plot_micmac",
    "plot_network",
    "plot_prim",
    "plot_rank_acceptability",
    "plot_sobol",
]
