"""The options of a fixed set that the library and its command line share, each a ``Literal``
type (its values are its choice list: ``_validate.choices``). They live here, light to import,
so that the command line builds its parser without importing the numerical modules; each is
re-exported where its option is documented.

Examples
--------
>>> import typing
>>> typing.get_args(Sampler)
('mc', 'lhs', 'sobol')
"""

from __future__ import annotations

from typing import Literal

__all__ = ["Lang", "Method", "Sampler", "SensitivityMethod", "Split"]

Sampler = Literal["mc", "lhs", "sobol"]
"""How uncertain parameters are sampled: Monte Carlo, Latin hypercube, scrambled Sobol'."""

Method = Literal["topsis", "weighted_sum", "vikor", "promethee_ii"]
"""The multi-criteria methods of :func:`~ssestrategy.decision.rank`."""

SensitivityMethod = Literal["sobol", "morris"]
"""The methods of :func:`~ssestrategy.sensitivity`."""

Split = Literal["population", "need", "equal"]
"""How :func:`~ssestrategy.compare_territories` splits a shared donor budget across provinces."""

Lang = Literal["en", "fr", "ar"]
"""The languages of the labels (:mod:`ssestrategy.i18n`): English, French, Arabic."""
