"""The pole-level quantities shared by the diagnosis and the simulation.

One definition of a pole's **networking level** and of its **success** lives here; the
network metrics (``ssestrategy.network``) and the simulation's compile step and kernel
(``ssestrategy.simulation``) both call these functions, so the two never disagree.

- Cohesion of a pole: ``cohesion = 1 - exp(-s / scale)`` where ``s`` is the mean weighted
  degree *inside* the pole (twice the sum of the intensities of ties between members, divided by
  the number of members) and ``scale`` the parameter ``cohesion_scale``.
- Networking level: ``(mean networking capacity of members + cohesion) / 2`` — a pole is well
  networked when its members are, and when they are tied to each other.
- Success: the CES aggregate of the four factor levels ``L_f`` with exponent ``rho < 0``,
  ``S = (mean_f L_f**rho) ** (1/rho)``; ``S = 0`` as soon as one level is 0 (all four factors are
  needed) and ``S -> min_f L_f`` as ``rho -> -inf``.

Examples
--------
>>> import numpy as np
>>> float(cohesion(np.array(0.0), 1.0))
0.0
>>> float(networking_level(np.array(0.4), np.array(0.6)))
0.5
>>> float(np.round(ces_success(np.array([0.5, 0.5, 0.5, 0.5]), -4.0), 12))
0.5
>>> float(ces_success(np.array([0.9, 0.9, 0.9, 0.0]), -4.0))
0.0
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["ces_success", "cohesion", "networking_level"]

Array = NDArray[np.float64]


def cohesion(internal_strength: Array | float, scale: float) -> Array:
    """Cohesion of a pole in [0, 1) from its mean internal weighted degree.

    Parameters
    ----------
    internal_strength : array_like
        Mean weighted degree of members counting only ties inside the pole.
    scale : float
        Strength at which cohesion reaches ``1 - 1/e`` (parameter ``cohesion_scale``).

    Returns
    -------
    ndarray
        ``1 - exp(-internal_strength / scale)``.

    Examples
    --------
    >>> float(np.round(cohesion(np.array(1.0), 1.0), 4))
    0.6321
    """
    s = np.asarray(internal_strength, dtype=np.float64)
    out: Array = -np.expm1(-s / scale)
    return out


def networking_level(mean_networking: Array | float, pole_cohesion: Array | float) -> Array:
    """A pole's networking level: the mean of its members' networking capacity and its cohesion.

    Examples
    --------
    >>> float(networking_level(0.2, 0.4))
    0.30000000000000004
    """
    m = np.asarray(mean_networking, dtype=np.float64)
    out: Array = 0.5 * (m + np.asarray(pole_cohesion, dtype=np.float64))
    return out


def ces_success(levels: Array, rho: float, axis: int = -1) -> Array:
    """CES aggregate of factor levels with exponent ``rho < 0`` (complements).

    Parameters
    ----------
    levels : ndarray
        Factor levels in [0, 1]; the factor axis is ``axis``.
    rho : float
        CES exponent, negative. ``-inf`` gives the minimum (weakest link).
    axis : int
        Axis holding the factors.

    Returns
    -------
    ndarray
        Success in [0, 1], 0 wherever a level is 0.

    Examples
    --------
    >>> float(np.round(ces_success(np.array([1.0, 0.5, 1.0, 1.0]), -50.0), 2))
    0.51
    """
    lv = np.asarray(levels, dtype=np.float64)
    if np.isneginf(rho):
        return np.asarray(lv.min(axis=axis))
    zero = (lv <= 0.0).any(axis=axis)
    safe = np.where(lv > 0.0, lv, 1.0)
    out = np.mean(safe**rho, axis=axis) ** (1.0 / rho)
    return np.where(zero, 0.0, out)
