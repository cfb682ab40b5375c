"""The result of a diagnosis and its parts.

Examples
--------
>>> from ssestrategy.diagnosis import diagnose
>>> from ssestrategy.model import Territory
>>> diagnose(Territory(name="Nowhere")).summary.n_actors
0
"""

from __future__ import annotations

from typing import Any, Final

import attrs
import numpy as np
from numpy.typing import NDArray

from .._deprecation import warn_deprecated
from ..foresight import MactorResult, MicmacResult
from ..network.communities import Communities, PoleComparison
from ..network.graph import TerritoryNetwork
from ..network.metrics import ActorMetrics, BridgingTies, KeyActor
from ..network.profiles import PoleProfiles
from ..network.resilience import Resilience
from .export import diagnosis_dict
from .findings import Finding
from .report import html_report, text_report

__all__ = ["MAX_CANDIDATES", "CandidatePole", "Diagnosis", "NetworkSummary"]

Array = NDArray[np.float64]

#: Candidate poles kept (the largest).
MAX_CANDIDATES: Final = 50


@attrs.frozen
class NetworkSummary:
    """Size and shape of the actor network.

    Attributes
    ----------
    n_actors : int
    actors_by_kind : dict of str to int
    n_ties : int
        Partnerships (parallel ties counted).
    ties_by_kind : dict of str to int
    n_linked_pairs : int
        Pairs of actors with at least one tie.
    density : float
        ``n_linked_pairs / (n (n - 1) / 2)``.
    mean_degree : float
        Mean number of partners.
    n_components : int
    largest_component_share : float
    isolated : int
        Actors without any tie.
    n_poles : int
    actors_in_poles : int
        Actors in at least one declared pole.

    Examples
    --------
    >>> from ssestrategy.diagnosis import diagnose
    >>> from ssestrategy.model import Territory
    >>> diagnose(Territory(name="Nowhere")).summary.n_actors
    0
    """

    n_actors: int
    actors_by_kind: dict[str, int]
    n_ties: int
    ties_by_kind: dict[str, int]
    n_linked_pairs: int
    density: float
    mean_degree: float
    n_components: int
    largest_component_share: float
    isolated: int
    n_poles: int
    actors_in_poles: int


@attrs.frozen
class CandidatePole:
    """A community of the network proposed as a pole.

    Attributes
    ----------
    community : int
        Its label in :attr:`Diagnosis.communities`.
    size : int
    members : tuple of str
        Actor ids, by decreasing key-actor score.
    lead : str
        Id of its member with the highest key-actor score.
    value_chain : str or None
        The most common value chain among its members.
    best_pole : str or None
        The declared pole it overlaps most (None if none).
    jaccard : float
        Jaccard overlap with ``best_pole``.

    Examples
    --------
    See :func:`diagnose`; the candidates are :attr:`Diagnosis.candidate_poles`.
    """

    community: int
    size: int
    members: tuple[str, ...]
    lead: str
    value_chain: str | None
    best_pole: str | None
    jaccard: float


@attrs.frozen(eq=False)
class Diagnosis:
    """Result of :func:`diagnose`.

    Attributes
    ----------
    case, territory : str
        Names.
    summary : NetworkSummary
    network : TerritoryNetwork
    metrics : ActorMetrics
    key_actors : tuple of KeyActor
    profiles : PoleProfiles
        Levels, weakest factor, success and gaps of each declared pole.
    pole_density : ndarray, shape (p, p)
        Tie density within (diagonal) and between poles.
    bridging : BridgingTies
    communities : Communities
    comparison : PoleComparison
    candidate_poles : tuple of CandidatePole
        The largest communities of at least 3 actors (at most 50).
    resilience : Resilience
    assets, opportunities, weaknesses : tuple of str
        Plain-language findings, each citing its number. ``weaknesses`` are the study day's
        "constraints" (``constraints``, the former name, is deprecated).
    micmac : MicmacResult or None
    mactor : MactorResult or None
    threshold : float
        Level each factor should reach (an assumption, default 0.5).
    findings : tuple of Finding
        The assets, opportunities and weaknesses, each with the provenance of the numbers
        it rests on (sourced data, or assumptions such as a generated population).
    seed : int or None
        The ``rng`` argument, when an int was given.
    rng : dict
        Entropy and spawn keys of the three streams of the diagnosis (betweenness sample,
        communities, resilience sample).
    provenance : dict
        How many numbers of the case are sourced, assumed and unlabelled
        (:meth:`Case.count_values <ssestrategy.model.Case.count_values>`; empty when a bare
        territory was diagnosed).

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> from ssestrategy.diagnosis import diagnose
    >>> d = diagnose(tiznit(), rng=0)
    >>> d.territory, len(d.findings) == len(d.assets + d.opportunities + d.weaknesses)
    ('Tiznit', True)
    """

    case: str
    territory: str
    summary: NetworkSummary
    network: TerritoryNetwork
    metrics: ActorMetrics
    key_actors: tuple[KeyActor, ...]
    profiles: PoleProfiles
    pole_density: Array
    bridging: BridgingTies
    communities: Communities
    comparison: PoleComparison
    candidate_poles: tuple[CandidatePole, ...]
    resilience: Resilience
    assets: tuple[str, ...]
    opportunities: tuple[str, ...]
    weaknesses: tuple[str, ...]
    micmac: MicmacResult | None
    mactor: MactorResult | None
    threshold: float
    seed: int | None
    findings: tuple[Finding, ...] = ()
    rng: dict[str, Any] = attrs.field(factory=dict)
    provenance: dict[str, int] = attrs.field(factory=dict)

    @property
    def constraints(self) -> tuple[str, ...]:
        """Deprecated name of :attr:`weaknesses`."""
        warn_deprecated("Diagnosis.constraints is deprecated, use Diagnosis.weaknesses")
        return self.weaknesses

    # --- export -----------------------------------------------------------------------------
    def to_dict(self, *, actors: bool = False) -> dict[str, Any]:
        """A JSON-serialisable dict of the diagnosis.

        Parameters
        ----------
        actors : bool, default False
            Include every actor's metrics (large for a national network).

        Returns
        -------
        dict
            Keys ``case``, ``territory``, ``summary``, ``key_actors``, ``poles`` (one dict per
            pole: ``id``, ``name``, ``members``, ``levels``, ``weakest_factor``, ``success``,
            ``gaps``, ``cohesion``, ``internal_strength``, ``density``, ``bridging``),
            ``pole_density``, ``communities``, ``resilience``, ``assets``, ``opportunities``,
            ``weaknesses`` (also under ``constraints``, its deprecated name), ``findings``,
            ``micmac``, ``mactor``, ``conventions`` (and ``actors``).
        """
        return diagnosis_dict(self, actors=actors)

    def format_report(self, lang: str = "en") -> str:
        """A readable text report (what ``ssestrategy diagnose`` prints), with its headings,
        table headers and findings in ``lang`` (``en``, ``fr`` or ``ar``)."""
        return text_report(self, lang)

    def _repr_html_(self) -> str:
        return html_report(self)
