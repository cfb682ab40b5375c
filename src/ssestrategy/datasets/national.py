"""Morocco's cooperative sector in mid-2013, as a scaled synthetic sample: the case on which
the creation rate is calibrated to the ODCO register.

The register counted 11,354 cooperatives in mid-2013 and 60,939 in December 2024 (ODCO via the
press [C], domain brief section 1). :func:`national_sector` generates ``n_cooperatives``
registered cooperatives (a sample standing for the register, spread over value chains as in
the register of mid-2020: agriculture 63.7%, handicraft 18.9% [C], the rest split by
assumption), with the parameters of the Tiznit case and the national creation rate
:data:`NATIONAL_ENTRY_RATE`. Its status-quo run (no intervention) reproduces the register's
growth relative to 2013 within 10% at every count (a test checks it); counts are compared as
ratios, because the sample is a scaled-down sector and a register count is an active count
divided by ``1 - inactive_share``.

Examples
--------
>>> case = national_sector(n_cooperatives=200)
>>> len(case.territory.actors), case.parameters["entry_rate"].value
(200, 0.2)
"""

from __future__ import annotations

import functools

import attrs

from .._deprecation import renamed_arguments
from .._random import RNGLike
from .._validate import is_integer
from ..errors import ModelError
from ..model import ActorKind, Assumption, Case, Parameter, Source, Territory
from .synthetic import Commune, PopulationSpec, generate_population
from .tiznit import tiznit

__all__ = ["NATIONAL_ENTRY_RATE", "national_sector"]

NATIONAL_ENTRY_RATE = Parameter(
    0.2,
    "1/year",
    provenance=Source(
        "calibrated (ssestrategy.simulation.calibrate_series, log least squares on the ratios "
        "to mid-2013) to the ODCO register: 11,354 cooperatives mid-2013, 14,859 mid-2015, "
        "34,515 mid-2020, 60,939 Dec 2024 (domain brief); fit 0.202, largest gap 5.4% "
        "(mid-2020)",
        label="derived",
    ),
)
"""The creation rate that reproduces the register's growth over 2013-2024."""

_CHAINS = {
    # ODCO mid-2020 [C]: agriculture 21,976 of 34,515 (63.7%), handicraft 6,513 (18.9%); the
    # remaining 17.4% split by assumption
    "agriculture": 0.637,
    "handicraft": 0.189,
    "argan": 0.05,
    "services": 0.06,
    "tourism": 0.034,
    "fisheries": 0.03,
}

_PROVENANCE = Assumption(
    "synthetic national cooperative sector (ssestrategy.datasets.national_sector, seeded): a "
    "scaled sample of the register of mid-2013; chains after the mid-2020 register mix [C]"
)


@renamed_arguments(seed="rng")
def national_sector(*, n_cooperatives: int = 2000, rng: RNGLike = 2013) -> Case:
    """Morocco's registered cooperatives in mid-2013, as a scaled synthetic sample.

    Parameters
    ----------
    n_cooperatives : int
        Records standing for the 11,354 registered cooperatives (at least 50).
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 2013
        Randomness of the generator (:mod:`ssestrategy._random`); cached for an int.

    Returns
    -------
    Case
        The Tiznit case's parameters (creation rate :data:`NATIONAL_ENTRY_RATE`) and
        uncertainties over this territory, with no strategy.

    Examples
    --------
    >>> case = national_sector(n_cooperatives=100)
    >>> {a.status.value for a in case.territory.actors}
    {'registered'}
    """
    if not isinstance(n_cooperatives, int) or n_cooperatives < 50:
        raise ModelError.at("n_cooperatives", "at least 50 records are needed")
    if is_integer(rng):
        return _national_sector(n_cooperatives, int(rng))  # type: ignore[arg-type]
    return _build(n_cooperatives, rng)


@functools.lru_cache(maxsize=4)
def _national_sector(n_cooperatives: int, rng: int) -> Case:
    return _build(n_cooperatives, rng)


def _build(n_cooperatives: int, rng: RNGLike) -> Case:
    counts = {
        (ActorKind.COOPERATIVE, chain): max(1, round(share * n_cooperatives))
        for chain, share in _CHAINS.items()
    }
    counts[(ActorKind.COOPERATIVE, "agriculture")] += n_cooperatives - sum(counts.values())
    spec = PopulationSpec(
        counts=counts,
        communes=[Commune(f"region-{i:02d}", 3.0e6 - 2.0e5 * i, i % 3 != 0) for i in range(12)],
        n_ties=2 * n_cooperatives,
        members_mean={ActorKind.COOPERATIVE: 38.0},  # 430,911 members / 11,354 coops, 2013 [D]
        registered=frozenset({ActorKind.COOPERATIVE}),
    )
    actors, ties, poles = generate_population(spec, rng=rng, provenance=_PROVENANCE)
    base = tiznit()
    territory = Territory(
        name="Morocco (cooperatives, scaled sample)",
        country="Morocco",
        actors=actors,
        partnerships=ties,
        poles=poles,
        provenance=_PROVENANCE,
    )
    params = dict(base.parameters)
    params["entry_rate"] = NATIONAL_ENTRY_RATE
    return attrs.evolve(
        base,
        name="Morocco's cooperative sector from mid-2013 (synthetic)",
        description="A scaled synthetic sample of the ODCO register of mid-2013.",
        territory=territory,
        parameters=params,
        strategies=(),
        constraints=(),
    )
