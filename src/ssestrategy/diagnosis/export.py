"""A diagnosis as JSON-ready data (what ``ssestrategy diagnose --json`` prints).

Examples
--------
>>> from ssestrategy.diagnosis import diagnose
>>> from ssestrategy.model import Territory
>>> sorted(diagnosis_dict(diagnose(Territory(name="Nowhere"))))[:3]
['assets', 'case', 'communities']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from ..foresight import MactorResult, MicmacResult
from ..network.graph import ACTOR_KINDS
from ..network.resilience import Resilience

if TYPE_CHECKING:
    from .result import Diagnosis

__all__ = ["diagnosis_dict"]


# --- the dict export ------------------------------------------------------------------------


def diagnosis_dict(d: Diagnosis, *, actors: bool = False) -> dict[str, Any]:
    """:meth:`Diagnosis.to_dict <ssestrategy.diagnosis.Diagnosis.to_dict>`."""
    out: dict[str, Any] = {
        "case": d.case,
        "territory": d.territory,
        "summary": attrs.asdict(d.summary),
        "key_actors": [_key_actor_dict(k) for k in d.key_actors],
        "poles": _poles_dict(d),
        "pole_density": {
            "poles": list(d.profiles.pole_ids),
            "matrix": d.pole_density.tolist(),
        },
        "communities": _communities_dict(d),
        "resilience": _resilience_dict(d.resilience),
        "assets": list(d.assets),
        "opportunities": list(d.opportunities),
        "weaknesses": list(d.weaknesses),
        # deprecated key (the former name of "weaknesses"), removed in the next release
        "constraints": list(d.weaknesses),
        "findings": [f.to_dict() for f in d.findings],
        "micmac": _micmac_dict(d.micmac),
        "mactor": _mactor_dict(d.mactor),
        "conventions": _conventions_dict(d),
    }
    if actors:
        out["actors"] = _actors_dict(d)
    return out


def _key_actor_dict(k: Any) -> dict[str, Any]:
    out = attrs.asdict(k)
    out["constraint"] = out["burt_constraint"]  # deprecated key, removed in the next release
    return out


def _poles_dict(d: Diagnosis) -> list[dict[str, Any]]:
    poles = d.profiles.records()
    for i, rec in enumerate(poles):
        rec["density"] = float(d.pole_density[i, i])
        rec["bridging"] = {
            c: {
                "ties": int(d.bridging.ties[i, j]),
                "partners": int(d.bridging.partners[i, j]),
                "intensity": float(d.bridging.intensity[i, j]),
            }
            for j, c in enumerate(d.bridging.categories)
        }
    return poles


def _communities_dict(d: Diagnosis) -> dict[str, Any]:
    cmp = d.comparison
    return {
        "n_communities": d.communities.n_communities,
        "modularity": d.communities.modularity,
        "method": d.communities.method,
        "resolution": d.communities.resolution,
        "seed": d.communities.seed,
        "agreement": attrs.asdict(cmp.agreement),
        "n_unassigned": cmp.n_unassigned,
        "n_overlapping": cmp.n_overlapping,
        "pole_best_match": [
            {
                "pole": pid,
                "community": int(cmp.pole_best_community[i]),
                "jaccard": float(cmp.pole_jaccard[i]),
            }
            for i, pid in enumerate(cmp.pole_ids)
        ],
        "candidates": [attrs.asdict(c) for c in d.candidate_poles],
    }


def _conventions_dict(d: Diagnosis) -> dict[str, Any]:
    bt = d.metrics.betweenness
    return {
        "threshold": d.threshold,
        "threshold_provenance": "assumption: the middle of the [0, 1] capacity scale",
        "ces_rho": d.profiles.ces_rho,
        "cohesion_scale": d.profiles.cohesion_scale,
        "seed": d.seed,
        "rng": d.rng,
        "betweenness": {
            "sampled": bt.sampled,
            "k": bt.k,
            "normalized": bt.normalized,
            "paths": "hops",
        },
        "weights": "tie intensity (parallel ties summed, direction ignored)",
        "key_actor_score": "mean percentile rank of strength, betweenness, PageRank "
        "and 1 - Burt's constraint",
        "resilience_exact": d.resilience.exact,
        "resilience_sources": d.resilience.n_sources,
    }


def _actors_dict(d: Diagnosis) -> list[dict[str, Any]]:
    m = d.metrics
    return [
        {
            "id": m.ids[i],
            "kind": ACTOR_KINDS[d.network.kinds[i]].value,
            "degree": int(m.degree[i]),
            "strength": float(m.strength[i]),
            "betweenness": float(m.betweenness.values[i]),
            "eigenvector": float(m.eigenvector[i]),
            "pagerank": float(m.pagerank[i]),
            "burt_constraint": _opt(m.burt_constraint[i]),
            # deprecated key (the former name of "burt_constraint"), removed in the next release
            "constraint": _opt(m.burt_constraint[i]),
            "effective_size": _opt(m.effective_size[i]),
            "score": float(m.score[i]),
            "community": int(d.communities.labels[i]),
        }
        for i in range(len(m.ids))
    ]


def _opt(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


def _resilience_dict(r: Resilience) -> dict[str, Any]:
    def conn(c: Any) -> dict[str, Any]:
        return attrs.asdict(c)

    return {
        "baseline": conn(r.baseline),
        "baseline_networking": dict(zip(r.pole_ids, r.baseline_networking.tolist(), strict=True)),
        "baseline_success": dict(zip(r.pole_ids, r.baseline_success.tolist(), strict=True)),
        "removals": [
            {
                "label": rm.label,
                "removed": list(rm.removed),
                "connectivity": conn(rm.connectivity),
                "networking": dict(zip(r.pole_ids, rm.networking.tolist(), strict=True)),
                "success": dict(zip(r.pole_ids, rm.success.tolist(), strict=True)),
            }
            for rm in r.removals
        ],
        "exact": r.exact,
        "n_sources": r.n_sources,
    }


def _micmac_dict(m: MicmacResult | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "labels": list(m.labels),
        "direct_influence": m.direct_influence.tolist(),
        "direct_dependence": m.direct_dependence.tolist(),
        "indirect_influence": m.indirect_influence.tolist(),
        "indirect_dependence": m.indirect_dependence.tolist(),
        "direct_class": list(m.direct_class),
        "indirect_class": list(m.indirect_class),
        "changed": list(m.changed),
        "power": m.power,
        "stable": m.stable,
        "period": m.period,
        "status": m.status,
        "threshold": m.threshold,
    }


def _mactor_dict(m: MactorResult | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "actors": list(m.actors),
        "objectives": list(m.objectives),
        "variant": m.variant,
        "influence": m.influence.tolist(),
        "dependence": m.dependence.tolist(),
        "r_star": m.r_star.tolist(),
        "actor_class": list(m.actor_class),
        "mobilisation_for": m.mobilisation_for.tolist(),
        "mobilisation_against": m.mobilisation_against.tolist(),
        "implication": m.implication.tolist(),
    }
