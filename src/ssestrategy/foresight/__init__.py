"""Structural analysis for strategic foresight: MICMAC (variables) and MACTOR (actors).

Both are pure functions over arrays returning frozen result objects whose fields record every
convention used (thresholds, stopping rule, balance-of-power variant).

Examples
--------
>>> from ssestrategy.foresight import micmac, mactor
>>> micmac([[0, 2], [1, 0]]).direct_class
('influent', 'dependent')
>>> mactor([[0, 2], [1, 0]], [[1], [-2]]).actor_class
('dominant', 'dominated')
"""

from __future__ import annotations

from .mactor import MactorResult, mactor, midi
from .micmac import MicmacResult, micmac

__all__ = ["MactorResult", "MicmacResult", "mactor", "micmac", "midi"]
