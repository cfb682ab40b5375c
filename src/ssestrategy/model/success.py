"""The pole-level quantities shared by the diagnosis and the simulation.

One definition of a pole's **networking level** and of its **success** lives here, in the model
layer beneath both the network analysis (``ssestrategy.network``, which re-exports these
functions) and the simulation's compile step and kernel (``ssestrategy.simulation``): the two
call the same functions, so they never disagree.

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

from ..errors import ModelError
from .factors import FACTORS, Factor

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


def ces_success(
    levels: Array,
    rho: float | Array,
    axis: int = -1,
    *,
    power_dtype: type[np.float64] | type[np.float32] = np.float64,
) -> Array:
    """CES aggregate of factor levels with exponent ``rho < 0`` (complements).

    ``S = (mean_f L_f**rho) ** (1/rho)`` is evaluated in a form that never overflows: with
    ``m = min_f L_f > 0``,

    ``S = m * (mean_f (L_f / m) ** rho) ** (1 / rho)``,

    where every term ``(L_f / m) ** rho = exp(rho (log L_f - log m))`` lies in ``(0, 1]`` and
    the minimum's term is exactly 1, so the mean lies in ``[1/n, 1]`` for ``n`` factors:
    nothing overflows (the ratio is never formed: ``1 / m`` overflows for a subnormal ``m``),
    and a term that underflows to 0 takes its correct limit. ``S = 0`` wherever a level is 0,
    and ``rho = -inf`` gives exactly the minimum (``x ** -inf = 0`` for ``x > 1`` and
    ``1 ** -inf = 1``).

    Parameters
    ----------
    levels : ndarray
        Factor levels in [0, 1]; the factor axis is ``axis``.
    rho : float or ndarray
        CES exponent, negative; ``-inf`` gives the minimum (weakest link). An array is
        broadcast against the shape of ``levels`` without its factor axis (e.g. one exponent
        per scenario).
    axis : int
        Axis holding the factors.
    power_dtype : {numpy.float64, numpy.float32}
        Precision of the logarithms and exponentials of the powers; the result is float64
        either way. ``numpy.float32`` is about three times faster on CPUs where NumPy has no
        SIMD double-precision ``exp``/``log`` (no AVX-512), with a relative error below
        1e-6; the simulation kernel uses it when the exponent differs between scenarios.

    Returns
    -------
    ndarray
        Success in [0, 1], 0 wherever a level is 0: the shape of ``levels`` without ``axis``,
        broadcast with ``rho``.

    Examples
    --------
    >>> float(np.round(ces_success(np.array([1.0, 0.5, 1.0, 1.0]), -50.0), 2))
    0.51
    >>> lv = np.array([[0.2, 0.4, 0.6, 0.8], [0.5, 0.5, 0.0, 0.5]])
    >>> ces_success(lv, np.array([-1.0, -4.0])).round(4).tolist()
    [0.384, 0.0]
    >>> ces_success(lv[0], np.array([-2.0, -np.inf])).round(4).tolist()
    [0.3352, 0.2]
    """
    lv = np.asarray(levels, dtype=np.float64)
    if lv.ndim == 0:
        raise ModelError.at("levels", "expected an array with a factor axis")
    ax = axis % lv.ndim - lv.ndim  # negative: still the factor axis after broadcasting
    r = np.asarray(rho, dtype=np.float64)
    trailing = -1 - ax  # axes after the factor axis
    # rho lines up with levels-without-axis; give it a unit factor axis where it reaches it
    expanded = r.ndim > trailing
    rf = np.expand_dims(r, r.ndim - trailing) if expanded else r
    n_f = lv.shape[ax]
    if n_f == 0:
        raise ModelError.at("levels", "expected at least one factor")

    def factor(a: NDArray[Any], f: int) -> NDArray[Any]:  # a view of factor f
        return a[(Ellipsis, f) + (slice(None),) * (-1 - ax)]

    # the minimum as elementwise passes over views (a reduction over a middle axis is slow)
    m = factor(lv, 0).copy()
    for f in range(1, n_f):
        np.minimum(m, factor(lv, f), out=m)
    rp = rf.astype(power_dtype)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        # log(L / m) as log L - min_f log L: no ratio to overflow (a minimum near the smallest
        # subnormal made 1 / m infinite), every difference >= 0 and the minimum's exactly 0
        z = np.log(lv.astype(power_dtype, copy=False))
        log_m = factor(z, 0).copy()
        for f in range(1, n_f):
            np.minimum(log_m, factor(z, f), out=log_m)
        # a level that is 0 (or below the power precision's range, ~1e-45 in single) gives
        # log_m = -inf and S = 0
        pos = (m > 0.0) & (log_m > -np.inf)
        z -= np.expand_dims(log_m, ax)
        if np.broadcast_shapes(z.shape, rp.shape) == z.shape:
            z *= rp
        else:
            z = z * rp
        if np.isneginf(r).any():  # -inf * 0 = nan: the minimum's term is 1
            z[np.isnan(z)] = 0.0
        np.exp(z, out=z)
        total: NDArray[Any] = factor(z, 0).copy()
        for f in range(1, n_f):  # a fixed order, whatever the other axes
            total += factor(z, f)
        total /= power_dtype(n_f)
        np.log(total, out=total)
        total /= np.squeeze(rp, axis=ax) if expanded else rp
        # S = m exp(t) with t = log(mean) / rho >= 0; exp(t) overflows only where rho is tiny
        # and m subnormal, and there S = exp(log m + t) is finite
        big = total > power_dtype(80.0)
        t_big = total[big].astype(np.float64) if big.any() else None
        np.exp(total, out=total)
        out: Array = np.where(pos, m * total, 0.0)
        if t_big is not None:
            m_big = np.broadcast_to(m, out.shape)[big]
            pos_big = np.broadcast_to(pos, out.shape)[big]
            out[big] = np.where(pos_big, np.exp(np.log(m_big) + t_big), 0.0)
    return out


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
    weights: Array | None = None,
) -> Array:
    """Each pole's level on the four factors.

    Financing, innovation and governance are the members' mean capacities (weighted by
    ``weights``, e.g. the units each member stands for); networking is
    :func:`networking_level` of the members' mean networking capacity and the pole's cohesion.
    An empty pole has every level 0.

    Parameters
    ----------
    capacities : ndarray, shape (..., n_actors, 4)
        Capacities in canonical factor order; leading axes (e.g. scenarios) are kept.
    membership : sparse array, shape (n_actors, n_poles)
    pole_cohesion : ndarray, shape (..., n_poles)
        :func:`cohesion` of each pole.
    weights : ndarray, shape (n_actors,), optional
        Weight of each member in the means (default 1 each).

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
    if weights is not None:
        mem = sparse.csr_array(sparse.diags_array(np.asarray(weights, dtype=np.float64)) @ mem)
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
