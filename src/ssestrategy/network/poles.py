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

Array-level helpers build these inputs from index arrays (no networkx, leading scenario axes
allowed): :func:`membership_matrix` (actors x poles, sparse), :func:`internal_strength` (from an
edge list), :func:`pole_levels` (the four factor levels of every pole).

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

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from ..model.factors import FACTORS, Factor

__all__ = [
    "ces_success",
    "cohesion",
    "internal_strength",
    "membership_matrix",
    "networking_level",
    "pole_levels",
]

Array = NDArray[np.float64]

_NETWORKING = FACTORS.index(Factor.NETWORKING)


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
    # a tiny positive level overflows safe**rho to inf, and inf**(1/rho) = 0 is the right limit
    with np.errstate(over="ignore"):
        out = np.mean(safe**rho, axis=axis) ** (1.0 / rho)
    return np.where(zero, 0.0, out)


# --- array-level helpers shared by the diagnosis and the simulation's compile step -----------


def membership_matrix(members: Sequence[Sequence[int]], n_actors: int) -> Any:
    """Sparse 0/1 membership matrix, actors x poles, from each pole's member indices.

    Parameters
    ----------
    members : sequence of sequences of int
        For each pole, the row indices (positions in ``Territory.actors``) of its members.
    n_actors : int
        Number of actors (rows).

    Returns
    -------
    scipy.sparse.csr_array, shape (n_actors, n_poles)
        ``M[i, p] = 1`` when actor ``i`` belongs to pole ``p`` (an actor may be in several).

    Examples
    --------
    >>> membership_matrix([[0, 1], [1, 2]], 3).toarray()
    array([[1., 0.],
           [1., 1.],
           [0., 1.]])
    """
    sizes = np.fromiter((len(m) for m in members), dtype=np.int64, count=len(members))
    rows = (
        np.concatenate([np.asarray(m, dtype=np.int64) for m in members])
        if len(members) and sizes.sum()
        else np.zeros(0, dtype=np.int64)
    )
    cols = np.repeat(np.arange(len(members), dtype=np.int64), sizes)
    data = np.ones(rows.size, dtype=np.float64)
    out = sparse.csr_array((data, (rows, cols)), shape=(n_actors, len(members)))
    out.sum_duplicates()
    out.data[:] = 1.0
    return out


def internal_strength(
    sources: NDArray[np.integer[Any]],
    targets: NDArray[np.integer[Any]],
    weights: Array,
    membership: Any,
) -> Array:
    """Mean internal weighted degree of each pole, from an edge list.

    ``s_p = 2 * sum(w_e for ties e with both ends in pole p) / |p|`` (0 for an empty pole):
    the input of :func:`cohesion`. Parallel ties add up; a directed tie counts once.

    Parameters
    ----------
    sources, targets : ndarray of int, shape (n_edges,)
        Row indices of each tie's two ends.
    weights : ndarray, shape (..., n_edges)
        Tie intensities; leading axes (e.g. scenarios) are kept.
    membership : sparse array, shape (n_actors, n_poles)
        0/1 membership (:func:`membership_matrix`).

    Returns
    -------
    ndarray, shape (..., n_poles)

    Examples
    --------
    >>> m = membership_matrix([[0, 1, 2]], 4)
    >>> internal_strength(np.array([0, 1, 2]), np.array([1, 2, 3]),
    ...                   np.array([0.5, 1.0, 0.7]), m)
    array([1.])
    """
    mem = sparse.csr_array(membership)
    src = np.asarray(sources, dtype=np.int64)
    dst = np.asarray(targets, dtype=np.int64)
    w = np.asarray(weights, dtype=np.float64)
    n_poles = mem.shape[1]
    lead = w.shape[:-1]
    inside = mem[src].multiply(mem[dst])  # (n_edges, n_poles): 1 where both ends are in p
    flat = w.reshape(int(np.prod(lead, dtype=np.int64)), w.shape[-1])
    total = np.asarray(sparse.csr_array(inside).T @ flat.T).T  # (rows, n_poles)
    size = np.asarray(mem.sum(axis=0)).ravel()
    out = np.zeros_like(total)
    np.divide(2.0 * total, size, out=out, where=size > 0)
    return out.reshape((*lead, n_poles))


def pole_levels(
    capacities: Array,
    membership: Any,
    pole_cohesion: Array,
) -> Array:
    """Each pole's level on the four factors.

    Financing, innovation and governance are the members' mean capacities; networking is
    :func:`networking_level` of the members' mean networking capacity and the pole's cohesion.
    An empty pole has every level 0.

    Parameters
    ----------
    capacities : ndarray, shape (..., n_actors, 4)
        Capacities in canonical factor order; leading axes (e.g. scenarios) are kept.
    membership : sparse array, shape (n_actors, n_poles)
    pole_cohesion : ndarray, shape (..., n_poles)
        :func:`cohesion` of each pole.

    Returns
    -------
    ndarray, shape (..., n_poles, 4)

    Examples
    --------
    >>> caps = np.array([[0.2, 0.4, 0.6, 0.8], [0.4, 0.6, 0.2, 0.0]])
    >>> pole_levels(caps, membership_matrix([[0, 1]], 2), np.array([0.5]))
    array([[0.3, 0.5, 0.4, 0.4]])
    """
    mem = sparse.csr_array(membership)
    caps = np.asarray(capacities, dtype=np.float64)
    n_actors, n_poles = mem.shape
    lead = caps.shape[:-2]
    n_f = caps.shape[-1]
    rows = int(np.prod(lead, dtype=np.int64))
    # (n_actors, rows * 4) so that one sparse product averages every scenario at once
    flat = np.moveaxis(caps.reshape(rows, n_actors, n_f), 1, 0).reshape(n_actors, rows * n_f)
    sums = np.asarray(mem.T @ flat)  # (n_poles, rows * 4)
    size = np.asarray(mem.sum(axis=0)).ravel()
    means = np.zeros_like(sums)
    np.divide(sums, size[:, None], out=means, where=size[:, None] > 0)
    means = np.moveaxis(means.reshape(n_poles, rows, n_f), 0, 1).reshape((*lead, n_poles, n_f))
    coh = np.broadcast_to(np.asarray(pole_cohesion, dtype=np.float64), (*lead, n_poles))
    nw = _NETWORKING
    level = networking_level(means[..., nw], coh)
    means[..., nw] = np.where(size > 0, level, 0.0)
    return means
