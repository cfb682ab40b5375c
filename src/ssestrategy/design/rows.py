"""Per-item model inputs of a batch of designs.

Examples
--------
>>> import numpy as np
>>> r = Rows(budget=np.ones((2, 3)), start=np.zeros((2, 3)), duration=np.ones((2, 3)), params={})
>>> r.n, Rows.stack([r, r.take([0])]).n
(2, 3)
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
from numpy.typing import NDArray

__all__ = ["Rows"]

Float = NDArray[np.float64]


@attrs.frozen(eq=False)
class Rows:
    """Per-item arrays of a batch of designs: what the evaluation feeds the model.

    Attributes
    ----------
    budget, start, duration : ndarray
        ``(designs, items)`` annual budget (MAD), start and duration (years).
    params : dict of str to ndarray
        ``(designs, items)`` every mechanism parameter.
    """

    budget: Float
    start: Float
    duration: Float
    params: dict[str, Float]

    @property
    def n(self) -> int:
        """Number of designs."""
        return int(self.budget.shape[0])

    def take(self, idx: Sequence[int] | NDArray[np.intp]) -> Rows:
        """The designs ``idx``."""
        i = np.asarray(idx, dtype=np.intp)
        return Rows(
            budget=self.budget[i],
            start=self.start[i],
            duration=self.duration[i],
            params={k: v[i] for k, v in self.params.items()},
        )

    @staticmethod
    def stack(parts: Sequence[Rows]) -> Rows:
        """The designs of ``parts``, one after the other."""
        return Rows(
            budget=np.concatenate([p.budget for p in parts]),
            start=np.concatenate([p.start for p in parts]),
            duration=np.concatenate([p.duration for p in parts]),
            params={k: np.concatenate([p.params[k] for p in parts]) for k in parts[0].params},
        )
