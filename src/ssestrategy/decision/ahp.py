"""Analytic Hierarchy Process: criterion weights from a pairwise comparison matrix.

The priority vector is the principal (Perron) eigenvector of the positive reciprocal matrix,
``CI = (lambda_max - n) / (n - 1)`` and ``CR = CI / RI(n)``. Several random-index tables are
in circulation and give different CRs for the same judgements; the table is an explicit
argument and its name and value are recorded in the result.

Examples
--------
>>> import numpy as np
>>> res = ahp([[1, 1/3, 1/6], [3, 1, 1/4], [6, 4, 1]])
>>> np.round(res.weights, 3)
array([0.091, 0.218, 0.691])
>>> res.random_index, res.random_index_value
('saaty1980', 0.58)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validate import as_finite_array, check_square
from ..errors import ModelError

__all__ = ["RANDOM_INDEX_TABLES", "AHPResult", "ahp"]

FloatArray = NDArray[np.float64]

RandomIndexName = Literal[
    "saaty1980", "saaty2005", "donegan_dodd1991", "tummala_ling1998", "alonso_lamata2006"
]

#: Random consistency indices RI(n), keyed by table name then matrix order n (n >= 3).
#:
#: - ``saaty1980``: Saaty, T.L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill
#:   (500 random matrices); the table most software uses (n <= 10 kept: published extensions
#:   beyond 10 disagree between copies).
#: - ``saaty2005``: Saaty, T.L. (2005). *Theory and Applications of the Analytic Network
#:   Process*. RWS Publications, p. 31 (as transcribed by AHPy).
#: - ``donegan_dodd1991``: Donegan, H.A., Dodd, F.J. (1991). A note on Saaty's random indexes.
#:   *Mathematical and Computer Modelling* 15(10), 135-137 (as transcribed by AHPy; n <= 20).
#: - ``tummala_ling1998``: Tummala, V.M.R., Ling, H. (1998). A note on the computation of the
#:   mean random consistency index of the AHP. *Theory and Decision* 44(3), 221-230 (as
#:   transcribed by pymcdm).
#: - ``alonso_lamata2006``: Alonso, J.A., Lamata, M.T. (2006). Consistency in the analytic
#:   hierarchy process: a new approach. *IJUFKS* 14(4), 445-459 (100,000 matrices).
RANDOM_INDEX_TABLES: Mapping[str, Mapping[int, float]] = {
    "saaty1980": dict(
        zip(range(3, 11), (0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49), strict=True)
    ),
    "saaty2005": dict(
        zip(
            range(3, 16),
            (0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59),
            strict=True,
        )
    ),
    "donegan_dodd1991": dict(
        zip(
            range(3, 21),
            (
                0.4914,
                0.8286,
                1.0591,
                1.1797,
                1.2519,
                1.3171,
                1.3733,
                1.4055,
                1.4213,
                1.4497,
                1.4643,
                1.4822,
                1.4969,
                1.5078,
                1.5153,
                1.5262,
                1.5313,
                1.5371,
            ),
            strict=True,
        )
    ),
    "tummala_ling1998": dict(
        zip(
            range(3, 16),
            (
                0.5799,
                0.8921,
                1.1159,
                1.2358,
                1.3322,
                1.3952,
                1.4537,
                1.4882,
                1.5117,
                1.5356,
                1.5571,
                1.5714,
                1.5831,
            ),
            strict=True,
        )
    ),
    "alonso_lamata2006": dict(
        zip(
            range(3, 16),
            (
                0.5245,
                0.8815,
                1.1086,
                1.2479,
                1.3417,
                1.4056,
                1.4499,
                1.4854,
                1.5141,
                1.5365,
                1.5551,
                1.5713,
                1.5838,
            ),
            strict=True,
        )
    ),
}


@attrs.frozen(eq=False)
class AHPResult:
    """Result of :func:`ahp`.

    Attributes
    ----------
    weights : numpy.ndarray
        Priority vector, positive, summing to 1.
    lambda_max : float
        Principal eigenvalue (``method="eigenvector"``) or its estimate
        ``mean((A w)_i / w_i)`` (``method="geometric_mean"``).
    ci : float
        Consistency index ``(lambda_max - n) / (n - 1)`` (0 for n <= 2).
    cr : float
        Consistency ratio ``CI / RI(n)``; defined as 0 for n <= 2 (such matrices are always
        consistent).
    random_index : str
        Name of the random-index table (or ``"user"`` for a value given directly).
    random_index_value : float
        RI(n) used (0.0 for n <= 2).
    method : str
        ``"eigenvector"`` or ``"geometric_mean"``.
    n : int
        Order of the matrix.

    Examples
    --------
    >>> res = ahp([[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]])
    >>> res.weights.round(3), res.n
    (array([0.637, 0.258, 0.105]), 3)
    >>> round(res.lambda_max, 3), round(res.cr, 3), res.random_index_value
    (3.039, 0.033, 0.58)
    """

    weights: FloatArray
    lambda_max: float
    ci: float
    cr: float
    random_index: str
    random_index_value: float
    method: str
    n: int


def _check_reciprocal(A: FloatArray, tol: float) -> None:
    check_square(A, "pairwise")
    if (A <= 0).any():
        i, j = (int(k) for k in np.argwhere(A <= 0)[0])
        raise ModelError.at(f"pairwise[{i}, {j}]", f"judgements must be positive, got {A[i, j]}")
    diag_bad = np.abs(np.diag(A) - 1.0) > tol
    if diag_bad.any():
        i = int(np.argmax(diag_bad))
        raise ModelError.at(f"pairwise[{i}, {i}]", f"diagonal must be 1, got {A[i, i]}")
    prod = A * A.T
    bad = np.abs(prod - 1.0) > tol
    if bad.any():
        i, j = (int(k) for k in np.argwhere(bad)[0])
        raise ModelError.at(
            f"pairwise[{i}, {j}]",
            f"not reciprocal: pairwise[{i}, {j}] * pairwise[{j}, {i}] = {prod[i, j]:.6g} != 1",
        )


def ahp(
    pairwise: ArrayLike,
    *,
    random_index: RandomIndexName | float = "saaty1980",
    method: Literal["eigenvector", "geometric_mean"] = "eigenvector",
    tol: float = 1e-6,
) -> AHPResult:
    """Weights and consistency of a positive reciprocal pairwise comparison matrix (Saaty).

    Parameters
    ----------
    pairwise : array_like, shape (n, n)
        ``pairwise[i, j]`` = how many times criterion ``i`` is more important than ``j``
        (Saaty's 1-9 scale and reciprocals). Must be positive with ``a_ii = 1`` and
        ``a_ji = 1 / a_ij``.
    random_index : str or float
        Random-index table: ``"saaty1980"`` (default; the table of Saaty 1980 most software
        uses), ``"saaty2005"``, ``"donegan_dodd1991"``, ``"tummala_ling1998"``,
        ``"alonso_lamata2006"`` (see :data:`RANDOM_INDEX_TABLES`), or a positive number used as
        RI(n) directly.
    method : {"eigenvector", "geometric_mean"}
        Principal right eigenvector (Saaty, default) or normalised row geometric means
        (Crawford & Williams 1985).
    tol : float
        Tolerance on ``|a_ij a_ji - 1|`` and ``|a_ii - 1|`` (raise it for judgements typed
        with few decimals, e.g. 0.33 for 1/3).

    Returns
    -------
    AHPResult

    Raises
    ------
    ModelError
        Not square, not positive, not reciprocal (path ``pairwise[i, j]``), unknown table, or
        a matrix larger than the chosen table covers.

    References
    ----------
    Saaty, T.L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.
    Saaty, T.L. (2008). Decision making with the analytic hierarchy process. *International
    Journal of Services Sciences* 1(1), 83-98.

    Examples
    --------
    Saaty (2008), Table 2 (drinks; the printed ``a(tea, wine) = 2`` contradicts its reciprocal
    1/3 and is corrected to 3):

    >>> import numpy as np
    >>> drinks = [[1, 9, 5, 2, 1, 1, 1/2], [1/9, 1, 1/3, 1/9, 1/9, 1/9, 1/9],
    ...           [1/5, 3, 1, 1/3, 1/4, 1/3, 1/9], [1/2, 9, 3, 1, 1/2, 1, 1/3],
    ...           [1, 9, 4, 2, 1, 2, 1/2], [1, 9, 3, 1, 1/2, 1, 1/3], [2, 9, 9, 3, 2, 3, 1]]
    >>> res = ahp(drinks)
    >>> np.round(res.weights, 3)
    array([0.177, 0.019, 0.042, 0.116, 0.19 , 0.129, 0.327])
    >>> round(res.cr, 3)
    0.022
    >>> ahp([[1, 3], [1/3, 1]]).cr
    0.0
    """
    A = as_finite_array(pairwise, "pairwise", ndim=2)
    if not (np.isfinite(tol) and tol >= 0):
        raise ModelError.at("tol", "expected a finite tolerance >= 0")
    _check_reciprocal(A, tol)
    if method not in ("eigenvector", "geometric_mean"):
        raise ModelError.at("method", f"expected 'eigenvector' or 'geometric_mean', got {method!r}")
    n = A.shape[0]

    if isinstance(random_index, str):
        if random_index not in RANDOM_INDEX_TABLES:
            raise ModelError.at(
                "random_index",
                f"unknown table {random_index!r}; expected one of "
                f"{', '.join(RANDOM_INDEX_TABLES)} or a number",
            )
        table = RANDOM_INDEX_TABLES[random_index]
        ri_name: str = random_index
        if n <= 2:
            ri = 0.0
        elif n in table:
            ri = table[n]
        else:
            raise ModelError.at(
                "random_index",
                f"table {random_index!r} covers n <= {max(table)}, matrix has n = {n}; "
                "choose another table or give RI as a number",
            )
    else:
        ri = float(random_index)
        if not (np.isfinite(ri) and ri > 0):
            raise ModelError.at("random_index", f"a user RI must be a positive number, got {ri}")
        ri_name = "user"
        if n <= 2:
            ri = 0.0

    if method == "eigenvector":
        vals, vecs = np.linalg.eig(A)
        k = int(np.argmax(vals.real))
        lam = float(vals[k].real)
        vec = np.abs(vecs[:, k].real)
        w = vec / vec.sum()
    else:
        g = np.exp(np.log(A).mean(axis=1))
        w = g / g.sum()
        lam = float(np.mean((A @ w) / w))

    if n <= 2:
        ci, cr = 0.0, 0.0
    else:
        ci = max((lam - n) / (n - 1), 0.0)
        cr = ci / ri
    return AHPResult(
        weights=w,
        lambda_max=lam,
        ci=float(ci),
        cr=float(cr),
        random_index=ri_name,
        random_index_value=float(ri),
        method=method,
        n=n,
    )
