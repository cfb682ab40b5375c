"""Split a shared donor budget across provinces by a named rule, and rescale a province's study
to its envelope.

The rules (:data:`~ssestrategy._options.Split`), for provinces ``i = 1..n`` and a budget ``B``
(MAD over the programme), give province ``i`` the envelope ``B * w_i`` with ``sum(w) = 1``:

``"population"``
    ``w_i = P_i / sum(P)``, ``P_i`` the province's latest ``population`` indicator (RGPH 2024
    for the census builders and the Tiznit case).
``"need"``
    ``w_i = U_i / sum(U)``, ``U_i`` the number of **unemployed people**, from the latest
    ``employed`` and ``unemployment_rate`` indicators: the rate is unemployed over the active
    population, so ``U = employed * rate / (1 - rate)``. Both are RGPH 2024 labour indicators
    of every census-built case (:func:`~ssestrategy.datasets.province`). Unemployment is one
    documented reading of need among others (poverty, rural share): pass the cases in the
    form you want and weigh them yourself if another fits your programme better.
``"equal"``
    ``w_i = 1 / n``.

Examples
--------
>>> split_budget(100.0, [1.0, 3.0])
(25.0, 75.0)
>>> unemployed(employed=90.0, unemployment_rate=0.1)
10.0
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from .._options import Split
from .._validate import check_choice
from ..errors import ModelError
from ..model import Assumption, Case, ConstraintCategory, Provenance, Strategy

__all__ = ["BASIS_UNITS", "scaled_study", "split_basis", "split_budget", "unemployed"]

BASIS_UNITS: dict[str, str] = {
    "population": "people",
    "need": "unemployed people",
    "equal": "-",
}
"""What the basis of each rule counts."""


def unemployed(employed: float, unemployment_rate: float) -> float:
    """Unemployed people from the employed and the unemployment rate (unemployed / active).

    Examples
    --------
    >>> round(unemployed(employed=60_000.0, unemployment_rate=0.25))
    20000
    """
    return employed * unemployment_rate / (1.0 - unemployment_rate)


def _indicator(case: Case, name: str, path: str) -> float:
    try:
        return float(case.territory.indicator(name).value)
    except ModelError:
        raise ModelError.at(
            f"{path}.territory.indicators",
            f"no {name!r} indicator in {case.territory.name!r}, which the split needs "
            "(cases built by ssestrategy.datasets.province have it)",
        ) from None


def split_basis(cases: Sequence[Case], split: Split) -> tuple[float, ...]:
    """The quantity each province's share is proportional to (see the module docstring).

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> split_basis([tiznit()], "population")
    (198542.0,)
    """
    check_choice(split, "split", Split, what="split rule")
    out = []
    for i, case in enumerate(cases):
        path = f"cases[{i}]"
        if split == "population":
            value = _indicator(case, "population", path)
        elif split == "need":
            rate = _indicator(case, "unemployment_rate", path)
            if not 0.0 <= rate < 1.0:
                raise ModelError.at(
                    f"{path}.territory.indicators", f"unemployment_rate {rate} is not in [0, 1)"
                )
            value = unemployed(_indicator(case, "employed", path), rate)
        else:
            value = 1.0
        if not value >= 0.0:
            raise ModelError.at(f"{path}.territory.indicators", f"a negative {split} basis")
        out.append(value)
    if sum(out) <= 0.0:
        raise ModelError.at("split", f"the {split} of every province is 0: nothing to split by")
    return tuple(out)


def split_budget(budget: float, basis: Sequence[float]) -> tuple[float, ...]:
    """``budget`` split in proportion to ``basis`` (the last share takes the rounding rest,
    so that the envelopes sum to ``budget`` exactly).

    Examples
    --------
    >>> split_budget(10.0, [1.0, 1.0, 1.0])[0] == 10.0 / 3
    True
    >>> sum(split_budget(10.0, [1.0, 1.0, 1.0]))
    10.0
    """
    total = float(sum(basis))
    shares = [budget * b / total for b in basis]
    shares[-1] = budget - sum(shares[:-1])
    return tuple(shares)


def _scaled_provenance(prov: Provenance | None, factor: float) -> Provenance | None:
    if isinstance(prov, Assumption) and prov.has_range:
        return attrs.evolve(
            prov,
            low=None if prov.low is None else prov.low * factor,
            high=None if prov.high is None else prov.high * factor,
        )
    return prov


def _scaled_strategy(s: Strategy, factor: float) -> Strategy:
    lines = tuple(
        attrs.evolve(
            i, budget=i.budget * factor, provenance=_scaled_provenance(i.provenance, factor)
        )
        for i in s.interventions
    )
    return attrs.evolve(s, interventions=lines)


def scaled_study(
    case: Case, strategies: Sequence[Strategy], envelope: float
) -> tuple[Case, tuple[Strategy, ...], float]:
    """A province's study rescaled to its envelope: ``(case, strategies, factor)``.

    ``factor = envelope / E``, ``E`` the largest total budget among ``strategies`` (the
    programme envelope the case's active strategies spend). Every intervention's annual budget
    (and the plausible range of its assumption) and the target of every ``budget`` constraint
    (and its range) are multiplied by it, for the case's own strategies too: the designs keep
    their shares, the largest strategy spends exactly ``envelope``, and a cheaper one (a status
    quo) keeps its ratio to it.

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> case = tiznit()
    >>> _, strats, factor = scaled_study(case, case.strategies, 10e6)
    >>> factor, round(strats[0].total_budget())
    (0.5, 10000000)
    """
    largest = max((s.total_budget() for s in strategies), default=0.0)
    if largest <= 0.0:
        raise ModelError.at(
            "budget", f"no strategy of {case.name!r} spends anything: nothing to scale"
        )
    factor = envelope / largest
    constraints = tuple(
        attrs.evolve(
            c, target=c.target * factor, provenance=_scaled_provenance(c.provenance, factor)
        )
        if c.category is ConstraintCategory.BUDGET
        else c
        for c in case.constraints
    )
    scaled = tuple(_scaled_strategy(s, factor) for s in strategies)
    own = tuple(_scaled_strategy(s, factor) for s in case.strategies)
    return attrs.evolve(case, constraints=constraints, strategies=own), scaled, factor
