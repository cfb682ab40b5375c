"""A plain-Python, loop-per-row implementation of the simulation model (one period at a time,
and the outcomes).

It restates ``docs/model.md`` (sections "State and time" to "Outcomes") with scalar ``math`` and
explicit loops over columns, rows, factors, ties, cells and interventions, as a second reading
of the page, independent of the kernel's array code. From the compiled case
(``ssestrategy.simulation.compile``) it reads only the structure: rows and their attributes,
reach shares ``targets``, the pooling split ``share``, the tie matrices with their pole
strengths and ``n_tied``, pole membership, cells, event rows. Everything that moves is derived
here from the page: the spend schedule with delay and shortfall, the revolving funds (which
financing rows are funds in each column, from its ``recovery_rate``), the money per unit, the
tie strengths, the age profile and the cohorts' entry times, the incubated entrants (from the
reach shares and the cells), the cohorts' poles, the initial state and every outcome.

One reading where the page is silent: a ties intervention's ramp is held at its value at the
intervention's end (after which the ties only fade).

Two uses:

- ``tests/simulation/test_reference.py`` checks the vectorised kernel against it on small random
  cases (to 1e-12 when the CES exponent is shared by all columns);
- ``benchmarks/run.py`` times it as the baseline of the speed-up.

Usage::

    from reference import ReferenceModel
    ref = ReferenceModel(cc, strat, x, design)  # compiled case, strategy (or None), inputs,
                                                # optional DesignInputs
    state = ref.state_from(kernel_state)        # or ref.initial_state()
    ref.step(state)                             # in place, one period
    outcomes = ref.measure(state)               # {name: [value per column]}
    arrays = ref.as_kernel(state)               # {State field: nested lists, kernel layout}
"""

from __future__ import annotations

import math
from typing import Any

FACTORS = 4
FINANCING = 0
NETWORKING = 1
TIES = 4
SOCIAL_PROTECTION = 5
POOLING = 6
INCUBATION = 7
FACTOR_NAMES = ("financing", "networking", "innovation", "governance")


def _ces(levels: list[float], rho: float) -> float:
    """``(mean_f L_f^rho)^(1/rho)``, 0 as soon as one level is 0."""
    if any(v <= 0.0 for v in levels):
        return 0.0
    total = 0.0
    for v in levels:
        total += v**rho
    return (total / len(levels)) ** (1.0 / rho)


def _csr_rows(mat: Any) -> list[list[tuple[int, float]]]:
    """Each row of a sparse matrix as a list of ``(column, value)``."""
    m = mat.tocsr()
    rows: list[list[tuple[int, float]]] = []
    for i in range(m.shape[0]):
        lo, hi = int(m.indptr[i]), int(m.indptr[i + 1])
        rows.append([(int(m.indices[k]), float(m.data[k])) for k in range(lo, hi)])
    return rows


def _overlap(lo: float, hi: float, start: float, end: float) -> float:
    """Length of ``[lo, hi) ∩ [start, end)``."""
    return max(0.0, min(hi, end) - max(lo, start))


class ReferenceModel:
    """One strategy (or the status quo) over a few columns, as Python lists."""

    def __init__(self, cc: Any, strat: Any, x: Any, design: Any = None) -> None:
        self.cc = cc
        self.n = int(x.n)
        self.n_a = int(cc.n_actors)
        self.n_r = int(cc.n_rows)
        self.dt = float(cc.dt)
        self.ppy = int(cc.periods_per_year)
        self.p = {k: [float(v) for v in arr] for k, arr in x.params.items()}
        # the CES exponent of each column (the kernel keeps a float when it is shared)
        self.rho = [float(v) for v in self.p["ces_rho"]]
        # d = round(funding_delay / dt) periods
        self.delay = [round(v / self.dt) for v in self.p["funding_delay"]]
        self.onset = [[int(v) for v in row] for row in x.event_onset]
        self.severity = [[float(v) for v in row] for row in x.event_severity]

        # --- rows ---------------------------------------------------------------------------
        self.units = [float(v) for v in cc.units]
        self.registered = [bool(v) for v in cc.registered]
        self.C0 = [[float(cc.capacity0[i, f]) for f in range(FACTORS)] for i in range(self.n_r)]
        self.members = [float(v) for v in cc.members]
        self.women = [float(v) for v in cc.women_share]
        self.women_known = [float(v) for v in cc.women_known]
        self.women_led = [float(v) for v in cc.women_led]
        self.rural = [float(v) for v in cc.rural]
        self.rural_known = [float(v) for v in cc.rural_known]
        self.target = [bool(v) for v in cc.target]
        self.targets = [i for i in range(self.n_r) if self.target[i]]
        self.target_actors = [i for i in self.targets if i < self.n_a]

        # --- cells and their cohorts ------------------------------------------------------------
        self.cell_members_of = [[j for j, _ in row] for row in _csr_rows(cc.cell_rows)]
        self.n_c = len(self.cell_members_of)
        self.cohort_row = [[int(v) for v in row] for row in cc.cohort_row]
        self.cell_cap = [
            [float(cc.cell_capacity[c, f]) for f in range(FACTORS)] for c in range(self.n_c)
        ]
        self.cell_m = [float(v) for v in cc.cell_members]
        self.cell_of = [-1] * self.n_r
        for c, rows in enumerate(self.cell_members_of):
            for i in rows:
                self.cell_of[i] = c
        # a cohort's age runs from the mean entry time of its year, in periods: entrants arrive
        # at the end of each of the year's periods y ppy, ..., y ppy + ppy - 1
        self.entry_time: list[float | None] = [None] * self.n_r
        self.year_of = [-1] * self.n_r  # a cohort row's year
        for c in range(self.n_c):
            for y, r in enumerate(self.cohort_row[c]):
                self.entry_time[r] = sum(y * self.ppy + q + 1.0 for q in range(self.ppy)) / self.ppy
                self.year_of[r] = y
        # a cohort learns from its cell's actors, weighted by their units (weights sum to 1)
        self.learn = _csr_rows(cc.cell_learn)

        # --- poles and ties --------------------------------------------------------------------
        self.w0 = _csr_rows(cc.ties0)
        self.poles = [[j for j, _ in row] for row in _csr_rows(cc.pole_members)]
        self.n_p = len(self.poles)
        self.pole_s0 = [float(v) for v in cc.pole_strength0]
        self.poles_of: list[list[int]] = [[] for _ in range(self.n_r)]
        for p, ms in enumerate(self.poles):
            for i in ms:
                self.poles_of[i].append(p)
        # the poles a cell's cohorts join (a cohort's poles)
        self.cell_poles = [
            self.poles_of[self.cohort_row[c][0]] if self.cohort_row[c] else []
            for c in range(self.n_c)
        ]

        # --- events ------------------------------------------------------------------------
        self.event_rows = [{int(i) for i in rows} for rows in cc.event_rows]
        self.event_duration = [int(v) for v in cc.event_duration]
        self.event_hinc = [float(v) for v in cc.event_hazard_increase]
        self.E = len(self.event_rows)

        # --- strategy and its design --------------------------------------------------------
        self.J = 0 if strat is None else int(strat.n_interventions)
        self.lever: list[int] = []
        self.phi: list[list[tuple[int, float]]] = []
        self.ties: dict[int, dict[str, Any]] = {}
        self.kernel_funds: list[int] = []
        self.kernel_ties: list[int] = []
        self.b: list[list[float]] = []  # [j][s] annual budget of the row
        self.start: list[list[float]] = []
        self.end: list[list[float]] = []
        self.par: list[dict[str, list[float]]] = []
        if strat is not None:
            self.lever = [int(v) for v in strat.lever]
            self.phi = _csr_rows(strat.targets)
            parent = [int(v) for v in strat.parent]
            share = [float(v) for v in strat.share]
            if design is None:
                budget = [[float(v)] * self.n for v in strat.budget]
                start = [[float(v)] * self.n for v in strat.start]
                duration = [[float(v)] * self.n for v in strat.duration]
                params = {k: [[float(v)] * self.n for v in a] for k, a in strat.params.items()}
            else:
                budget = [[float(v) for v in row] for row in design.budget]
                start = [[float(v) for v in row] for row in design.start]
                duration = [[float(v) for v in row] for row in design.duration]
                params = {
                    k: [[float(v) for v in row] for row in a] for k, a in design.params.items()
                }
            for j in range(self.J):
                q = parent[j]
                self.b.append([budget[q][s] * share[j] for s in range(self.n)])
                self.start.append(list(start[q]))
                self.end.append([start[q][s] + duration[q][s] for s in range(self.n)])
                self.par.append({k: list(v[q]) for k, v in params.items()})
            self.kernel_funds = [int(j) for j in strat.funds]
            for j, t in strat.ties:
                self.kernel_ties.append(int(j))
                self.ties[int(j)] = {
                    "w": _csr_rows(t.matrix),
                    "pole": [float(v) for v in t.pole_strength],
                    "n": float(t.n_tied),
                }
        # per row: the (intervention, share) pairs reaching it
        self.reached_by: list[list[tuple[int, float]]] = [[] for _ in range(self.n_r)]
        for j, row in enumerate(self.phi):
            for i, w in row:
                self.reached_by[i].append((j, w))

    # --- state ----------------------------------------------------------------------------
    def _is_fund(self, j: int, s: int) -> bool:
        return self.lever[j] == FINANCING and self.par[j]["recovery_rate"][s] > 0.0

    def _blank(self) -> dict[str, Any]:
        n = self.n
        return {
            "O": {j: [0.0] * n for j in range(self.J) if self.lever[j] == FINANCING},
            "M": {j: [0.0] * n for j in self.ties},
            "success": [[0.0] * n for _ in self.targets],
            "entered": {},  # (target, column): success with the entrants of the last period
            "pole_success": [[0.0] * n for _ in range(self.n_p)],
            "cum_spend": [0.0] * n,
            "cum_money": [0.0] * n,
            "cum_target": [0.0] * n,
            "cum_women": [0.0] * n,
            "cum_rural": [0.0] * n,
            "cum_entrants": [0.0] * n,
            "cum_jobs_created": [0.0] * n,
            "window": [[0.0] * n for _ in range(self.ppy)],
            "peak": [0.0] * n,
            "period": 0,
        }

    def initial_state(self) -> dict[str, Any]:
        """The state at the study start ("State and time"), success evaluated by stage 6 with
        no intervention tie yet."""
        st = self._blank()
        n = self.n
        st["C"] = [[[self.C0[i][f]] * n for f in range(FACTORS)] for i in range(self.n_r)]
        st["A"] = [
            [
                self.units[i] * (1.0 - self.p["inactive_share"][s])
                if self.registered[i]
                else self.units[i]
                for s in range(n)
            ]
            for i in range(self.n_r)
        ]
        st["A0"] = [sum(st["A"][i][s] for i in self.target_actors) for s in range(n)]
        st["P"] = [list(self.p["social_protection_initial"]) for _ in range(self.n_r)]
        for s in range(n):
            self._success(st, s, {j: 0.0 for j in self.ties})
        return st

    def state_from(self, kst: Any) -> dict[str, Any]:
        """A Python copy of a kernel :class:`~ssestrategy.simulation.kernel.State`."""
        n = self.n
        st = self._blank()
        st["C"] = [
            [[float(kst.capacity[i, f, s]) for s in range(n)] for f in range(FACTORS)]
            for i in range(self.n_r)
        ]
        st["A"] = [[float(kst.alive[i, s]) for s in range(n)] for i in range(self.n_r)]
        st["A0"] = [float(v) for v in kst.alive0]
        st["P"] = [[float(kst.cover[i, s]) for s in range(n)] for i in range(self.n_r)]
        st["success"] = [[float(v) for v in row] for row in kst.success]
        st["pole_success"] = [[float(v) for v in row] for row in kst.pole_success]
        for k, j in enumerate(self.kernel_funds):
            st["O"][j] = [float(v) for v in kst.outstanding[k]]
        for k, j in enumerate(self.kernel_ties):
            st["M"][j] = [float(v) for v in kst.tie_money[k]]
        for name in (
            "cum_spend",
            "cum_money",
            "cum_target",
            "cum_women",
            "cum_rural",
            "cum_entrants",
            "cum_jobs_created",
            "peak",
        ):
            st[name] = [float(v) for v in getattr(kst, name)]
        st["window"] = [[float(v) for v in row] for row in kst.window]
        st["period"] = int(kst.period)
        return st

    def as_kernel(self, st: dict[str, Any]) -> dict[str, Any]:
        """The state in the layout of the kernel's ``State`` fields (nested lists)."""
        out = {
            "capacity": st["C"],
            "alive": st["A"],
            "alive0": st["A0"],
            "cover": st["P"],
            "success": st["success"],
            "pole_success": st["pole_success"],
            "outstanding": [st["O"][j] for j in self.kernel_funds],
            "tie_money": [st["M"][j] for j in self.kernel_ties],
            "window": st["window"],
        }
        for name in (
            "cum_spend",
            "cum_money",
            "cum_target",
            "cum_women",
            "cum_rural",
            "cum_entrants",
            "cum_jobs_created",
            "peak",
        ):
            out[name] = st[name]
        return out

    # --- pieces of a period -----------------------------------------------------------------
    def _tie_strength(self, j: int, s: int, k: int, money: float) -> float:
        """``rho_j(k)`` of stage 3 for ties intervention row ``j`` in column ``s``."""
        m = k - self.delay[s]
        if m < 0:
            return 0.0
        par = self.par[j]
        tau = (m + 1) * self.dt  # the end of the undelayed period
        # the ramp rises from the start while the intervention runs and is held at its end,
        # after which the ties only fade (docs/model.md does not say it stops: our reading)
        held = min(tau, self.end[j][s])
        ramp_years = par["ramp_years"][s]
        start = self.start[j][s]
        if ramp_years > 0.0:
            ramp = min(max((held - start) / ramp_years, 0.0), 1.0)
        else:
            ramp = 1.0 if held > start else 0.0
        cost = par["tie_cost"][s]
        if cost > 0.0:
            paid = -math.expm1(-money / (self.ties[j]["n"] * cost))
        else:
            paid = (1.0 - self.p["funding_shortfall"][s]) if money > 0.0 else 0.0
        after = max(tau - self.end[j][s], 0.0)
        return par["tie_intensity"][s] * ramp * paid * math.exp(-self.p["depreciation"][s] * after)

    def _success(self, st: dict[str, Any], s: int, levels: dict[int, float]) -> None:
        """Stage 6: pole levels and success, each target row's success."""
        C, A = st["C"], st["A"]
        rho = self.rho[s]
        for p, members in enumerate(self.poles):
            den = sum(A[i][s] for i in members)
            lv = [0.0] * FACTORS
            for f in range(FACTORS):
                num = sum(A[i][s] * C[i][f][s] for i in members)
                lv[f] = num / den if den > 0 else 0.0
            strength = self.pole_s0[p]
            for j, r in levels.items():
                strength += r * self.ties[j]["pole"][p]
            coh = -math.expm1(-strength / self.p["cohesion_scale"][s])
            lv[NETWORKING] = 0.5 * (lv[NETWORKING] + coh)
            st["pole_success"][p][s] = _ces(lv, rho)
        w = self.p["pole_weight"][s]
        for r, i in enumerate(self.targets):
            own = _ces([C[i][f][s] for f in range(FACTORS)], rho)
            ps = self.poles_of[i]
            if ps:
                pole = sum(st["pole_success"][p][s] for p in ps) / len(ps)
                st["success"][r][s] = w * pole + (1.0 - w) * own
            else:
                st["success"][r][s] = (1.0 - w) * own

    def _age_factor(self, i: int, s: int, k: int) -> float:
        """``a(age)`` averaged exactly over period ``k`` (stage 7)."""
        dt = self.dt
        grace = self.p["hazard_grace_years"][s]
        decline = self.p["hazard_decline"][s]
        t0 = self.entry_time[i]
        age0 = self.p["established_age"][s] + k * dt if t0 is None else (k - t0) * dt
        lo = max(age0, grace)
        width = max(age0 + dt - lo, 0.0)
        if width <= 0.0:
            return 0.0
        if decline > 0.0:
            return (
                math.exp(-decline * (lo - grace)) * -math.expm1(-decline * width) / (decline * dt)
            )
        return width / dt

    # --- one period ---------------------------------------------------------------------------
    def step(self, st: dict[str, Any]) -> None:
        """Advance ``st`` by one period, in place (stages 1-9)."""
        k = st["period"]
        dt = self.dt
        C, A, P = st["C"], st["A"], st["P"]
        st["entered"] = {}
        for s in range(self.n):
            p = {name: v[s] for name, v in self.p.items()}
            sigma = p["funding_shortfall"]
            m = k - self.delay[s]
            A1 = [A[i][s] for i in range(self.n_r)]  # the units reached in stage 1
            fin0 = [C[i][FINANCING][s] for i in range(self.n_r)]  # before this period's gains
            ability = [min(fin0[i] / p["repayment_capacity"], 1.0) for i in range(self.n_r)]

            # 1. spend, revolving funds and the money reaching actors
            R = [0.0] * self.J
            c = [0.0] * self.J
            repay = [0.0] * self.J  # due_j r_j / R_j of each revolving fund
            spend = money = to_target = women = rural = 0.0
            for j in range(self.J):
                Rj = sum(w * A[i][s] for i, w in self.phi[j])
                R[j] = Rj
                if m >= 0:
                    lo, hi = m * dt, (m + 1) * dt
                    B = self.b[j][s] * _overlap(lo, hi, self.start[j][s], self.end[j][s])
                    B *= 1.0 - sigma
                else:
                    B = 0.0
                if Rj <= 0.0:
                    continue  # targets all gone: nothing is disbursed
                if self._is_fund(j, s):
                    par = self.par[j]
                    r = par["recovery_rate"][s]
                    out = st["O"][j][s]
                    due = out * min(dt / par["repayment_years"][s], 1.0)
                    abar = sum(w * A[i][s] * ability[i] for i, w in self.phi[j]) / Rj
                    collected = due * r * abar
                    out -= due
                    admin = min(par["admin_rate"][s] * out * dt, B + collected)
                    e = B + collected - admin
                    st["O"][j][s] = out + e
                    repay[j] = due * r / Rj
                else:
                    e = B
                if self.lever[j] == POOLING:
                    c[j] = e / Rj ** self.par[j]["rivalry"][s]
                else:
                    c[j] = e / Rj
                spend += B
                money += e
                if j in st["M"]:
                    st["M"][j][s] += B
                per = B / Rj
                for i, w in self.phi[j]:
                    if self.target[i]:
                        a = per * w * A[i][s]
                        to_target += a
                        women += a * self.women_led[i]
                        rural += a * self.rural[i]
            st["cum_spend"][s] += spend
            st["cum_money"][s] += money
            st["cum_target"][s] += to_target
            st["cum_women"][s] += women
            st["cum_rural"][s] += rural
            win = st["window"]
            for q in range(self.ppy - 1):
                win[q][s] = win[q + 1][s]
            win[self.ppy - 1][s] = spend
            st["peak"][s] = max(st["peak"][s], sum(win[q][s] for q in range(self.ppy)))

            # 2. capacity gain, saturating in spend; the burden of repayments
            g = min(p["max_gain"] * dt * p["spend_efficiency"], 1.0)
            g_burden = min(p["max_gain"] * dt, 1.0)
            scale = p["half_saturation"] * dt
            live = range(self.n_r)
            for i in live:
                X = [0.0] * FACTORS
                Y = 0.0
                for j, w in self.reached_by[i]:
                    lev = self.lever[j]
                    f = NETWORKING if lev == POOLING else lev
                    if f < FACTORS:
                        X[f] += w * c[j]
                    if repay[j] > 0.0:
                        Y += w * repay[j] * ability[i]
                # the spend an organisation needs grows with its size
                m = self.cc.members[i]
                size = (p["reference_members"] / m) ** p["size_elasticity"] if m > 0 else 1.0
                for f in range(FACTORS):
                    if X[f] > 0.0:
                        sat = -math.expm1(-X[f] * size / scale)
                        C[i][f][s] = C[i][f][s] + g * (1.0 - C[i][f][s]) * sat
                if Y > 0.0:
                    C[i][FINANCING][s] *= 1.0 - g_burden * -math.expm1(-Y * size / scale)

            # 3. peer learning over the tie matrix
            levels = {j: self._tie_strength(j, s, k, st["M"][j][s]) for j in self.ties}
            lr = min(p["learning_rate"] * dt, 1.0)
            new = [[C[i][f][s] for f in range(FACTORS)] for i in range(self.n_r)]
            for i in live:
                den = sum(w for _, w in self.w0[i])
                num = [sum(w * C[q][f][s] for q, w in self.w0[i]) for f in range(FACTORS)]
                if self.year_of[i] >= 0:  # a cohort: its cell's actors' weighted mean
                    c_i = self.cell_of[i]
                    den += 1.0
                    for f in range(FACTORS):
                        num[f] += sum(w * C[q][f][s] for q, w in self.learn[c_i])
                for j, rj in levels.items():
                    # a cohort is a partner only while it holds anyone
                    row = [(q, w) for q, w in self.ties[j]["w"][i] if q < self.n_a or A[q][s] > 0.0]
                    den += rj * sum(w for _, w in row)
                    for f in range(FACTORS):
                        num[f] += rj * sum(w * C[q][f][s] for q, w in row)
                if den <= 0.0:
                    continue
                for f in range(FACTORS):
                    nif = num[f] / den
                    new[i][f] = min(C[i][f][s] + lr * max(nif - C[i][f][s], 0.0), 1.0)

            # 4. depreciation, 5. event onsets
            keep = 1.0 - min(p["depreciation"] * dt, 1.0)
            for i in live:
                for f in range(FACTORS):
                    v = new[i][f] * keep
                    for e in range(self.E):
                        if self.onset[e][s] == k and i in self.event_rows[e]:
                            v *= 1.0 - self.severity[e][s]
                    C[i][f][s] = v

            # 6. poles and success
            self._success(st, s, levels)

            # 7. exit hazard, age and survival; write-off of the exited borrowers' loans
            for r, i in enumerate(self.targets):
                h = (
                    p["hazard_weak"]
                    - (p["hazard_weak"] - p["hazard_supported"]) * st["success"][r][s]
                ) * self._age_factor(i, s, k)
                for e in range(self.E):
                    o = self.onset[e][s]
                    if 0 <= o <= k < o + self.event_duration[e] and i in self.event_rows[e]:
                        h += self.event_hinc[e] * self.severity[e][s]
                A[i][s] = A[i][s] * math.exp(-h * dt)
            for j in st["O"]:
                if self._is_fund(j, s) and R[j] > 0.0:
                    after = sum(w * A[i][s] for i, w in self.phi[j])
                    st["O"][j][s] *= after / R[j]

            # 8. social protection
            trend = -math.expm1(-p["social_protection_trend"] * dt)
            for i in live:
                P[i][s] = P[i][s] + (1.0 - P[i][s]) * trend
                x_sp = sum(
                    w * c[j] for j, w in self.reached_by[i] if self.lever[j] == SOCIAL_PROTECTION
                )
                if x_sp > 0.0 and self.members[i] > 0.0:
                    P[i][s] = P[i][s] + min(
                        1.0 - P[i][s], x_sp / (p["enrolment_cost"] * self.members[i])
                    )

            # 9. entry into the cohort of the current year
            if self.n_c:
                y = k // self.ppy
                p_trend = 1.0 - (1.0 - p["social_protection_initial"]) * math.exp(
                    -p["social_protection_trend"] * (k + 1) * dt
                )
                entrants = jobs = 0.0
                for cc_ in range(self.n_c):
                    rows = self.cell_members_of[cc_]
                    N = sum(A[i][s] for i in rows)
                    ps = self.cell_poles[cc_]
                    sbar = sum(st["pole_success"][q][s] for q in ps) / len(ps) if ps else 0.0
                    E = p["entry_rate"] * dt * N * (1.0 + p["entry_success_effect"] * sbar)
                    for j in range(self.J):
                        if self.lever[j] != INCUBATION or c[j] == 0.0:
                            continue
                        # the money reaching the cell's units (as reached in stage 1)
                        paid = sum(
                            w * A1[i] * c[j] for i, w in self.phi[j] if self.cell_of[i] == cc_
                        )
                        E += paid / (p["incubation_cost"] * self.cell_m[cc_])
                    if E <= 0.0:
                        continue
                    r = self.cohort_row[cc_][y]
                    tot = A[r][s] + E
                    for f in range(FACTORS):
                        C[r][f][s] = (
                            A[r][s] * C[r][f][s] + E * p["entrant_capacity"] * self.cell_cap[cc_][f]
                        ) / tot
                    P[r][s] = (A[r][s] * P[r][s] + E * p_trend) / tot
                    A[r][s] = tot
                    # the outcomes take the cohort's success with the entrants who joined
                    own = _ces([C[r][f][s] for f in range(FACTORS)], self.rho[s])
                    ps = self.poles_of[r]
                    w = p["pole_weight"]
                    t_r = self.targets.index(r)
                    if ps:
                        pole = sum(st["pole_success"][q][s] for q in ps) / len(ps)
                        st["entered"][(t_r, s)] = w * pole + (1.0 - w) * own
                    else:
                        st["entered"][(t_r, s)] = (1.0 - w) * own
                    entrants += E
                    jobs += E * self.cell_m[cc_]
                st["cum_entrants"][s] += entrants
                st["cum_jobs_created"][s] += jobs
        st["period"] = k + 1

    # --- outcomes -------------------------------------------------------------------------
    def measure(self, st: dict[str, Any]) -> dict[str, list[float]]:
        """Every outcome of ``st``, per column ("Outcomes")."""
        C, A, P = st["C"], st["A"], st["P"]
        out: dict[str, list[float]] = {}

        def ratio(a: float, b: float) -> float:
            return a / b if b > 0 else 0.0

        for s in range(self.n):
            T = self.targets
            act = sum(A[i][s] for i in T)
            jobs = sum(A[i][s] * self.members[i] for i in T)
            cov = sum(A[i][s] * self.members[i] * P[i][s] for i in T)
            succ = sum(
                A[i][s] * self.members[i] * st["entered"].get((r, s), st["success"][r][s])
                for r, i in enumerate(T)
            )
            wn = sum(A[i][s] * self.members[i] * self.women[i] * self.women_known[i] for i in T)
            wd = sum(A[i][s] * self.members[i] * self.women_known[i] for i in T)
            rn = sum(A[i][s] * self.members[i] * self.rural[i] for i in T)
            rd = sum(A[i][s] * self.members[i] * self.rural_known[i] for i in T)
            caps = [ratio(sum(A[i][s] * C[i][f][s] for i in T), act) for f in range(FACTORS)]
            alive = sum(A[i][s] for i in self.target_actors)
            values = {
                "active_actors": act,
                "survival": ratio(alive, st["A0"][s]),
                "jobs": jobs,
                "entrants": st["cum_entrants"][s],
                "jobs_created": st["cum_jobs_created"][s],
                "social_protection": cov,
                "social_protection_share": ratio(cov, jobs),
                "income": self.p["income_per_member"][s] * (jobs + self.p["income_gain"][s] * succ),
                "pole_success": sum(st["pole_success"][q][s] for q in range(self.n_p)) / self.n_p
                if self.n_p
                else 0.0,
                "capacity": sum(caps) / 4.0,
                **{f"capacity_{FACTOR_NAMES[f]}": caps[f] for f in range(FACTORS)},
                "spend": st["cum_spend"][s],
                "money_to_actors": st["cum_money"][s],
                "leverage": ratio(st["cum_money"][s], st["cum_spend"][s]),
                "peak_annual_spend": st["peak"][s],
                "women_share": ratio(wn, wd),
                "rural_share": ratio(rn, rd),
                "women_spend_share": ratio(st["cum_women"][s], st["cum_target"][s]),
                "rural_spend_share": ratio(st["cum_rural"][s], st["cum_target"][s]),
            }
            for name, v in values.items():
                out.setdefault(name, []).append(v)
        return out
