"""MICMAC structural analysis (Godet / LIPSOR).

Cross-impact matrix multiplication applied to a classification: from a square matrix of direct
influences between the variables of a system, rank the variables by direct and indirect
influence and dependence and place them on the influence x dependence plane.

Conventions (every one recorded in :class:`MicmacResult`):

* ``matrix[i, j]`` is the direct influence of variable *i* on variable *j* (0 none, 1 weak,
  2 moderate, 3 strong by convention; any non-negative real is accepted). The diagonal must be 0.
* Direct influence = row sums, direct dependence = column sums. Indirect: the same on ``M**k``.
* ``M**k`` is computed as a sequence of products, each divided by its largest entry; rankings are
  scale-free, so nothing is lost and nothing overflows. Indirect values are reported as *shares*
  (each vector sums to 1).
* Ranks are competition ranks (1 = most influential/dependent; tied values share the smallest
  rank). Two values count as tied when they differ by at most ``1e-9`` times the largest value.
* Stopping: the smallest ``k >= 2`` whose influence and dependence rankings both equal those at
  ``k - 1`` (``status="stable"``), capped at ``max_power`` (``status="max_power"``). Whether the
  rankings can cycle for ever is decided from the structure of the matrix, not guessed from a
  few repeats: the direction of ``M**k`` ends up cycling with period ``h`` = lcm of the periods
  (gcd of cycle lengths) of its *basic* classes, the strongly connected components whose
  spectral radius is the matrix's. With ``h = 1`` (e.g. a primitive matrix) the rankings
  converge. With ``h > 1`` (e.g. a directed cycle or a bipartite matrix) the ranking sequence is
  followed until it repeats with period ``h`` over two periods (one if the cap is too low), and
  its smallest period ``p`` (a divisor of ``h``) is reported: ``p = 1`` is ``"stable"``,
  ``p >= 2`` is ``status="periodic"``, ``period=p``, ``stable=False``. A matrix whose powers
  vanish (no cycle) is ``"nilpotent"``; the last non-zero power is used.
* Plane: x = dependence, y = influence; a value is *high* when it exceeds the threshold (mean by
  default, or median) by more than ``1e-9`` times the largest value, so a value at the threshold
  counts as low.

References
----------
Godet, M. (2007). *Manuel de prospective stratégique*, tome 2, ch. 5 (Dunod).
Godet, M., Durance, P. (2011). *Strategic Foresight for Corporate and Regional Development*
(UNESCO / Dunod / Fondation Prospective et Innovation).
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
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, shortest_path

from .._validate import as_finite_array, check_choice, count
from ..errors import ModelError
from ._common import (
    RELATIVE_TOLERANCE,
    _classify,
    _first_bad,
    _labels,
    _ranks,
    _split,
    _square_nonnegative,
)

__all__ = ["MicmacResult", "micmac"]

# Relative gap under which a class's spectral radius counts as the matrix's (a basic class).
_BASIC_TOLERANCE: Final = 1e-8

#: Default weight of a potential relation (the top of the 0-3 scale: a "strong" influence).
DEFAULT_POTENTIAL_VALUE: Final = 3.0

_MICMAC_CLASSES: Final = ("influent", "relay", "dependent", "autonomous")

Threshold = Literal["mean", "median"]
_State = tuple[tuple[int, ...], tuple[int, ...]]


@attrs.frozen(eq=False)
class MicmacResult:
    """Outcome of :func:`micmac`.

    Attributes
    ----------
    labels : tuple of str
        Variable names, in matrix order.
    matrix : ndarray, shape (n, n)
        The matrix analysed: the direct matrix plus ``potential_value`` on the potential
        relations (MIDP), or the direct matrix alone (MID).
    direct_influence, direct_dependence : ndarray, shape (n,)
        Row and column sums of ``matrix``.
    indirect_influence, indirect_dependence : ndarray, shape (n,)
        Row and column sums of ``matrix ** power``, each normalised to sum 1 (shares). For a
        primitive matrix and a large power these are the right and left Perron vectors. When
        ``status == "periodic"`` they depend on the phase of ``power`` within the cycle.
    direct_influence_rank, direct_dependence_rank, indirect_influence_rank, \
indirect_dependence_rank : ndarray of int, shape (n,)
        Competition ranks, 1 = largest.
    direct_class, indirect_class : tuple of str
        ``"influent"`` (high influence, low dependence), ``"relay"`` (high, high),
        ``"dependent"`` (low influence, high dependence) or ``"autonomous"`` (low, low).
    changed : tuple of str
        Labels whose class differs between the direct and the indirect plane.
    power : int
        The power ``k`` of the indirect analysis.
    stable : bool
        Whether the rankings at ``power`` equal those at ``power - 1``.
    period : int or None
        Cycle length of the ranking sequence when it cycles (``status == "periodic"``).
    status : str
        ``"stable"``, ``"periodic"``, ``"nilpotent"`` (``matrix ** k`` vanished; the last
        non-zero power is used), ``"max_power"`` (cap reached without stabilising) or
        ``"fixed"`` (``power`` was given).
    max_power : int
        The cap on ``k`` used when iterating.
    asymptotic_period : int
        Period ``h`` with which the direction of ``matrix ** k`` eventually cycles (1 when it
        converges, e.g. for a primitive matrix); see the module notes.
    threshold : str
        ``"mean"`` or ``"median"``: how the plane is split.
    direct_influence_threshold, direct_dependence_threshold, \
indirect_influence_threshold, indirect_dependence_threshold : float
        The split values used on each axis.
    potential_value : float or None
        Weight given to potential relations, or None when no potential matrix was given.
    rank_tolerance : float
        Relative tolerance under which values count as tied (ranks and thresholds).

    Examples
    --------
    >>> res = micmac([[0, 3, 1], [0, 0, 2], [1, 0, 0]], labels=["financing", "skills", "market"])
    >>> res.direct_influence.tolist(), res.direct_dependence.tolist()
    ([4.0, 2.0, 1.0], [1.0, 3.0, 3.0])
    >>> res.direct_class
    ('influent', 'dependent', 'dependent')
    >>> res.status, res.threshold
    ('stable', 'mean')
    """

    labels: tuple[str, ...]
    matrix: NDArray[np.float64]
    direct_influence: NDArray[np.float64]
    direct_dependence: NDArray[np.float64]
    indirect_influence: NDArray[np.float64]
    indirect_dependence: NDArray[np.float64]
    direct_influence_rank: NDArray[np.int64]
    direct_dependence_rank: NDArray[np.int64]
    indirect_influence_rank: NDArray[np.int64]
    indirect_dependence_rank: NDArray[np.int64]
    direct_class: tuple[str, ...]
    indirect_class: tuple[str, ...]
    changed: tuple[str, ...]
    power: int
    stable: bool
    period: int | None
    status: str
    max_power: int
    asymptotic_period: int
    threshold: str
    direct_influence_threshold: float
    direct_dependence_threshold: float
    indirect_influence_threshold: float
    indirect_dependence_threshold: float
    potential_value: float | None
    rank_tolerance: float = RELATIVE_TOLERANCE


# ---------------------------------------------------------------------------------------------
# MICMAC
# ---------------------------------------------------------------------------------------------


def _state(a: NDArray[np.float64]) -> _State:
    return (tuple(_ranks(a.sum(axis=1)).tolist()), tuple(_ranks(a.sum(axis=0)).tolist()))


def _graph_period(adj: NDArray[np.bool_]) -> int:
    """Period (gcd of cycle lengths) of a strongly connected digraph with at least one edge."""
    dist = shortest_path(csr_matrix(adj.astype(np.float64)), unweighted=True, indices=0)
    src, dst = np.nonzero(adj)
    gaps = np.abs(dist[src] + 1 - dist[dst]).astype(np.int64)
    return int(np.gcd.reduce(gaps)) or 1


def _asymptotic_period(m: NDArray[np.float64]) -> int:
    """Cycle length of the direction of ``m ** k`` as ``k`` grows.

    It is the least common multiple of the periods of the *basic* classes (strongly connected
    components whose spectral radius equals that of ``m``): 1 when the normalised powers
    converge (e.g. a primitive matrix), ``h > 1`` when they end up cycling with period ``h``.
    Returns 1 for a nilpotent matrix.
    """
    adj = m > 0
    ncomp, comp = connected_components(csr_matrix(adj), directed=True, connection="strong")
    radius = np.zeros(ncomp)
    members = [np.flatnonzero(comp == c) for c in range(ncomp)]
    for c, idx in enumerate(members):  # one eigenvalue problem per component
        sub = m[np.ix_(idx, idx)]
        if sub.any():
            radius[c] = float(np.max(np.abs(np.linalg.eigvals(sub))))
    top = float(radius.max(initial=0.0))
    if top <= 0:
        return 1
    periods = [
        _graph_period(adj[np.ix_(idx, idx)])
        for c, idx in enumerate(members)
        if radius[c] >= top * (1 - _BASIC_TOLERANCE)
    ]
    return int(np.lcm.reduce(np.array(periods, dtype=np.int64)))


def _normalised_power(mn: NDArray[np.float64], k: int) -> NDArray[np.float64]:
    """``mn ** k`` divided by its largest entry, computed step by step (no overflow)."""
    a = mn.copy()
    for _ in range(k - 1):
        a = a @ mn
        a /= a.max()
    return a


def _eventual_period(states: list[_State], h: int, reps: int) -> int | None:
    """Smallest divisor ``p`` of ``h`` giving the period of the last states, once the last
    ``reps * h`` states each equal the state ``h`` steps earlier; None before that."""
    window = reps * h
    if len(states) < window + h:
        return None
    if any(states[-i] != states[-i - h] for i in range(1, window + 1)):
        return None
    for p in range(1, h + 1):
        if h % p == 0 and all(states[-i] == states[-i - p] for i in range(1, h + 1)):
            return p
    return h  # pragma: no cover - p = h always qualifies


def _potential(
    potential: Any, base: NDArray[np.float64], potential_value: float
) -> NDArray[np.float64]:
    p = as_finite_array(potential, "potential", ndim=2)
    if p.shape != base.shape:
        raise ModelError.at("potential", f"expected shape {base.shape} like matrix, got {p.shape}")
    bad = (p != 0) & (p != 1)
    if bad.any():
        raise ModelError.at(f"potential{_first_bad(bad)}", "expected 0 or 1 (a potential mark)")
    diag = np.diagonal(p)
    if (diag != 0).any():
        i = int(np.argmax(diag != 0))
        raise ModelError.at(f"potential[{i}, {i}]", "the diagonal must be 0")
    overlap = (p == 1) & (base > 0)
    if overlap.any():
        raise ModelError.at(
            f"potential{_first_bad(overlap)}",
            "marks a relation that already has a direct intensity in matrix "
            "(a cell is either an intensity or a potential relation)",
        )
    value = as_finite_array(potential_value, "potential_value", ndim=0)
    if float(value) <= 0:
        raise ModelError.at("potential_value", f"must be positive, got {float(value):g}")
    return base + float(value) * p


def micmac(
    matrix: Any,
    *,
    labels: Sequence[str] | None = None,
    power: int | None = None,
    max_power: int = 50,
    threshold: Threshold = "mean",
    potential: Any = None,
    potential_value: float = DEFAULT_POTENTIAL_VALUE,
) -> MicmacResult:
    """MICMAC structural analysis: direct and indirect influence/dependence of variables.

    Parameters
    ----------
    matrix : array_like, shape (n, n)
        Direct influence matrix (MID); ``matrix[i, j]`` is the influence of *i* on *j*, on the
        0-3 scale by convention (any non-negative real is accepted). The diagonal must be 0.
    labels : sequence of str, optional
        Variable names (default ``V1 .. Vn``).
    power : int, optional
        Use ``matrix ** power`` for the indirect analysis. By default, iterate
        ``k = 2, 3, ...`` until the influence and dependence rankings at ``k`` equal those at
        ``k - 1``, stopping earlier when the rankings are found to cycle.
    max_power : int, default 50
        Cap on ``k`` when ``power`` is not given.
    threshold : {"mean", "median"}, default "mean"
        How each axis of the plane is split into high and low.
    potential : array_like of 0/1, shape (n, n), optional
        Marks of potential relations (MIDP). Each marked cell must be 0 in ``matrix``.
    potential_value : float, default 3.0
        Intensity given to a potential relation (3 = "strong", the top of the scale).

    Returns
    -------
    MicmacResult

    Raises
    ------
    ModelError
        On a non-square, non-finite or negative matrix, a non-zero diagonal (the path names
        ``matrix[i, i]``), a malformed potential matrix, or bad options.

    Examples
    --------
    Four factors of a territory's social economy (0-3 scale, row influences column):

    >>> import numpy as np
    >>> m = [[0, 1, 1, 1],   # networking
    ...      [1, 0, 0, 0],   # skills
    ...      [2, 0, 0, 0],   # market access
    ...      [3, 0, 3, 0]]   # financing
    >>> res = micmac(m, labels=["networking", "skills", "market", "financing"])
    >>> res.direct_influence.tolist(), res.direct_dependence.tolist()
    ([3.0, 1.0, 2.0, 6.0], [6.0, 1.0, 4.0, 1.0])
    >>> res.direct_class
    ('dependent', 'autonomous', 'dependent', 'influent')
    >>> res.status, res.power
    ('stable', 2)
    >>> np.round(res.indirect_influence * 33, 6).tolist()  # row sums of M @ M
    [9.0, 3.0, 6.0, 15.0]
    >>> res.indirect_class
    ('relay', 'autonomous', 'dependent', 'influent')
    >>> res.changed
    ('networking',)

    A weighted directed cycle never settles: its rankings cycle with period 3.

    >>> cyc = micmac([[0, 1, 0], [0, 0, 2], [3, 0, 0]])
    >>> cyc.stable, cyc.status, cyc.period
    (False, 'periodic', 3)

    References
    ----------
    Godet, M. (2007). *Manuel de prospective stratégique*, tome 2 (Dunod).
    Godet, M., Durance, P. (2011). *Strategic Foresight* (UNESCO / Dunod).
    """
    base = _square_nonnegative(matrix, "matrix")
    n = base.shape[0]
    names = _labels(labels, n, "labels", "V")
    check_choice(threshold, "threshold", Threshold, what="threshold")
    thr = str(threshold)
    cap = count(max_power, "max_power", 2)
    fixed = None if power is None else count(power, "power", 1)
    if potential is not None:
        m = _potential(potential, base, potential_value)
        pval: float | None = float(potential_value)
    else:
        m = base
        pval = None

    direct_inf = m.sum(axis=1)
    direct_dep = m.sum(axis=0)

    top = float(m.max())
    a, k, stable, period, status, h = _indirect(m, fixed, cap)
    if top <= 0:
        status = "nilpotent"

    row = a.sum(axis=1)
    col = a.sum(axis=0)
    total = float(row.sum())
    ind_inf = row / total if total > 0 else np.zeros(n)
    ind_dep = col / total if total > 0 else np.zeros(n)

    d_inf_cut, d_dep_cut = _split(direct_inf, thr), _split(direct_dep, thr)
    i_inf_cut, i_dep_cut = _split(ind_inf, thr), _split(ind_dep, thr)
    d_class = _classify(direct_inf, direct_dep, d_inf_cut, d_dep_cut, _MICMAC_CLASSES)
    i_class = _classify(ind_inf, ind_dep, i_inf_cut, i_dep_cut, _MICMAC_CLASSES)
    changed = tuple(lab for lab, dc, ic in zip(names, d_class, i_class, strict=True) if dc != ic)
    return MicmacResult(
        labels=names,
        matrix=m,
        direct_influence=direct_inf,
        direct_dependence=direct_dep,
        indirect_influence=ind_inf,
        indirect_dependence=ind_dep,
        direct_influence_rank=_ranks(direct_inf),
        direct_dependence_rank=_ranks(direct_dep),
        indirect_influence_rank=_ranks(ind_inf),
        indirect_dependence_rank=_ranks(ind_dep),
        direct_class=d_class,
        indirect_class=i_class,
        changed=changed,
        power=k,
        stable=stable,
        period=period,
        status=status,
        max_power=cap,
        asymptotic_period=h,
        threshold=thr,
        direct_influence_threshold=d_inf_cut,
        direct_dependence_threshold=d_dep_cut,
        indirect_influence_threshold=i_inf_cut,
        indirect_dependence_threshold=i_dep_cut,
        potential_value=pval,
    )


def _indirect(
    m: NDArray[np.float64], fixed: int | None, cap: int
) -> tuple[NDArray[np.float64], int, bool, int | None, str, int]:
    """The indirect influence matrix: powers of the normalised matrix until the rankings are
    stable, cycle, vanish, or reach the cap (or exactly ``fixed``). Returns the last power
    (normalised), its exponent, whether it is stable, the period of a cycle, how the iteration
    ended, and the asymptotic period of the matrix."""
    top = float(m.max())
    mn = m / top if top > 0 else m.copy()
    h = _asymptotic_period(m)
    a = mn.copy()
    states: list[_State] = [_state(a)]
    period: int | None = None
    stable = False
    k = 1
    target = fixed if fixed is not None else cap
    status = "fixed" if fixed is not None else "max_power"
    # cycling matrices: confirm the eventual cycle over two periods when the cap allows
    reps = 2 if 3 * h + 1 <= cap else 1
    while k < target:
        nxt = a @ mn
        peak = float(nxt.max())
        if peak <= 0:
            status = "nilpotent"
            break
        a = nxt / peak
        k += 1
        states.append(_state(a))
        if fixed is not None:
            continue
        if h == 1:
            if states[-1] == states[-2]:
                stable, status = True, "stable"
                break
            continue
        p = _eventual_period(states, h, reps)
        if p == 1:
            # report the first power of the final constant run, as for h == 1
            first = len(states) - 1
            while first > 0 and states[first - 1] == states[-1]:
                first -= 1
            k = first + 2
            a = _normalised_power(mn, k)
            stable, status = True, "stable"
            break
        if p is not None:
            period, status = p, "periodic"
            break
    if status == "fixed":
        stable = len(states) >= 2 and states[-1] == states[-2]
    return a, k, stable, period, status, h
