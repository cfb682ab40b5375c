"""MACTOR analysis of actors' strategies (Bourse & Godet, 1989-1990).

From a matrix of direct influences between actors (MDI) and a matrix of the actors' valued
positions on objectives (2MAO), measure the balance of power between actors, weight their
positions by it (3MAO), and compute convergences and divergences between actors, mobilisation on
the objectives, implication and ambivalence of the actors.

Conventions (every one recorded in :class:`MactorResult`):

* ``mdi[i, j]`` in 0..4 is the means of action of actor *i* on actor *j* (0 none, 1 operating
  procedures, 2 projects, 3 missions, 4 existence). Any non-negative real is accepted (so that
  the scale invariance of the balance of power can be checked); the diagonal must be 0.
* ``mao[i, k]`` in -4..+4 is actor *i*'s valued position on objective *k* (sign: for/against;
  magnitude on the same 0-4 scale). ``1MAO = sign(2MAO)``.
* ``MIDI[i, j] = MDI[i, j] + sum_k min(MDI[i, k], MDI[k, j])``: direct influence plus order-2
  influence through one relay *k*. The sum runs over all actors; because the diagonal of MDI is
  0 the terms ``k = i`` and ``k = j`` vanish, so it equals the sum over relays ``k != i, j``.
  ``MIDI[i, i]`` is the *retroaction* of *i* (its influence on itself through a relay).
* ``I_i`` and ``D_i`` are the row and column sums of MIDI **without** the diagonal.
* Balance of power, ``variant="godet"`` (default)::

      r_i = (I_i - MIDI[i, i]) / sum(I) * I_i / (I_i + D_i)

  ``variant="simple"`` drops the retroaction: ``r_i = I_i / sum(I) * I_i / (I_i + D_i)``.
  An actor with ``I_i + D_i = 0`` has ``r_i = 0``. ``r*_i = n * r_i / sum(r)`` (mean 1).
* ``3MAO = 2MAO * r*`` row-wise.
* Convergence between actors *i* and *j* sums over the objectives on which both have a
  non-zero position of the same sign: ``1`` per objective for 1CAA (a count), and the mean
  absolute intensity ``(|a_ik| + |a_jk|) / 2`` for 2CAA (on 2MAO) and 3CAA (on 3MAO).
  Divergence (1DAA, 2DAA, 3DAA) is the same over objectives with opposite signs. The
  matrices are symmetric with a zero diagonal.
* Mobilisation on objective *k*: ``sum_i max(3MAO[i, k], 0)`` (for) and
  ``sum_i min(3MAO[i, k], 0)`` (against, <= 0). Implication of actor *i*: ``sum_k |3MAO[i, k]|``.
* Ambivalence of actor *i* at level 1, 2, 3:
  ``EQ_i = 1 - sum_j |CAA_ij - DAA_ij| / sum_j (CAA_ij + DAA_ij)`` over ``j != i``; 0 means
  every relation of *i* is either purely convergent or purely divergent, 1 means as much
  convergence as divergence with every partner. An actor with no relation has ``EQ_i = 0``.
* Actor plane: y = influence ``I``, x = dependence ``D``, both split at their mean; a value
  above the mean (beyond a relative ``1e-9``) is high. Classes: ``"dominant"`` (high
  influence, low dependence), ``"relay"`` (high, high), ``"dominated"`` (low, high),
  ``"autonomous"`` (low, low).

References
----------
Godet, M. (1991). Actors' moves and strategies: the MACTOR method. An air transport case study.
*Futures* 23(6): 605-622.
Godet, M. (2007). *Manuel de prospective stratégique*, tome 2, ch. 6 (Dunod).
Arcade, J., Godet, M., Meunier, F., Roubelat, F. (2009). Structural analysis with the MICMAC
method & actors' strategy with MACTOR method. In *Futures Research Methodology* v3.0
(AC/UNU Millennium Project).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, Literal

import attrs
import numpy as np
from numpy.typing import NDArray

from .._validate import as_finite_array, check_choice
from ..errors import ModelError
from ._common import RELATIVE_TOLERANCE, _classify, _first_bad, _labels, _square_nonnegative

__all__ = ["MactorResult", "mactor", "midi"]

Variant = Literal["godet", "simple"]

_ACTOR_CLASSES: Final = ("dominant", "relay", "dominated", "autonomous")
_MAO_BOUND: Final = 4.0
# Block size for the order-2 relay sum (bounds the temporary array to about 4e6 floats).
_BLOCK_ELEMENTS: Final = 4_000_000


@attrs.frozen(eq=False)
class MactorResult:
    """Outcome of :func:`mactor`.

    Attributes
    ----------
    actors, objectives : tuple of str
        Names, in matrix order.
    variant : str
        ``"godet"`` (retroaction subtracted in the first factor of ``r_i``) or ``"simple"``.
    mdi : ndarray, shape (n, n)
        Direct influences between actors.
    midi : ndarray, shape (n, n)
        Direct and order-2 indirect influences; the diagonal is the retroaction.
    retroaction : ndarray, shape (n,)
        ``diag(midi)``.
    influence, dependence : ndarray, shape (n,)
        Row and column sums of ``midi`` without the diagonal (``I`` and ``D``).
    r : ndarray, shape (n,)
        Balance-of-power coefficients.
    r_star : ndarray, shape (n,)
        Normalised coefficients ``n * r / sum(r)`` (mean 1).
    mao1, mao2, mao3 : ndarray, shape (n, m)
        Signs of positions (1MAO), valued positions (2MAO), and positions weighted by
        ``r_star`` (3MAO).
    convergence1, convergence2, convergence3 : ndarray, shape (n, n)
        1CAA, 2CAA, 3CAA: symmetric, zero diagonal.
    divergence1, divergence2, divergence3 : ndarray, shape (n, n)
        1DAA, 2DAA, 3DAA: symmetric, zero diagonal.
    mobilisation_for, mobilisation_against : ndarray, shape (m,)
        Sum of the positive and of the negative 3MAO values per objective (``against <= 0``).
    implication : ndarray, shape (n,)
        Sum of ``|3MAO|`` per actor.
    ambivalence1, ambivalence2, ambivalence3 : ndarray, shape (n,)
        Ambivalence of each actor from the level-1, 2 and 3 convergence/divergence matrices.
    actor_class : tuple of str
        ``"dominant"``, ``"relay"``, ``"dominated"`` or ``"autonomous"``.
    influence_threshold, dependence_threshold : float
        The means of ``influence`` and ``dependence`` that split the actor plane.

    Examples
    --------
    >>> res = mactor([[0, 2, 1], [3, 0, 4], [1, 0, 0]], [[2, -1], [3, 2], [-1, 4]],
    ...              actors=["council", "agency", "coop"], objectives=["jobs", "export"])
    >>> res.variant, res.actor_class
    ('godet', ('autonomous', 'dominant', 'dominated'))
    >>> res.r_star.round(3)
    array([0.465, 2.442, 0.093])
    >>> res.mobilisation_for.round(2), res.mobilisation_against.round(2)
    (array([8.26, 5.26]), array([-0.09, -0.47]))
    """

    actors: tuple[str, ...]
    objectives: tuple[str, ...]
    variant: str
    mdi: NDArray[np.float64]
    midi: NDArray[np.float64]
    retroaction: NDArray[np.float64]
    influence: NDArray[np.float64]
    dependence: NDArray[np.float64]
    r: NDArray[np.float64]
    r_star: NDArray[np.float64]
    mao1: NDArray[np.float64]
    mao2: NDArray[np.float64]
    mao3: NDArray[np.float64]
    convergence1: NDArray[np.float64]
    convergence2: NDArray[np.float64]
    convergence3: NDArray[np.float64]
    divergence1: NDArray[np.float64]
    divergence2: NDArray[np.float64]
    divergence3: NDArray[np.float64]
    mobilisation_for: NDArray[np.float64]
    mobilisation_against: NDArray[np.float64]
    implication: NDArray[np.float64]
    ambivalence1: NDArray[np.float64]
    ambivalence2: NDArray[np.float64]
    ambivalence3: NDArray[np.float64]
    actor_class: tuple[str, ...]
    influence_threshold: float
    dependence_threshold: float


def _relay_sum(m: NDArray[np.float64]) -> NDArray[np.float64]:
    """``out[i, j] = sum_k min(m[i, k], m[k, j])``, vectorised in blocks of rows."""
    n = m.shape[0]
    out = np.empty_like(m)
    step = max(1, _BLOCK_ELEMENTS // max(1, n * n))
    for start in range(0, n, step):
        stop = min(n, start + step)
        out[start:stop] = np.minimum(m[start:stop, :, None], m[None, :, :]).sum(axis=1)
    return out


def midi(mdi: Any) -> NDArray[np.float64]:
    """Matrix of direct and indirect (order-2) influences between actors.

    ``MIDI[i, j] = MDI[i, j] + sum_k min(MDI[i, k], MDI[k, j])``; the diagonal is each actor's
    retroaction (its influence on itself through one relay).

    Parameters
    ----------
    mdi : array_like, shape (n, n)
        Direct influences, non-negative, zero diagonal.

    Returns
    -------
    ndarray, shape (n, n)

    Examples
    --------
    >>> midi([[0, 2, 1], [3, 0, 4], [1, 0, 0]]).tolist()
    [[3.0, 2.0, 3.0], [4.0, 2.0, 5.0], [1.0, 1.0, 1.0]]
    """
    m = _square_nonnegative(mdi, "mdi")
    return m + _relay_sum(m)


def _signed_overlap(
    a: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Convergence and divergence ``sum_k (|a_ik| + |a_jk|) / 2`` on same / opposite signs."""
    pos = (a > 0).astype(np.float64)
    neg = (a < 0).astype(np.float64)
    mag = np.abs(a)
    same = (mag * pos) @ pos.T + (mag * neg) @ neg.T
    opposite = (mag * pos) @ neg.T + (mag * neg) @ pos.T
    conv = 0.5 * (same + same.T)
    div = 0.5 * (opposite + opposite.T)
    np.fill_diagonal(conv, 0.0)
    np.fill_diagonal(div, 0.0)
    return conv, div


def _ambivalence(conv: NDArray[np.float64], div: NDArray[np.float64]) -> NDArray[np.float64]:
    num = np.abs(conv - div).sum(axis=1)
    den = (conv + div).sum(axis=1)
    out = np.zeros(conv.shape[0])
    ok = den > 0
    out[ok] = 1.0 - num[ok] / den[ok]
    return out


def _positions(mao: Any, n: int) -> NDArray[np.float64]:
    a = as_finite_array(mao, "mao", ndim=2)
    if a.shape[0] != n:
        raise ModelError.at("mao", f"expected {n} rows (one per actor), got {a.shape[0]}")
    if a.shape[1] == 0:
        raise ModelError.at("mao", "expected at least one objective (column)")
    bad = np.abs(a) > _MAO_BOUND
    if bad.any():
        raise ModelError.at(
            f"mao{_first_bad(bad)}", f"positions must lie in [-4, 4], got {a[bad][0]:g}"
        )
    return a


def mactor(
    mdi: Any,
    mao: Any,
    *,
    actors: Sequence[str] | None = None,
    objectives: Sequence[str] | None = None,
    variant: Variant = "godet",
) -> MactorResult:
    """MACTOR: balance of power between actors and their convergences on objectives.

    Parameters
    ----------
    mdi : array_like, shape (n, n)
        Matrix of direct influences (MDI) between actors, 0..4 by convention (any non-negative
        real is accepted), zero diagonal. ``mdi[i, j]`` = means of action of *i* on *j*.
    mao : array_like, shape (n, m)
        Valued positions (2MAO) of the actors on the objectives, in -4..+4.
    actors, objectives : sequence of str, optional
        Names (default ``A1 .. An`` and ``O1 .. Om``).
    variant : {"godet", "simple"}, default "godet"
        Balance-of-power formula: ``"godet"`` subtracts the retroaction ``MIDI[i, i]`` from
        the influence in the first factor, ``"simple"`` does not (see the module notes).

    Returns
    -------
    MactorResult

    Raises
    ------
    ModelError
        On malformed inputs (the path names the offending cell, e.g. ``mdi[1, 1]``), or when
        every balance-of-power coefficient is 0 so that ``r*`` is undefined.

    Examples
    --------
    >>> import numpy as np
    >>> mdi = [[0, 2, 1],
    ...        [3, 0, 4],
    ...        [1, 0, 0]]
    >>> mao = [[2, -1],
    ...        [3, 2],
    ...        [-1, 4]]
    >>> res = mactor(mdi, mao, actors=["council", "agency", "coop"])
    >>> res.influence.tolist(), res.dependence.tolist()
    ([5.0, 9.0, 2.0], [5.0, 3.0, 8.0])
    >>> np.round(res.r_star * 43, 6).tolist()     # exactly (20, 105, 4) / 43
    [20.0, 105.0, 4.0]
    >>> res.actor_class
    ('autonomous', 'dominant', 'dominated')
    >>> res.convergence1.tolist()
    [[0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    >>> res.divergence2.tolist()
    [[0.0, 1.5, 4.0], [1.5, 0.0, 2.0], [4.0, 2.0, 0.0]]

    References
    ----------
    Godet, M. (1991). Actors' moves and strategies: the MACTOR method. *Futures* 23(6).
    Godet, M. (2007). *Manuel de prospective stratégique*, tome 2 (Dunod).
    """
    check_choice(variant, "variant", Variant, what="variant")
    m = _square_nonnegative(mdi, "mdi")
    n = m.shape[0]
    a2 = _positions(mao, n)
    names = _labels(actors, n, "actors", "A")
    goals = _labels(objectives, a2.shape[1], "objectives", "O")

    full, retro, infl, dep, r, r_star = _balance_of_power(m, variant)

    a1 = np.sign(a2)
    a3 = a2 * r_star[:, None]
    c1, d1 = _signed_overlap(a1)
    c2, d2 = _signed_overlap(a2)
    c3, d3 = _signed_overlap(a3)

    i_cut = float(np.mean(infl))
    d_cut = float(np.mean(dep))
    return MactorResult(
        actors=names,
        objectives=goals,
        variant=str(variant),
        mdi=m,
        midi=full,
        retroaction=retro,
        influence=infl,
        dependence=dep,
        r=r,
        r_star=r_star,
        mao1=a1,
        mao2=a2,
        mao3=a3,
        convergence1=c1,
        convergence2=c2,
        convergence3=c3,
        divergence1=d1,
        divergence2=d2,
        divergence3=d3,
        mobilisation_for=np.clip(a3, 0.0, None).sum(axis=0),
        mobilisation_against=np.clip(a3, None, 0.0).sum(axis=0),
        implication=np.abs(a3).sum(axis=1),
        ambivalence1=_ambivalence(c1, d1),
        ambivalence2=_ambivalence(c2, d2),
        ambivalence3=_ambivalence(c3, d3),
        actor_class=_classify(infl, dep, i_cut, d_cut, _ACTOR_CLASSES),
        influence_threshold=i_cut,
        dependence_threshold=d_cut,
    )


def _balance_of_power(m: NDArray[np.float64], variant: str) -> tuple[NDArray[np.float64], ...]:
    """MIDI (direct and indirect influences), retroaction, influence, dependence, and the
    balance-of-power coefficients ``r`` and ``r*`` (normalised to a mean of 1)."""
    n = m.shape[0]
    full = m + _relay_sum(m)
    retro = np.diagonal(full).copy()
    off = full.copy()
    np.fill_diagonal(off, 0.0)
    infl = off.sum(axis=1)
    dep = off.sum(axis=0)
    total = float(infl.sum())
    if total <= 0:
        raise ModelError.at(
            "mdi", "no actor influences any other; the balance of power is undefined"
        )
    reach = infl + dep
    share = np.divide(infl, reach, out=np.zeros(n), where=reach > 0)
    if variant == "godet":
        first = infl - retro
        # I_i >= MIDI[i, i] exactly; clear rounding noise when they are equal
        first[first <= RELATIVE_TOLERANCE * infl] = 0.0
    else:
        first = infl
    r = first / total * share
    r_total = float(r.sum())
    if r_total <= 0:
        raise ModelError.at(
            "mdi",
            f"every balance-of-power coefficient is 0 under variant={variant!r} "
            "(all influence is retroaction); r* is undefined",
        )
    r_star = n * r / r_total
    return full, retro, infl, dep, r, r_star
