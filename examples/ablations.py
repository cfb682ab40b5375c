"""Ablations of the Tiznit comparison: remove what seems to drive the answer and see whether
it moves as it should (docs/tiznit.md reports the numbers).

Run: python examples/ablations.py [n_scenarios]
"""

from __future__ import annotations

import sys

import attrs
import numpy as np

import ssestrategy as sse
from ssestrategy.model import Criteria

N = int(sys.argv[1]) if len(sys.argv) > 1 else 500


def without(case: sse.Case, strategy: str, instrument: str) -> sse.Case:
    """The case with one instrument of one strategy at zero budget."""
    strategies = []
    for s in case.strategies:
        if s.id == strategy:
            s = attrs.evolve(
                s,
                interventions=tuple(
                    attrs.evolve(iv, budget=0.0) if iv.instrument == instrument else iv
                    for iv in s.interventions
                ),
            )
        strategies.append(s)
    return attrs.evolve(case, strategies=tuple(strategies))


def row(label: str, case: sse.Case) -> None:
    cmp = sse.compare(case, n_scenarios=N, rng=0)
    r = cmp.ranking
    jobs = cmp.ensemble.outcome("jobs").mean(axis=1)
    j = dict(zip(cmp.ensemble.strategies, jobs, strict=True))
    ld = cmp.lead("canadian-agency", "national-2010-2020")
    print(
        f"| {label} | {' > '.join(r.order)} | {ld.composite.total:+.3f} | "
        f"{j['canadian-agency'] - j['status-quo']:+,.0f} | "
        f"{j['national-2010-2020'] - j['status-quo']:+,.0f} | "
        f"{j['french-agency'] - j['status-quo']:+,.0f} | "
        f"{float(r.p_best[r.strategies.index('canadian-agency')]):.2f} |"
    )


base = sse.datasets.tiznit()
print(
    "| ablation | order | composite lead of canadian over national | jobs vs status quo: "
    "canadian | national | french | P(best) canadian |"
)
print("|---|---|---|---|---|---|---|")
row("as shipped", base)
items = base.criteria.items
no_sp = attrs.evolve(
    base,
    criteria=Criteria(
        items=tuple(c for c in items if c.outcome != "social_protection_share"),
        provenance=base.criteria.provenance,
    ),
    constraints=tuple(c for c in base.constraints if c.outcome != "social_protection_share"),
)
row("no social-protection criterion or constraint", no_sp)
row(
    "no equity constraints",
    attrs.evolve(
        base, constraints=tuple(c for c in base.constraints if c.category.value != "equity")
    ),
)
row("canadian without its revolving fund", without(base, "canadian-agency", "revolving-fund"))
row(
    "canadian without women's innovation support",
    without(base, "canadian-agency", "innovation-support"),
)
row("size elasticity 1 (money per member counts)", base.with_parameters(size_elasticity=1.0))
row("size elasticity 0 (money per organisation)", base.with_parameters(size_elasticity=0.0))
row("no entry (entry_rate 0)", base.with_parameters(entry_rate=0.0))
row("national creation rate (0.2)", base.with_parameters(entry_rate=0.2))
row(
    "weak-link aggregate softened (ces_rho -1)",
    attrs.evolve(
        base.with_parameters(ces_rho=-1.0),
        uncertainties=attrs.evolve(
            base.uncertainties,
            parameters=tuple(u for u in base.uncertainties.parameters if u.parameter != "ces_rho"),
        ),
    ),
)
_ = np
flat = attrs.evolve(
    sse.datasets.TIZNIT_POPULATION,
    capacity_means={
        k: (sum(v) / 4,) * 4 for k, v in sse.datasets.TIZNIT_POPULATION.capacity_means.items()
    },
)
row("generated capacities equal across factors", sse.datasets.tiznit_with(flat))
grants = attrs.evolve(
    base,
    strategies=tuple(
        attrs.evolve(
            s,
            interventions=tuple(
                attrs.evolve(iv, params={**iv.params, "recovery_rate": 0.0})
                if iv.instrument == "revolving-fund"
                else iv
                for iv in s.interventions
            ),
        )
        for s in base.strategies
    ),
)
row("canadian's fund as grants (recovery_rate 0)", grants)
row(
    "no pole platforms (french and national)",
    without(without(base, "french-agency", "pole-platform"), "national-2010-2020", "pole-platform"),
)
