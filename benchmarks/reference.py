"""A plain-Python, loop-per-actor implementation of one model period (and of the outcomes).

It restates ``docs/model.md`` with scalar ``math`` and explicit loops over scenarios, actors,
factors, ties and interventions, reading the compiled case (``ssestrategy.simulation.compile``)
but none of the kernel's array code. Two uses:

- ``tests/simulation/test_reference.py`` checks the vectorised kernel against it on small random
  cases (to 1e-12 when the CES exponent is shared by all scenarios);
- ``benchmarks/run.py`` times it as the baseline of the speed-up.

Usage::

    from reference import ReferenceModel
    ref = ReferenceModel(cc, strat, x)          # compiled case, strategy (or None), inputs
    state = ref.state_from(kernel_state)        # or ref.initial_state()
    ref.step(state)                             # in place, one period
    outcomes = ref.measure(state)               # {name: [value per scenario]}
"""

from __future__ import annotations

import math
from typing import Any

FACTORS = 4
NETWORKING = 1


def _ces(levels: list[float], rho: float) -> float:
    if any(v <= 0.0 for v in levels):
        return 0.0
    total = 0.0
    for v in levels:
        total += v**rho
    return (total / len(levels)) ** (1.0 / rho)


def _csr_rows(mat: Any) -> list[list[tuple[int, float]]]:
    m = mat.tocsr()
    rows: list[list[tuple[int, float]]] = []
    for i in range(m.shape[0]):
        lo, hi = int(m.indptr[i]), int(m.indptr[i + 1])
        rows.append([(int(m.indices[k]), float(m.data[k])) for k in range(lo, hi)])
    return rows


class ReferenceModel:
    """One strategy over a few scenarios, as Python lists."""

    def __init__(self, cc: Any, strat: Any, x: Any) -> None:
        self.cc = cc
        self.n = int(x.n)
        self.n_a = cc.n_actors
        self.dt = float(cc.dt)
        self.ppy = int(cc.periods_per_year)
        self.T = int(cc.n_periods)
        self.p = {k: [float(v) for v in arr] for k, arr in x.params.items()}
        rho = x.rho
        self.rho = [float(rho)] * self.n if isinstance(rho, float) else [float(v) for v in rho]
        self.delay = [int(v) for v in x.delay]
        self.onset = [[int(v) for v in row] for row in x.event_onset]
        self.severity = [[float(v) for v in row] for row in x.event_severity]
        self.members = [float(v) for v in cc.members]
        self.target = [bool(v) for v in cc.target]
        self.targets = [int(i) for i in cc.target_idx]
        self.women = [float(v) for v in cc.women_share]
        self.women_known = [bool(v) for v in cc.women_known]
        self.women_led = [bool(v) for v in cc.women_led]
        self.rural = [bool(v) for v in cc.rural]
        self.rural_known = [bool(v) for v in cc.rural_known]
        self.w0 = _csr_rows(cc.ties0)
        self.poles = [[j for j, _ in row] for row in _csr_rows(cc.pole_members)]
        self.pole_s0 = [float(v) for v in cc.pole_strength0]
        self.poles_of = [[p for p, ms in enumerate(self.poles) if i in ms] for i in range(self.n_a)]
        self.event_rows = [set(int(i) for i in rows) for rows in cc.event_rows]
        self.event_duration = [int(v) for v in cc.event_duration]
        self.event_hinc = [float(v) for v in cc.event_hazard_increase]
        self.strat = strat
        if strat is None:
            self.J = 0
            self.lever: list[int] = []
            self.tset: list[list[int]] = []
            self.ties: list[dict[str, Any]] = []
        else:
            self.J = strat.n_interventions
            self.lever = [int(v) for v in strat.lever]
            self.tset = [[j for j, _ in row] for row in _csr_rows(strat.targets)]
            self.public = [[float(v) for v in row] for row in strat.public]
            self.effect = [[float(v) for v in row] for row in strat.effect]
            self.ties = [
                {
                    "w": _csr_rows(t.matrix),
                    "pole": [float(v) for v in t.pole_strength],
                    "level": [float(v) for v in t.level],
                    "after": [float(v) for v in t.years_after_end],
                }
                for t in strat.ties
            ]

    # --- state ----------------------------------------------------------------------------
    def state_from(self, st: Any) -> dict[str, Any]:
        """A Python copy of a kernel :class:`~ssestrategy.simulation.kernel.State`."""
        return {
            "C": [
                [[float(st.capacity[i, f, s]) for s in range(self.n)] for f in range(4)]
                for i in range(self.n_a)
            ],
            "A": [[float(st.alive[i, s]) for s in range(self.n)] for i in range(self.n_a)],
            "P": [[float(st.cover[i, s]) for s in range(self.n)] for i in range(self.n_a)],
            "success": [[float(v) for v in row] for row in st.success],
            "pole_success": [[float(v) for v in row] for row in st.pole_success],
            "cum_spend": [float(v) for v in st.cum_spend],
            "cum_women": [float(v) for v in st.cum_women],
            "cum_rural": [float(v) for v in st.cum_rural],
            "window": [[float(v) for v in row] for row in st.window],
            "peak": [float(v) for v in st.peak],
            "period": int(st.period),
        }

    def _tie_level(self, j: int, s: int, k: int) -> float:
        if k < 0:
            return 0.0
        m = k - self.delay[s]
        if m < 0:
            return 0.0
        t = self.ties[j]
        return (
            t["level"][m]
            * math.exp(-self.p["depreciation"][s] * t["after"][m])
            * (1.0 - self.p["funding_shortfall"][s])
        )

    def _success(self, st: dict[str, Any], s: int, levels: list[float]) -> None:
        C, A = st["C"], st["A"]
        rho = self.rho[s]
        for p, members in enumerate(self.poles):
            den = sum(A[i][s] for i in members)
            lv = [0.0] * 4
            for f in range(4):
                num = sum(A[i][s] * C[i][f][s] for i in members)
                lv[f] = num / den if den > 0 else 0.0
            strength = self.pole_s0[p] + sum(
                r * t["pole"][p] for r, t in zip(levels, self.ties, strict=True)
            )
            coh = 1.0 - math.exp(-strength / self.p["cohesion_scale"][s])
            lv[NETWORKING] = 0.5 * (lv[NETWORKING] + coh)
            st["pole_success"][p][s] = _ces(lv, rho)
        w = self.p["pole_weight"][s]
        for r, i in enumerate(self.targets):
            own = _ces([C[i][f][s] for f in range(4)], rho)
            ps = self.poles_of[i]
            pole = sum(st["pole_success"][p][s] / len(ps) for p in ps) if ps else 0.0
            st["success"][r][s] = w * pole + (1.0 - w) * own

    def step(self, st: dict[str, Any]) -> None:
        """Advance ``st`` by one period, in place."""
        k = st["period"]
        dt = self.dt
        C, A, P = st["C"], st["A"], st["P"]
        for s in range(self.n):
            p = {name: v[s] for name, v in self.p.items()}
            # 1. spend
            m = k - self.delay[s]
            on = 0 <= m < self.T
            keep = (1.0 - p["funding_shortfall"]) if on else 0.0
            coef = [0.0] * self.J
            spend = women = rural = 0.0
            for j in range(self.J):
                tsum = sum(A[i][s] for i in self.tset[j])
                if not on or tsum <= 0.0:
                    continue
                public = self.public[j][m] * keep
                coef[j] = self.effect[j][m] * keep / tsum
                spend += public
                women += public / tsum * sum(A[i][s] for i in self.tset[j] if self.women_led[i])
                rural += public / tsum * sum(A[i][s] for i in self.tset[j] if self.rural[i])
            st["cum_spend"][s] += spend
            st["cum_women"][s] += women
            st["cum_rural"][s] += rural
            win = st["window"]
            for w in range(self.ppy - 1):
                win[w][s] = win[w + 1][s]
            win[self.ppy - 1][s] = spend
            st["peak"][s] = max(st["peak"][s], sum(win[w][s] for w in range(self.ppy)))
            # 2. capacity gain
            g = min(p["max_gain"] * dt * p["spend_efficiency"], 1.0)
            for i in range(self.n_a):
                for f in range(4):
                    reached = [j for j in range(self.J) if self.lever[j] == f and i in self.tset[j]]
                    if not reached:
                        continue
                    x = sum(coef[j] for j in reached)
                    sat = -math.expm1(-x / (p["half_saturation"] * dt))
                    C[i][f][s] = C[i][f][s] + g * (1.0 - C[i][f][s]) * sat
            # 3. peer learning
            levels = [self._tie_level(j, s, k) for j in range(len(self.ties))]
            lr = min(p["learning_rate"] * dt, 1.0)
            new = [[0.0] * 4 for _ in range(self.n_a)]
            for i in range(self.n_a):
                den = sum(w for _, w in self.w0[i])
                num = [sum(w * C[j][f][s] for j, w in self.w0[i]) for f in range(4)]
                for r, t in zip(levels, self.ties, strict=True):
                    den += r * sum(w for _, w in t["w"][i])
                    for f in range(4):
                        num[f] += r * sum(w * C[j][f][s] for j, w in t["w"][i])
                for f in range(4):
                    n_if = num[f] / den if den > 0 else 0.0
                    new[i][f] = min(C[i][f][s] + lr * max(n_if - C[i][f][s], 0.0), 1.0)
            # 4. depreciation, 5. events
            keep_dep = 1.0 - min(p["depreciation"] * dt, 1.0)
            for i in range(self.n_a):
                for f in range(4):
                    v = new[i][f] * keep_dep
                    for e in range(len(self.onset)):
                        if self.onset[e][s] == k and i in self.event_rows[e]:
                            v *= 1.0 - self.severity[e][s]
                    C[i][f][s] = v
            # 6. success
            self._success(st, s, levels)
            # 7. hazard and survival
            g_p = p["hazard_grace_years"] / dt
            d = p["hazard_decline"] * dt
            a = max(float(k), g_p)
            width = max(float(k + 1) - a, 0.0)
            mult = math.exp(-d * (a - g_p)) * -math.expm1(-d * width) / d if d > 0 else width
            for r, i in enumerate(self.targets):
                h = (
                    p["hazard_weak"]
                    - (p["hazard_weak"] - p["hazard_supported"]) * st["success"][r][s]
                ) * mult
                for e in range(len(self.onset)):
                    o = self.onset[e][s]
                    if o >= 0 and o <= k < o + self.event_duration[e] and i in self.event_rows[e]:
                        h += self.event_hinc[e] * self.severity[e][s]
                A[i][s] = A[i][s] * math.exp(-h * dt)
            # 8. social protection
            trend = -math.expm1(-p["social_protection_trend"] * dt)
            for i in range(self.n_a):
                P[i][s] = P[i][s] + (1.0 - P[i][s]) * trend
                reached = [j for j in range(self.J) if self.lever[j] == 5 and i in self.tset[j]]
                if reached and self.members[i] > 0:
                    y = sum(coef[j] for j in reached) / (p["enrolment_cost"] * self.members[i])
                    P[i][s] = P[i][s] + min(1.0 - P[i][s], y)
        st["period"] = k + 1

    def measure(self, st: dict[str, Any]) -> dict[str, list[float]]:
        """Every outcome of ``st``, per scenario."""
        C, A, P = st["C"], st["A"], st["P"]
        out: dict[str, list[float]] = {}
        n_t = len(self.targets)

        def ratio(a: float, b: float) -> float:
            return a / b if b > 0 else 0.0

        for s in range(self.n):
            act = sum(A[i][s] for i in self.targets)
            jobs = sum(A[i][s] * self.members[i] for i in self.targets)
            cov = sum(A[i][s] * self.members[i] * P[i][s] for i in self.targets)
            succ = sum(
                A[i][s] * self.members[i] * st["success"][r][s] for r, i in enumerate(self.targets)
            )
            wn = sum(
                A[i][s] * self.members[i] * self.women[i]
                for i in self.targets
                if self.women_known[i]
            )
            wd = sum(A[i][s] * self.members[i] for i in self.targets if self.women_known[i])
            rn = sum(
                A[i][s] * self.members[i]
                for i in self.targets
                if self.rural_known[i] and self.rural[i]
            )
            rd = sum(A[i][s] * self.members[i] for i in self.targets if self.rural_known[i])
            caps = [ratio(sum(A[i][s] * C[i][f][s] for i in self.targets), act) for f in range(4)]
            n_p = len(self.poles)
            values = {
                "active_actors": act,
                "survival": act / n_t if n_t else 0.0,
                "jobs": jobs,
                "social_protection": cov,
                "social_protection_share": ratio(cov, jobs),
                "income": self.p["income_per_member"][s] * (jobs + self.p["income_gain"][s] * succ),
                "pole_success": sum(st["pole_success"][p][s] for p in range(n_p)) / n_p
                if n_p
                else 0.0,
                "capacity": sum(caps) / 4.0,
                "capacity_financing": caps[0],
                "capacity_networking": caps[1],
                "capacity_innovation": caps[2],
                "capacity_governance": caps[3],
                "spend": st["cum_spend"][s],
                "peak_annual_spend": st["peak"][s],
                "women_share": ratio(wn, wd),
                "rural_share": ratio(rn, rd),
                "women_spend_share": ratio(st["cum_women"][s], st["cum_spend"][s]),
                "rural_spend_share": ratio(st["cum_rural"][s], st["cum_spend"][s]),
            }
            for name, v in values.items():
                out.setdefault(name, []).append(v)
        return out
