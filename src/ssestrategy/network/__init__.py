"""The partnership network of a territory: graph views, metrics, communities, resilience,
pole profiles and export.

Examples
--------
>>> from ssestrategy.model import Actor, Partnership, Territory
>>> from ssestrategy.network import territory_network, actor_metrics
>>> caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.1, "governance": 0.3}
>>> t = Territory(name="T",
...     actors=[Actor(id=i, name=i, kind="cooperative", capacities=caps) for i in "abc"],
...     partnerships=[Partnership(source="a", target="b", kind="market", intensity=0.5),
...                   Partnership(source="b", target="c", kind="market", intensity=0.5)])
>>> actor_metrics(territory_network(t)).betweenness.values
array([0., 1., 0.])
"""

from .._deprecation import deprecated_names
from ..model.success import (
    ces_success,
    cohesion,
    internal_strength,
    membership_matrix,
    networking_level,
    pole_levels,
)
from .adjacency import adjacency_matrix
from .brokerage import burt_constraint, effective_size
from .centrality import Betweenness, betweenness, degree, eigenvector_centrality, pagerank, strength
from .communities import (
    Communities,
    PartitionAgreement,
    PoleComparison,
    adjusted_rand_index,
    compare_with_poles,
    detect_communities,
    modularity,
    normalized_mutual_information,
    partition_agreement,
)
from .export import export_graph, write_gexf, write_graphml
from .graph import (
    ACTOR_KINDS,
    FINANCING_KINDS,
    INSTITUTIONAL_KINDS,
    MARKET_KINDS,
    MARKET_TIE_KINDS,
    PARTNERSHIP_KINDS,
    TerritoryNetwork,
    from_graph,
    territory_network,
    to_graph,
    weighted_graph,
)
from .metrics import ActorMetrics, KeyActor, actor_metrics, key_actors
from .pole_ties import BRIDGE_CATEGORIES, BridgingTies, bridging_ties, pole_density
from .profiles import DEFAULT_THRESHOLD, PoleProfiles, pole_profiles
from .resilience import (
    Connectivity,
    Removal,
    Resilience,
    connectivity,
    remove_actors,
    resilience,
)

__all__ = [
    "ACTOR_KINDS",
    "BRIDGE_CATEGORIES",
    "DEFAULT_THRESHOLD",
    "FINANCING_KINDS",
    "INSTITUTIONAL_KINDS",
    "MARKET_KINDS",
    "MARKET_TIE_KINDS",
    "PARTNERSHIP_KINDS",
    "ActorMetrics",
    "Betweenness",
    "BridgingTies",
    "Communities",
    "Connectivity",
    "KeyActor",
    "PartitionAgreement",
    "PoleComparison",
    "PoleProfiles",
    "Removal",
    "Resilience",
    "TerritoryNetwork",
    "actor_metrics",
    "adjacency_matrix",
    "adjusted_rand_index",
    "betweenness",
    "bridging_ties",
    "burt_constraint",
    "ces_success",
    "cohesion",
    "compare_with_poles",
    "connectivity",
    "degree",
    "detect_communities",
    "effective_size",
    "eigenvector_centrality",
    "export_graph",
    "from_graph",
    "internal_strength",
    "key_actors",
    "membership_matrix",
    "modularity",
    "networking_level",
    "normalized_mutual_information",
    "pagerank",
    "partition_agreement",
    "pole_density",
    "pole_levels",
    "pole_profiles",
    "remove_actors",
    "resilience",
    "strength",
    "territory_network",
    "to_graph",
    "weighted_graph",
    "write_gexf",
    "write_graphml",
]

__getattr__ = deprecated_names(
    __name__, {"constraint": ("ssestrategy.network.burt_constraint", lambda: burt_constraint)}
)
