"""What PRIM finds (:func:`~ssestrategy.explain.prim`): the box of each step of its
trajectory (:class:`PrimBox`) and the whole result (:class:`PrimResult`).

Examples
--------
>>> import numpy as np
>>> box = PrimBox(step=1, names=("rain",), lower=np.array([0.2]), upper=np.array([1.0]),
...               lower_restricted=np.array([True]), upper_restricted=np.array([False]),
...               coverage=0.9, density=0.95, mass=0.1, n=100)
>>> box.describe()
'rain above 0.2'
"""

from __future__ import annotations

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._validate import as_finite_array
from ..errors import ModelError

__all__ = ["PrimBox", "PrimResult"]


def _format(value: float) -> str:
    return f"{value:.3g}"


@attrs.frozen(eq=False)
class PrimBox:
    """One box of a PRIM trajectory.

    Attributes
    ----------
    step : int
        Index of the box in the trajectory (0 = all scenarios).
    names : tuple of str
        Input names.
    lower, upper : ndarray, shape (inputs,)
        Box limits; a scenario is inside when ``lower <= x <= upper`` on every input.
    lower_restricted, upper_restricted : ndarray of bool, shape (inputs,)
        Whether each limit is tighter than the data range.
    coverage, density, mass : float
        Share of the cases of interest inside the box, share of the box's scenarios that are
        cases of interest, and share of all scenarios inside the box.
    n : int
        Number of scenarios inside the box.

    Examples
    --------
    >>> import numpy as np
    >>> box = PrimBox(step=3, names=("x1", "x2", "x3"), lower=np.array([0.2, 0.0, 0.8]),
    ...               upper=np.array([0.6, 1.0, 1.0]),
    ...               lower_restricted=np.array([True, False, True]),
    ...               upper_restricted=np.array([True, False, False]),
    ...               coverage=0.9, density=0.95, mass=0.1, n=100)
    >>> box.describe()
    'x1 between 0.2 and 0.6 and x3 above 0.8'
    >>> box.restricted_names
    ('x1', 'x3')
    >>> box.contains(np.array([[0.3, 0.5, 0.9], [0.3, 0.5, 0.1]])).tolist()
    [True, False]
    """

    step: int
    names: tuple[str, ...]
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    lower_restricted: NDArray[np.bool_]
    upper_restricted: NDArray[np.bool_]
    coverage: float
    density: float
    mass: float
    n: int

    @property
    def restricted(self) -> NDArray[np.bool_]:
        """Per input: whether either limit is restricted."""
        return np.asarray(self.lower_restricted | self.upper_restricted)

    @property
    def restricted_names(self) -> tuple[str, ...]:
        """Names of the restricted inputs, in input order."""
        return tuple(name for name, r in zip(self.names, self.restricted, strict=True) if r)

    def contains(self, X: ArrayLike) -> NDArray[np.bool_]:
        """Which rows of ``X`` (scenarios x inputs) lie inside the box."""
        x = as_finite_array(X, "X", ndim=2)
        if x.shape[1] != len(self.names):
            raise ModelError.at("X", f"expected {len(self.names)} columns, got {x.shape[1]}")
        return np.asarray(np.all((x >= self.lower) & (x <= self.upper), axis=1))

    def describe(self) -> str:
        """The box in plain words, e.g. ``"x1 between 0.2 and 0.6 and x3 above 0.8"``.

        Only restricted inputs are named; numbers have three significant digits.
        """
        parts = []
        for j, name in enumerate(self.names):
            lo, hi = bool(self.lower_restricted[j]), bool(self.upper_restricted[j])
            if lo and hi:
                low, high = _format(self.lower[j]), _format(self.upper[j])
                parts.append(f"{name} between {low} and {high}")
            elif lo:
                parts.append(f"{name} above {_format(self.lower[j])}")
            elif hi:
                parts.append(f"{name} below {_format(self.upper[j])}")
        return " and ".join(parts) if parts else "all scenarios (no input restricted)"


@attrs.frozen(eq=False)
class PrimResult:
    """Outcome of :func:`prim`: the peeling-and-pasting trajectory and the selected box.

    Attributes
    ----------
    names : tuple of str
        Input names.
    coverage, density, mass : ndarray, shape (steps,)
        Statistics of each box of the trajectory (step 0 = all scenarios).
    n_in_box : ndarray of int, shape (steps,)
        Scenarios inside each box.
    n_restricted : ndarray of int, shape (steps,)
        Restricted inputs of each box.
    lower, upper : ndarray, shape (steps, inputs)
        Box limits per step.
    phase : tuple of str
        ``"start"``, ``"peel"`` or ``"paste"`` per step.
    data_min, data_max : ndarray, shape (inputs,)
        Limits of the initial box (the data range); a limit is *restricted* when tighter.
    selected : int
        Index of the selected box.
    selection : str
        How it was selected: ``"user"``, ``"min_density"`` or ``"coverage*density"``.
    objective : str
        Peeling and pasting objective (``"lenient1"``, ``"lenient2"`` or ``"original"``).
    peel_alpha, paste_alpha, mass_min : float
    min_density : float or None
    threshold : float or None
        When ``y`` was numeric: the case of interest is ``y >= threshold``.
    n_cases : int
        Cases of interest among the ``n`` scenarios.
    n : int

    Examples
    --------
    >>> import numpy as np
    >>> from ssestrategy.explain import prim
    >>> X = np.random.default_rng(0).uniform(size=(200, 2))
    >>> res = prim(X, X[:, 0] > 0.5, names=["rain", "price"])
    >>> res.describe()
    'rain above 0.493'
    >>> res.phase[:2], res.selection
    (('start', 'peel'), 'coverage*density')
    >>> i = res.selected
    >>> round(float(res.coverage[i]), 3), round(float(res.density[i]), 3), res.n_cases
    (1.0, 0.974, 113)
    """

    names: tuple[str, ...]
    coverage: NDArray[np.float64]
    density: NDArray[np.float64]
    mass: NDArray[np.float64]
    n_in_box: NDArray[np.int64]
    n_restricted: NDArray[np.int64]
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    phase: tuple[str, ...]
    data_min: NDArray[np.float64]
    data_max: NDArray[np.float64]
    selected: int
    selection: str
    objective: str
    peel_alpha: float
    paste_alpha: float
    mass_min: float
    min_density: float | None
    threshold: float | None
    n_cases: int
    n: int

    @property
    def steps(self) -> int:
        """Number of boxes in the trajectory."""
        return int(self.coverage.shape[0])

    def box(self, i: int | None = None) -> PrimBox:
        """Box ``i`` of the trajectory (negative indices count from the end); default selected."""
        if i is None:
            i = self.selected
        if (
            isinstance(i, bool)
            or not isinstance(i, int | np.integer)
            or not (-self.steps <= i < self.steps)
        ):
            raise ModelError.at("i", f"expected a step index in [0, {self.steps}), got {i!r}")
        i = int(i) % self.steps
        return PrimBox(
            step=i,
            names=self.names,
            lower=self.lower[i].copy(),
            upper=self.upper[i].copy(),
            lower_restricted=self.lower[i] > self.data_min,
            upper_restricted=self.upper[i] < self.data_max,
            coverage=float(self.coverage[i]),
            density=float(self.density[i]),
            mass=float(self.mass[i]),
            n=int(self.n_in_box[i]),
        )

    @property
    def limits(self) -> PrimBox:
        """The selected box."""
        return self.box(self.selected)

    def describe(self) -> str:
        """The selected box in plain words (see :meth:`PrimBox.describe`)."""
        return self.limits.describe()
