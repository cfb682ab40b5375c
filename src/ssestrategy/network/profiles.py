"""Pole profiles: each pole's level on the four factors, its weakest factor and its success.

For each declared pole (all computed by the shared definitions in
:mod:`ssestrategy.network.poles`, the ones the simulation uses):

* **levels** ``L_f`` — financing, innovation and governance: the members' mean capacity;
  networking: :func:`~ssestrategy.network.poles.networking_level` of the members' mean
  networking capacity and the pole's cohesion ``1 - exp(-s / cohesion_scale)``, where ``s`` is
  the mean internal weighted degree (:func:`~ssestrategy.network.poles.internal_strength`);
* **weakest factor** — the factor with the lowest level (first in canonical order on ties,
  levels within 1e-12 counting as tied):
  the binding one, since success needs all four;
* **success** — the CES aggregate ``(mean_f L_f**rho)**(1/rho)`` with ``rho = ces_rho``
  (:func:`~ssestrategy.network.poles.ces_success`); 0 as soon as one level is 0;
* **gaps** — ``max(0, threshold - L_f)``: how far each factor is below a threshold. The default
  threshold 0.5 (the middle of the [0, 1] capacity scale) is an assumption, not a sourced
  standard: pass the level your programme considers "sufficient".

An empty pole has every level 0 (and success 0).

Examples
--------
>>> from ssestrategy.model import Actor, Partnership, Pole, Territory
>>> t = Territory(name="T",
...     actors=[Actor(id="a", name="A", kind="cooperative",
...                   capacities=dict(financing=0.2, networking=0.6, innovation=0.4,
...                                   governance=0.8)),
...             Actor(id="b", name="B", kind="cooperative",
...                   capacities=dict(financing=0.4, networking=0.2, innovation=0.6,
...                                   governance=0.6))],
...     partnerships=[Partnership(source="a", target="b", kind="federation", intensity=1.0)],
...     poles=[Pole(id="p", name="P", value_chain="argan", members=("a", "b"))])
>>> prof = pole_profiles(t)
>>> np.round(prof.levels, 3), prof.weakest
(array([[0.3  , 0.516, 0.5  , 0.7  ]]), ('financing',))
>>> np.round(prof.gaps, 3)
array([[0.2, 0. , 0. , 0. ]])
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
from numpy.typing import NDArray

from ..errors import ModelError
from ..model.factors import FACTORS
from ..model.parameters import DEFAULT_PARAMETERS
from ..model.success import ces_success, cohesion, internal_strength, pole_levels
from ..model.territory import Territory
from .graph import TerritoryNetwork, territory_network

__all__ = ["DEFAULT_THRESHOLD", "PoleProfiles", "pole_profiles"]

Array = NDArray[np.float64]

_TIE = 1e-12

DEFAULT_THRESHOLD = 0.5
"""Default level a factor should reach (an assumption: the middle of the [0, 1] scale)."""


@attrs.frozen(eq=False)
class PoleProfiles:
    """Profiles of a territory's poles (see :func:`pole_profiles`).

    Attributes
    ----------
    pole_ids, pole_names : tuple of str
    factors : tuple of str
        Factor names, the column order of ``levels``, ``mean_capacities`` and ``gaps``.
    n_members : ndarray of int, shape (p,)
    mean_capacities : ndarray, shape (p, 4)
        Members' mean capacity on each factor.
    internal_strength : ndarray, shape (p,)
        Mean internal weighted degree.
    cohesion : ndarray, shape (p,)
    levels : ndarray, shape (p, 4)
    weakest : tuple of str
        The binding factor of each pole.
    success : ndarray, shape (p,)
    gaps : ndarray, shape (p, 4)
        ``max(0, threshold - levels)``.
    threshold, ces_rho, cohesion_scale : float
        The conventions used.

    Examples
    --------
    Built by :func:`pole_profiles` (see also the module examples):

    >>> from ssestrategy.model import Actor, Partnership, Pole, Territory
    >>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
    >>> t = Territory(name="Star",
    ...     actors=[Actor(id=i, name=i, kind="cooperative", capacities=caps) for i in "habc"],
    ...     partnerships=[Partnership(source="h", target=o, kind="market", intensity=0.5)
    ...                   for o in "abc"],
    ...     poles=[Pole(id="p", name="P", value_chain="argan", members=tuple("hab"))])
    >>> prof = pole_profiles(t)
    >>> prof.pole_ids, prof.n_members.tolist(), prof.weakest
    (('p',), [3], ('innovation',))
    >>> dict(zip(prof.factors, prof.levels[0].round(3).tolist()))
    {'financing': 0.2, 'networking': 0.443, 'innovation': 0.1, 'governance': 0.3}
    >>> prof.threshold, prof.ces_rho
    (0.5, -4.0)
    """

    pole_ids: tuple[str, ...]
    pole_names: tuple[str, ...]
    factors: tuple[str, ...]
    n_members: NDArray[np.int64]
    mean_capacities: Array
    internal_strength: Array
    cohesion: Array
    levels: Array
    weakest: tuple[str, ...]
    success: Array
    gaps: Array
    threshold: float
    ces_rho: float
    cohesion_scale: float

    def records(self) -> list[dict[str, Any]]:
        """One JSON-ready dict per pole: id, name, levels, weakest_factor, success, gaps, ...

        Examples
        --------
        >>> from ssestrategy.model import Territory
        >>> pole_profiles(Territory(name="Empty")).records()
        []
        """
        out = []
        for i, pid in enumerate(self.pole_ids):
            out.append(
                {
                    "id": pid,
                    "name": self.pole_names[i],
                    "members": int(self.n_members[i]),
                    "levels": {f: float(self.levels[i, j]) for j, f in enumerate(self.factors)},
                    "weakest_factor": self.weakest[i],
                    "success": float(self.success[i]),
                    "gaps": {f: float(self.gaps[i, j]) for j, f in enumerate(self.factors)},
                    "cohesion": float(self.cohesion[i]),
                    "internal_strength": float(self.internal_strength[i]),
                }
            )
        return out


def _param(value: float | None, name: str) -> float:
    v = DEFAULT_PARAMETERS[name].value if value is None else value
    if not np.isfinite(v):
        if name == "ces_rho" and np.isneginf(v):
            return float(v)
        raise ModelError.at(name, f"{v} is not a finite number")
    return float(v)


def pole_profiles(
    territory: Territory | TerritoryNetwork,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    ces_rho: float | None = None,
    cohesion_scale: float | None = None,
) -> PoleProfiles:
    """Each pole's four factor levels, weakest factor, CES success and gaps to a threshold.

    Parameters
    ----------
    territory : Territory or TerritoryNetwork
    threshold : float, default 0.5
        Level each factor should reach (an assumption; see the module notes).
    ces_rho : float, optional
        CES exponent (negative); default the ``ces_rho`` parameter (-4).
    cohesion_scale : float, optional
        Default the ``cohesion_scale`` parameter (1).

    Returns
    -------
    PoleProfiles

    Raises
    ------
    ModelError
        For a threshold outside [0, 1], a non-negative ``ces_rho`` or a non-positive
        ``cohesion_scale``.

    Examples
    --------
    >>> from ssestrategy.model import Actor, Pole, Territory
    >>> caps = dict(financing=0.0, networking=0.9, innovation=0.9, governance=0.9)
    >>> t = Territory(name="T", actors=[Actor(id="a", name="A", kind="artisan",
    ...                                       capacities=caps)],
    ...               poles=[Pole(id="p", name="P", value_chain="silver", members=("a",))])
    >>> p = pole_profiles(t)
    >>> p.success, p.weakest
    (array([0.]), ('financing',))
    """
    if not 0.0 <= threshold <= 1.0:
        raise ModelError.at("threshold", "expected a level in [0, 1]")
    rho = _param(ces_rho, "ces_rho")
    if not rho < 0:
        raise ModelError.at("ces_rho", "expected a negative exponent (the factors are complements)")
    scale = _param(cohesion_scale, "cohesion_scale")
    if not scale > 0:
        raise ModelError.at("cohesion_scale", "expected a positive number")
    net = territory if isinstance(territory, TerritoryNetwork) else territory_network(territory)
    mem = net.membership
    size = np.asarray(mem.sum(axis=0)).ravel()
    s = internal_strength(net.sources, net.targets, net.intensity, mem)
    coh = cohesion(s, scale)
    levels = pole_levels(net.capacities, mem, coh, net.unit_weights)
    sums = np.asarray(mem.T @ net.capacities)
    means = np.zeros_like(sums)
    np.divide(sums, size[:, None], out=means, where=size[:, None] > 0)
    names = tuple(f.value for f in FACTORS)
    # first factor (canonical order) within 1e-12 of the minimum: rounding must not pick
    low = levels <= levels.min(axis=1, keepdims=True) + _TIE if len(levels) else levels
    weakest = tuple(names[int(j)] for j in np.argmax(low, axis=1)) if len(levels) else ()
    success = ces_success(levels, rho) if len(levels) else np.zeros(0)
    return PoleProfiles(
        pole_ids=net.pole_ids,
        pole_names=net.pole_names,
        factors=names,
        n_members=size.astype(np.int64),
        mean_capacities=means.reshape(-1, len(FACTORS)),
        internal_strength=s,
        cohesion=coh,
        levels=levels.reshape(-1, len(FACTORS)),
        weakest=weakest,
        success=np.asarray(success, dtype=np.float64),
        gaps=np.maximum(0.0, threshold - levels).reshape(-1, len(FACTORS)),
        threshold=float(threshold),
        ces_rho=rho,
        cohesion_scale=scale,
    )
